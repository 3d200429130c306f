/* What the fuzzers (sysfuzz, insfuzz) share: a seeded generator whose
 * numbers for case k depend only on the seed and k, so that any case can be
 * made again by itself; the command line (-v SEED COUNT [FIRST]); and the
 * supervision of disposable worker processes, in emulated time: a worker
 * that hangs is killed, and whatever it left behind is killed and reaped,
 * each within a bound, so that nothing a worker does can stop a campaign. */
#ifndef FUZZ_H
#define FUZZ_H
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static unsigned fz_state;

/* Start the numbers of case k of campaign `seed` (a 32-bit mix of both). */
static void fz_case(unsigned seed, unsigned k) {
  unsigned h = seed * 0x9e3779b1u ^ (k + 0x7f4a7c15u) * 0x85ebca6bu;
  h ^= h >> 16;
  h *= 0x7feb352du;
  h ^= h >> 15;
  h *= 0x846ca68bu;
  h ^= h >> 16;
  fz_state = h ? h : 1;
}

/* The next number (xorshift32). */
static unsigned fz_rand(void) {
  unsigned x = fz_state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return fz_state = x;
}

/* A number from 0 to n-1. */
static unsigned fz_below(unsigned n) { return fz_rand() % n; }

/* One of the n values of `tab`. */
#define FZ_PICK(tab) ((tab)[fz_below(sizeof(tab) / sizeof((tab)[0]))])

/* The command line of a fuzzer: [-v] [SEED [COUNT [FIRST]]]. */
struct fz_args {
  int verbose;
  unsigned seed, count, first;
};

static void fz_parse(int argc, char **argv, struct fz_args *a, unsigned count) {
  a->verbose = 0;
  a->seed = 1;
  a->count = count;
  a->first = 0;
  int i = 1;
  if (i < argc && strcmp(argv[i], "-v") == 0) {
    a->verbose = 1;
    i++;
  }
  if (i < argc) a->seed = (unsigned)strtoul(argv[i++], NULL, 0);
  if (i < argc) a->count = (unsigned)strtoul(argv[i++], NULL, 0);
  if (i < argc) a->first = (unsigned)strtoul(argv[i++], NULL, 0);
}

/* Reap children, waiting up to ms milliseconds (emulated) for `pid` (if it
 * is above 0) to be among them, else until none is left. Returns pid's
 * wait status, or -1 if it has not ended by then. Orphans that came to this
 * process are collected on the way. */
static int fz_reap(pid_t pid, long ms) {
  for (long t = 0;; t += 10) {
    int st = 0;
    pid_t r;
    while ((r = wait4(-1, &st, WNOHANG, NULL)) > 0)
      if (r == pid) return st;
    if (r < 0 && errno == ECHILD) return pid > 0 ? -1 : 0;
    if (t >= ms) return -1;
    msleep(10);
  }
}

/* Kill worker `pid` (if above 0) and everything it started: as process 1,
 * everyone else (the campaign is alone on the machine); otherwise the
 * worker's process group (it made one of its own). Returns its wait
 * status, or -1 if it would not die within ms. */
static int fz_kill(pid_t pid, long ms) {
  if (pid > 0) {
    kill(pid, SIGKILL);
    killpg(pid, SIGKILL);
  }
  if (getpid() == 1) kill(-1, SIGKILL);
  int st = fz_reap(pid, ms);
  if (getpid() == 1 && fz_reap(0, ms) == -1) st = -1; /* and the orphans that came to process 1 */
  return st;
}

/* The user the fuzzers' workers run as when they may give up root: any
 * uid but 0 will do; no file on the image belongs to it. */
#define FUZZ_UID 4242
/* A worker's exit status when it could not give up root. */
#define FUZZ_NO_DROP 98

/* Can a child give up root for FUZZ_UID, that is, do the credential calls
 * exist? (Without them setuid is ENOSYS and everything runs as root.) */
static int fz_can_drop_root(void) {
  if (getuid() != 0) return 0;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    setgid(FUZZ_UID);
    _exit(setuid(FUZZ_UID) == 0 && getuid() == FUZZ_UID ? 0 : 1);
  }
  int st = pid > 0 ? fz_reap(pid, 3000) : -1;
  return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* In a worker: give up root for FUZZ_UID, with no supplementary groups. */
static void fz_drop_root(int drop) {
  if (!drop) return;
  syscall(80, 0, 0L); /* setgroups(0, NULL) */
  setgid(FUZZ_UID);
  if (setuid(FUZZ_UID) < 0 || getuid() != FUZZ_UID) _exit(FUZZ_NO_DROP);
}

/* What the machine can still give a process: process slots (children
 * forked, each waiting on a pipe, until fork fails) and memory (the KB a
 * child can get from malloc before it returns NULL; brk takes the pages at
 * once). Measured before and after a campaign, the two must agree: a slot
 * or a page frame the kernel lost on the way shows as a difference. */
struct fz_capacity {
  int procs;
  long kbytes;
};

static void fz_measure(struct fz_capacity *c) {
  static pid_t kids[128];
  int p[2], n = 0;
  c->procs = c->kbytes = -1;
  if (pipe(p) < 0) return;
  fflush(stdout);
  while (n < 128) {
    pid_t pid = fork();
    if (pid == 0) {
      char ch;
      close(p[1]);
      read(p[0], &ch, 1); /* end of file once the parent closes its end */
      _exit(0);
    }
    if (pid < 0) break;
    kids[n++] = pid;
  }
  close(p[0]);
  close(p[1]);
  for (int i = 0; i < n; i++) fz_reap(kids[i], 3000);
  c->procs = n;
  if (pipe(p) < 0) return;
  pid_t pid = fork();
  if (pid == 0) {
    long kb = 0;
    close(p[0]);
    while (malloc(64 * 1024) != NULL) kb += 64;
    write(p[1], &kb, sizeof(kb));
    _exit(0);
  }
  close(p[1]);
  if (pid < 0 || read(p[0], &c->kbytes, sizeof(c->kbytes)) != sizeof(c->kbytes)) c->kbytes = -1;
  close(p[0]);
  if (pid > 0) fz_reap(pid, 3000);
}

/* Check that a campaign left the machine what it found. Process slots are
 * compared only as process 1: otherwise the workers' orphaned children go
 * to a process 1 that may not reap them (a shell), and wait as zombies. */
static void fz_same_capacity(const char *who, const struct fz_capacity *before) {
  struct fz_capacity after;
  fz_measure(&after);
  if (getpid() == 1)
    CHECK(after.procs == before->procs && before->procs > 0,
          "%s: as many processes can be made afterwards as before (%d, then %d)", who, before->procs, after.procs);
  else
    printf("%s: processes that can be made: %d before, %d afterwards\n", who, before->procs, after.procs);
  CHECK(after.kbytes == before->kbytes && before->kbytes > 0,
        "%s: as much memory can be had afterwards as before (%ld KB, then %ld KB)", who, before->kbytes, after.kbytes);
}

/* A wait status in a word: "exit N", "signal N", "stopped". */
static const char *fz_status(int st) {
  static char buf[24];
  if (st == -1)
    snprintf(buf, sizeof(buf), "did not die");
  else if (WIFEXITED(st))
    snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(st));
  else if (WIFSIGNALED(st))
    snprintf(buf, sizeof(buf), "signal %d", WTERMSIG(st));
  else
    snprintf(buf, sizeof(buf), "status %#x", st);
  return buf;
}

#endif
