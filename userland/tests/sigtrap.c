/* The trap instructions as SunOS has them on the Sun-3: `trap #15` is the
 * breakpoint (SIGTRAP; the handler returns after the instruction), `trap #2`
 * flushes the instruction cache (no signal), the others are bad traps
 * (SIGILL). SIGTRAP's default action ends the process (with a core). */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static volatile int traps;
static void on_trap(int sig) {
  if (sig == SIGTRAP) traps++;
}

static int status_of(void (*fn)(void)) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    fn();
    _exit(0);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  return st;
}

static void trap15(void) { __asm__ volatile("trap #15"); }
static void trap1(void) { __asm__ volatile("trap #1"); }
static void trap14(void) { __asm__ volatile("trap #14"); }
static void trap2(void) { __asm__ volatile("trap #2"); }

int main(void) {
  int st = status_of(trap15);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTRAP, "trap #15 is SIGTRAP (status %#x)", st);
  st = status_of(trap1);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGILL, "trap #1 is SIGILL (status %#x)", st);
  st = status_of(trap14);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGILL, "trap #14 is SIGILL (status %#x)", st);
  st = status_of(trap2);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "trap #2 (cache flush) is harmless (status %#x)", st);

  signal(SIGTRAP, on_trap);
  volatile int after = 0;
  trap15();
  after = 1;
  trap15();
  CHECK(traps == 2 && after == 1, "a SIGTRAP handler runs for each breakpoint and the program goes on (%d)", traps);
  return DONE("sigtrap");
}
