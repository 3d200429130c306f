/* sys/sun3lab.h - sun3lab-specific system calls (not in SunOS 4).
 *
 *   198 getloadavg(long *avg, int n): up to 3 load averages (1, 5, 15 min),
 *       fixed point with FSCALE (1.0 = 2048); returns how many it filled.
 *   199 procinfo(struct procinfo *buf, int maxcount): one record per process,
 *       returns how many it filled. */
#ifndef _SYS_SUN3LAB_H
#define _SYS_SUN3LAB_H

#define FSHIFT 11
#define FSCALE (1 << FSHIFT)

struct procinfo {          /* 64 bytes, 68020 alignment */
  long pi_pid;             /*  0 */
  long pi_ppid;            /*  4 */
  long pi_pgrp;            /*  8 */
  long pi_uid;             /* 12 */
  char pi_stat;            /* 16: 'I' 'R' 'S' 'T' 'Z' */
  char pi_pad[3];
  long pi_pri;             /* 20 */
  long pi_nice;            /* 24 */
  long pi_utime_ms;        /* 28 */
  long pi_stime_ms;        /* 32 */
  long pi_rss_pages;       /* 36 */
  long pi_start_sec;       /* 40: gettimeofday seconds when it started */
  char pi_comm[16];        /* 44: NUL-terminated */
  long pi_spare;           /* 60 */
};

_Static_assert(sizeof(struct procinfo) == 64, "struct procinfo is 64 bytes");

int getloadavg(long *avg, int n);
int procinfo(struct procinfo *buf, int maxcount);

#endif
