/* select on pipes and the console, with timeouts in emulated time.
 *
 * An empty pipe is not readable and select waits out its timeout (to the
 * clock tick); data, or the last writer closing, makes it readable; a full
 * pipe is not writable. nfds = FD_SETSIZE (256, more than the descriptor
 * table) is accepted, as in 4.3BSD. A zero timeout polls; a descriptor that
 * is not open is EBADF; a signal interrupts the wait (EINTR). The console is
 * writable, and not readable when nothing has been typed. Many selects that
 * return early leave no timeouts behind (test/kernel/select.test.ts looks at
 * the kernel's callout list after this program). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>

#include "check.h"

/* select on one descriptor for reading (or writing), with a timeout in ms (-1: none); the set comes back in *ready. */
static int sel1(int fd, int write, long ms, int *ready, long *took) {
  fd_set s;
  FD_ZERO(&s);
  FD_SET(fd, &s);
  struct timeval tv;
  tv.tv_sec = ms / 1000;
  tv.tv_usec = (ms % 1000) * 1000;
  long t0 = now_ms();
  int r = select(fd + 1, write ? NULL : &s, write ? &s : NULL, NULL, ms < 0 ? NULL : &tv);
  if (took) *took = now_ms() - t0;
  if (ready) *ready = FD_ISSET(fd, &s);
  return r;
}

static volatile int alrm;
static void on_alrm(int sig) {
  (void)sig;
  alrm++;
}

int main(void) {
  int p[2];
  pipe(p);
  int ready;
  long took;

  /* 1. Timeouts on an empty pipe. */
  int r = sel1(p[0], 0, 200, &ready, &took);
  CHECK(r == 0 && !ready, "empty pipe: select times out (%d)", r);
  CHECK(took >= 190 && took <= 220, "after 200 ms of emulated time (%ld ms)", took);
  r = sel1(p[0], 0, 1000, &ready, &took);
  CHECK(r == 0 && took >= 990 && took <= 1020, "a 1 s timeout takes 1 s (%ld ms)", took);
  r = sel1(p[0], 0, 0, &ready, &took);
  CHECK(r == 0 && took <= 10, "a zero timeout polls (%ld ms)", took);

  /* 2. Readable and writable. */
  write(p[1], "x", 1);
  r = sel1(p[0], 0, 1000, &ready, &took);
  CHECK(r == 1 && ready && took <= 10, "with data: readable at once (%d, %ld ms)", r, took);
  r = sel1(p[1], 1, 1000, &ready, &took);
  CHECK(r == 1 && ready, "the write end is writable (%d)", r);
  fd_set rs, ws;
  FD_ZERO(&rs);
  FD_ZERO(&ws);
  FD_SET(p[0], &rs);
  FD_SET(p[1], &ws);
  r = select(FD_SETSIZE, &rs, &ws, NULL, NULL);
  CHECK(r == 2 && FD_ISSET(p[0], &rs) && FD_ISSET(p[1], &ws), "nfds = FD_SETSIZE (%d) is accepted: %d (%s)",
        FD_SETSIZE, r, r < 0 ? strerror(errno) : "ok");

  /* 3. A full pipe is not writable; reading makes it so. */
  char buf[4096];
  memset(buf, 'y', sizeof(buf));
  fcntl(p[1], F_SETFL, O_NDELAY);
  while (write(p[1], buf, sizeof(buf)) > 0) {
  }
  while (write(p[1], buf, 1) > 0) {
  }
  fcntl(p[1], F_SETFL, 0);
  r = sel1(p[1], 1, 100, &ready, &took);
  CHECK(r == 0 && !ready && took >= 90, "a full pipe is not writable (%d, %ld ms)", r, took);
  read(p[0], buf, sizeof(buf));
  r = sel1(p[1], 1, 100, &ready, &took);
  CHECK(r == 1 && ready, "drained, it is writable again (%d)", r);
  while (sel1(p[0], 0, 0, NULL, NULL) == 1) read(p[0], buf, sizeof(buf));

  /* 4. Many early returns with a long timeout (each one's callout must go). */
  write(p[1], "z", 1);
  int ok = 0;
  for (int i = 0; i < 300; i++)
    if (sel1(p[0], 0, 10000, NULL, NULL) == 1) ok++;
  CHECK(ok == 300, "300 selects with a 10 s timeout return at once (%d)", ok);
  read(p[0], buf, 1);

  /* 5. The last writer closing: readable (end of file). */
  close(p[1]);
  r = sel1(p[0], 0, 1000, &ready, &took);
  CHECK(r == 1 && ready && took <= 10, "no writer left: readable (%d)", r);
  close(p[0]);

  /* 6. Errors and signals. */
  fd_set bad;
  FD_ZERO(&bad);
  FD_SET(40, &bad);
  errno = 0;
  r = select(41, &bad, NULL, NULL, NULL);
  CHECK(r == -1 && errno == EBADF, "a descriptor that is not open: %d, errno %d (EBADF)", r, errno);
  struct sigvec sv;
  memset(&sv, 0, sizeof(sv));
  sv.sv_handler = on_alrm;
  sv.sv_flags = SV_INTERRUPT;
  sigvec(SIGALRM, &sv, NULL);
  struct itimerval it;
  memset(&it, 0, sizeof(it));
  it.it_value.tv_usec = 100000;
  setitimer(ITIMER_REAL, &it, NULL);
  pipe(p);
  errno = 0;
  r = sel1(p[0], 0, 2000, &ready, &took);
  CHECK(r == -1 && errno == EINTR && alrm == 1, "SIGALRM interrupts select: %d, errno %d", r, errno);
  CHECK(took >= 90 && took <= 120, "after 100 ms (%ld ms)", took);
  close(p[0]);
  close(p[1]);

  /* 7. The console: writable once its output has drained to the low-water
   * mark (4.3BSD's ttselect: 125 bytes at 9600 baud, which this test's own
   * report may take a while to reach); nothing typed, so not readable. */
  r = sel1(1, 1, 3000, &ready, &took);
  CHECK(r == 1 && ready, "the console is writable (%d)", r);
  r = sel1(0, 0, 300, &ready, &took);
  CHECK(r == 0 && !ready && took >= 290 && took <= 320, "nothing typed: the console times out (%d, %ld ms)", r,
        took);
  return DONE("select");
}
