/* netinet/in.h - sun3lab libc: Internet addresses and protocol numbers. */
#ifndef _NETINET_IN_H
#define _NETINET_IN_H

#include <sys/types.h>

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_RAW 255

/* Ports below IPPORT_RESERVED are the super-user's to bind (rcmd's
 * privileged ports are 512-1023); ephemeral ports are given from 1024 up to
 * IPPORT_USERRESERVED. */
#define IPPORT_RESERVED 1024
#define IPPORT_USERRESERVED 5000

/* An Internet address, in network order. */
struct in_addr {
  u_long s_addr;
};

#define INADDR_ANY 0x00000000UL
#define INADDR_BROADCAST 0xffffffffUL
#define INADDR_LOOPBACK 0x7f000001UL
#define INADDR_NONE 0xffffffffUL

/* The classes and their default network masks. */
#define IN_CLASSA(i) (((long)(i) & 0x80000000UL) == 0)
#define IN_CLASSA_NET 0xff000000UL
#define IN_CLASSB(i) (((long)(i) & 0xc0000000UL) == 0x80000000UL)
#define IN_CLASSB_NET 0xffff0000UL
#define IN_CLASSC(i) (((long)(i) & 0xe0000000UL) == 0xc0000000UL)
#define IN_CLASSC_NET 0xffffff00UL

/* struct sockaddr_in: 16 bytes. */
struct sockaddr_in {
  short sin_family;
  u_short sin_port;
  struct in_addr sin_addr;
  char sin_zero[8];
};

/* Network and host order are the same on the 68020 (big-endian). */
#define htons(x) ((u_short)(x))
#define ntohs(x) ((u_short)(x))
#define htonl(x) ((u_long)(x))
#define ntohl(x) ((u_long)(x))

#endif
