/* restart: which interrupted system calls start again (4.3BSD, SunOS 4).
 *
 * A caught signal that interrupts a read or write that has moved nothing
 * yet, an ioctl or a wait makes the call start again once the handler
 * returns (the kernel backs the PC up to the trap) — with signal(), with
 * sigvec() without SV_INTERRUPT, and with sigaction() and SA_RESTART. With
 * SV_INTERRUPT (or siginterrupt(sig, 1)), or sigaction() without
 * SA_RESTART, the call fails with EINTR. select and sigpause are never
 * started again. One check of each kind per call: read of an empty pipe,
 * write to a full pipe, an ioctl that waits for the console's output to
 * drain (tcdrain), wait4 for a child that takes its time. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"

static volatile int caught;
static void on_alrm(int sig) {
  (void)sig;
  caught++;
}

/* SIGALRM after ms milliseconds. */
static void alarm_ms(long ms) {
  struct itimerval it;
  memset(&it, 0, sizeof(it));
  it.it_value.tv_sec = ms / 1000;
  it.it_value.tv_usec = (ms % 1000) * 1000;
  setitimer(ITIMER_REAL, &it, NULL);
}

enum how { SIGNAL, SIGVEC, SIGVEC_INTR, SIGINTERRUPT, SA_RESTARTS, SA_PLAIN };
static const char *const hows[] = {"signal()", "sigvec()", "sigvec(SV_INTERRUPT)", "siginterrupt(1)",
                                   "sigaction(SA_RESTART)", "sigaction() without SA_RESTART"};

static void install(enum how h) {
  struct sigvec sv;
  struct sigaction sa;
  memset(&sv, 0, sizeof(sv));
  memset(&sa, 0, sizeof(sa));
  sv.sv_handler = on_alrm;
  sa.sa_handler = on_alrm;
  switch (h) {
  case SIGNAL: signal(SIGALRM, on_alrm); break;
  case SIGVEC: sigvec(SIGALRM, &sv, NULL); break;
  case SIGVEC_INTR:
    sv.sv_flags = SV_INTERRUPT;
    sigvec(SIGALRM, &sv, NULL);
    break;
  case SIGINTERRUPT:
    signal(SIGALRM, on_alrm);
    siginterrupt(SIGALRM, 1);
    break;
  case SA_RESTARTS:
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    break;
  case SA_PLAIN: sigaction(SIGALRM, &sa, NULL); break;
  }
}

static int restarts(enum how h) { return h == SIGNAL || h == SIGVEC || h == SA_RESTARTS; }

/* A writer that fills p[1] after `ms` milliseconds, in a child. */
static pid_t later(int fd, long ms, const char *what) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    msleep(ms);
    write(fd, what, strlen(what));
    _exit(0);
  }
  return pid;
}

/* read: the pipe is empty when SIGALRM comes at 100 ms; a child writes at 300 ms. */
static void read_case(enum how h) {
  int p[2];
  char buf[8] = {0};
  pipe(p);
  install(h);
  caught = 0;
  pid_t w = later(p[1], 300, "late");
  alarm_ms(100);
  errno = 0;
  int n = read(p[0], buf, sizeof(buf));
  if (restarts(h))
    CHECK(n == 4 && caught == 1 && memcmp(buf, "late", 4) == 0, "read with %s: restarted, got the data (%d, %d)",
          hows[h], n, caught);
  else
    CHECK(n == -1 && errno == EINTR && caught == 1, "read with %s: EINTR (%d, errno %d)", hows[h], n, errno);
  waitpid(w, NULL, 0);
  close(p[0]);
  close(p[1]);
}

/* write: the pipe is full; SIGALRM at 100 ms; a child reads it all at 300 ms. */
static void write_case(enum how h) {
  int p[2];
  static char full[4096];
  pipe(p);
  write(p[1], full, sizeof(full));
  install(h);
  caught = 0;
  fflush(stdout);
  pid_t r = fork();
  if (r == 0) {
    char buf[4096];
    close(p[1]);
    msleep(300);
    while (read(p[0], buf, sizeof(buf)) > 0) continue;
    _exit(0);
  }
  alarm_ms(100);
  errno = 0;
  int n = write(p[1], "x", 1);
  if (restarts(h))
    CHECK(n == 1 && caught == 1, "write with %s: restarted, written (%d, %d)", hows[h], n, caught);
  else
    CHECK(n == -1 && errno == EINTR && caught == 1, "write with %s: EINTR (%d, errno %d)", hows[h], n, errno);
  close(p[1]);
  close(p[0]);
  waitpid(r, NULL, 0);
}

