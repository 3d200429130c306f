/* Pipe writes of up to PIPE_BUF bytes are atomic with several writers.
 *
 * Four children write 40 records each into one pipe — records of 1000
 * bytes, then of exactly PIPE_BUF (4096) bytes — while the parent reads
 * slowly in pieces of odd sizes, so the writers spend their time blocked on
 * a full pipe. Every record must arrive whole (never interleaved with
 * another writer's bytes) and each writer's records in order. A write that
 * a signal interrupts after part of its data went in returns the count
 * written (4.3BSD); one that wrote nothing fails with EINTR. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tests/check.h"

#define PIPE_BUF 4096
#define WRITERS 4
#define RECORDS 40

static char rec[PIPE_BUF], got[PIPE_BUF];

/* A record: byte 0 the writer, byte 1 its sequence number, the rest the writer again. */
static void make(int w, int seq, int size) {
  memset(rec, 'A' + w, size);
  rec[1] = (char)seq;
}

static int run(int size) {
  int p[2];
  pipe(p);
  fflush(stdout);
  pid_t kids[WRITERS];
  for (int w = 0; w < WRITERS; w++) {
    kids[w] = fork();
    if (kids[w] == 0) {
      close(p[0]);
      for (int i = 0; i < RECORDS; i++) {
        make(w, i, size);
        if (write(p[1], rec, size) != size) _exit(1);
      }
      _exit(0);
    }
  }
  close(p[1]);
  int next[WRITERS] = {0}, have = 0, records = 0, torn = 0, order = 0, n;
  static const int pieces[] = {700, 1, 333, 2048, 4096, 17};
  for (int k = 0;; k++) {
    int want = pieces[k % 6];
    if (want > size - have) want = size - have;
    n = read(p[0], got + have, want);
    if (n <= 0) break;
    have += n;
    if (have < size) continue;
    int w = got[0] - 'A';
    if (w < 0 || w >= WRITERS) torn++;
    else {
      for (int i = 2; i < size; i++)
        if (got[i] != got[0]) {
          torn++;
          break;
        }
      if (got[1] != (char)next[w]) order++;
      next[w]++;
    }
    records++;
    have = 0;
  }
  int ok = 0, st;
  for (int w = 0; w < WRITERS; w++)
    if (waitpid(kids[w], &st, 0) == kids[w] && WIFEXITED(st) && WEXITSTATUS(st) == 0) ok++;
  close(p[0]);
  CHECK(records == WRITERS * RECORDS && have == 0, "%d-byte records: %d of %d arrived (%d bytes left over)", size,
        records, WRITERS * RECORDS, have);
  CHECK(torn == 0, "%d-byte records: none interleaved (%d torn)", size, torn);
  CHECK(order == 0, "%d-byte records: each writer's in order (%d out of order)", size, order);
  CHECK(ok == WRITERS, "all %d writers wrote everything (%d)", WRITERS, ok);
  return 0;
}

static volatile int alrm;
static void on_alrm(int sig) {
  (void)sig;
  alrm++;
}

static void alarm_ms(long ms) {
  struct itimerval it;
  memset(&it, 0, sizeof(it));
  it.it_value.tv_usec = ms * 1000;
  setitimer(ITIMER_REAL, &it, NULL);
}

int main(void) {
  run(1000);
  run(PIPE_BUF);

  /* Interrupted writes. */
  struct sigvec sv;
  memset(&sv, 0, sizeof(sv));
  sv.sv_handler = on_alrm;
  sv.sv_flags = SV_INTERRUPT;
  sigvec(SIGALRM, &sv, NULL);
  static char big[10000];
  int p[2];
  pipe(p);
  alarm_ms(100);
  errno = 0;
  int n = write(p[1], big, sizeof(big));
  CHECK(n == PIPE_BUF && alrm == 1, "a 10000-byte write interrupted after %d bytes returns %d (errno %d)", PIPE_BUF, n,
        errno);
  alarm_ms(100);
  errno = 0;
  n = write(p[1], big, 100);
  CHECK(n == -1 && errno == EINTR && alrm == 2, "one interrupted before writing anything fails with EINTR (%d, %d)", n,
        errno);
  int total = 0;
  char buf[512];
  close(p[1]);
  while ((n = read(p[0], buf, sizeof(buf))) > 0) total += n;
  CHECK(total == PIPE_BUF, "the reader finds exactly the bytes reported written (%d)", total);
  close(p[0]);
  return DONE("pipeatom");
}
