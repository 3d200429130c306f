/* Robustness: fork until the process table is full (EAGAIN), reap them all,
 * and fork again; malloc until it fails, and carry on; every system-call
 * number 0..300 through the indirect call with garbage arguments, negative
 * numbers, the most negative and the largest numbers, small numbers and
 * valid pointers (none of it may hurt the kernel, let alone the emulator);
 * a child
 * that jumps into the kernel's addresses dies of SIGSEGV or SIGBUS; a child
 * that executes an illegal instruction dies of SIGILL. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tests/check.h"

#define MAXKIDS 400

static pid_t kids[MAXKIDS];

static void fork_bomb(void) {
  int p[2];
  if (pipe(p) < 0) {
    CHECK(0, "pipe: %s", strerror(errno));
    return;
  }
  int n = 0, err = 0;
  fflush(stdout);
  while (n < MAXKIDS) {
    pid_t pid = fork();
    if (pid == 0) {
      char c;
      close(p[1]);
      read(p[0], &c, 1); /* EOF once the parent closes its end */
      _exit(0);
    }
    if (pid < 0) {
      err = errno;
      break;
    }
    kids[n++] = pid;
  }
  CHECK(n > 0 && n < MAXKIDS && err == EAGAIN, "fork until it fails: %d children, then errno %d (EAGAIN %d)", n, err,
        EAGAIN);
  close(p[0]);
  close(p[1]);
  int reaped = 0;
  for (int i = 0; i < n; i++) {
    int st;
    if (waitpid(kids[i], &st, 0) == kids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 0) reaped++;
  }
  CHECK(reaped == n, "reaped all %d (%d exited 0)", n, reaped);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(42);
  int st = 0;
  CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 42, "fork works again afterwards");
}

static void malloc_until_null(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    long total = 0;
    void *first = NULL;
    for (int i = 0; i < 4096; i++) {
      void *p = malloc(256 * 1024);
      if (p == NULL) break;
      if (first == NULL) first = p;
      memset(p, i, 256 * 1024); /* touch every page */
      total += 256;
    }
    char line[80];
    int n = snprintf(line, sizeof(line), "  malloc gave %ld KB before NULL\n", total);
    write(1, line, n);
    _exit(total > 0 && total < 4096L * 256 ? 0 : 1);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "malloc until NULL, and the process carries on (status %#x)", st);
}

static int skip(int n) {
  switch (n) {
  case 0:   /* the indirect call itself */
  case 1:   /* exit */
  case 2:   /* fork */
  case 11:  /* execv */
  case 17:  /* brk: could unmap the heap */
  case 55:  /* reboot */
  case 59:  /* execve */
  case 66:  /* vfork */
  case 69:  /* sbrk */
  case 111: /* sigpause */
  case 139: /* sigreturn */
    return 1;
  default:
    return 0;
  }
}

/* 8 KB of 0xff bytes: a valid address whose contents are nonsense (a path
 * without an end, a negative time, a limit of "infinity"). */
static unsigned char junk[8192];

#define NSETS 6
static const char *const set_names[NSETS] = {"garbage", "-1..-6", "INT_MIN..", "INT_MAX..", "small",
                                             "pointers"};

/* The arguments of call n in argument set `set`. */
static void fuzz_args(int n, int set, long a[6]) {
  long g = 0x7EAD0000L + n * 16;
  for (int k = 0; k < 6; k++) {
    switch (set) {
    case 0: a[k] = g + k + 1; break;               /* never a descriptor, process group or address */
    case 1: a[k] = -(long)(k + 1); break;          /* negative: a `which` of -1 once crashed the host */
    case 2: a[k] = (long)(0x80000000UL + k); break; /* the most negative numbers */
    case 3: a[k] = 0x7fffffffL - k; break;          /* the largest */
    case 4: a[k] = k == 0 ? 50 : k; break;          /* small (fd 50 is not open) */
    default: a[k] = (long)junk; break;              /* valid pointers */
    }
  }
}

/* Calls that a set of arguments could turn against this test itself. */
static int skip_in_set(int n, int set) {
  /* kill/killpg with small or negative numbers would signal this test (or everyone) */
  if ((n == 37 || n == 146) && set != 0 && set != 5) return 1;
  return 0;
}

static void fuzz(void) {
  int p[2];
  pipe(p);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    /* progress goes out on a descriptor no argument set names */
    dup2(p[1], 60);
    close(p[1]);
    int done = 0;
    for (int set = 0; set < NSETS; set++) {
      for (int n = 0; n <= 300; n++) {
        if (skip(n) || skip_in_set(n, set)) continue;
        long a[6];
        fuzz_args(n, set, a);
        memset(junk, 0xff, sizeof(junk)); /* whatever the last call wrote there */
        syscall(n, a[0], a[1], a[2], a[3], a[4], a[5]);
        int rec = set * 1000 + n;
        write(60, &rec, sizeof(rec));
        done++;
      }
    }
    /* and the limit and timer calls with each small `which` and a valid pointer */
    static const int which_calls[] = {83, 86, 117, 144, 145};
    for (int i = 0; i < 5; i++)
      for (int w = -3; w <= 8; w++) {
        memset(junk, 0xff, sizeof(junk));
        syscall(which_calls[i], w, (long)junk, (long)junk);
      }
    _exit(done > 0 ? 0 : 1);
  }
  close(p[1]);
  int last = -1, n;
  while (read(p[0], &n, sizeof(n)) == sizeof(n)) last = n;
  close(p[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0 && last == (NSETS - 1) * 1000 + 300,
        "system calls 0..300 with %d sets of arguments (last: set %s, call %d; status %#x)", NSETS,
        last >= 0 ? set_names[last / 1000] : "none", last % 1000, st);
}

static int child_status(void (*fn)(void)) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    fn();
    _exit(99);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  return st;
}

static void jump_kernel(void) { ((void (*)(void))0x0E000000)(); }
static void illegal(void) { __asm__ volatile(".short 0x4afc"); }

int main(void) {
  fork_bomb();
  malloc_until_null();
  fuzz();
  int st = child_status(jump_kernel);
  CHECK(WIFSIGNALED(st) && (WTERMSIG(st) == SIGSEGV || WTERMSIG(st) == SIGBUS),
        "a jump to 0x0E000000 is SIGSEGV or SIGBUS (status %#x)", st);
  st = child_status(illegal);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGILL, "an illegal instruction is SIGILL (status %#x)", st);
  /* and this process is fine */
  char *p = malloc(1000);
  CHECK(p != NULL && getpid() > 0, "still alive");
  return DONE("robust");
}
