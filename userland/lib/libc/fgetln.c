/* fgetln (4.4BSD): the next line, newline included (not at the end of a
 * file without one), in a buffer the library keeps for each stream, good
 * until the next call on that stream; *len its length, no NUL. NULL at the
 * end of the file or on an error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static char *bufs[FOPEN_MAX];
static size_t sizes[FOPEN_MAX];

char *fgetln(FILE *f, size_t *len) {
  int i = (int)(f - __iob);
  if (i < 0 || i >= FOPEN_MAX) {
    errno = EBADF;
    return NULL;
  }
  size_t n = 0;
  for (;;) {
    int c = getc(f);
    if (c == EOF) {
      if (n == 0 || ferror(f)) return NULL;
      break;
    }
    if (n + 1 > sizes[i]) {
      size_t room = sizes[i] < 64 ? 128 : sizes[i] * 2;
      char *p = realloc(bufs[i], room);
      if (p == NULL) {
        errno = ENOMEM;
        return NULL;
      }
      bufs[i] = p;
      sizes[i] = room;
    }
    bufs[i][n++] = (char)c;
    if (c == '\n') break;
  }
  *len = n;
  return bufs[i];
}
