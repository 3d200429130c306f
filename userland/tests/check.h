/* Tiny test helpers shared by the programs in userland/tests: each check
 * prints a PASS or FAIL line; DONE() prints a summary and gives the exit
 * status (0 if everything passed); run_child() runs a function in a child
 * process and collects what it reports back; not_process_1() moves a test
 * that stops its children out of process 1; now_ms() and msleep() read and
 * wait out emulated time in milliseconds. */
#ifndef CHECK_H
#define CHECK_H
#include <stddef.h>
#include <stdio.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static int check_failures;
static int check_count;

#define CHECK(cond, ...)                      \
  do {                                        \
    check_count++;                            \
    if (cond) {                               \
      printf("PASS: ");                       \
    } else {                                  \
      check_failures++;                       \
      printf("FAIL: ");                       \
    }                                         \
    printf(__VA_ARGS__);                      \
    printf("\n");                             \
    fflush(stdout);                           \
  } while (0)

#define DONE(name)                                                                         \
  (printf("%s: %s (%d checks, %d failed)\n", name, check_failures ? "FAIL" : "PASS", check_count, \
          check_failures),                                                                 \
   fflush(stdout), check_failures ? 1 : 0)

/* Run fn(fd, arg) in a child process, fd being the write end of a pipe to
 * this one, and the child exits with what fn returns (fn may also exit or
 * exec itself). What the child writes to fd is collected in buf: the first
 * `size` bytes, and *got set to their number if got is not NULL; the rest is
 * read and dropped, so that the child never blocks. Returns the child's wait
 * status, once it has ended (-1 if there is no pipe or no child). */
static inline int run_child(int (*fn)(int fd, void *arg), void *arg, void *buf, int size, int *got) {
  int p[2];
  if (pipe(p) < 0) return -1;
  fflush(stdout); /* or the child would print the parent's buffered output again */
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    _exit(fn(p[1], arg));
  }
  close(p[1]);
  int total = 0, n;
  char drop[256];
  while (pid > 0) {
    int room = size - total;
    n = room > 0 ? read(p[0], (char *)buf + total, room) : read(p[0], drop, sizeof(drop));
    if (n <= 0) break;
    if (room > 0) total += n;
  }
  close(p[0]);
  if (got) *got = total;
  int st = -1;
  if (pid > 0) waitpid(pid, &st, 0);
  return st;
}

/* The time of day in milliseconds (emulated time, from gettimeofday). */
static inline long now_ms(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* Sleep for ms milliseconds, to the clock tick (a select timeout). */
static inline void msleep(long ms) {
  struct timeval tv;
  tv.tv_sec = ms / 1000;
  tv.tv_usec = (ms % 1000) * 1000;
  select(0, NULL, NULL, NULL, &tv);
}

/* As process 1 (the program `sun3lab run` starts), go on in a child and
 * leave with its status: the children of process 1 are killed, not
 * stopped, by the terminal's stop signals (4.3BSD), and a test that stops
 * its children on purpose needs a parent that is not process 1. */
static inline void not_process_1(void) {
  if (getpid() != 1) return;
  fflush(stdout);
  pid_t pid = fork();
  if (pid > 0) {
    int st = 0;
    while (waitpid(pid, &st, 0) != pid) continue;
    _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
  }
}

#endif
