/* Program start and end: __libc_start (called by crt0), exit, atexit, abort. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int errno;
char **environ;
/* The program's name: the last part of argv[0] (err(3) prints it). */
char *__progname = "";

extern int main(int argc, char **argv, char **envp);
extern void __stdio_exit(void);

#define ATEXIT_MAX 32
static void (*atexit_fns[ATEXIT_MAX])(void);
static int atexit_count;

void __libc_start(int argc, char **argv, char **envp) {
  environ = envp;
  if (argc > 0 && argv[0] != NULL) {
    __progname = argv[0];
    for (char *p = argv[0]; *p; p++)
      if (*p == '/' && p[1] != 0) __progname = p + 1;
  }
  exit(main(argc, argv, envp));
}

int atexit(void (*fn)(void)) {
  if (atexit_count >= ATEXIT_MAX) return -1;
  atexit_fns[atexit_count++] = fn;
  return 0;
}

void exit(int status) {
  while (atexit_count > 0) atexit_fns[--atexit_count]();
  __stdio_exit();
  _exit(status);
}

void abort(void) {
  kill(getpid(), SIGABRT);
  _exit(127);
}

void __assert_fail(const char *expr, const char *file, int line) {
  fprintf(stderr, "assertion \"%s\" failed: file \"%s\", line %d\n", expr, file, line);
  abort();
}
