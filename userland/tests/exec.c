/* exec: what execve accepts besides an a.out (4.3BSD's kern_exec.c).
 *
 * - A file that starts with "#!" names its interpreter: "#!/bin/sh" runs
 *   /bin/sh with the script's path and the arguments, and an argument on
 *   the line comes before the path: "#!/bin/echo hello" run as
 *   `script a b` prints "hello script a b" (argv = interpreter's name, its
 *   argument, the script, a, b).
 * - The interpreter may not be a script itself, and the line must fit in
 *   32 bytes (SHSIZE): ENOEXEC. A missing interpreter is ENOENT.
 * - A directory, or a file without an execute bit, is EACCES; a file that
 *   is neither an a.out nor a script is ENOEXEC. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static char dir[64];

/* Writes a file in the scratch directory, its path into path. */
static void put(char *path, size_t size, const char *name, const char *text, int mode) {
  snprintf(path, size, "%s/%s", dir, name);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd >= 0) {
    write(fd, text, strlen(text));
    close(fd);
  }
  chmod(path, mode);
}

/* Runs path with argv in a child, its output into out; returns the wait
 * status, or -errno if execve failed (the child reports errno). */
static int run(const char *path, char *const argv[], char *out, size_t size) {
  int p[2];
  pipe(p);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    char *env[] = {"PATH=/bin", NULL};
    execve(path, argv, env);
    char e = (char)errno;
    write(1, "\001", 1);
    write(1, &e, 1);
    _exit(126);
  }
  close(p[1]);
  size_t got = 0;
  int n;
  while (got < size - 1 && (n = read(p[0], out + got, size - 1 - got)) > 0) got += (size_t)n;
  out[got] = 0;
  close(p[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  if (got == 2 && out[0] == 1) return -out[1];
  return st;
}

int main(void) {
  char out[256], script[80], inner[80], tail[80];
  snprintf(dir, sizeof(dir), "/tmp/exec.%d", getpid());
  mkdir(dir, 0755);

  put(script, sizeof(script), "hello.sh", "#!/bin/sh\necho script $0 $1 $2\nexit 3\n", 0755);
  char *a1[] = {"hello.sh", "one", "two", NULL};
  int st = run(script, a1, out, sizeof(out));
  char want[160];
  snprintf(want, sizeof(want), "script %s one two\n", script);
  CHECK(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 3 && strcmp(out, want) == 0,
        "#!/bin/sh runs the script with $0 = its path (\"%s\", status %#x)", out, st);

  put(script, sizeof(script), "arg", "#! /bin/echo hello\nnot read\n", 0755);
  char *a2[] = {"arg", "a", "b", NULL};
  st = run(script, a2, out, sizeof(out));
  snprintf(want, sizeof(want), "hello %s a b\n", script);
  CHECK(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 && strcmp(out, want) == 0,
        "#!/bin/echo hello: argv is echo, hello, the script, a, b (\"%s\")", out);

  put(inner, sizeof(inner), "inner", "#!/bin/echo\n", 0755);
  char line[64];
  snprintf(line, sizeof(line), "#!%s\n", inner);
  put(script, sizeof(script), "outer", line, 0755);
  char *a3[] = {"outer", NULL};
  st = run(script, a3, out, sizeof(out));
  CHECK(st == -ENOEXEC, "an interpreter that is a script itself: ENOEXEC (%d)", st);

  put(tail, sizeof(tail), "long", "#!/bin/sh -x -x -x -x -x -x -x -x -x\necho too long\n", 0755);
  char *a4[] = {"long", NULL};
  st = run(tail, a4, out, sizeof(out));
  CHECK(st == -ENOEXEC, "a #! line longer than 32 bytes: ENOEXEC (%d)", st);

  put(script, sizeof(script), "nointerp", "#!/no/such/shell\n", 0755);
  char *a5[] = {"nointerp", NULL};
  st = run(script, a5, out, sizeof(out));
  CHECK(st == -ENOENT, "a missing interpreter: ENOENT (%d)", st);

  put(script, sizeof(script), "noexec", "#!/bin/sh\necho no\n", 0644);
  char *a6[] = {"noexec", NULL};
  st = run(script, a6, out, sizeof(out));
  CHECK(st == -EACCES, "a script without an execute bit: EACCES (%d)", st);

  char *a7[] = {"bin", NULL};
  st = run("/bin", a7, out, sizeof(out));
  CHECK(st == -EACCES, "a directory: EACCES (%d)", st);
  st = run("/bin/", a7, out, sizeof(out));
  CHECK(st == -EACCES, "\"/bin/\": EACCES (%d)", st);

  put(script, sizeof(script), "junk", "just some text\n", 0755);
  char *a8[] = {"junk", NULL};
  st = run(script, a8, out, sizeof(out));
  CHECK(st == -ENOEXEC, "neither an a.out nor a script: ENOEXEC (%d)", st);

  /* execvp still runs such a file with /bin/sh itself */
  put(script, sizeof(script), "plain", "echo plain $1\n", 0755);
  fflush(stdout);
  int p[2];
  pipe(p);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    char *a9[] = {"plain", "x", NULL};
    execvp(script, a9);
    _exit(126);
  }
  close(p[1]);
  int n = read(p[0], out, sizeof(out) - 1);
  out[n > 0 ? n : 0] = 0;
  close(p[0]);
  waitpid(pid, &st, 0);
  CHECK(strcmp(out, "plain x\n") == 0, "execvp runs a script without #! with /bin/sh (\"%s\")", out);

  const char *names[] = {"hello.sh", "arg", "inner", "outer", "long", "nointerp", "noexec", "junk", "plain"};
  for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    snprintf(script, sizeof(script), "%s/%s", dir, names[i]);
    unlink(script);
  }
  CHECK(rmdir(dir) == 0, "clean up");
  return DONE("exec");
}
