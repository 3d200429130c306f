/* session: sessions and process groups (POSIX.1, SunOS 4.1).
 *
 * setsid makes a new session and group led by the caller, with no
 * controlling terminal (/dev/tty is ENXIO, the console stays someone
 * else's: TIOCSCTTY EPERM), and is EPERM for a group leader. setpgid:
 * ESRCH for a process that is neither the caller nor its child, EPERM for
 * a session leader, for a group in another session, for a group that does
 * not exist; EACCES for a child that has exec'd; EINVAL for a negative
 * group. tcsetpgrp: ENOTTY on a terminal that is not the caller's, EPERM
 * for a group of another session. A group that an exit orphans, with a
 * stopped member, gets SIGHUP and SIGCONT — every member, running or not.
 * waitpid's pid and options: a child, any child (-1), one of the caller's
 * group (0), one of group g (-g); WNOHANG, WUNTRACED; ECHILD, EINVAL. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"

static int new_session(int fd, void *arg) {
  (void)arg;
  pid_t me = getpid();
  pid_t sid = setsid();
  char r[8] = "-------";
  r[0] = sid == me ? 'S' : 'x';
  r[1] = getpgrp() == me ? 'G' : 'x';
  errno = 0;
  r[2] = open("/dev/tty", O_RDWR) < 0 && errno == ENXIO ? 'N' : 'x';
  errno = 0;
  r[3] = setsid() < 0 && errno == EPERM ? 'P' : 'x'; /* now a group leader */
  errno = 0;
  r[4] = ioctl(0, TIOCSCTTY, 0) < 0 && errno == EPERM ? 'C' : 'x'; /* the console is session 1's */
  errno = 0;
  r[5] = setpgid(0, getppid()) < 0 && errno == EPERM ? 'L' : 'x'; /* a session leader stays */
  errno = 0;
  r[6] = tcsetpgrp(0, me) < 0 && errno == ENOTTY ? 'T' : 'x'; /* not its terminal any more */
  write(fd, r, 7);
  return 0;
}

static int leader_setsid(int fd, void *arg) {
  (void)arg;
  setpgid(0, 0);
  errno = 0;
  write(fd, getpgrp() == getpid() && setsid() < 0 && errno == EPERM ? "P" : "x", 1);
  return 0;
}

static volatile int hup;
static void on_hup(int sig) {
  (void)sig;
  hup++;
}

