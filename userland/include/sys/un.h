/* sys/un.h - sun3lab libc: Unix-domain socket addresses (SunOS 4's). */
#ifndef _SYS_UN_H
#define _SYS_UN_H

/* A name in the file system: bind makes the file, connect finds it. */
struct sockaddr_un {
  short sun_family;   /* AF_UNIX */
  char sun_path[108]; /* the path; NUL-terminated, or as long as the length passed */
};

#endif
