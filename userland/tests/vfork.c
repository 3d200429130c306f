/* vfork (4.3BSD): the child runs in the parent's memory, so what it stores
 * before it execs or exits is there for the parent to see, and the parent
 * does not run again until then. The child's exit status and exec work as
 * with fork. A stop signal sent to the child before it execs or exits stays
 * pending (it cannot stop while its parent waits for it): a child that
 * stops itself and exits just exits; one that execs stops in the new
 * program. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static volatile int shared = 1;
static volatile long child_done_ms;
static volatile int child_ppid;

int main(void) {
  /* The child's store is the parent's memory. */
  fflush(stdout);
  pid_t pid = vfork();
  if (pid == 0) {
    shared = 2;
    child_ppid = getppid();
    _exit(7);
  }
  CHECK(pid > 0 && shared == 2, "the parent sees the vfork child's store (shared = %d)", shared);
  CHECK(child_ppid == getpid(), "the child's parent is this process (%d)", child_ppid);
  int st = 0;
  CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7, "its exit status is 7 (%#x)", st);

  /* The parent waits until the child exits: the child computes for a while
   * first, and its last store is already there when the parent goes on. */
  long t0 = now_ms();
  pid = vfork();
  if (pid == 0) {
    volatile unsigned long sink = 0;
    while (now_ms() - t0 < 300)
      for (int i = 0; i < 1000; i++) sink += i;
    child_done_ms = now_ms();
    shared = 3;
    _exit(0);
  }
  long back = now_ms();
  CHECK(shared == 3 && child_done_ms >= t0 + 300 && back >= child_done_ms,
        "the parent ran only after the child was done (%ld ms later)", back - t0);
  waitpid(pid, &st, 0);

  /* vfork then exec: the parent goes on once the child has exec'd; the
   * program runs and exits with its own status. */
  int p[2];
  pipe(p);
  shared = 1;
  pid = vfork();
  if (pid == 0) {
    shared = 4;
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    execl("/bin/echo", "echo", "exec", "after", "vfork", (char *)NULL);
    _exit(127);
  }
  close(p[1]);
  char buf[64];
  int total = 0, n;
  while ((n = read(p[0], buf + total, sizeof(buf) - 1 - total)) > 0) total += n;
  buf[total] = 0;
  close(p[0]);
  CHECK(shared == 4, "the store before exec is seen too (shared = %d)", shared);
  CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0 && strcmp(buf, "exec after vfork\n") == 0,
        "the exec'd program ran (\"%s\", status %#x)", buf, st);

  /* A failed exec leaves the child in the parent's memory; it then exits. */
  pid = vfork();
  if (pid == 0) {
    execl("/no/such/program", "x", (char *)NULL);
    shared = errno;
    _exit(5);
  }
  CHECK(shared == ENOENT, "a failed exec in the child: errno %d seen by the parent", shared);
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5, "and the child exits 5 (%#x)", st);

  /* Many in a row: nothing leaks. */
  int ok = 1;
  for (int i = 0; i < 50 && ok; i++) {
    pid = vfork();
    if (pid == 0) _exit(i & 0x7f);
    ok = pid > 0 && waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == (i & 0x7f);
  }
  CHECK(ok, "50 vforks in a row");

  /* A vfork child that sends itself SIGSTOP does not stop (its parent would
   * wait for it for ever): the signal stays pending and the child exits. */
  fflush(stdout);
  pid = vfork();
  if (pid == 0) {
    kill(getpid(), SIGSTOP);
    kill(getpid(), SIGTSTP);
    _exit(7);
  }
  st = 0;
  CHECK(pid > 0 && waitpid(pid, &st, WUNTRACED) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7,
        "a vfork child's SIGSTOP waits; the child exits 7 (status %#x)", st);

  /* ... and once it has exec'd, the pending stop acts: the new program is
   * stopped, and runs when continued. */
  pipe(p);
  pid = vfork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    kill(getpid(), SIGSTOP);
    execl("/bin/echo", "echo", "continued", (char *)NULL);
    _exit(127);
  }
  close(p[1]);
  st = 0;
  pid_t w = waitpid(pid, &st, WUNTRACED);
  CHECK(w == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "after exec the pending SIGSTOP stops it (status %#x)",
        st);
  kill(pid, SIGCONT);
  total = 0;
  while ((n = read(p[0], buf + total, sizeof(buf) - 1 - total)) > 0) total += n;
  buf[total] = 0;
  close(p[0]);
  CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && strcmp(buf, "continued\n") == 0,
        "continued, the program runs (\"%s\", status %#x)", buf, st);
  return DONE("vfork");
}
