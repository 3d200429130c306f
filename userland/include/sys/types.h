/* sys/types.h - sun3lab libc. Sizes and widths follow SunOS 4 on the Sun-3. */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef unsigned short ushort;
typedef unsigned int uint;

typedef char *caddr_t;
typedef long daddr_t;
typedef short dev_t;           /* 16 bits, as SunOS 4 */
typedef unsigned long ino_t;
typedef long off_t;
typedef unsigned short mode_t;
typedef short nlink_t;
typedef unsigned short uid_t;
typedef unsigned short gid_t;
typedef int pid_t;
typedef long time_t;
typedef long clock_t;
typedef long key_t;

#ifndef _SIZE_T
#define _SIZE_T
typedef unsigned int size_t;
#endif
#ifndef _SSIZE_T_DEFINED
#define _SSIZE_T_DEFINED
typedef int ssize_t;
#endif

#define major(x) ((int)(((unsigned)(x) >> 8) & 0377))
#define minor(x) ((int)((x) & 0377))
#define makedev(x, y) ((dev_t)(((x) << 8) | (y)))

/* select(2) descriptor sets */
#define FD_SETSIZE 256
#define NFDBITS 32
typedef long fd_mask;
typedef struct fd_set {
  fd_mask fds_bits[FD_SETSIZE / NFDBITS];
} fd_set;
#define FD_SET(n, p) ((p)->fds_bits[(n) / NFDBITS] |= (1L << ((n) % NFDBITS)))
#define FD_CLR(n, p) ((p)->fds_bits[(n) / NFDBITS] &= ~(1L << ((n) % NFDBITS)))
#define FD_ISSET(n, p) (((p)->fds_bits[(n) / NFDBITS] & (1L << ((n) % NFDBITS))) != 0)
#define FD_ZERO(p) __builtin_memset((p), 0, sizeof(*(p)))

#endif
