/* signal.h - sun3lab libc. Numbers are SunOS 4's. */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <sys/types.h>

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGIOT 6
#define SIGABRT 6
#define SIGEMT 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGBUS 10
#define SIGSEGV 11
#define SIGSYS 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGURG 16
#define SIGSTOP 17
#define SIGTSTP 18
#define SIGCONT 19
#define SIGCHLD 20
#define SIGCLD 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGIO 23
#define SIGPOLL 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGLOST 29
#define SIGUSR1 30
#define SIGUSR2 31
#define NSIG 32

typedef void (*sig_t)(int);
#define SIG_ERR ((void (*)(int)) - 1)
#define SIG_DFL ((void (*)(int))0)
#define SIG_IGN ((void (*)(int))1)

#define sigmask(s) (1L << ((s) - 1))

/* What the kernel puts on the user stack for a handler: signo, code, scp, addr
 * (the handler is entered with SP pointing at signo), then this context. */
struct sigcontext {
  int sc_onstack;
  int sc_mask;
  int sc_sp;
  int sc_pc;
  int sc_ps;
};

struct sigvec {
  void (*sv_handler)(int);
  int sv_mask;
  int sv_flags;
};
#define SV_ONSTACK 0x0001
#define SV_INTERRUPT 0x0002
#define SV_RESETHAND 0x0004

struct sigstack {
  char *ss_sp;      /* the top of the stack (it grows down) */
  int ss_onstack;
};

int kill(pid_t pid, int sig);
int killpg(int pgrp, int sig);
int sigstack(struct sigstack *ss, struct sigstack *oss);
int sigvec(int sig, struct sigvec *vec, struct sigvec *ovec);
int sigblock(int mask);
int sigsetmask(int mask);
int sigpause(int mask);
void (*signal(int sig, void (*handler)(int)))(int);
int raise(int sig);

/* Signal names (libc siglist.c): descriptions as 4.3BSD's libc had them,
 * the short names kill takes, and a name or number to a signal. */
extern const char *const sys_siglist[NSIG];
extern const char *const sys_signame[NSIG];
int str2sig(const char *name, int *sig);

#endif
