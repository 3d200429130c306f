/* utime.h - sun3lab libc: POSIX.1's utime, on utimes(2). */
#ifndef _UTIME_H
#define _UTIME_H

#include <sys/types.h>

struct utimbuf {
  time_t actime;  /* access time */
  time_t modtime; /* modification time */
};

/* NULL: both times become now. */
int utime(const char *path, const struct utimbuf *times);

#endif
