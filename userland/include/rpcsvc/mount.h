/* rpcsvc/mount.h - sun3lab libc: the MOUNT protocol, version 1 (RFC 1094
 * Appendix A; SunOS 4's <rpcsvc/mount.h>): how an NFS client gets the
 * file handle of a server's exported directory, and what mountd (program
 * 100005) answers:
 *   MOUNTPROC_NULL      ()        -> ()
 *   MOUNTPROC_MNT       (dirpath) -> fhstatus: 0 and the handle, or a Unix error number
 *   MOUNTPROC_DUMP      ()        -> the mounts it knows of (host, directory)
 *   MOUNTPROC_UMNT      (dirpath) -> ()   forget the caller's mount of dirpath
 *   MOUNTPROC_UMNTALL   ()        -> ()   forget all the caller's mounts
 *   MOUNTPROC_EXPORT    ()        -> the exported directories and who may mount them
 *   MOUNTPROC_EXPORTALL ()        -> the same */
#ifndef _RPCSVC_MOUNT_H
#define _RPCSVC_MOUNT_H

#include <rpc/rpc.h>

#define MOUNTPROG ((u_long)100005)
#define MOUNTVERS_ORIG ((u_long)1)
#define MOUNTVERS ((u_long)1)

#define MOUNTPROC_MOUNT ((u_long)1)
#define MOUNTPROC_DUMP ((u_long)2)
#define MOUNTPROC_UMNT ((u_long)3)
#define MOUNTPROC_UMNTALL ((u_long)4)
#define MOUNTPROC_EXPORT ((u_long)5)
#define MOUNTPROC_EXPORTALL ((u_long)6)

#define MNTPATHLEN 1024 /* the longest path */
#define MNTNAMLEN 255   /* the longest host or group name */

/* An NFS file handle: 32 bytes, opaque to everyone but the server that
 * made it (docs/nfs.md has sun3lab's layout). */
#ifndef NFS_FHSIZE
#define NFS_FHSIZE 32
#endif
#ifndef _FHANDLE_T
#define _FHANDLE_T
typedef struct {
  char fh_data[NFS_FHSIZE];
} fhandle_t;
#endif

/* getfh (SunOS 4's call 161): the handle of the directory open on fd,
 * for mountd to give a client (super-user only). */
int getfh(int fd, fhandle_t *fhp);

/* MNT's answer. */
struct fhstatus {
  int fhs_status;     /* 0, or a Unix error number (ENOENT, EACCES...) */
  fhandle_t fhs_fh;   /* when it is 0 */
};

/* DUMP's answer: a list of mounts. */
struct mountlist {
  char *ml_name;      /* the client */
  char *ml_path;      /* the directory it mounted */
  struct mountlist *ml_nxt;
};

/* EXPORT's answer: the exported directories, each with the hosts (or
 * groups) that may mount it; no groups means everyone may. */
struct groups {
  char *g_name;
  struct groups *g_next;
};
struct exports {
  char *ex_name;      /* the directory */
  struct groups *ex_groups;
  struct exports *ex_next;
};

bool_t xdr_path(XDR *xdrs, char **pathp);
bool_t xdr_fhandle(XDR *xdrs, fhandle_t *fhp);
bool_t xdr_fhstatus(XDR *xdrs, struct fhstatus *fhsp);
bool_t xdr_mountlist(XDR *xdrs, struct mountlist **mlp);
bool_t xdr_groups(XDR *xdrs, struct groups **gr);
bool_t xdr_exports(XDR *xdrs, struct exports **exp);

#endif