int main(void) {
  not_process_1();
  char got[16] = {0};
  int n;
  run_child(new_session, NULL, got, sizeof(got) - 1, &n);
  CHECK(got[0] == 'S', "setsid returns the new session id, the caller's pid (%s)", got);
  CHECK(got[1] == 'G', "the caller leads a new process group");
  CHECK(got[2] == 'N', "no controlling terminal: /dev/tty is ENXIO");
  CHECK(got[3] == 'P', "setsid again (a group leader now): EPERM");
  CHECK(got[4] == 'C', "TIOCSCTTY on a terminal of another session: EPERM");
  CHECK(got[5] == 'L', "setpgid of a session leader: EPERM");
  CHECK(got[6] == 'T', "tcsetpgrp on a terminal that is not its own: ENOTTY");

  /* setsid by a process group leader */
  memset(got, 0, sizeof(got));
  run_child(leader_setsid, NULL, got, sizeof(got) - 1, &n);
  CHECK(got[0] == 'P', "setsid by a group leader: EPERM (%s)", got);
  pid_t me = getpgrp(); /* this process's group, which its children join */

  /* setpgid's errors */
  errno = 0;
  CHECK(setpgid(1, 0) == -1 && errno == ESRCH, "setpgid of a process that is not a child: ESRCH");
  errno = 0;
  CHECK(setpgid(0, -1) == -1 && errno == EINVAL, "a negative group: EINVAL");
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    msleep(300);
    _exit(0);
  }
  errno = 0;
  CHECK(setpgid(c, 29999) == -1 && errno == EPERM, "a group that does not exist: EPERM (%d)", errno);
  CHECK(setpgid(c, c) == 0 && getpgrp() != c, "a child into a group of its own");
  CHECK(setpgid(c, me) == 0, "and back into the caller's");
  waitpid(c, NULL, 0);
  c = fork();
  if (c == 0) {
    execl("/bin/sleep", "sleep", "1", (char *)NULL);
    _exit(1);
  }
  msleep(200);
  errno = 0;
  CHECK(setpgid(c, c) == -1 && errno == EACCES, "a child that has exec'd: EACCES (%d)", errno);
  CHECK(setpgrp(c, c) == 0, "setpgrp (4.3BSD's) still moves it");
  waitpid(c, NULL, 0);

  /* tcgetpgrp, and tcsetpgrp to a group of another session */
  pid_t fg = tcgetpgrp(0);
  CHECK(fg > 0, "tcgetpgrp: %d", fg);
  int p[2];
  pipe(p);
  fflush(stdout);
  c = fork();
  if (c == 0) {
    setsid();
    write(p[1], "x", 1);
    msleep(1000);
    _exit(0);
  }
  char x;
  read(p[0], &x, 1);
  errno = 0;
  CHECK(tcsetpgrp(0, c) == -1 && errno == EPERM, "tcsetpgrp to a group of another session: EPERM (%d)", errno);
  errno = 0;
  CHECK(tcsetpgrp(p[0], fg) == -1 && errno == ENOTTY, "tcsetpgrp on a pipe: ENOTTY");
  kill(c, SIGKILL);
  waitpid(c, NULL, 0);
  close(p[0]);
  close(p[1]);

  /* waitpid */
  fflush(stdout);
  pid_t k1 = fork();
  if (k1 == 0) {
    setpgid(0, 0);
    msleep(200);
    _exit(11);
  }
  pid_t k2 = fork();
  if (k2 == 0) {
    msleep(100);
    _exit(12);
  }
  setpgid(k1, k1);
  int st = 0;
  CHECK(waitpid(-1, &st, WNOHANG) == 0, "WNOHANG with nothing to collect yet: 0");
  pid_t w = waitpid(0, &st, 0);
  CHECK(w == k2 && WEXITSTATUS(st) == 12, "pid 0: a child of the caller's group (%d, %d)", w, WEXITSTATUS(st));
  w = waitpid(-k1, &st, 0);
  CHECK(w == k1 && WEXITSTATUS(st) == 11, "pid -g: a child of group g (%d, %d)", w, WEXITSTATUS(st));
  errno = 0;
  CHECK(waitpid(-1, &st, 0) == -1 && errno == ECHILD, "no children left: ECHILD");
  errno = 0;
  CHECK(waitpid(1, &st, 0) == -1 && errno == ECHILD, "a process that is not a child: ECHILD");
  errno = 0;
  CHECK(waitpid(-1, &st, 0x40) == -1 && errno == EINVAL, "an unknown option: EINVAL");
  k1 = fork();
  if (k1 == 0) {
    kill(getpid(), SIGSTOP);
    _exit(13);
  }
  w = waitpid(k1, &st, WUNTRACED);
  CHECK(w == k1 && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "WUNTRACED reports a stop (%#x)", st);
  kill(k1, SIGCONT);
  w = waitpid(k1, &st, 0);
  CHECK(w == k1 && WIFEXITED(st) && WEXITSTATUS(st) == 13, "then its exit (%#x)", st);

  /* An orphaned group with a stopped member: B leads a group with C
   * (stopped) and D (running, catching SIGHUP), both B's children; B exits.
   * D gets SIGHUP too — POSIX's rule, not only 4.3BSD's for stopped
   * children — and reports it through the pipe. */
  pipe(p);
  fflush(stdout);
  pid_t b = fork();
  if (b == 0) {
    close(p[0]);
    setpgid(0, 0);
    pid_t cc = fork();
    if (cc == 0) {
      signal(SIGHUP, on_hup);
      kill(getpid(), SIGSTOP);
      write(p[1], "C", 1); /* continued */
      _exit(0);
    }
    pid_t d = fork();
    if (d == 0) {
      signal(SIGHUP, on_hup);
      for (int i = 0; i < 200 && !hup; i++) msleep(10);
      write(p[1], hup ? "D" : "d", 1);
      _exit(0);
    }
    waitpid(cc, &st, WUNTRACED);
    msleep(50);
    _exit(0); /* orphans the group */
  }
  close(p[1]);
  waitpid(b, NULL, 0);
  char buf[4] = {0};
  int total = 0;
  while (total < 2 && (n = read(p[0], buf + total, 2 - total)) > 0) total += n;
  close(p[0]);
  CHECK(total == 2 && strchr(buf, 'D') != NULL, "the running member of the orphaned group got SIGHUP (%s)", buf);
  CHECK(strchr(buf, 'C') != NULL, "the stopped one was continued (%s)", buf);
  return DONE("session");
}
