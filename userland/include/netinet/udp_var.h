/* netinet/udp_var.h - sun3lab libc: UDP's counters (struct udpstat), in the
 * kernel's order (4.4BSD-Lite's), every member an unsigned long, as
 * netinfo(NI_UDPSTAT, buf, sizeof buf) copies them out (netstat -s).
 * The fields' meanings are those of 4.4BSD; sun3lab adds its own at the end. */
#ifndef _NETINET_UDP_VAR_H
#define _NETINET_UDP_VAR_H

#include <sys/types.h>

struct udpstat {
  u_long udps_ipackets;
  u_long udps_hdrops;
  u_long udps_badsum;
  u_long udps_badlen;
  u_long udps_noport;
  u_long udps_noportbcast;
  u_long udps_fullsock;
  u_long udpps_pcbcachemiss;
  u_long udps_opackets;
};

#endif
