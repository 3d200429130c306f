/* sys/utsname.h - sun3lab libc: the system's names (SunOS 4's layout:
 * nodename and nodeext together hold a host name of up to 64 bytes). */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H

struct utsname {
  char sysname[9];        /* "SunOS" */
  char nodename[9];       /* the host name ... */
  char nodeext[65 - 9];   /* ... continued */
  char release[9];        /* "4.1.1" */
  char version[9];        /* "1" */
  char machine[9];        /* "sun3" */
};

int uname(struct utsname *name);

#endif
