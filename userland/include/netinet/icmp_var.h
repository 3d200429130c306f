/* netinet/icmp_var.h - sun3lab libc: ICMP's counters (struct icmpstat), in the
 * kernel's order (4.4BSD-Lite's), every member an unsigned long, as
 * netinfo(NI_ICMPSTAT, buf, sizeof buf) copies them out (netstat -s).
 * The fields' meanings are those of 4.4BSD; sun3lab adds its own at the end. */
#ifndef _NETINET_ICMP_VAR_H
#define _NETINET_ICMP_VAR_H

#include <sys/types.h>

#define ICMP_MAXTYPE 18

struct icmpstat {
  u_long icps_error;
  u_long icps_oldshort;
  u_long icps_oldicmp;
  u_long icps_outhist[ICMP_MAXTYPE + 1];
  u_long icps_badcode;
  u_long icps_tooshort;
  u_long icps_checksum;
  u_long icps_badlen;
  u_long icps_reflect;
  u_long icps_inhist[ICMP_MAXTYPE + 1];
};

#endif
