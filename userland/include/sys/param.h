/* sys/param.h - sun3lab libc */
#ifndef _SYS_PARAM_H
#define _SYS_PARAM_H

#include <sys/types.h>

#define MAXPATHLEN 1024
#define MAXNAMLEN 255
#define MAXHOSTNAMELEN 64
#define NOFILE 64
#define NGROUPS 8       /* groups in a process's access list (setgroups) */
#define NBPG 8192       /* page size on the Sun-3 */
#define PAGSIZ 0x2000
#define SEGSIZ 0x20000
#define USRSTACK 0x0E000000
#define HZ 100

#ifndef NULL
#define NULL ((void *)0)
#endif
#define MIN(a, b) (((a) < (b)) ? (a) : (b))
#define MAX(a, b) (((a) > (b)) ? (a) : (b))

#endif
