/* netinet/ip_var.h - sun3lab libc: IP's counters (struct ipstat), in the
 * kernel's order (4.4BSD-Lite's), every member an unsigned long, as
 * netinfo(NI_IPSTAT, buf, sizeof buf) copies them out (netstat -s).
 * The fields' meanings are those of 4.4BSD; sun3lab adds its own at the end. */
#ifndef _NETINET_IP_VAR_H
#define _NETINET_IP_VAR_H

#include <sys/types.h>

struct ipstat {
  u_long ips_total;
  u_long ips_badsum;
  u_long ips_tooshort;
  u_long ips_toosmall;
  u_long ips_badhlen;
  u_long ips_badlen;
  u_long ips_fragments;
  u_long ips_fragdropped;
  u_long ips_fragtimeout;
  u_long ips_forward;
  u_long ips_cantforward;
  u_long ips_redirectsent;
  u_long ips_noproto;
  u_long ips_delivered;
  u_long ips_localout;
  u_long ips_odropped;
  u_long ips_reassembled;
  u_long ips_fragmented;
  u_long ips_ofragments;
  u_long ips_cantfrag;
  u_long ips_badoptions;
  u_long ips_noroute;
  u_long ips_badvers;
  u_long ips_rawout;
};

#endif
