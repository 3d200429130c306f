/* netinet/ip.h - sun3lab libc: the IP header (RFC 791). */
#ifndef _NETINET_IP_H
#define _NETINET_IP_H

#include <netinet/in.h>
#include <netinet/in_systm.h>

#define IPVERSION 4

struct ip {
  u_char ip_v : 4,  /* version (the high nibble: the 68020 is big-endian) */
      ip_hl : 4;    /* header length in 32-bit words */
  u_char ip_tos;
  short ip_len;     /* total length, header included */
  u_short ip_id;
  short ip_off;     /* flags and fragment offset */
#define IP_DF 0x4000
#define IP_MF 0x2000
  u_char ip_ttl;
  u_char ip_p;
  u_short ip_sum;
  struct in_addr ip_src, ip_dst;
};

#define IP_MAXPACKET 65535
#define MAXTTL 255

#endif
