/* Processes: fork children that exit with known statuses and wait for them;
 * parent and child ids; a child's writes through a pipe; exec of /bin/echo. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define KIDS 5

int main(void) {
  pid_t me = getpid();
  pid_t kids[KIDS];
  int p[2];
  CHECK(me > 0, "getpid %d", me);
  CHECK(getppid() > 0, "getppid %d", getppid());

  for (int i = 0; i < KIDS; i++) {
    fflush(stdout);
    kids[i] = fork();
    if (kids[i] == 0) {
      /* child */
      if (getppid() != me) _exit(100);
      _exit(10 + i);
    }
    CHECK(kids[i] > 0 && kids[i] != me, "fork child %d: pid %d", i, kids[i]);
  }
  /* wait for the last one by pid, then the rest in any order */
  int st;
  pid_t r = waitpid(kids[KIDS - 1], &st, 0);
  CHECK(r == kids[KIDS - 1] && WIFEXITED(st) && WEXITSTATUS(st) == 10 + KIDS - 1,
        "waitpid(last) gives exit status %d", WEXITSTATUS(st));
  int seen = 0;
  for (int n = 0; n < KIDS - 1; n++) {
    r = wait(&st);
    for (int i = 0; i < KIDS - 1; i++) {
      if (r == kids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 10 + i) seen |= 1 << i;
    }
  }
  CHECK(seen == (1 << (KIDS - 1)) - 1, "wait collects the other %d with the right statuses", KIDS - 1);
  CHECK(wait(&st) < 0 && errno == ECHILD, "no children left: ECHILD");

  /* WNOHANG while the child is still blocked */
  CHECK(pipe(p) == 0, "pipe");
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    char b;
    close(p[1]);
    read(p[0], &b, 1); /* wait for the parent's go */
    _exit(b == 'g' ? 42 : 1);
  }
  close(p[0]);
  CHECK(waitpid(c, &st, WNOHANG) == 0, "WNOHANG: child still running");
  write(p[1], "g", 1);
  close(p[1]);
  CHECK(waitpid(c, &st, 0) == c && WEXITSTATUS(st) == 42, "child saw the byte and exited 42");

  /* a child writes into a pipe the parent reads */
  CHECK(pipe(p) == 0, "pipe");
  fflush(stdout);
  c = fork();
  if (c == 0) {
    close(p[0]);
    for (int i = 0; i < 100; i++) write(p[1], "0123456789", 10);
    _exit(0);
  }
  close(p[1]);
  int total = 0, n;
  char buf[256];
  while ((n = read(p[0], buf, sizeof(buf))) > 0) total += n;
  close(p[0]);
  CHECK(total == 1000 && waitpid(c, &st, 0) == c && WEXITSTATUS(st) == 0, "1000 bytes from the child");

  /* exec */
  CHECK(pipe(p) == 0, "pipe");
  fflush(stdout);
  c = fork();
  if (c == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    char *argv[] = {"echo", "exec", "works", NULL};
    execv("/bin/echo", argv);
    _exit(99);
  }
  close(p[1]);
  total = 0;
  while ((n = read(p[0], buf + total, sizeof(buf) - 1 - total)) > 0) total += n;
  buf[total] = 0;
  close(p[0]);
  CHECK(waitpid(c, &st, 0) == c && WEXITSTATUS(st) == 0 && strcmp(buf, "exec works\n") == 0,
        "exec /bin/echo printed \"exec works\"");

  /* vfork + exit */
  fflush(stdout);
  c = vfork();
  if (c == 0) _exit(7);
  CHECK(c > 0 && waitpid(c, &st, 0) == c && WEXITSTATUS(st) == 7, "vfork child exits 7");
  return DONE("forkwait");
}
