/* netinet/tcp_var.h - sun3lab libc: TCP's counters (struct tcpstat), in the
 * kernel's order (4.4BSD-Lite's), every member an unsigned long, as
 * netinfo(NI_TCPSTAT, buf, sizeof buf) copies them out (netstat -s).
 * The fields' meanings are those of 4.4BSD; sun3lab adds its own at the end. */
#ifndef _NETINET_TCP_VAR_H
#define _NETINET_TCP_VAR_H

#include <sys/types.h>

struct tcpstat {
  u_long tcps_connattempt;
  u_long tcps_accepts;
  u_long tcps_connects;
  u_long tcps_drops;
  u_long tcps_conndrops;
  u_long tcps_closed;
  u_long tcps_segstimed;
  u_long tcps_rttupdated;
  u_long tcps_delack;
  u_long tcps_timeoutdrop;
  u_long tcps_rexmttimeo;
  u_long tcps_persisttimeo;
  u_long tcps_keeptimeo;
  u_long tcps_keepprobe;
  u_long tcps_keepdrops;
  u_long tcps_sndtotal;
  u_long tcps_sndpack;
  u_long tcps_sndbyte;
  u_long tcps_sndrexmitpack;
  u_long tcps_sndrexmitbyte;
  u_long tcps_sndacks;
  u_long tcps_sndprobe;
  u_long tcps_sndurg;
  u_long tcps_sndwinup;
  u_long tcps_sndctrl;
  u_long tcps_rcvtotal;
  u_long tcps_rcvpack;
  u_long tcps_rcvbyte;
  u_long tcps_rcvbadsum;
  u_long tcps_rcvbadoff;
  u_long tcps_rcvshort;
  u_long tcps_rcvduppack;
  u_long tcps_rcvdupbyte;
  u_long tcps_rcvpartduppack;
  u_long tcps_rcvpartdupbyte;
  u_long tcps_rcvoopack;
  u_long tcps_rcvoobyte;
  u_long tcps_rcvpackafterwin;
  u_long tcps_rcvbyteafterwin;
  u_long tcps_rcvafterclose;
  u_long tcps_rcvwinprobe;
  u_long tcps_rcvdupack;
  u_long tcps_rcvacktoomuch;
  u_long tcps_rcvackpack;
  u_long tcps_rcvackbyte;
  u_long tcps_rcvwinupd;
  u_long tcps_pawsdrop;
  u_long tcps_predack;
  u_long tcps_preddat;
  u_long tcps_pcbcachemiss;
  u_long tcps_rcvreassfull;
  u_long tcps_listendrop;
};

#endif
