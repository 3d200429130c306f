/* net/route.h - sun3lab libc: the routing table's entries and flags
 * (SIOCADDRT, SIOCDELRT), and sun3lab's record of a route (netinfo
 * NI_ROUTES, for netstat -r and route). */
#ifndef _NET_ROUTE_H
#define _NET_ROUTE_H

#include <sys/socket.h>

/* SunOS 4's struct rtentry: 48 bytes. For SIOCADDRT and SIOCDELRT only
 * rt_dst, rt_gateway and rt_flags are read. */
struct rtentry {
  u_long rt_hash;
  struct sockaddr rt_dst;      /* the destination: a host, a network, or 0 (default) */
  struct sockaddr rt_gateway;  /* the next hop (or this machine's address on the interface) */
  short rt_flags;
  short rt_refcnt;
  u_long rt_use;
  void *rt_ifp;
};

#define RTF_UP 0x1        /* usable */
#define RTF_GATEWAY 0x2   /* through a gateway (else straight out of an interface) */
#define RTF_HOST 0x4      /* a host route (else a network) */
#define RTF_DYNAMIC 0x10  /* made by an ICMP redirect */
#define RTF_MODIFIED 0x20 /* changed by an ICMP redirect */

/* One route, as netinfo(NI_ROUTES) gives them: 56 bytes. */
struct rtinfo {
  struct sockaddr rti_dst;      /* a sockaddr_in */
  struct sockaddr rti_gateway;
  short rti_flags;
  short rti_refcnt;             /* connections holding it */
  long rti_use;                 /* datagrams sent by it */
  char rti_ifname[16];          /* "le0" */
};

_Static_assert(sizeof(struct rtentry) == 48, "struct rtentry is 48 bytes");
_Static_assert(sizeof(struct rtinfo) == 56, "struct rtinfo is 56 bytes");

#endif
