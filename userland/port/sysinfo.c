/* sysinfo: what a portable program can find out about the system it runs
 * on, through POSIX.1's interfaces (in the style of APUE, 2.5 and 6.9):
 * uname, sysconf, pathconf, the terminal and the user. */
#include <limits.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

static void pr_sysconf(const char *name, int which) {
  long v = sysconf(which);
  if (v < 0) printf("%s: no limit\n", name);
  else printf("%s = %ld\n", name, v);
}

static void pr_pathconf(const char *name, const char *path, int which) {
  long v = pathconf(path, which);
  if (v < 0) printf("%s: no limit\n", name);
  else printf("%s = %ld\n", name, v);
}

int main(void) {
  struct utsname u;
  if (uname(&u) < 0) {
    perror("uname");
    return 1;
  }
  printf("%s %s %s %s %s\n", u.sysname, u.nodename, u.release, u.version, u.machine);
  pr_sysconf("ARG_MAX", _SC_ARG_MAX);
  pr_sysconf("CHILD_MAX", _SC_CHILD_MAX);
  pr_sysconf("clock ticks/second", _SC_CLK_TCK);
  pr_sysconf("NGROUPS_MAX", _SC_NGROUPS_MAX);
  pr_sysconf("OPEN_MAX", _SC_OPEN_MAX);
  pr_sysconf("_POSIX_VERSION", _SC_VERSION);
  pr_pathconf("NAME_MAX", "/", _PC_NAME_MAX);
  pr_pathconf("PATH_MAX", "/", _PC_PATH_MAX);
  pr_pathconf("MAX_CANON", "/dev/tty", _PC_MAX_CANON);
  printf("terminal: %s\n", isatty(0) ? ttyname(0) : "none");
  printf("controlling terminal: %s\n", ctermid(NULL));
  char *login = getlogin();
  printf("login name: %s\n", login ? login : "unknown");
  return 0;
}
