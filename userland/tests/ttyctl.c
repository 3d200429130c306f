/* ttyctl: the terminal and job control (4.3BSD's ttioctl and ttwrite), and
 * what is not a terminal.
 *
 * - A background process (in a process group other than the terminal's
 *   foreground group, on its controlling terminal) that changes the
 *   terminal — TIOCSETN, TIOCSPGRP, TIOCLBIS, TIOCFLUSH — is stopped by
 *   SIGTTOU before the change; made foreground and continued, it goes on.
 *   Reading the modes (TIOCGETP) is allowed. If it ignores or blocks
 *   SIGTTOU, or is a vfork child, the change is just made.
 * - The local mode word: TIOCLGET/TIOCLSET/TIOCLBIS/TIOCLBIC; with LTOSTOP
 *   a background write stops with SIGTTOU too, without it it is written.
 * - An orphan (adopted by init: its process group is orphaned) that would
 *   stop for SIGTTOU or SIGTTIN in the background gets EIO instead (POSIX);
 *   one sent SIGTSTP is killed rather than stopped (4.3BSD), since nobody
 *   would continue it.
 * - /dev/null is not a terminal: isatty is 0, terminal ioctls are ENOTTY,
 *   FIONBIO works. lseek on a terminal or /dev/null is allowed (the offset
 *   means nothing there).
 * Run as process 1 (sun3lab run), it does its work in a child, since the
 * background processes it makes must be able to stop. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

enum { OP_SETN, OP_SPGRP, OP_LBIS, OP_FLUSH, OP_WRITE, OP_GETP, OP_READ, OP_PAUSE };
enum { DEFAULT, IGNORE, BLOCK };
static const char *const op_names[] = {"TIOCSETN", "TIOCSPGRP", "TIOCLBIS", "TIOCFLUSH",
                                       "write",    "TIOCGETP",  "read",     "pause"};

static int fg;             /* the terminal's foreground group: ours */
static struct sgttyb modes; /* the modes at the start, put back after each change */
static int local;

/* Hand the terminal to pgrp from wherever we are, as a shell does: with
 * SIGTTOU ignored, or the kernel would stop us for it in the background. */
static void give(int pgrp) {
  void (*old)(int) = signal(SIGTTOU, SIG_IGN);
  ioctl(0, TIOCSPGRP, &pgrp);
  signal(SIGTTOU, old);
}

static void restore(void) {
  give(fg);
  ioctl(0, TIOCSETN, &modes);
  ioctl(0, TIOCLSET, &local);
}

static int do_op(int op) {
  struct sgttyb sg;
  int arg;
  char c;
  switch (op) {
  case OP_SETN:
    if (ioctl(0, TIOCGETP, &sg) < 0) return -1;
    sg.sg_erase = 'X';
    return ioctl(0, TIOCSETN, &sg);
  case OP_SPGRP:
    arg = getpgrp();
    return ioctl(0, TIOCSPGRP, &arg);
  case OP_LBIS:
    arg = LCRTBS;
    return ioctl(0, TIOCLBIS, &arg);
  case OP_FLUSH:
    arg = 1; /* FREAD: the typed input only (the output is this test's report) */
    return ioctl(0, TIOCFLUSH, &arg);
  case OP_WRITE:
    return write(1, "(a background write)\n", 21) == 21 ? 0 : -1;
  case OP_GETP:
    return ioctl(0, TIOCGETP, &sg);
  case OP_READ:
    return read(0, &c, 1) >= 0 ? 0 : -1;
  default:
    pause();
    return 0;
  }
}

/* A child in a process group of its own — so in the background — doing op,
 * with SIGTTOU left alone, ignored or blocked; it exits 0 if op worked. */
static pid_t bg(int op, int how, int use_vfork) {
  fflush(stdout);
  pid_t pid = use_vfork ? vfork() : fork();
  if (pid == 0) {
    setpgrp(0, getpid());
    if (how == IGNORE) signal(SIGTTOU, SIG_IGN);
    if (how == BLOCK) sigblock(sigmask(SIGTTOU));
    _exit(do_op(op) == 0 ? 0 : 1);
  }
  setpgrp(pid, pid);
  return pid;
}

/* The background child must stop with SIGTTOU before op is done; then, in
 * the foreground and continued, do it. */
static void stops(int op) {
  pid_t pid = bg(op, DEFAULT, 0);
  int st = 0, st2 = 0;
  pid_t w = wait4(pid, &st, WUNTRACED, NULL);
  struct sgttyb now;
  int lnow = 0;
  ioctl(0, TIOCGETP, &now);
  ioctl(0, TIOCLGET, &lnow);
  int unchanged = now.sg_erase == modes.sg_erase && lnow == local;
  int tpgrp = -1;
  ioctl(0, TIOCGPGRP, &tpgrp);
  give(pid);
  kill(pid, SIGCONT);
  pid_t w2 = waitpid(pid, &st2, 0);
  restore();
  CHECK(w == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU && unchanged && tpgrp == fg,
        "background %s: stopped by SIGTTOU before it (status %#x, terminal unchanged %d)", op_names[op], st,
        unchanged);
  CHECK(w2 == pid && WIFEXITED(st2) && WEXITSTATUS(st2) == 0, "  in the foreground, continued, it is done (%#x)",
        st2);
}

