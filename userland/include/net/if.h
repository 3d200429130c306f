/* net/if.h - sun3lab libc: network interfaces and their ioctls (sys/sockio.h). */
#ifndef _NET_IF_H
#define _NET_IF_H

#include <sys/socket.h>
#include <sys/types.h>

#define IFNAMSIZ 16

/* Interface flags (SunOS 4's values). */
#define IFF_UP 0x1            /* up: ifconfig's "up" */
#define IFF_BROADCAST 0x2     /* has a broadcast address */
#define IFF_DEBUG 0x4
#define IFF_LOOPBACK 0x8
#define IFF_POINTOPOINT 0x10
#define IFF_NOTRAILERS 0x20   /* no trailer encapsulation */
#define IFF_RUNNING 0x40      /* the driver has started the hardware */
#define IFF_NOARP 0x80
#define IFF_PROMISC 0x100     /* receives every frame */

/* The argument of most interface ioctls: 32 bytes. */
struct ifreq {
  char ifr_name[IFNAMSIZ]; /* "le0" */
  union {
    struct sockaddr ifru_addr;
    struct sockaddr ifru_dstaddr;
    struct sockaddr ifru_broadaddr;
    short ifru_flags;
    int ifru_metric;
    caddr_t ifru_data;
  } ifr_ifru;
#define ifr_addr ifr_ifru.ifru_addr
#define ifr_dstaddr ifr_ifru.ifru_dstaddr
#define ifr_broadaddr ifr_ifru.ifru_broadaddr
#define ifr_flags ifr_ifru.ifru_flags
#define ifr_metric ifr_ifru.ifru_metric
#define ifr_mtu ifr_ifru.ifru_metric
#define ifr_data ifr_ifru.ifru_data
};

/* SIOCGIFCONF: the kernel fills ifc_len bytes of ifc_buf with one ifreq per
 * interface address and sets ifc_len to what it used. */
struct ifconf {
  int ifc_len;
  union {
    caddr_t ifcu_buf;
    struct ifreq *ifcu_req;
  } ifc_ifcu;
#define ifc_buf ifc_ifcu.ifcu_buf
#define ifc_req ifc_ifcu.ifcu_req
};

/* Interface types. */
#define IFT_ETHER 0x6
#define IFT_LOOP 0x18

/* sun3lab's SIOCGIFDATA: an interface's type, link address, MTU and counters,
 * and its driver's error counters by name (SunOS's netstat read them from
 * /dev/kmem). */
#define IFDATA_NDRV 13
struct if_data {
  u_char ifi_type;        /* IFT_ETHER, IFT_LOOP */
  u_char ifi_addrlen;     /* link address length: 6 for an Ethernet */
  u_char ifi_addr[6];     /* link (Ethernet) address */
  long ifi_mtu;
  long ifi_metric;
  long ifi_ipackets;      /* packets received */
  long ifi_ierrors;       /* receive errors */
  long ifi_opackets;      /* packets sent */
  long ifi_oerrors;       /* send errors */
  long ifi_collisions;
  long ifi_ibytes;
  long ifi_obytes;
  long ifi_imcasts;       /* broadcasts and multicasts received */
  long ifi_omcasts;       /* ... sent */
  long ifi_iqdrops;       /* dropped on input: a queue was full */
  long ifi_noproto;       /* for a protocol the kernel does not have */
  long ifi_snd_len;       /* the send queue: its length, limit and drops */
  long ifi_snd_maxlen;
  long ifi_snd_drops;
  long ifi_ndrv;          /* how many of ifi_drv follow */
  struct {
    char name[8];
    long value;
  } ifi_drv[IFDATA_NDRV];
};
struct ifdatareq {
  char ifd_name[IFNAMSIZ];
  struct if_data ifd_data;
};
_Static_assert(sizeof(struct ifreq) == 32, "struct ifreq is 32 bytes");
_Static_assert(sizeof(struct ifdatareq) == 248, "struct ifdatareq is 248 bytes");

#endif
