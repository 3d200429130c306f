/* net/if_arp.h - sun3lab libc: the ARP table's ioctls (SIOCSARP, SIOCGARP,
 * SIOCDARP, and sun3lab's SIOCGARPTAB for arp -a). */
#ifndef _NET_IF_ARP_H
#define _NET_IF_ARP_H

#include <sys/socket.h>

/* One translation: 36 bytes. arp_pa is a sockaddr_in; arp_ha's sa_data holds
 * the Ethernet address. */
struct arpreq {
  struct sockaddr arp_pa;
  struct sockaddr arp_ha;
  int arp_flags;
};

#define ATF_INUSE 0x01       /* entry in use */
#define ATF_COM 0x02         /* complete: the Ethernet address is known */
#define ATF_PERM 0x04        /* permanent: never ages */
#define ATF_PUBL 0x08        /* published: answered for another machine */
#define ATF_USETRAILERS 0x10

/* SIOCGARPTAB: as SIOCGIFCONF, the table's entries in arpc_req. */
struct arpconf {
  int arpc_len;
  union {
    caddr_t arpcu_buf;
    struct arpreq *arpcu_req;
  } arpc_arpcu;
#define arpc_buf arpc_arpcu.arpcu_buf
#define arpc_req arpc_arpcu.arpcu_req
};

#endif
