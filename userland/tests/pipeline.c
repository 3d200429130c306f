/* Pipelines: three processes (writer | filter | this reader) pass 64 KB
 * through two pipes; the reader sees EOF once the last writer has closed;
 * a writer whose reader is gone gets SIGPIPE, or EPIPE with SIGPIPE ignored. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tests/check.h"

#define TOTAL (64 * 1024)

static int writeall(int fd, const char *b, int n) {
  while (n > 0) {
    int w = write(fd, b, n);
    if (w <= 0) return -1;
    b += w;
    n -= w;
  }
  return 0;
}

int main(void) {
  int a[2], b[2];
  CHECK(pipe(a) == 0 && pipe(b) == 0, "two pipes");
  fflush(stdout);
  pid_t w = fork();
  if (w == 0) {
    close(a[0]);
    close(b[0]);
    close(b[1]);
    char buf[1000];
    for (int sent = 0; sent < TOTAL; sent += (int)sizeof(buf)) {
      int n = TOTAL - sent < (int)sizeof(buf) ? TOTAL - sent : (int)sizeof(buf);
      for (int i = 0; i < n; i++) buf[i] = (char)((sent + i) % 251);
      if (writeall(a[1], buf, n) < 0) _exit(1);
    }
    _exit(0);
  }
  pid_t f = fork();
  if (f == 0) {
    close(a[1]);
    close(b[0]);
    char buf[700];
    int n;
    while ((n = read(a[0], buf, sizeof(buf))) > 0) {
      for (int i = 0; i < n; i++) buf[i] = (char)(buf[i] + 1);
      if (writeall(b[1], buf, n) < 0) _exit(1);
    }
    _exit(n < 0 ? 2 : 0);
  }
  CHECK(w > 0 && f > 0, "forked writer %d and filter %d", w, f);
  close(a[0]);
  close(a[1]);
  close(b[1]);
  long total = 0;
  int bad = 0;
  char buf[512];
  int n;
  while ((n = read(b[0], buf, sizeof(buf))) > 0) {
    for (int i = 0; i < n; i++)
      if (buf[i] != (char)((total + i) % 251 + 1)) bad++;
    total += n;
  }
  CHECK(n == 0, "EOF after the last writer closed (read %d)", n);
  CHECK(total == TOTAL, "%ld bytes through the pipeline", total);
  CHECK(bad == 0, "data intact (%d bad bytes)", bad);
  close(b[0]);
  int st;
  CHECK(waitpid(w, &st, 0) == w && WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer exited 0 (%#x)", st);
  CHECK(waitpid(f, &st, 0) == f && WIFEXITED(st) && WEXITSTATUS(st) == 0, "filter exited 0 (%#x)", st);

  /* SIGPIPE: the reader is gone */
  int p[2];
  pipe(p);
  close(p[0]);
  fflush(stdout);
  pid_t k = fork();
  if (k == 0) {
    write(p[1], "x", 1);
    _exit(errno == EPIPE ? 3 : 4);
  }
  close(p[1]);
  st = 0;
  waitpid(k, &st, 0);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "writer to a closed pipe killed by SIGPIPE (status %#x)", st);

  /* ...and EPIPE when SIGPIPE is ignored */
  void (*old)(int) = signal(SIGPIPE, SIG_IGN);
  CHECK(old != SIG_ERR, "signal(SIGPIPE, SIG_IGN) (%s)", old == SIG_ERR ? strerror(errno) : "ok");
  pipe(p);
  close(p[0]);
  errno = 0;
  long r = write(p[1], "x", 1);
  CHECK(r == -1 && errno == EPIPE, "write to a closed pipe: %ld, errno %d (EPIPE %d)", r, errno, EPIPE);
  close(p[1]);
  return DONE("pipeline");
}
