/* su - become another user (the super-user by default), as in 4.3BSD.
 *
 *   su [-] [name [arg...]]
 *
 * Asks for that user's password unless the caller's real user id is 0, then
 * starts the user's shell with the user's groups, gid and uid, passing it
 * the args (`su bob -c 'id'`). The environment is kept, with HOME and SHELL
 * set to the user's (and USER and LOGNAME, unless the user is root).
 * With "-" (or -l) it is a login instead: a fresh environment as login
 * makes it, the home directory as the current one, and the shell named
 * "-su" so that it knows. If group 0 (wheel) lists members, only they may
 * become root. su is installed set-user-id root. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "account.h"

static int in_wheel(const char *name) {
  struct group *g = getgrgid(0);
  if (g == NULL || g->gr_mem[0] == NULL) return 1; /* no list: no restriction */
  for (char **m = g->gr_mem; *m != NULL; m++)
    if (strcmp(*m, name) == 0) return 1;
  return 0;
}

int main(int argc, char **argv) {
  int login = 0;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (strcmp(argv[i], "-") == 0 || strcmp(argv[i], "-l") == 0) login = 1;
    else if (strcmp(argv[i], "-f") == 0) continue; /* csh's "fast" start: nothing to skip here */
    else {
      fprintf(stderr, "usage: su [-] [name [arg...]]\n");
      return 1;
    }
  }
  const char *name = i < argc ? argv[i++] : "root";

  struct passwd *me = getpwuid(getuid());
  if (me == NULL) {
    fprintf(stderr, "su: who are you? (user id %d is not in /etc/passwd)\n", getuid());
    return 1;
  }
  char myname[64];
  snprintf(myname, sizeof(myname), "%s", me->pw_name);

  struct passwd *pw = getpwnam(name);
  if (pw == NULL) {
    fprintf(stderr, "su: unknown login: %s\n", name);
    return 1;
  }
  pw = keep_passwd(pw);

  if (getuid() != 0) {
    if (pw->pw_uid == 0 && !in_wheel(myname)) {
      fprintf(stderr, "su: you are not in the wheel group, and may not become root\n");
      return 1;
    }
    if (pw->pw_passwd[0] != 0 && !password_ok(pw, getpass("Password:"))) {
      fprintf(stderr, "Sorry\n");
      return 1;
    }
  }
  if (become("su", pw) < 0) return 1;

  if (login) {
    login_environment(pw);
    if (chdir(pw->pw_dir) < 0) {
      fprintf(stderr, "su: no directory %s\n", pw->pw_dir);
      return 1;
    }
  } else {
    setenv("HOME", pw->pw_dir, 1);
    setenv("SHELL", pw->pw_shell, 1);
    if (pw->pw_uid != 0) {
      setenv("USER", pw->pw_name, 1);
      setenv("LOGNAME", pw->pw_name, 1);
    }
  }
  exec_shell("su", pw->pw_shell, login ? "-su" : "su", argv + i);
  return 1;
}
