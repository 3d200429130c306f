/* What pwd.c, grp.c and the network databases share: the password and
 * group files are text, a record a line, fields separated by colons; hosts,
 * services and protocols a record a line, words separated by blanks
 * (dbfile.h). */
#include <stdio.h>
#include <string.h>
#include "dbfile.h"

int __rewind_file(FILE **f, const char *path) {
  if (*f == NULL) *f = fopen(path, "r");
  else rewind(*f);
  return *f != NULL;
}

void __close_file(FILE **f) {
  if (*f != NULL) fclose(*f);
  *f = NULL;
}

int __split_fields(char *s, int sep, char **field, int n) {
  for (int i = 0; i < n; i++) {
    field[i] = s;
    char *c = strchr(s, sep);
    if (c == NULL) return i == n - 1;
    if (i == n - 1) return 0;
    *c = 0;
    s = c + 1;
  }
  return 1;
}

int __read_line(FILE *f, char *buf, int size) {
  while (fgets(buf, size, f) != NULL) {
    char *nl = strchr(buf, '\n');
    if (nl != NULL) {
      *nl = 0;
      return 1;
    }
    if (feof(f)) return 1; /* the last line, without a newline */
    int c;
    while ((c = getc(f)) != EOF && c != '\n') {
    }
  }
  return 0;
}

static int blank(int c) { return c == ' ' || c == '\t'; }

int __next_words(FILE **f, const char *path, char *buf, int size, char **word, int max) {
  if (*f == NULL && (*f = fopen(path, "r")) == NULL) return 0;
  while (__read_line(*f, buf, size)) {
    buf[strcspn(buf, "#")] = 0;
    int n = 0;
    char *s = buf;
    while (n < max) {
      while (blank(*s)) s++;
      if (*s == 0) break;
      word[n++] = s;
      while (*s && !blank(*s)) s++;
      if (*s) *s++ = 0;
    }
    if (n > 0) return n;
  }
  return 0;
}

int __is_named(const char *name, char **aliases, const char *want, int fold) {
  int (*cmp)(const char *, const char *) = fold ? strcasecmp : strcmp;
  if (cmp(name, want) == 0) return 1;
  for (char **a = aliases; *a != NULL; a++)
    if (cmp(*a, want) == 0) return 1;
  return 0;
}
