/* getpwuid and getpwnam: a linear search of /etc/passwd. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct passwd pw;
static char line[256];

static int parse(char *s) {
  char *field[7];
  for (int i = 0; i < 7; i++) {
    field[i] = s;
    char *c = strchr(s, i == 6 ? '\n' : ':');
    if (c == NULL) {
      if (i < 6) return 0;
    } else {
      *c = 0;
      s = c + 1;
    }
  }
  pw.pw_name = field[0];
  pw.pw_passwd = field[1];
  pw.pw_uid = atoi(field[2]);
  pw.pw_gid = atoi(field[3]);
  pw.pw_gecos = field[4];
  pw.pw_dir = field[5];
  pw.pw_shell = field[6];
  return 1;
}

static struct passwd *search(const char *name, int uid) {
  FILE *f = fopen("/etc/passwd", "r");
  if (f == NULL) return NULL;
  while (fgets(line, sizeof(line), f) != NULL) {
    if (!parse(line)) continue;
    if (name != NULL ? strcmp(pw.pw_name, name) == 0 : pw.pw_uid == uid) {
      fclose(f);
      return &pw;
    }
  }
  fclose(f);
  return NULL;
}

struct passwd *getpwuid(int uid) { return search(NULL, uid); }
struct passwd *getpwnam(const char *name) { return search(name, 0); }
