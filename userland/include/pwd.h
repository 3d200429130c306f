/* pwd.h - sun3lab libc: the password file, /etc/passwd.
 * One account a line, seven fields separated by colons, as in 4.3BSD and
 * SunOS 4 (without the C2 security shadow file):
 *   name:password:uid:gid:gecos:home directory:shell
 * The password field is crypt(3)'s 13 characters; empty means no password,
 * and anything crypt could not have made (such as *) means none works. */
#ifndef _PWD_H
#define _PWD_H
#include <stdio.h>
#include <sys/types.h>
struct passwd {
  char *pw_name;
  char *pw_passwd;
  int pw_uid;
  int pw_gid;
  int pw_quota;     /* 4.3BSD's field, always 0 */
  char *pw_comment; /* 4.3BSD's field, always "" */
  char *pw_gecos;
  char *pw_dir;
  char *pw_shell;
};
struct passwd *getpwent(void);
struct passwd *getpwuid(int uid);
struct passwd *getpwnam(const char *name);
int setpwent(void);
void endpwent(void);
/* Read another file than /etc/passwd from now on (4.3BSD's setpwfile). */
void setpwfile(const char *file);
/* Write p to f as a line of the password file; 0, or -1 if the write failed. */
int putpwent(const struct passwd *p, FILE *f);
#endif
