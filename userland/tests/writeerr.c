/* A program whose output cannot be written says so in its exit status:
 * echo with its standard output closed exits 1 (its output is still in the
 * stdio buffer when it decides, so it must flush first). Also hostname. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

struct command {
  char *const *argv;
  int close_stdout; /* run it with its standard output closed, instead of the pipe */
};

static int exec_command(int fd, void *arg) {
  const struct command *c = arg;
  if (c->close_stdout) close(1);
  else dup2(fd, 1);
  close(fd);
  execv(c->argv[0], c->argv);
  return 127;
}

/* Run argv[0] with its output in out[size] (a string); returns its wait status. */
static int run(char *const argv[], int close_stdout, char *out, int size) {
  struct command c = {argv, close_stdout};
  int got = 0;
  int st = run_child(exec_command, &c, out, size - 1, &got);
  out[got] = 0;
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
