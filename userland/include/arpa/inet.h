/* arpa/inet.h - sun3lab libc: Internet address conversion. */
#ifndef _ARPA_INET_H
#define _ARPA_INET_H

#include <netinet/in.h>

/* "a.b.c.d" (each part decimal, octal with 0 or hex with 0x; "a.b.c", "a.b"
 * and "a" as 4.3BSD) to an address in network order; INADDR_NONE (-1) if bad. */
unsigned long inet_addr(const char *cp);
/* The same, but telling 255.255.255.255 apart from an error: 1 and the
 * address in *in if cp is one, 0 if not. */
int inet_aton(const char *cp, struct in_addr *in);
/* A network number in dotted form ("192.9.200") to host order; -1 if bad. */
unsigned long inet_network(const char *cp);
/* An address as "a.b.c.d", in a static buffer. */
char *inet_ntoa(struct in_addr in);
/* The network and host parts of an address, by its class. */
unsigned long inet_netof(struct in_addr in);
unsigned long inet_lnaof(struct in_addr in);

#endif
