/* errs: error messages with err(3) (in the style of the 4.4BSD utilities):
 * warn names the program and adds what errno says; errx ends the program
 * with a status of its choosing. */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *file = argc > 1 ? argv[1] : "/nonexistent";
  int fd = open(file, O_RDONLY);
  if (fd < 0) warn("%s", file);
  else close(fd);
  if (argc > 2) errx(2, "%d arguments is too many", argc - 1);
  warnx("done with %s", file);
  return 0;
}
