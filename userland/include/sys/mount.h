/* sys/mount.h - sun3lab libc: mount(2) and unmount(2), as SunOS 4 has them.
 *
 *   mount("4.2", "/mnt", M_NEWTYPE | flags, &(struct ufs_args){"/dev/sd1a"})
 *   unmount("/mnt")
 *
 * The type is a string with M_NEWTYPE ("4.2" or "ufs"), else a number
 * (MOUNT_UFS). M_REMOUNT changes the options of what is mounted on dir
 * (read-only or read-write, nosuid, grpid). Only the super-user may mount
 * and unmount. */
#ifndef _SYS_MOUNT_H
#define _SYS_MOUNT_H

#define M_RDONLY 0x01   /* read-only */
#define M_NOSUID 0x02   /* set-user-id and set-group-id bits are ignored */
#define M_NEWTYPE 0x04  /* type is a string, not a number */
#define M_GRPID 0x08    /* new files take the directory's group (4.3BSD) */
#define M_REMOUNT 0x10  /* change the options of a mounted file system */

#define MOUNT_UFS 1
#define MOUNT_NFS 2

struct ufs_args {
  char *fspec;          /* the block special file to mount */
};

/* mount("nfs", dir, M_NEWTYPE | flags, &nfs_args): a directory of another
 * machine (docs/nfs.md). Each value is used only with its NFSMNT_ flag;
 * otherwise timeo 7 (0.7 s), retrans 4, rsize and wsize 8192, attribute
 * cache 3-60 s for files and 30-60 s for directories. */
struct sockaddr_in;
struct nfs_args {                   /* 56 bytes */
  struct sockaddr_in *addr;         /* the server's NFS port */
  unsigned char *fh;                /* the directory's 32-byte file handle (from mountd) */
  int flags;                        /* NFSMNT_ */
  int wsize, rsize;                 /* bytes a WRITE, a READ moves */
  int timeo;                        /* the first wait for a reply, in tenths of a second */
  int retrans;                      /* sends before "not responding" (hard) or ETIMEDOUT (soft) */
  char *hostname;                   /* the server's name, for the console's messages */
  int acregmin, acregmax;           /* how long a file's attributes stay cached, in seconds */
  int acdirmin, acdirmax;           /* a directory's */
  char *netname;                    /* secure NFS: unused */
  char *fsname;                     /* "host:/path", for the mount table */
};

#define NFSMNT_SOFT 0x001
#define NFSMNT_WSIZE 0x002
#define NFSMNT_RSIZE 0x004
#define NFSMNT_TIMEO 0x008
#define NFSMNT_RETRANS 0x010
#define NFSMNT_HOSTNAME 0x020
#define NFSMNT_INT 0x040
#define NFSMNT_NOAC 0x080
#define NFSMNT_ACREGMIN 0x100
#define NFSMNT_ACREGMAX 0x200
#define NFSMNT_ACDIRMIN 0x400
#define NFSMNT_ACDIRMAX 0x800

int mount(const char *type, const char *dir, int flags, void *data);
int unmount(const char *dir);

#endif