/* ioctl: tcdrain on the console waits while some 600 bytes go out at 9600 baud; SIGALRM at 50 ms. */
static void ioctl_case(enum how h) {
  char line[600];
  memset(line, ' ', sizeof(line));
  line[0] = '\r';
  line[sizeof(line) - 1] = '\r';
  install(h);
  caught = 0;
  write(1, line, sizeof(line));
  alarm_ms(50);
  long t0 = now_ms();
  errno = 0;
  int r = tcdrain(1);
  long took = now_ms() - t0;
  if (restarts(h))
    CHECK(r == 0 && caught == 1 && took > 100, "ioctl (tcdrain) with %s: restarted, drained (%d, %d, %ld ms)",
          hows[h], r, caught, took);
  else
    CHECK(r == -1 && errno == EINTR && caught == 1 && took < 100, "ioctl (tcdrain) with %s: EINTR (%d, errno %d)",
          hows[h], r, errno);
  tcdrain(1);
}

/* wait4: the child exits at 300 ms; SIGALRM at 100 ms. */
static void wait_case(enum how h) {
  install(h);
  caught = 0;
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    msleep(300);
    _exit(7);
  }
  alarm_ms(100);
  int st = 0;
  errno = 0;
  pid_t w = wait4(c, &st, 0, NULL);
  if (restarts(h)) {
    CHECK(w == c && WIFEXITED(st) && WEXITSTATUS(st) == 7 && caught == 1,
          "wait4 with %s: restarted, the child collected (%d, %#x)", hows[h], w, st);
  } else {
    CHECK(w == -1 && errno == EINTR && caught == 1, "wait4 with %s: EINTR (%d, errno %d)", hows[h], w, errno);
    waitpid(c, NULL, 0);
  }
}

int main(void) {
  enum how all[] = {SIGNAL, SIGVEC, SIGVEC_INTR, SIGINTERRUPT, SA_RESTARTS, SA_PLAIN};
  for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
    read_case(all[i]);
    write_case(all[i]);
    ioctl_case(all[i]);
    wait_case(all[i]);
  }

  /* Never restarted, even with SA_RESTART: select and sigpause. */
  install(SA_RESTARTS);
  caught = 0;
  alarm_ms(100);
  struct timeval tv = {2, 0};
  errno = 0;
  int r = select(0, NULL, NULL, NULL, &tv);
  CHECK(r == -1 && errno == EINTR && caught == 1, "select is not restarted: EINTR (%d, errno %d)", r, errno);
  caught = 0;
  alarm_ms(100);
  errno = 0;
  r = sigpause(0);
  CHECK(r == -1 && errno == EINTR && caught == 1, "sigpause is not restarted: EINTR (%d, errno %d)", r, errno);

  /* A write interrupted after moving some data returns its count (never restarted). */
  int p[2];
  static char big[6000];
  pipe(p);
  caught = 0;
  alarm_ms(100);
  int n = write(p[1], big, sizeof(big));
  CHECK(n == 4096 && caught == 1, "a write cut short after 4096 bytes returns 4096 (%d)", n);
  close(p[0]);
  close(p[1]);

  /* The flags read back. */
  struct sigvec ov;
  install(SIGVEC_INTR);
  sigvec(SIGALRM, NULL, &ov);
  CHECK(ov.sv_flags & SV_INTERRUPT, "sigvec reports SV_INTERRUPT (%#x)", ov.sv_flags);
  struct sigaction oa;
  install(SA_RESTARTS);
  sigaction(SIGALRM, NULL, &oa);
  CHECK(oa.sa_flags & SA_RESTART, "sigaction reports SA_RESTART (%#x)", oa.sa_flags);
  install(SA_PLAIN);
  sigaction(SIGALRM, NULL, &oa);
  CHECK(!(oa.sa_flags & SA_RESTART), "and its absence (%#x)", oa.sa_flags);
  signal(SIGALRM, SIG_DFL);
  return DONE("restart");
}
