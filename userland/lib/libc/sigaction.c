/* POSIX.1 signals on the 4.3BSD calls, as SunOS 4.1's libc builds them: a
 * sigset_t is a mask of sigmask() bits; sigaction is sigvec with the flags
 * translated, sigprocmask is sigblock/sigsetmask, sigsuspend is sigpause.
 * sigpending is a system call of its own (183). */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The signals a set may hold: 1 .. NSIG-1. */
#define ALLSIGS ((sigset_t)0xffffffffu >> (33 - NSIG))

static int badsig(int sig) {
  if (sig <= 0 || sig >= NSIG) {
    errno = EINVAL;
    return 1;
  }
  return 0;
}

int sigemptyset(sigset_t *set) {
  *set = 0;
  return 0;
}

int sigfillset(sigset_t *set) {
  *set = ALLSIGS;
  return 0;
}

int sigaddset(sigset_t *set, int sig) {
  if (badsig(sig)) return -1;
  *set |= sigmask(sig);
  return 0;
}

int sigdelset(sigset_t *set, int sig) {
  if (badsig(sig)) return -1;
  *set &= ~sigmask(sig);
  return 0;
}

int sigismember(const sigset_t *set, int sig) {
  if (badsig(sig)) return -1;
  return (*set & sigmask(sig)) != 0;
}

/* sigaction: without SA_RESTART the calls the signal interrupts fail with
 * EINTR (SV_INTERRUPT); SA_ONSTACK, SA_RESETHAND and (for SIGCHLD)
 * SA_NOCLDSTOP go to the kernel as they are. */
int sigaction(int sig, const struct sigaction *act, struct sigaction *oact) {
  struct sigvec v;
  struct sigvec ov;
  if (badsig(sig)) return -1;
  if (act != NULL) {
    if (act->sa_flags & ~(SA_ONSTACK | SA_INTERRUPT | SA_RESETHAND | SA_NOCLDSTOP | SA_RESTART)) {
      errno = EINVAL;
      return -1;
    }
    v.sv_handler = act->sa_handler;
    v.sv_mask = (int)act->sa_mask;
    v.sv_flags = act->sa_flags & (SV_ONSTACK | SV_RESETHAND);
    if (!(act->sa_flags & SA_RESTART)) v.sv_flags |= SV_INTERRUPT;
    if (sig == SIGCHLD) v.sv_flags |= act->sa_flags & SA_NOCLDSTOP;
  }
  if (sigvec(sig, act != NULL ? &v : NULL, oact != NULL ? &ov : NULL) < 0) return -1;
  if (oact != NULL) {
    oact->sa_handler = ov.sv_handler;
    oact->sa_mask = (sigset_t)ov.sv_mask;
    oact->sa_flags = ov.sv_flags & (SA_ONSTACK | SA_RESETHAND | SA_NOCLDSTOP);
    if (!(ov.sv_flags & SV_INTERRUPT)) oact->sa_flags |= SA_RESTART;
  }
  return 0;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *oset) {
  int old;
  if (set == NULL) {
    old = sigblock(0);
  } else if (how == SIG_BLOCK) {
    old = sigblock((int)*set);
  } else if (how == SIG_UNBLOCK) {
    old = sigblock(0);
    sigsetmask(old & ~(int)*set);
  } else if (how == SIG_SETMASK) {
    old = sigsetmask((int)*set);
  } else {
    errno = EINVAL;
    return -1;
  }
  if (oset != NULL) *oset = (sigset_t)old;
  return 0;
}

/* Wait for a signal with *set as the mask; the old mask is back when it returns (always -1, EINTR). */
int sigsuspend(const sigset_t *set) { return sigpause((int)*set); }

/* siginterrupt(sig, flag): flag 1, calls that sig interrupts fail with EINTR; 0, they start again. */
int siginterrupt(int sig, int flag) {
  struct sigvec v;
  if (sigvec(sig, NULL, &v) < 0) return -1;
  if (flag)
    v.sv_flags |= SV_INTERRUPT;
  else
    v.sv_flags &= ~SV_INTERRUPT;
  return sigvec(sig, &v, NULL);
}

/* psignal(sig, s): "s: description of sig" on standard error, as 4.3BSD's. */
void psignal(unsigned sig, const char *s) {
  const char *what = sig < NSIG ? sys_siglist[sig] : "Unknown signal";
  if (s != NULL && *s != 0) {
    write(2, s, strlen(s));
    write(2, ": ", 2);
  }
  write(2, what, strlen(what));
  write(2, "\n", 1);
}
