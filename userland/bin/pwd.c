/* pwd: print the working directory. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/param.h>
#include <unistd.h>

int main(void) {
  char buf[MAXPATHLEN];
  if (getcwd(buf, sizeof(buf)) == NULL) {
    fprintf(stderr, "pwd: %s\n", strerror(errno));
    return 1;
  }
  puts(buf);
  return 0;
}
