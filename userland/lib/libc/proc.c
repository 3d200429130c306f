/* Process wrappers on the system calls: alarm (setitimer), pause (sigpause),
 * nice (get/setpriority), times (getrusage + gettimeofday), getpgrp,
 * seteuid and setegid (setreuid and setregid). */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/param.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <unistd.h>

unsigned alarm(unsigned seconds) {
  struct itimerval it;
  struct itimerval old;
  it.it_interval.tv_sec = 0;
  it.it_interval.tv_usec = 0;
  it.it_value.tv_sec = (long)seconds;
  it.it_value.tv_usec = 0;
  if (setitimer(ITIMER_REAL, &it, &old) < 0) return 0;
  if (old.it_value.tv_usec != 0) old.it_value.tv_sec++;
  return (unsigned)old.it_value.tv_sec;
}

int pause(void) { return sigpause(sigblock(0)); }

/* The kernel's getpgrp takes a pid as 4.3BSD's did (0: the caller); the
 * library call is the POSIX one, without an argument. */
int __sys_getpgrp(int pid);
int getpgrp(void) { return __sys_getpgrp(0); }

/* Only the effective id changes; as SunOS 4's library does it. */
int seteuid(uid_t euid) { return setreuid(-1, (int)euid); }
int setegid(gid_t egid) { return setregid(-1, (int)egid); }

int nice(int incr) {
  errno = 0;
  int prio = getpriority(PRIO_PROCESS, 0);
  if (prio == -1 && errno != 0) return -1;
  if (setpriority(PRIO_PROCESS, 0, prio + incr) < 0) return -1;
  return prio + incr;
}

static clock_t ticks(struct timeval *tv) { return (clock_t)(tv->tv_sec * HZ + tv->tv_usec / (1000000 / HZ)); }

clock_t times(struct tms *buf) {
  struct rusage ru;
  struct timeval now;
  if (getrusage(RUSAGE_SELF, &ru) < 0) return (clock_t)-1;
  buf->tms_utime = ticks(&ru.ru_utime);
  buf->tms_stime = ticks(&ru.ru_stime);
  if (getrusage(RUSAGE_CHILDREN, &ru) < 0) return (clock_t)-1;
  buf->tms_cutime = ticks(&ru.ru_utime);
  buf->tms_cstime = ticks(&ru.ru_stime);
  if (gettimeofday(&now, NULL) < 0) return (clock_t)-1;
  return ticks(&now);
}
