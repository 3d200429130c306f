/* sys/sockio.h - sun3lab libc: socket ioctls, encoded as SunOS 4 does (the
 * structures are in net/if.h and net/if_arp.h). */
#ifndef _SYS_SOCKIO_H
#define _SYS_SOCKIO_H

#define SIOCATMARK _IOR('s', 7, int)      /* at the urgent mark? (always 0: no urgent data) */
#define SIOCSPGRP _IOW('s', 8, int)       /* who gets SIGIO: a process group, or minus a pid */
#define SIOCGPGRP _IOR('s', 9, int)
#define SIOCADDRT _IOW('r', 10, struct rtentry)  /* add a route (net/route.h) */
#define SIOCDELRT _IOW('r', 11, struct rtentry)  /* delete one */
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
#define SIOCGIPFORWARDING _IOWR('i', 62, int)         /* forward datagrams for others? (1 yes, 0 no) */
#define SIOCSIPFORWARDING _IOWR('i', 63, int)         /* set it (super-user); the old value back */

#endif
