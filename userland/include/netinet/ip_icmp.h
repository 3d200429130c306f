/* netinet/ip_icmp.h - sun3lab libc: ICMP messages (RFC 792). */
#ifndef _NETINET_IP_ICMP_H
#define _NETINET_IP_ICMP_H

#include <netinet/ip.h>

struct icmp {
  u_char icmp_type;
  u_char icmp_code;
  u_short icmp_cksum;
  union {
    u_char ih_pptr;            /* parameter problem: where */
    struct in_addr ih_gwaddr;  /* redirect: the better gateway */
    struct ih_idseq {
      n_short icd_id;
      n_short icd_seq;
    } ih_idseq;
    long ih_void;
  } icmp_hun;
#define icmp_pptr icmp_hun.ih_pptr
#define icmp_gwaddr icmp_hun.ih_gwaddr
#define icmp_id icmp_hun.ih_idseq.icd_id
#define icmp_seq icmp_hun.ih_idseq.icd_seq
#define icmp_void icmp_hun.ih_void
  union {
    struct id_ts {
      n_time its_otime;
      n_time its_rtime;
      n_time its_ttime;
    } id_ts;
    struct id_ip {
      struct ip idi_ip; /* the offending datagram's header, then 64 bits of its data */
    } id_ip;
    u_long id_mask;
    char id_data[1];
  } icmp_dun;
#define icmp_otime icmp_dun.id_ts.its_otime
#define icmp_rtime icmp_dun.id_ts.its_rtime
#define icmp_ttime icmp_dun.id_ts.its_ttime
#define icmp_ip icmp_dun.id_ip.idi_ip
#define icmp_mask icmp_dun.id_mask
#define icmp_data icmp_dun.id_data
};

#define ICMP_MINLEN 8 /* type, code, checksum and 4 bytes */

#define ICMP_ECHOREPLY 0
#define ICMP_UNREACH 3
#define ICMP_SOURCEQUENCH 4
#define ICMP_REDIRECT 5
#define ICMP_ECHO 8
#define ICMP_TIMXCEED 11
#define ICMP_PARAMPROB 12
#define ICMP_TSTAMP 13
#define ICMP_TSTAMPREPLY 14
#define ICMP_IREQ 15
#define ICMP_IREQREPLY 16
#define ICMP_MASKREQ 17
#define ICMP_MASKREPLY 18
#define ICMP_MAXTYPE 18

#endif
