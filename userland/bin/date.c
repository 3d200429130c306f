/* date [+format]: print the date and time (UTC), e.g. "Thu Jan  1 00:00:00 GMT 1970". */
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv) {
  char buf[256];
  time_t now = time(NULL);
  if (now == (time_t)-1) {
    perror("date");
    return 1;
  }
  const char *fmt = "%a %b %e %H:%M:%S %Z %Y";
  if (argc > 1 && argv[1][0] == '+') fmt = argv[1] + 1;
  else if (argc > 1) {
    fprintf(stderr, "usage: date [+format]\n");
    return 1;
  }
  strftime(buf, sizeof(buf), fmt, localtime(&now));
  puts(buf);
  return 0;
}
