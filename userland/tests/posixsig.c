/* posixsig: POSIX.1 signals as SunOS 4.1 has them, on the 4.3BSD calls.
 *
 * Signal sets (sigemptyset ... sigismember, EINVAL for a bad signal);
 * sigprocmask (SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, EINVAL); sigpending
 * (a blocked signal stays pending, and is delivered when unblocked);
 * sigsuspend (waits with a mask, restores the old one); sigaction (the
 * mask while the handler runs, SA_RESETHAND, SA_NOCLDSTOP, the old action,
 * EINVAL for SIGKILL and bad flags); sigsetjmp/siglongjmp with and without
 * the mask; raise; psignal. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static volatile int got_usr1, got_usr2, got_chld;
static volatile int mask_in_handler;

static void on_usr1(int sig) {
  (void)sig;
  sigset_t now;
  sigprocmask(SIG_BLOCK, NULL, &now);
  mask_in_handler = (int)now;
  got_usr1++;
}
static void on_usr2(int sig) {
  (void)sig;
  got_usr2++;
}
static void on_chld(int sig) {
  (void)sig;
  got_chld++;
}

static sigjmp_buf jb;
static void jump(int sig) { siglongjmp(jb, sig); }

int main(void) {
  /* Sets. */
  sigset_t s;
  CHECK(sigemptyset(&s) == 0 && s == 0, "sigemptyset");
  CHECK(sigaddset(&s, SIGINT) == 0 && sigismember(&s, SIGINT) == 1 && sigismember(&s, SIGQUIT) == 0,
        "sigaddset, sigismember");
  CHECK(sigdelset(&s, SIGINT) == 0 && sigismember(&s, SIGINT) == 0, "sigdelset");
  CHECK(sigfillset(&s) == 0 && sigismember(&s, SIGUSR2) == 1 && sigismember(&s, 1) == 1, "sigfillset");
  errno = 0;
  CHECK(sigaddset(&s, 0) == -1 && errno == EINVAL, "sigaddset(0): EINVAL");
  errno = 0;
  CHECK(sigismember(&s, NSIG) == -1 && errno == EINVAL, "sigismember(NSIG): EINVAL");

  /* sigprocmask */
  sigset_t old, cur;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR1);
  CHECK(sigprocmask(SIG_BLOCK, &s, &old) == 0 && !sigismember(&old, SIGUSR1), "SIG_BLOCK, old mask without SIGUSR1");
  sigprocmask(SIG_BLOCK, NULL, &cur);
  CHECK(sigismember(&cur, SIGUSR1), "SIGUSR1 is blocked now");
  struct sigaction sa, osa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_usr1;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGUSR2);
  CHECK(sigaction(SIGUSR1, &sa, &osa) == 0 && osa.sa_handler == SIG_DFL, "sigaction, the old action SIG_DFL");
  raise(SIGUSR1);
  CHECK(got_usr1 == 0, "blocked: not delivered (%d)", got_usr1);
  sigset_t pend;
  CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1), "sigpending shows it (%#x)", pend);
  CHECK(sigprocmask(SIG_UNBLOCK, &s, NULL) == 0 && got_usr1 == 1, "SIG_UNBLOCK delivers it (%d)", got_usr1);
  CHECK(sigismember((sigset_t *)&mask_in_handler, SIGUSR1) && sigismember((sigset_t *)&mask_in_handler, SIGUSR2),
        "in the handler, the signal and sa_mask are blocked (%#x)", mask_in_handler);
  sigpending(&pend);
  CHECK(!sigismember(&pend, SIGUSR1), "no longer pending");
  sigprocmask(SIG_BLOCK, NULL, &cur);
  CHECK(!sigismember(&cur, SIGUSR1), "and the mask is back (%#x)", cur);
  sigprocmask(SIG_SETMASK, &s, NULL);
  sigprocmask(SIG_BLOCK, NULL, &cur);
  CHECK(cur == s, "SIG_SETMASK (%#x)", cur);
  sigprocmask(SIG_SETMASK, &old, NULL);
  errno = 0;
  CHECK(sigprocmask(99, &s, NULL) == -1 && errno == EINVAL, "a bad how: EINVAL");

  /* sigsuspend: SIGUSR2 blocked except while suspended. */
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_usr2;
  sigaction(SIGUSR2, &sa, NULL);
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  sigprocmask(SIG_BLOCK, &s, &old);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    msleep(100);
    kill(getppid(), SIGUSR2);
    _exit(0);
  }
  errno = 0;
  int r = sigsuspend(&old);
  CHECK(r == -1 && errno == EINTR && got_usr2 == 1, "sigsuspend returns after the handler (%d, errno %d)", r, errno);
  sigprocmask(SIG_BLOCK, NULL, &cur);
  CHECK(sigismember(&cur, SIGUSR2), "the mask from before sigsuspend is back (%#x)", cur);
  sigprocmask(SIG_SETMASK, &old, NULL);
  waitpid(c, NULL, 0);

  /* SA_RESETHAND: once, then the default (ignore for SIGCHLD? use SIGUSR2 with SIG_IGN check). */
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_usr2;
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGUSR2, &sa, NULL);
  got_usr2 = 0;
  raise(SIGUSR2);
  sigaction(SIGUSR2, NULL, &osa);
  CHECK(got_usr2 == 1 && osa.sa_handler == SIG_DFL, "SA_RESETHAND: caught once, then SIG_DFL (%d)", got_usr2);

  /* SA_NOCLDSTOP: no SIGCHLD for a child that stops, one when it exits. */
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_chld;
  sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
  sigaction(SIGCHLD, &sa, NULL);
  sigaction(SIGCHLD, NULL, &osa);
  CHECK(osa.sa_flags & SA_NOCLDSTOP, "SA_NOCLDSTOP reads back (%#x)", osa.sa_flags);
  fflush(stdout);
  c = fork();
  if (c == 0) {
    kill(getpid(), SIGSTOP);
    _exit(3);
  }
  int st;
  waitpid(c, &st, WUNTRACED);
  msleep(50);
  CHECK(WIFSTOPPED(st) && got_chld == 0, "SA_NOCLDSTOP: a child's stop sends no SIGCHLD (%d)", got_chld);
  kill(c, SIGCONT);
  waitpid(c, &st, 0);
  msleep(50);
  CHECK(WIFEXITED(st) && got_chld == 1, "its exit does (%d)", got_chld);
  signal(SIGCHLD, SIG_DFL);

  /* Errors. */
  errno = 0;
  CHECK(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL, "sigaction(SIGKILL): EINVAL");
  errno = 0;
  CHECK(sigaction(0, &sa, NULL) == -1 && errno == EINVAL, "sigaction(0): EINVAL");
  sa.sa_flags = 0x100000;
  errno = 0;
  CHECK(sigaction(SIGUSR1, &sa, NULL) == -1 && errno == EINVAL, "an unknown flag: EINVAL");
  struct sigvec bad;
  memset(&bad, 0, sizeof(bad));
  bad.sv_flags = 0x40;
  errno = 0;
  CHECK(sigvec(SIGUSR1, &bad, NULL) == -1 && errno == EINVAL, "sigvec with an unknown flag: EINVAL");
  errno = 0;
  CHECK(sigpending((sigset_t *)1) == -1 && errno == EFAULT, "sigpending to a bad address: EFAULT");

  /* sigsetjmp/siglongjmp: with savemask 1 the mask comes back; with 0 it stays as the handler left it. */
  signal(SIGUSR1, jump);
  int sig = sigsetjmp(jb, 1);
  if (sig == 0) {
    raise(SIGUSR1);
    CHECK(0, "siglongjmp did not jump");
  } else {
    sigprocmask(SIG_BLOCK, NULL, &cur);
    CHECK(sig == SIGUSR1 && !sigismember(&cur, SIGUSR1), "siglongjmp(savemask 1) out of a handler: unblocked (%#x)",
          cur);
  }
  sig = sigsetjmp(jb, 0);
  if (sig == 0) {
    raise(SIGUSR1);
    CHECK(0, "siglongjmp did not jump");
  } else {
    sigprocmask(SIG_BLOCK, NULL, &cur);
    CHECK(sig == SIGUSR1 && sigismember(&cur, SIGUSR1), "siglongjmp(savemask 0): still blocked (%#x)", cur);
    sigemptyset(&cur);
    sigprocmask(SIG_SETMASK, &cur, NULL);
  }

  /* psignal on standard error, through a pipe. */
  int p[2];
  pipe(p);
  int saved = dup(2);
  dup2(p[1], 2);
  psignal(SIGINT, "here");
  dup2(saved, 2);
  close(saved);
  close(p[1]);
  char buf[64] = {0};
  read(p[0], buf, sizeof(buf) - 1);
  close(p[0]);
  CHECK(strcmp(buf, "here: Interrupt\n") == 0, "psignal: \"%s\"", buf);
  return DONE("posixsig");
}
