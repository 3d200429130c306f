/* pwd.h - sun3lab libc: /etc/passwd lookups */
#ifndef _PWD_H
#define _PWD_H
#include <sys/types.h>
struct passwd {
  char *pw_name;
  char *pw_passwd;
  int pw_uid;
  int pw_gid;
  char *pw_gecos;
  char *pw_dir;
  char *pw_shell;
};
struct passwd *getpwuid(int uid);
struct passwd *getpwnam(const char *name);
#endif
