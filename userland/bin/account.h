/* What login, su and passwd share: checking a password against
 * /etc/passwd, becoming a user (groups, gid, uid), and the environment of a
 * login shell. Each program is one source file, so the helpers live in this
 * header, `static inline` like fileutil.h's. */
#ifndef ACCOUNT_H
#define ACCOUNT_H
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* PATH in a login shell: the super-user's includes the system directories. */
#define USER_PATH "/bin:/usr/bin"
#define ROOT_PATH "/bin:/usr/bin:/sbin:/usr/sbin"

/* Does `typed` match the account's password? An empty password field needs
 * none; a field crypt(3) cannot produce ("*") matches nothing. pw may be
 * NULL (an unknown name): crypt still runs, so that a wrong name takes as
 * long to refuse as a wrong password. */
static inline int password_ok(const struct passwd *pw, const char *typed) {
  const char *hash = pw != NULL ? pw->pw_passwd : "xx";
  return strcmp(crypt(typed, hash), hash) == 0 && pw != NULL;
}

/* Become pw: its group access list (initgroups), then its gid, then its uid
 * (the uid last: after it the process may no longer change the others).
 * Returns 0, or -1 after a message prefixed with `prog`. */
static inline int become(const char *prog, const struct passwd *pw) {
  const char *what = NULL;
  if (initgroups(pw->pw_name, pw->pw_gid) < 0) what = "initgroups";
  else if (setgid(pw->pw_gid) < 0) what = "setgid";
  else if (setuid(pw->pw_uid) < 0) what = "setuid";
  if (what == NULL) return 0;
  fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
  return -1;
}

/* The account's shell (/bin/sh when the field is empty). */
static inline const char *shell_of(const struct passwd *pw) {
  return pw->pw_shell[0] != 0 ? pw->pw_shell : "/bin/sh";
}

/* A copy of pw that the next getpwnam or getgrent does not overwrite, with the shell filled in. */
static inline struct passwd *keep_passwd(const struct passwd *pw) {
  static struct passwd copy;
  copy = *pw;
  copy.pw_name = strdup(pw->pw_name);
  copy.pw_passwd = strdup(pw->pw_passwd);
  copy.pw_gecos = strdup(pw->pw_gecos);
  copy.pw_dir = strdup(pw->pw_dir);
  copy.pw_shell = strdup(shell_of(pw));
  return &copy;
}

/* A fresh environment for a login shell of pw: only TERM is kept (sun if
 * there was none); HOME, SHELL, USER, LOGNAME and PATH are pw's. */
static inline void login_environment(const struct passwd *pw) {
  static char *empty[1];
  const char *term = getenv("TERM");
  char keep[64];
  snprintf(keep, sizeof(keep), "%s", term != NULL ? term : "sun");
  environ = empty;
  setenv("HOME", pw->pw_dir, 1);
  setenv("SHELL", shell_of(pw), 1);
  setenv("USER", pw->pw_name, 1);
  setenv("LOGNAME", pw->pw_name, 1);
  setenv("PATH", pw->pw_uid == 0 ? ROOT_PATH : USER_PATH, 1);
  setenv("TERM", keep, 1);
}

/* Exec the shell with argv[0] = `arg0` and the arguments `args` (NULL-ended, may be NULL). Returns only on failure. */
static inline void exec_shell(const char *prog, const char *shell, const char *arg0, char **args) {
  char *argv[64];
  int n = 0;
  argv[n++] = (char *)arg0;
  for (int i = 0; args != NULL && args[i] != NULL && n < 63; i++) argv[n++] = args[i];
  argv[n] = NULL;
  execv(shell, argv);
  fprintf(stderr, "%s: %s: %s\n", prog, shell, strerror(errno));
}

#endif
