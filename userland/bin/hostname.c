/* hostname [name] - print the machine's name, or (the super-user) set it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  char name[65];
  if (argc > 2) {
    fprintf(stderr, "usage: hostname [name]\n");
    return 2;
  }
  if (argc == 2) {
    if (sethostname(argv[1], (int)strlen(argv[1])) < 0) {
      fprintf(stderr, "hostname: %s\n", strerror(errno));
      return 1;
    }
    return 0;
  }
  if (gethostname(name, sizeof(name)) < 0) {
    fprintf(stderr, "hostname: %s\n", strerror(errno));
    return 1;
  }
  name[sizeof(name) - 1] = 0;
  printf("%s\n", name);
  return fflush(stdout) == EOF ? 1 : 0;
}
