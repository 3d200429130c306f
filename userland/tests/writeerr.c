/* A program whose output cannot be written says so in its exit status:
 * echo with its standard output closed exits 1 (its output is still in the
 * stdio buffer when it decides, so it must flush first). Also hostname. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static int run(char *const argv[], int close_stdout, char *out, int size) {
  int p[2];
  pipe(p);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    if (close_stdout) close(1);
    else dup2(p[1], 1);
    close(p[1]);
    execv(argv[0], argv);
    _exit(127);
  }
  close(p[1]);
  int total = 0, n;
  while ((n = read(p[0], out + total, size - 1 - total)) > 0) total += n;
  out[total] = 0;
  close(p[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  return st;
}

int main(void) {
  char out[128];
  char *echo[] = {"/bin/echo", "hello", NULL};
  int st = run(echo, 0, out, sizeof(out));
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0 && strcmp(out, "hello\n") == 0, "echo hello works (%#x)", st);
  st = run(echo, 1, out, sizeof(out));
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1, "echo with stdout closed exits 1 (%#x)", st);
  char *host[] = {"/bin/hostname", NULL};
  st = run(host, 0, out, sizeof(out));
  char name[65];
  gethostname(name, sizeof(name));
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0 && strlen(out) > 1 && strncmp(out, name, strlen(name)) == 0,
        "hostname prints the machine's name (%s)", name);
  return DONE("writeerr");
}
