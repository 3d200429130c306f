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

/* The codes a handler gets with SIGFPE, SIGEMT and SIGILL (its second
 * argument): SunOS 4's for the 68020 and 68881, the vector's offset. */
#define ILL_ILLINSTR_FAULT 0x10 /* illegal instruction */
#define ILL_PRIVVIO_FAULT 0x20  /* privileged instruction */
#define EMT_EMU1010 0x28        /* line 1010 emulator trap */
#define EMT_EMU1111 0x2c        /* line 1111 emulator trap: an FPU instruction and no 68881 */
#define FPE_INTDIV_TRAP 0x14    /* integer divide by zero */
#define FPE_CHKINST_TRAP 0x18   /* CHK [CHK2] instruction */
#define FPE_TRAPV_TRAP 0x1c     /* TRAPV [cpTRAPcc TRAPcc] instr */
#define FPE_FLTBSUN_TRAP 0xc0   /* [branch or set on unordered cond] */
#define FPE_FLTINEX_TRAP 0xc4   /* [floating inexact result] */
#define FPE_FLTDIV_TRAP 0xc8    /* [floating divide by zero] */
#define FPE_FLTUND_TRAP 0xcc    /* [floating underflow] */
#define FPE_FLTOPERR_TRAP 0xd0  /* [floating operand error] */
#define FPE_FLTOVF_TRAP 0xd4    /* [floating overflow] */
#define FPE_FLTNAN_TRAP 0xd8    /* [floating Not-A-Number] */

typedef void (*sig_t)(int);
typedef int sig_atomic_t;
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
#define SV_ONSTACK 0x0001   /* run the handler on the signal stack */
#define SV_INTERRUPT 0x0002 /* the calls it interrupts fail with EINTR instead of starting again */
#define SV_RESETHAND 0x0004 /* back to SIG_DFL once caught, the signal not held meanwhile */

/* POSIX.1 signals as SunOS 4.1 has them: a signal set is a mask of
 * sigmask() bits, and sigaction sits on sigvec. sun3lab follows POSIX's
 * later rule for restarting: an interrupted read, write, ioctl or wait
 * starts again only if the handler was installed with SA_RESTART (SunOS
 * 4.1 restarted unless SA_INTERRUPT was given; SA_INTERRUPT is accepted
 * and means the default here). signal() and sigvec() restart, as 4.3BSD. */
typedef unsigned int sigset_t;

struct sigaction {
  void (*sa_handler)(int);
  sigset_t sa_mask;
  int sa_flags;
};
#define SA_ONSTACK 0x0001
#define SA_INTERRUPT 0x0002
#define SA_RESETHAND 0x0004
#define SA_NOCLDSTOP 0x0008 /* no SIGCHLD when a child stops */
#define SA_RESTART 0x0010   /* start interrupted calls again */

#define SIG_BLOCK 1
#define SIG_UNBLOCK 2
#define SIG_SETMASK 4

int sigaction(int sig, const struct sigaction *act, struct sigaction *oact);
int sigprocmask(int how, const sigset_t *set, sigset_t *oset);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *set);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);
/* siginterrupt(sig, 1): calls interrupted by sig fail with EINTR; 0: they start again. */
int siginterrupt(int sig, int flag);
/* psignal(sig, s): "s: description" on stderr. */
void psignal(unsigned sig, const char *s);

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
