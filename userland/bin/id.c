/* id - print user and group ids and names.
 *
 *   id [user]
 *
 * uid=1001(alice) gid=100(students) groups=100(students),101(project)
 * For the process: its real ids, the effective ones when they differ
 * (euid=, egid=, after a set-user-id program), and its group access list
 * (getgroups). For a user named: the ids /etc/passwd gives and the groups
 * login would give (every group of /etc/group that lists the name). An id
 * without a name is printed as a bare number. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/param.h>
#include <unistd.h>

static void user(const char *label, int uid) {
  struct passwd *pw = getpwuid(uid);
  printf("%s=%d", label, uid);
  if (pw != NULL) printf("(%s)", pw->pw_name);
}

static void group(const char *label, int gid) {
  struct group *gr = getgrgid(gid);
  if (label != NULL) printf("%s=", label);
  printf("%d", gid);
  if (gr != NULL) printf("(%s)", gr->gr_name);
}

static void groups(const int *list, int n) {
  if (n <= 0) return;
  printf(" groups=");
  for (int i = 0; i < n; i++) {
    if (i > 0) putchar(',');
    group(NULL, list[i]);
  }
}

int main(int argc, char **argv) {
  int list[NGROUPS];
  if (argc > 2) {
    fprintf(stderr, "usage: id [user]\n");
    return 1;
  }
  if (argc == 2) {
    struct passwd *pw = getpwnam(argv[1]);
    if (pw == NULL) {
      fprintf(stderr, "id: %s: no such user\n", argv[1]);
      return 1;
    }
    int uid = pw->pw_uid, gid = pw->pw_gid;
    char name[64];
    snprintf(name, sizeof(name), "%s", pw->pw_name);
    int n = NGROUPS;
    getgrouplist(name, gid, list, &n);
    user("uid", uid);
    putchar(' ');
    group("gid", gid);
    groups(list, n);
    putchar('\n');
    return 0;
  }
  int uid = getuid(), euid = geteuid(), gid = getgid(), egid = getegid();
  user("uid", uid);
  putchar(' ');
  group("gid", gid);
  if (euid != uid) {
    putchar(' ');
    user("euid", euid);
  }
  if (egid != gid) {
    putchar(' ');
    group("egid", egid);
  }
  groups(list, getgroups(NGROUPS, list)); /* nothing if the kernel has no getgroups */
  putchar('\n');
  return 0;
}
