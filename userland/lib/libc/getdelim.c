/* getdelim (POSIX.1-2008): the bytes up to and including delim, however
 * many, into *line (grown with realloc, *size its room), NUL-terminated;
 * the count, or -1 at the end of the file or on an error. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

ssize_t getdelim(char **line, size_t *size, int delim, FILE *f) {
  if (line == NULL || size == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (*line == NULL) *size = 0;
  size_t n = 0;
  for (;;) {
    int c = getc(f);
    if (c == EOF) {
      if (n == 0 || ferror(f)) return -1;
      break;
    }
    if (n + 2 > *size) {
      size_t room = *size < 64 ? 128 : *size * 2;
      char *p = realloc(*line, room);
      if (p == NULL) {
        errno = ENOMEM;
        return -1;
      }
      *line = p;
      *size = room;
    }
    (*line)[n++] = (char)c;
    if (c == delim) break;
  }
  (*line)[n] = 0;
  return (ssize_t)n;
}
