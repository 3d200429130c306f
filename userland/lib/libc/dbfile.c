/* What pwd.c and grp.c share: the password and group files are text, a
 * record a line, fields separated by colons (dbfile.h). */
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
