/* The names of the signals, SunOS 4 numbering: sys_siglist has the
 * descriptions 4.3BSD's libc gave (what a shell prints when a signal ends
 * a command), sys_signame the short names kill takes (4.4BSD's table), and
 * str2sig (SunOS 5's) turns a name or number into a signal. */
#include <signal.h>
#include <stdlib.h>
#include <strings.h>

const char *const sys_siglist[NSIG] = {
    "Signal 0",
    "Hangup",
    "Interrupt",
    "Quit",
    "Illegal instruction",
    "Trace/BPT trap",
    "Abort",
    "EMT trap",
    "Floating point exception",
    "Killed",
    "Bus error",
    "Segmentation fault",
    "Bad system call",
    "Broken pipe",
    "Alarm clock",
    "Terminated",
    "Urgent I/O condition",
    "Stopped (signal)",
    "Stopped",
    "Continued",
    "Child exited",
    "Stopped (tty input)",
    "Stopped (tty output)",
    "I/O possible",
    "Cputime limit exceeded",
    "Filesize limit exceeded",
    "Virtual timer expired",
    "Profiling timer expired",
    "Window size changes",
    "Resource lost",
    "User defined signal 1",
    "User defined signal 2",
};

const char *const sys_signame[NSIG] = {
    "0",    "HUP",  "INT",  "QUIT", "ILL",  "TRAP", "ABRT", "EMT",    "FPE",  "KILL",  "BUS",
    "SEGV", "SYS",  "PIPE", "ALRM", "TERM", "URG",  "STOP", "TSTP",   "CONT", "CHLD",  "TTIN",
    "TTOU", "IO",   "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "LOST", "USR1", "USR2",
};

/* A signal named by number ("15"), by name in either case, with or without
 * SIG ("TERM", "sigterm"), or by one of the old names IOT, CLD and POLL.
 * 0 and the signal in *sig, or -1 for anything else. */
int str2sig(const char *s, int *sig) {
  if (*s >= '0' && *s <= '9') {
    char *end;
    long n = strtol(s, &end, 10);
    if (*end != 0 || n >= NSIG) return -1;
    *sig = (int)n;
    return 0;
  }
  if (strncasecmp(s, "SIG", 3) == 0) s += 3;
  static const struct {
    const char *name;
    int sig;
  } old[] = {{"IOT", SIGIOT}, {"CLD", SIGCHLD}, {"POLL", SIGIO}};
  for (unsigned i = 0; i < sizeof old / sizeof old[0]; i++)
    if (strcasecmp(s, old[i].name) == 0) {
      *sig = old[i].sig;
      return 0;
    }
  for (int i = 1; i < NSIG; i++)
    if (strcasecmp(s, sys_signame[i]) == 0) {
      *sig = i;
      return 0;
    }
  return -1;
}
