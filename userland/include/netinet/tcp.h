/* netinet/tcp.h - sun3lab libc: the TCP header and TCP's options (level IPPROTO_TCP). */
#ifndef _NETINET_TCP_H
#define _NETINET_TCP_H

#include <sys/types.h>

typedef u_long tcp_seq;

struct tcphdr {
  u_short th_sport;
  u_short th_dport;
  tcp_seq th_seq;
  tcp_seq th_ack;
  u_char th_off_x2;  /* data offset (high 4 bits, in 32-bit words) */
  u_char th_flags;
#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PUSH 0x08
#define TH_ACK 0x10
#define TH_URG 0x20
  u_short th_win;
  u_short th_sum;
  u_short th_urp;
};

#define TCP_MAXWIN 65535
#define TCP_MSS 512      /* the segment size used with a host not on an attached network */

#define TCP_NODELAY 0x01 /* send small segments at once (no Nagle) */
#define TCP_MAXSEG 0x02  /* the maximum segment size (read; may be lowered) */

#endif
