/* sys/time.h - sun3lab libc */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <sys/types.h>

struct timeval {
  long tv_sec;
  long tv_usec;
};

struct timezone {
  int tz_minuteswest;
  int tz_dsttime;
};

struct itimerval {
  struct timeval it_interval;
  struct timeval it_value;
};
#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

int setitimer(int which, struct itimerval *value, struct itimerval *ovalue);
int getitimer(int which, struct itimerval *value);
int gettimeofday(struct timeval *tv, struct timezone *tz);
int utimes(const char *path, struct timeval *tvp);
int settimeofday(struct timeval *tv, struct timezone *tz);
int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, struct timeval *timeout);

#endif
