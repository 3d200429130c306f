/* Robustness: fork until the process table is full (EAGAIN), reap them all,
 * and fork again; malloc until it fails, and carry on; every system-call
 * number 0..300 through the indirect call with garbage arguments, negative
 * numbers, the most negative and the largest numbers, small numbers and
 * valid pointers (none of it may hurt the kernel, let alone the emulator);
 * then the calls that loop cannot make in this process — fork, vfork, brk,
 * sigpause, sigreturn, execve, kill and killpg — with the same arguments,
 * each in a child of its own, which may die of it but must end; a child
 * that jumps into the kernel's addresses dies of SIGSEGV or SIGBUS; a child
 * that executes an illegal instruction dies of SIGILL. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

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
  case 155: /* nfssvc: serves NFS until a signal */
  case 160: /* async_daemon: a biod until a signal */
  case 208: /* pm_fork: fork under the thesis's number */
  case 209: /* pm_exit: exit under the thesis's number */
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

/* Waits for child pid for up to ms milliseconds, then kills it; its status. */
static int finish(pid_t pid, long ms) {
  int st = 0;
  for (long t = 0; t < ms; t += 20) {
    if (waitpid(pid, &st, WNOHANG) == pid) return st;
    msleep(20);
  }
  kill(pid, SIGKILL);
  waitpid(pid, &st, 0);
  return st;
}

/* System call n with the arguments a[0..5], made by hand: if it returns in
 * a new process (d1 = 1: the child of fork or vfork), that process exits at
 * once, before it uses a stack it may share with its parent (vfork).
 * Returns d0: the result, or -errno. Only for calls that leave d1 alone or
 * set it as fork does. */
static long raw(long n, const long *a) {
  register long r __asm__("d0") = n;
  __asm__ volatile(
      "move.l 20(%1),-(%%sp)\n\t"
      "move.l 16(%1),-(%%sp)\n\t"
      "move.l 12(%1),-(%%sp)\n\t"
      "move.l 8(%1),-(%%sp)\n\t"
      "move.l 4(%1),-(%%sp)\n\t"
      "move.l (%1),-(%%sp)\n\t"
      "clr.l -(%%sp)\n\t" /* where a stub's return address would be */
      "move.l %0,-(%%sp)\n\t"
      "moveq #0,%%d1\n\t"
      "trap #0\n\t"
      "bcs.s 2f\n\t"
      "tst.l %%d1\n\t"
      "beq.s 3f\n\t"
      "clr.l -(%%sp)\n\t" /* the new process: exit(0) */
      "clr.l -(%%sp)\n\t"
      "pea 1\n\t"
      "trap #0\n"
      "1:\tbra.s 1b\n"
      "2:\tneg.l %0\n"
      "3:\tlea 28(%%sp),%%sp"
      : "+d"(r)
      : "a"(a)
      : "d1", "a0", "a1", "cc", "memory");
  return r;
}

/* fork, vfork, brk, sigpause, sigreturn and execve with every argument set,
 * each call in a child of its own (so that a brk that takes the heap away,
 * a sigreturn to nowhere or an exec that works hurts only that child):
 * every child must end, by itself or by SIGKILL for one left waiting
 * (sigpause), and the kernel must go on. */
static void fuzz_in_children(void) {
  static const int calls[] = {2, 66, 17, 111, 139, 59, 11};
  int ended = 0, made = 0, newprocs = 0;
  for (unsigned c = 0; c < sizeof(calls) / sizeof(calls[0]); c++) {
    int n = calls[c];
    for (int set = 0; set < NSETS; set++) {
      long a[6];
      fuzz_args(n, set, a);
      memset(junk, 0xff, sizeof(junk));
      fflush(stdout);
      pid_t pid = fork();
      if (pid == 0) {
        if (n == 2 || n == 66) {
          long r = raw(n, a);
          int st;
          _exit(r > 0 && waitpid((pid_t)r, &st, 0) == r && WIFEXITED(st) ? 0 : 1);
        }
        syscall(n, a[0], a[1], a[2], a[3], a[4], a[5]);
        _exit(0);
      }
      if (pid < 0) continue;
      made++;
      if (n == 111) msleep(20); /* sigpause: let it wait, then end it */
      int st = finish(pid, n == 111 ? 0 : 3000);
      if (WIFEXITED(st) || WIFSIGNALED(st)) ended++;
      if ((n == 2 || n == 66) && WIFEXITED(st) && WEXITSTATUS(st) == 0) newprocs++;
    }
  }
  CHECK(made == 7 * NSETS && ended == made && newprocs == 2 * NSETS,
        "fork, vfork, brk, sigpause, sigreturn, execve, execv with garbage, each in a child: %d of %d ended, %d "
        "forks",
        ended, made, newprocs);
}

/* kill and killpg with garbage, from a child in a process group of its own
 * that ignores every signal it can: any signal to itself or its group, and
 * only harmless ones (ignored by default) to anyone else — a garbage
 * process id may be a real process. */
static void fuzz_kill(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    setpgrp(0, getpid());
    for (int sig = 1; sig < NSIG; sig++)
      if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_IGN);
    long me = getpid();
    const long pids[] = {0, 1, -1, 50, -50, (long)0x80000000UL, 0x7fffffffL, 0x7EAD0251L, (long)junk, me, -me};
    const long harmless[] = {SIGWINCH, SIGCONT, SIGURG, SIGCHLD, 0, -1, 32, 33, (long)0x80000000UL, 0x7fffffffL,
                             0x7EAD0252L, (long)junk};
    int calls = 0;
    for (unsigned i = 0; i < sizeof(pids) / sizeof(pids[0]); i++)
      for (unsigned k = 0; k < sizeof(harmless) / sizeof(harmless[0]); k++) {
        kill((pid_t)pids[i], (int)harmless[k]);
        killpg((int)pids[i], (int)harmless[k]);
        calls += 2;
      }
    for (int sig = 1; sig < NSIG; sig++) {
      if (sig == SIGKILL || sig == SIGSTOP) continue;
      kill((pid_t)me, sig);
      kill(0, sig);
      kill((pid_t)-me, sig);
      killpg(0, sig);
      killpg((int)me, sig);
      killpg((int)-me, sig); /* no such group: ESRCH */
      calls += 6;
    }
    _exit(calls > 0 ? 0 : 1);
  }
  int st = finish(pid, 5000);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "kill and killpg with garbage, in a child (status %#x)", st);
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
  fuzz_in_children();
  fuzz_kill();
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