/* The background child does op without stopping. */
static void goes(int op, int how, int use_vfork, const char *why) {
  pid_t pid = bg(op, how, use_vfork);
  int st = 0;
  pid_t w = wait4(pid, &st, WUNTRACED, NULL);
  if (w == pid && WIFSTOPPED(st)) {
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
  }
  struct sgttyb now;
  ioctl(0, TIOCGETP, &now);
  restore();
  int changed = op != OP_SETN || now.sg_erase == 'X';
  CHECK(w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0 && changed, "background %s %s: done, no stop (status %#x)",
        op_names[op], why, st);
}

/* An orphan — its parent has exited, so init adopted it — in the
 * background doing op: it must not stop (it would never be continued).
 * Returns 'D' if it died, 'E' if op failed with EIO, 'S' if op was done. */
static int orphan_fate(int op) {
  int p[2];
  pipe(p);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    pid_t g = fork();
    if (g == 0) {
      close(p[0]);
      setpgrp(0, getpid());
      for (int i = 0; i < 100 && getppid() != 1; i++) msleep(10);
      pid_t me = getpid();
      write(p[1], &me, sizeof(me));
      int r = do_op(op);
      write(p[1], r < 0 && errno == EIO ? "E" : "S", 1);
      msleep(5000);
      _exit(0);
    }
    _exit(0);
  }
  close(p[1]);
  waitpid(c, NULL, 0);
  pid_t g = 0;
  read(p[0], &g, sizeof(g));
  if (op == OP_PAUSE) {
    msleep(100);
    kill(g, SIGTSTP);
  }
  /* End of file (it died holding the pipe) within 3 seconds. */
  fd_set r;
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  struct timeval tv = {3, 0};
  char b = 0;
  int n = select(p[0] + 1, &r, NULL, NULL, &tv) == 1 ? read(p[0], &b, 1) : -1;
  kill(g, SIGKILL);
  close(p[0]);
  return n == 0 ? 'D' : n == 1 ? b : '?';
}

int main(void) {
  not_process_1(); /* this test stops some of its children */

  /* /dev/null */
  int nul = open("/dev/null", O_RDWR, 0);
  CHECK(nul >= 0 && !isatty(nul), "/dev/null is not a terminal (isatty %d)", nul >= 0 ? isatty(nul) : -1);
  struct sgttyb sg;
  errno = 0;
  CHECK(ioctl(nul, TIOCGETP, &sg) == -1 && errno == ENOTTY, "TIOCGETP on /dev/null: ENOTTY (errno %d)", errno);
  int g = getpgrp();
  errno = 0;
  CHECK(ioctl(nul, TIOCSPGRP, &g) == -1 && errno == ENOTTY, "TIOCSPGRP on /dev/null: ENOTTY (errno %d)", errno);
  int on = 1;
  CHECK(ioctl(nul, FIONBIO, &on) == 0, "FIONBIO on /dev/null works");
  CHECK(lseek(nul, 100, SEEK_SET) == 100, "lseek on /dev/null");
  close(nul);

  /* the terminal */
  CHECK(isatty(0) && ioctl(0, TIOCGPGRP, &fg) == 0 && fg == getpgrp(), "the console is ours, in the foreground (%d)",
        fg);
  ioctl(0, TIOCGETP, &modes);
  CHECK(ioctl(0, TIOCLGET, &local) == 0 && (local & LTOSTOP) == 0, "TIOCLGET: %#x, no LTOSTOP", local);
  CHECK(lseek(1, 0, SEEK_SET) == 0, "lseek on the terminal is allowed");
  int bits = LTOSTOP, got = 0;
  ioctl(0, TIOCLBIS, &bits);
  ioctl(0, TIOCLGET, &got);
  int set = got;
  ioctl(0, TIOCLBIC, &bits);
  ioctl(0, TIOCLGET, &got);
  int cleared = got;
  bits = LCRTBS | LCTLECH;
  ioctl(0, TIOCLSET, &bits);
  ioctl(0, TIOCLGET, &got);
  ioctl(0, TIOCLSET, &local);
  CHECK(set == (local | LTOSTOP) && cleared == local && got == (LCRTBS | LCTLECH),
        "TIOCLBIS, TIOCLBIC, TIOCLSET (%#x %#x %#x)", set, cleared, got);

  /* changes from the background stop with SIGTTOU */
  stops(OP_SETN);
  stops(OP_SPGRP);
  stops(OP_LBIS);
  stops(OP_FLUSH);
  goes(OP_GETP, DEFAULT, 0, "(only reads)");
  goes(OP_SETN, IGNORE, 0, "with SIGTTOU ignored");
  goes(OP_SETN, BLOCK, 0, "with SIGTTOU blocked");
  goes(OP_SETN, DEFAULT, 1, "by a vfork child");

  /* LTOSTOP */
  goes(OP_WRITE, DEFAULT, 0, "without LTOSTOP");
  bits = LTOSTOP;
  ioctl(0, TIOCLBIS, &bits);
  local |= LTOSTOP; /* (restore() keeps it on for this one) */
  stops(OP_WRITE);
  local &= ~LTOSTOP;
  restore();

  /* children of init: EIO instead of a stop for SIGTTOU and SIGTTIN, killed by SIGTSTP */
  int fate = orphan_fate(OP_SETN);
  CHECK(fate == 'E', "an orphan changing the terminal from the background gets EIO (%c)", fate);
  fate = orphan_fate(OP_READ);
  CHECK(fate == 'E', "an orphan reading the terminal from the background gets EIO (%c)", fate);
  fate = orphan_fate(OP_PAUSE);
  CHECK(fate == 'D', "an orphan sent SIGTSTP is killed (%c)", fate);
  restore();
  return DONE("ttyctl");
}
