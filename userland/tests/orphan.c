/* orphan: what happens to a stopped process whose parent exits, and who a
 * group signal reaches (4.3BSD's exit and killpg1).
 *
 * - A stopped child would never be continued once its parent is gone, so
 *   exit sends it SIGHUP and SIGCONT: here the grandchild, stopped, catches
 *   the hangup after its parent exits and reports it through a pipe.
 * - getpgrp() is the caller's process group.
 * - kill(0, sig) and killpg reach the caller's group and nothing else (not
 *   the system processes).
 * - killpg is not kill(-pgrp) (4.3BSD's killpg1): killpg(1, sig) signals
 *   init's group only, not everyone as kill(-1) would; a negative group is
 *   ESRCH and signals nobody (not the process with that number). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static int report = -1;

static volatile int *counter;

static void on_usr1(int sig) {
  (void)sig;
  ++*counter;
}

static void on_hup(int sig) {
  (void)sig;
  write(report, "H", 1);
}

int main(void) {
  int fds[2];
  CHECK(pipe(fds) == 0, "pipe");
  fflush(stdout);

  pid_t child = fork();
  if (child == 0) {
    pid_t grandchild = fork();
    if (grandchild == 0) {
      close(fds[0]);
      report = fds[1];
      signal(SIGHUP, on_hup);
      kill(getpid(), SIGSTOP); /* stays stopped until its parent's exit continues it */
      write(report, "C", 1);   /* continued */
      _exit(0);
    }
    /* Wait until the grandchild has stopped, then leave it orphaned. */
    int st;
    pid_t w = wait4(grandchild, &st, WUNTRACED, NULL);
    _exit(w == grandchild && WIFSTOPPED(st) ? 0 : 1);
  }
  close(fds[1]);
  int st;
  CHECK(waitpid(child, &st, 0) == child && WIFEXITED(st) && WEXITSTATUS(st) == 0,
        "the child saw its own child stop, then exited");

  char got[4];
  int n = 0;
  int r;
  while (n < 2 && (r = read(fds[0], got + n, sizeof got - n)) > 0) n += r;
  got[n] = 0;
  CHECK(n == 2 && strcmp(got, "HC") == 0,
        "the orphaned, stopped grandchild got SIGHUP and SIGCONT (read \"%s\")", got);

  /* A signal to one's own group, from a child in a group of its own (so
   * that the shell running this test is not in it). */
  fflush(stdout);
  pid_t g = fork();
  if (g == 0) {
    static volatile int got;
    setpgrp(0, getpid());
    signal(SIGUSR1, on_usr1);
    counter = &got;
    int ok = getpgrp() == getpid() && kill(0, SIGUSR1) == 0 && killpg(getpgrp(), SIGUSR1) == 0 && got == 2;
    _exit(ok ? 0 : 1);
  }
  CHECK(waitpid(g, &st, 0) == g && WIFEXITED(st) && WEXITSTATUS(st) == 0,
        "in its own group, getpgrp() is its pid and kill(0) and killpg reach it");
  CHECK(killpg(30000, SIGUSR1) == -1 && errno == ESRCH, "killpg of a group nobody is in: ESRCH");

  /* A stopped child in a group of its own, to see who killpg reaches. */
  fflush(stdout);
  pid_t s = fork();
  if (s == 0) {
    setpgrp(0, getpid());
    kill(getpid(), SIGSTOP);
    _exit(3); /* continued */
  }
  setpgrp(s, s);
  CHECK(wait4(s, &st, WUNTRACED, NULL) == s && WIFSTOPPED(st), "a child stopped in its own group");
  errno = 0;
  r = killpg(-s, SIGCONT);
  int e = errno;
  struct timeval tv = {0, 200000};
  select(0, NULL, NULL, NULL, &tv);
  CHECK(r == -1 && e == ESRCH && waitpid(s, &st, WNOHANG) == 0,
        "killpg(-pid) is ESRCH and does not signal process pid (r %d, errno %d)", r, e);
  /* Group 1 is init's; killpg(1, SIGCONT) must not continue a process elsewhere. */
  r = killpg(1, SIGCONT);
  select(0, NULL, NULL, NULL, &tv);
  CHECK(waitpid(s, &st, WNOHANG) == 0, "killpg(1) signals group 1 only, not everyone (r %d)", r);
  r = killpg(s, SIGCONT);
  CHECK(r == 0 && waitpid(s, &st, 0) == s && WIFEXITED(st) && WEXITSTATUS(st) == 3,
        "killpg(its group) continues it (status %#x)", st);
  return DONE("orphan");
}
