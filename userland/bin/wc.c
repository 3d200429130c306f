/* wc [-lwc] [file...]: count lines, words and bytes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int show_l, show_w, show_c;
static char buf[8192];

static void report(long l, long w, long c, const char *name) {
  if (show_l) printf(" %7ld", l);
  if (show_w) printf(" %7ld", w);
  if (show_c) printf(" %7ld", c);
  if (name != NULL) printf(" %s", name);
  putchar('\n');
}

static int count(int fd, long *l, long *w, long *c) {
  int n;
  int inword = 0;
  *l = *w = *c = 0;
  while ((n = read(fd, buf, sizeof(buf))) > 0) {
    *c += n;
    for (int i = 0; i < n; i++) {
      char ch = buf[i];
      if (ch == '\n') (*l)++;
      if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
        inword = 0;
      } else if (!inword) {
        inword = 1;
        (*w)++;
      }
    }
  }
  return n < 0 ? -1 : 0;
}

int main(int argc, char **argv) {
  int i = 1;
  int rc = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    for (char *p = argv[i] + 1; *p; p++) {
      if (*p == 'l') show_l = 1;
      else if (*p == 'w') show_w = 1;
      else if (*p == 'c') show_c = 1;
      else {
        fprintf(stderr, "usage: wc [-lwc] [file...]\n");
        return 1;
      }
    }
  }
  if (!show_l && !show_w && !show_c) show_l = show_w = show_c = 1;
  long l, w, c;
  if (i >= argc) {
    if (count(0, &l, &w, &c) < 0) {
      fprintf(stderr, "wc: %s\n", strerror(errno));
      return 1;
    }
    report(l, w, c, NULL);
    return 0;
  }
  long tl = 0, tw = 0, tc = 0;
  int files = argc - i;
  for (; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY, 0);
    if (fd < 0 || count(fd, &l, &w, &c) < 0) {
      fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
      if (fd >= 0) close(fd);
      rc = 1;
      continue;
    }
    close(fd);
    report(l, w, c, argv[i]);
    tl += l;
    tw += w;
    tc += c;
  }
  if (files > 1) report(tl, tw, tc, "total");
  return rc;
}
