/**
 * NFS's shared pieces (SunOS's nfs_subr.c and nfs_xdr.c, 4.3BSD-Reno's
 * nfs_subs.c): the file handle, file attributes (fattr) and the attributes
 * a client asks to set (sattr), and the mapping between nfsstat and Unix
 * error numbers. Pure functions, used by both the client and the server.
 *
 * A file handle is 32 opaque bytes to the client. This server puts in it
 * what it needs to find the file again after any number of its own
 * reboots, as SunOS's fhandle does: the file system, the file's inode and
 * generation number, the exported directory's (the layout, fhEncode and
 * fhDecode are in sys/getfh.ts, beside getfh(2)).
 *
 * The generation number is on the disk and changes every time the inode
 * is given to a new file, so a handle to a file that was removed is stale
 * (ESTALE) even after its inode is reused; the export's fid says under
 * which export the client mounted (nfs_export.ts).
 */
import { EIO, Errno } from '../../errno.js';
import type { XdrDecoder, XdrEncoder } from '../../net/rpc/xdr.js';
import {
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
  VBLK,
  VCHR,
  VDIR,
  VFIFO,
  VLNK,
  VNON,
  VREG,
  VSOCK,
} from '../vnode.js';
import {
  NFBLK,
  NFCHR,
  NFDIR,
  NFFIFO,
  NFLNK,
  NFNON,
  NFREG,
  NFS_FHSIZE,
  NFS_OK,
  NFSERR_IO,
  NFSOCK,
} from './nfsproto.js';

/** A handle as a string, to key a table by. */
export function fhKey(fh: Uint8Array): string {
  let s = '';
  for (const c of fh) s += c.toString(16).padStart(2, '0');
  return s;
}

export interface NfsTime {
  sec: number;
  usec: number;
}

/** struct fattr. */
export interface Fattr {
  type: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  size: number;
  blocksize: number;
  rdev: number;
  /** In 512-byte units, as SunOS sends them. */
  blocks: number;
  fsid: number;
  fileid: number;
  atime: NfsTime;
  mtime: NfsTime;
  ctime: NfsTime;
}

export const FATTR_SIZE = 17 * 4;

export function putFattr(e: XdrEncoder, a: Fattr): XdrEncoder {
  e.u32(a.type).u32(a.mode).u32(a.nlink).u32(a.uid).u32(a.gid).u32(a.size).u32(a.blocksize);
  e.u32(a.rdev).u32(a.blocks).u32(a.fsid).u32(a.fileid);
  for (const t of [a.atime, a.mtime, a.ctime]) e.u32(t.sec).u32(t.usec);
  return e;
}

export function getFattr(d: XdrDecoder): Fattr {
  const w = (): number => d.u32();
  const a = {
    type: w(),
    mode: w(),
    nlink: w(),
    uid: w(),
    gid: w(),
    size: w(),
    blocksize: w(),
    rdev: w(),
    blocks: w(),
    fsid: w(),
    fileid: w(),
    atime: { sec: 0, usec: 0 },
    mtime: { sec: 0, usec: 0 },
    ctime: { sec: 0, usec: 0 },
  };
  a.atime = { sec: w(), usec: w() };
  a.mtime = { sec: w(), usec: w() };
  a.ctime = { sec: w(), usec: w() };
  return a;
}

/** struct sattr: what SETATTR, CREATE, MKDIR and SYMLINK set; a field left out is sent as -1. */
export interface Sattr {
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  atime?: NfsTime;
  mtime?: NfsTime;
}

const UNSET = 0xffffffff;

export function putSattr(e: XdrEncoder, s: Sattr): XdrEncoder {
  e.u32(s.mode ?? UNSET)
    .u32(s.uid ?? UNSET)
    .u32(s.gid ?? UNSET)
    .u32(s.size ?? UNSET);
  for (const t of [s.atime, s.mtime]) {
    if (t) e.u32(t.sec).u32(t.usec);
    else e.u32(UNSET).u32(UNSET);
  }
  return e;
}

export function getSattr(d: XdrDecoder): Sattr {
  const opt = (v: number) => (v === UNSET ? undefined : v);
  const mode = opt(d.u32());
  const uid = opt(d.u32());
  const gid = opt(d.u32());
  const size = opt(d.u32());
  const time = (): NfsTime | undefined => {
    const sec = d.u32();
    const usec = d.u32();
    return sec === UNSET ? undefined : { sec, usec: usec === UNSET ? 0 : usec };
  };
  const atime = time();
  const mtime = time();
  return { mode, uid, gid, size, atime, mtime };
}

/** A file handle in a message (fixed-length, 32 bytes). */
export function getFh(d: XdrDecoder): Uint8Array {
  return Uint8Array.from(d.fopaque(NFS_FHSIZE));
}

/** The nfsstat for a Unix error: SunOS's errno values are the protocol's; anything else is NFSERR_IO. */
const NFS_ERRNOS = new Set([1, 2, 5, 6, 13, 17, 19, 20, 21, 27, 28, 30, 63, 66, 69, 70]);
export function errnoToNfsstat(errno: number): number {
  return NFS_ERRNOS.has(errno) ? errno : NFSERR_IO;
}

/** The Unix error for an nfsstat a server sent (an unknown one is EIO). */
export function nfsstatToErrno(stat: number): number {
  return NFS_ERRNOS.has(stat) ? stat : EIO;
}

/** Decode a result's status word; anything but NFS_OK becomes the Unix error. */
export function checkStatus(d: XdrDecoder): void {
  const stat = d.u32();
  if (stat !== NFS_OK) throw new Errno(nfsstatToErrno(stat));
}

const FTYPE_OF_VTYPE: Record<number, number> = {
  [VNON]: NFNON,
  [VREG]: NFREG,
  [VDIR]: NFDIR,
  [VBLK]: NFBLK,
  [VCHR]: NFCHR,
  [VLNK]: NFLNK,
  [VSOCK]: NFSOCK,
  [VFIFO]: NFFIFO,
};

export function vtypeToFtype(vtype: number): number {
  return FTYPE_OF_VTYPE[vtype] ?? NFNON;
}

/** The vnode type of an ftype; the mode's type bits decide where the ftype is one the client does not know. */
export function ftypeToVtype(ftype: number, mode: number): number {
  for (const [vt, ft] of Object.entries(FTYPE_OF_VTYPE)) if (ft === ftype && ft !== NFNON) return Number(vt);
  switch (mode & S_IFMT) {
    case S_IFREG:
      return VREG;
    case S_IFDIR:
      return VDIR;
    case S_IFBLK:
      return VBLK;
    case S_IFCHR:
      return VCHR;
    case S_IFLNK:
      return VLNK;
    case S_IFSOCK:
      return VSOCK;
    case S_IFIFO:
      return VFIFO;
    default:
      return VNON;
  }
}

/**
 * Is `name` a name a client may ask for in a directory: 1 to 255 bytes,
 * none of them '/' or NUL? ("." and ".." are names too: LOOKUP takes them,
 * the calls that make or remove names refuse them.)
 */
export function validName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && !name.includes('/') && !name.includes('\0');
}
