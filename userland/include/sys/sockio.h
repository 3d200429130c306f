/* sys/sockio.h - sun3lab libc: socket ioctls, encoded as SunOS 4 does (the
 * structures are in net/if.h and net/if_arp.h). */
#ifndef _SYS_SOCKIO_H
#define _SYS_SOCKIO_H

#define SIOCSIFADDR _IOW('i', 12, struct ifreq)     /* set the address (and bring it up) */
#define SIOCGIFADDR _IOWR('i', 13, struct ifreq)
#define SIOCSIFFLAGS _IOW('i', 16, struct ifreq)
#define SIOCGIFFLAGS _IOWR('i', 17, struct ifreq)
#define SIOCGIFCONF _IOWR('i', 20, struct ifconf)   /* the interfaces */
#define SIOCGIFMTU _IOWR('i', 22, struct ifreq)
#define SIOCGIFBRDADDR _IOWR('i', 23, struct ifreq)
#define SIOCSIFBRDADDR _IOW('i', 24, struct ifreq)
#define SIOCGIFNETMASK _IOWR('i', 25, struct ifreq)
#define SIOCSIFNETMASK _IOW('i', 26, struct ifreq)
#define SIOCGIFMETRIC _IOWR('i', 27, struct ifreq)
#define SIOCSIFMETRIC _IOW('i', 28, struct ifreq)
#define SIOCSARP _IOW('i', 30, struct arpreq)        /* set an ARP entry */
#define SIOCGARP _IOWR('i', 31, struct arpreq)
#define SIOCDARP _IOW('i', 32, struct arpreq)
/* sun3lab's own */
#define SIOCGIFDATA _IOWR('i', 60, struct ifdatareq)  /* counters (net/if.h) */
#define SIOCGARPTAB _IOWR('i', 61, struct arpconf)    /* the ARP table (net/if_arp.h) */

#endif
