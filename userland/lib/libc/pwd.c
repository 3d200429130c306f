/* The password file: getpwent and friends read /etc/passwd a line at a time
 * (4.3BSD's getpwent.c without the dbm database); getpwnam and getpwuid are
 * linear searches. putpwent writes a line back, for passwd(1). Lines that
 * do not have seven fields, and NIS's "+" entries, are skipped. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dbfile.h"

static const char *pwfile = "/etc/passwd";
static FILE *pwf;
static struct passwd pw;
static char line[BUFSIZ];

void setpwfile(const char *file) {
  endpwent();
  pwfile = file;
}

int setpwent(void) { return __rewind_file(&pwf, pwfile); }
void endpwent(void) { __close_file(&pwf); }

struct passwd *getpwent(void) {
  if (pwf == NULL && !setpwent()) return NULL;
  while (__read_line(pwf, line, sizeof(line))) {
    char *f[7];
    if (line[0] == '+' || line[0] == '-' || !__split_fields(line, ':', f, 7)) continue;
    pw.pw_name = f[0];
    pw.pw_passwd = f[1];
    pw.pw_uid = atoi(f[2]);
    pw.pw_gid = atoi(f[3]);
    pw.pw_quota = 0;
    pw.pw_comment = "";
    pw.pw_gecos = f[4];
    pw.pw_dir = f[5];
    pw.pw_shell = f[6];
    return &pw;
  }
  return NULL;
}

static struct passwd *search(const char *name, int uid) {
  struct passwd *p;
  setpwent();
  while ((p = getpwent()) != NULL)
    if (name != NULL ? strcmp(p->pw_name, name) == 0 : p->pw_uid == uid) break;
  endpwent();
  return p;
}

struct passwd *getpwuid(int uid) { return search(NULL, uid); }
struct passwd *getpwnam(const char *name) { return search(name, 0); }

int putpwent(const struct passwd *p, FILE *f) {
  fprintf(f, "%s:%s:%d:%d:%s:%s:%s\n", p->pw_name, p->pw_passwd, p->pw_uid, p->pw_gid, p->pw_gecos, p->pw_dir,
          p->pw_shell);
  return ferror(f) ? -1 : 0;
}
