/**
 * The numbers of NFS version 2 (RFC 1094; SunOS's nfs.h, 4.3BSD-Reno's
 * nfsproto.h), of the MOUNT protocol the NFS client's mount(8) speaks
 * first, and of the port mapper that tells it where MOUNT listens.
 */

export const NFS_PROGRAM = 100003;
export const NFS_VERSION = 2;
/** NFS's well-known UDP port (SunOS's NFS_PORT). */
export const NFS_PORT = 2049;

export const MOUNTPROG = 100005;
export const MOUNTVERS = 1;
export const MOUNTPROC_NULL = 0;
export const MOUNTPROC_MNT = 1;
export const MOUNTPROC_DUMP = 2;
export const MOUNTPROC_UMNT = 3;
export const MOUNTPROC_UMNTALL = 4;
export const MOUNTPROC_EXPORT = 5;

export const PMAPPROG = 100000;
export const PMAPVERS = 2;
export const PMAPPORT = 111;
export const PMAPPROC_NULL = 0;
export const PMAPPROC_SET = 1;
export const PMAPPROC_UNSET = 2;
export const PMAPPROC_GETPORT = 3;
export const IPPROTO_UDP = 17;
export const IPPROTO_TCP = 6;

/** Sizes: a file handle, the most data a READ or WRITE moves, a path, a name, a READDIR cookie. */
export const NFS_FHSIZE = 32;
export const NFS_MAXDATA = 8192;
export const NFS_MAXPATHLEN = 1024;
export const NFS_MAXNAMLEN = 255;
export const NFS_COOKIESIZE = 4;

// The procedures (nfsproc).
export const NFSPROC_NULL = 0;
export const NFSPROC_GETATTR = 1;
export const NFSPROC_SETATTR = 2;
export const NFSPROC_ROOT = 3;
export const NFSPROC_LOOKUP = 4;
export const NFSPROC_READLINK = 5;
export const NFSPROC_READ = 6;
export const NFSPROC_WRITECACHE = 7;
export const NFSPROC_WRITE = 8;
export const NFSPROC_CREATE = 9;
export const NFSPROC_REMOVE = 10;
export const NFSPROC_RENAME = 11;
export const NFSPROC_LINK = 12;
export const NFSPROC_SYMLINK = 13;
export const NFSPROC_MKDIR = 14;
export const NFSPROC_RMDIR = 15;
export const NFSPROC_READDIR = 16;
export const NFSPROC_STATFS = 17;
export const NFS_NPROCS = 18;

/** The procedures' names, for messages ("NFS write failed for server sun0") and statistics. */
export const NFSPROC_NAMES = [
  'null',
  'getattr',
  'setattr',
  'root',
  'lookup',
  'readlink',
  'read',
  'wrcache',
  'write',
  'create',
  'remove',
  'rename',
  'link',
  'symlink',
  'mkdir',
  'rmdir',
  'readdir',
  'statfs',
];

/**
 * The procedures that change something on the server: run twice, the
 * second would fail (a REMOVE finds no file) or do harm, so the server's
 * duplicate-request cache keeps their replies (4.3BSD-Reno's nonidempotent
 * table).
 */
export const NONIDEMPOTENT = new Set([
  NFSPROC_SETATTR,
  NFSPROC_WRITE,
  NFSPROC_CREATE,
  NFSPROC_REMOVE,
  NFSPROC_RENAME,
  NFSPROC_LINK,
  NFSPROC_SYMLINK,
  NFSPROC_MKDIR,
  NFSPROC_RMDIR,
]);

// nfsstat: most are the Unix error numbers themselves (SunOS's).
export const NFS_OK = 0;
export const NFSERR_PERM = 1;
export const NFSERR_NOENT = 2;
export const NFSERR_IO = 5;
export const NFSERR_NXIO = 6;
export const NFSERR_ACCES = 13;
export const NFSERR_EXIST = 17;
export const NFSERR_NODEV = 19;
export const NFSERR_NOTDIR = 20;
export const NFSERR_ISDIR = 21;
export const NFSERR_FBIG = 27;
export const NFSERR_NOSPC = 28;
export const NFSERR_ROFS = 30;
export const NFSERR_NAMETOOLONG = 63;
export const NFSERR_NOTEMPTY = 66;
export const NFSERR_DQUOT = 69;
export const NFSERR_STALE = 70;
export const NFSERR_WFLUSH = 99;

// ftype
export const NFNON = 0;
export const NFREG = 1;
export const NFDIR = 2;
export const NFBLK = 3;
export const NFCHR = 4;
export const NFLNK = 5;
/** SunOS's additions: a Unix-domain socket's name, a FIFO (sent with NFCHR and a special rdev by SunOS; here as itself). */
export const NFSOCK = 6;
export const NFFIFO = 8;
