/* Who is using the program: getlogin (the user logged in on the controlling
 * terminal), cuserid (the effective user's name) and ctermid (the name of
 * the controlling terminal). There is no utmp file: login makes the
 * terminal its user's (chown), so the terminal's owner is who logged in
 * there — which su does not change. */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The terminal is found as 4.3BSD's ttyslot finds it: the first of
 * descriptors 0, 1 and 2 that is one. */
char *getlogin(void) {
  static char name[L_cuserid];
  struct stat st;
  char *tty = NULL;
  for (int fd = 0; fd <= 2 && tty == NULL; fd++) tty = ttyname(fd);
  if (tty == NULL || stat(tty, &st) < 0) return NULL;
  struct passwd *pw = getpwuid(st.st_uid);
  if (pw == NULL) return NULL;
  strncpy(name, pw->pw_name, sizeof(name) - 1);
  return name;
}

char *cuserid(char *s) {
  static char name[L_cuserid];
  char *out = s != NULL ? s : name;
  struct passwd *pw = getpwuid(geteuid());
  if (pw == NULL) {
    if (s != NULL) *s = 0;
    return s;
  }
  strncpy(out, pw->pw_name, L_cuserid - 1);
  out[L_cuserid - 1] = 0;
  return out;
}

char *ctermid(char *s) {
  static char name[L_ctermid];
  char *out = s != NULL ? s : name;
  strcpy(out, "/dev/tty");
  return out;
}
