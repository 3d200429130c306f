/* nfs/export.h - sun3lab libc: exportfs(2), SunOS 4's, by which
 * exportfs(8) tells the kernel's NFS server what it may serve
 * (docs/nfs.md). Every address is a struct sockaddr_in; an empty access
 * list means every host. */
#ifndef _NFS_EXPORT_H
#define _NFS_EXPORT_H

#include <netinet/in.h>

#define EX_RDONLY 0x01   /* nothing may be changed (ro) */
#define EX_RDMOSTLY 0x02 /* only the hosts of ex_writeaddrs may change things (rw=) */

#define EXMAXADDRS 256

struct exaddrlist {
  unsigned naddrs;
  struct sockaddr_in *addrvec;
};

struct export {                       /* 36 bytes */
  int ex_flags;                       /* EX_ */
  int ex_anon;                        /* the uid of root and unknown callers (anon=); -1 refuses them */
  int ex_auth;                        /* AUTH_UNIX (1) */
  struct exaddrlist ex_rootaddrs;     /* hosts whose root stays root (root=) */
  struct exaddrlist ex_writeaddrs;    /* with EX_RDMOSTLY */
  struct exaddrlist ex_accessaddrs;   /* hosts that may mount (access=) */
};

int exportfs(const char *dir, struct export *ex);
int nfssvc(int sock);
int async_daemon(void);

#endif
