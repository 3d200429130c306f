/* sys/socket.h - sun3lab libc: sockets, with SunOS 4's values and calls.
 * A socket is a descriptor: read, write, readv, writev, select, ioctl,
 * dup, fcntl and close work on it as on any file. */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H

#include <sys/types.h>

/* Types. */
#define SOCK_STREAM 1  /* a byte stream, connected (TCP, Unix-domain) */
#define SOCK_DGRAM 2   /* datagrams (UDP, Unix-domain) */
#define SOCK_RAW 3     /* raw IP, for the super-user */

/* Options, at level SOL_SOCKET (setsockopt, getsockopt). */
#define SOL_SOCKET 0xffff
#define SO_DEBUG 0x0001       /* trace TCP (netinfo NI_TCPDEBUG) */
#define SO_ACCEPTCONN 0x0002  /* listen() was called (read only) */
#define SO_REUSEADDR 0x0004   /* bind may reuse a local address in use */
#define SO_KEEPALIVE 0x0008   /* probe an idle connection (TCP: after 2 hours) */
#define SO_DONTROUTE 0x0010   /* only to attached networks */
#define SO_BROADCAST 0x0020   /* may send to a broadcast address */
#define SO_USELOOPBACK 0x0040
#define SO_LINGER 0x0080      /* close waits for the data to go (struct linger) */
#define SO_OOBINLINE 0x0100
#define SO_DONTLINGER (~SO_LINGER)
#define SO_SNDBUF 0x1001      /* send buffer size (int, at most 65535) */
#define SO_RCVBUF 0x1002      /* receive buffer size */
#define SO_SNDLOWAT 0x1003
#define SO_RCVLOWAT 0x1004
#define SO_SNDTIMEO 0x1005    /* struct timeval: longest wait of a send */
#define SO_RCVTIMEO 0x1006    /* ... and of a receive (then EWOULDBLOCK) */
#define SO_ERROR 0x1007       /* the pending error, cleared by reading it */
#define SO_TYPE 0x1008        /* SOCK_STREAM, SOCK_DGRAM or SOCK_RAW */

struct linger {
  int l_onoff;   /* linger on close, or not */
  int l_linger;  /* how long, in seconds (0: reset the connection) */
};

/* Address families; the protocol families have the same values. */
#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define PF_UNSPEC AF_UNSPEC
#define PF_UNIX AF_UNIX
#define PF_INET AF_INET

/* A socket address: 16 bytes, the family first (no length byte, as 4.3BSD). */
struct sockaddr {
  u_short sa_family;
  char sa_data[14];
};

/* The most connections listen() queues. */
#define SOMAXCONN 5

/* Flags of send and receive. */
#define MSG_OOB 0x1        /* out-of-band data: not supported (EOPNOTSUPP) */
#define MSG_PEEK 0x2       /* look, leaving the data */
#define MSG_DONTROUTE 0x4  /* this datagram only to attached networks */

struct iovec;

/* sendmsg and recvmsg (4.3BSD's and SunOS 4's layout, 24 bytes). Passing
 * access rights (descriptors) is not supported: msg_accrightslen must be 0. */
struct msghdr {
  caddr_t msg_name;      /* an address, or 0 */
  int msg_namelen;
  struct iovec *msg_iov; /* the data, in pieces */
  int msg_iovlen;        /* at most 16 */
  caddr_t msg_accrights;
  int msg_accrightslen;
};

int socket(int domain, int type, int protocol);
int socketpair(int domain, int type, int protocol, int sv[2]);
int bind(int s, const struct sockaddr *name, int namelen);
int listen(int s, int backlog);
int accept(int s, struct sockaddr *addr, int *addrlen);
int connect(int s, const struct sockaddr *name, int namelen);
int shutdown(int s, int how);
int send(int s, const void *msg, int len, int flags);
int sendto(int s, const void *msg, int len, int flags, const struct sockaddr *to, int tolen);
int sendmsg(int s, const struct msghdr *msg, int flags);
int recv(int s, void *buf, int len, int flags);
int recvfrom(int s, void *buf, int len, int flags, struct sockaddr *from, int *fromlen);
int recvmsg(int s, struct msghdr *msg, int flags);
int setsockopt(int s, int level, int optname, const void *optval, int optlen);
int getsockopt(int s, int level, int optname, void *optval, int *optlen);
int getsockname(int s, struct sockaddr *name, int *namelen);
int getpeername(int s, struct sockaddr *name, int *namelen);

#endif
