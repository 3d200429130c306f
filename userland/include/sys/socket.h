/* sys/socket.h - sun3lab libc: sockets, with SunOS 4's values.
 * The kernel has socket, sendto and recvfrom so far (AF_INET, SOCK_RAW);
 * read, write, select, ioctl and close work on a socket as on any file. */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H

#include <sys/types.h>

/* Types. */
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3

/* Address families; the protocol families have the same values. */
#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define PF_UNSPEC AF_UNSPEC
#define PF_UNIX AF_UNIX
#define PF_INET AF_INET

/* Socket options (level SOL_SOCKET), for the option calls to come. */
#define SOL_SOCKET 0xffff
#define SO_DEBUG 0x0001
#define SO_REUSEADDR 0x0004
#define SO_KEEPALIVE 0x0008
#define SO_DONTROUTE 0x0010
#define SO_BROADCAST 0x0020

/* Flags of send and receive. */
#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_DONTROUTE 0x4

/* A socket address: 16 bytes, the family first (no length byte, as 4.3BSD). */
struct sockaddr {
  u_short sa_family;
  char sa_data[14];
};

int socket(int domain, int type, int protocol);
int sendto(int s, const void *msg, int len, int flags, const struct sockaddr *to, int tolen);
int recvfrom(int s, void *buf, int len, int flags, struct sockaddr *from, int *fromlen);

#endif
