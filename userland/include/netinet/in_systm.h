/* netinet/in_systm.h - sun3lab libc: types of the Internet protocol headers. */
#ifndef _NETINET_IN_SYSTM_H
#define _NETINET_IN_SYSTM_H

#include <sys/types.h>

typedef u_short n_short; /* a short in network order */
typedef u_long n_long;   /* a long in network order */
typedef u_long n_time;   /* ms since midnight UT, in network order */

#endif
