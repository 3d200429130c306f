/* accounts: the password and group files through the libc (getpwnam,
 * getpwuid, getpwent, getgrnam, getgrgid, getgrent, getgrouplist,
 * putpwent), on the image's /etc/passwd and /etc/group, and on a file of
 * odd lines made in /tmp (long, short, "+" lines, no final newline). */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/param.h>
#include <unistd.h>
#include "check.h"

static void image_files(void) {
  struct passwd *pw = getpwnam("root");
  CHECK(pw != NULL && pw->pw_uid == 0 && pw->pw_gid == 0 && strcmp(pw->pw_dir, "/") == 0, "root: uid 0, gid 0, home /");
  CHECK(pw != NULL && strlen(pw->pw_passwd) == 13, "root has a crypt(3) password");
  CHECK(pw != NULL && strcmp(crypt("sun3lab", pw->pw_passwd), pw->pw_passwd) == 0, "root's password is sun3lab");
  pw = getpwnam("alice");
  CHECK(pw != NULL && pw->pw_uid == 1001 && pw->pw_gid == 100 && strcmp(pw->pw_dir, "/home/alice") == 0 &&
            strcmp(pw->pw_shell, "/bin/sh") == 0,
        "alice: 1001, group 100, /home/alice, /bin/sh");
  pw = getpwuid(1003);
  CHECK(pw != NULL && strcmp(pw->pw_name, "carol") == 0, "getpwuid(1003) is carol");
  CHECK(getpwnam("nosuchuser") == NULL && getpwuid(4242) == NULL, "unknown names and ids: NULL");
  CHECK(getpwnam("") == NULL && getpwnam("alic") == NULL, "no match on a prefix or an empty name");
  int n = 0, found = 0;
  setpwent();
  while ((pw = getpwent()) != NULL) {
    n++;
    if (strcmp(pw->pw_name, "bob") == 0 && pw->pw_uid == 1002) found = 1;
  }
  endpwent();
  CHECK(n == 8 && found, "getpwent lists the 8 accounts (%d), bob among them", n);

  struct group *gr = getgrnam("students");
  CHECK(gr != NULL && gr->gr_gid == 100, "group students is 100");
  gr = getgrnam("project");
  CHECK(gr != NULL && gr->gr_gid == 101 && gr->gr_mem[0] != NULL && strcmp(gr->gr_mem[0], "alice") == 0 &&
            gr->gr_mem[1] != NULL && strcmp(gr->gr_mem[1], "bob") == 0 && gr->gr_mem[2] == NULL,
        "group project (101) lists alice and bob");
  gr = getgrgid(0);
  CHECK(gr != NULL && strcmp(gr->gr_name, "wheel") == 0 && gr->gr_mem[0] == NULL, "group 0 is wheel, no members");
  CHECK(getgrnam("nosuchgroup") == NULL && getgrgid(4242) == NULL, "unknown groups: NULL");
  n = 0;
  setgrent();
  while (getgrent() != NULL) n++;
  endgrent();
  CHECK(n == 10, "getgrent lists the 10 groups (%d)", n);

  int list[NGROUPS], k = NGROUPS;
  CHECK(getgrouplist("alice", 100, list, &k) == 0 && k == 2 && list[0] == 100 && list[1] == 101,
        "alice's groups: 100, 101");
  k = NGROUPS;
  CHECK(getgrouplist("carol", 100, list, &k) == 0 && k == 1 && list[0] == 100, "carol's groups: 100");
  k = 1;
  CHECK(getgrouplist("bob", 100, list, &k) == -1 && k == 1 && list[0] == 100, "a list too short: -1, the first kept");
}

static void odd_file(void) {
  const char *file = "/tmp/accounts.passwd";
  FILE *f = fopen(file, "w");
  CHECK(f != NULL, "make %s", file);
  if (f == NULL) return;
  char longline[1500];
  memset(longline, 'x', sizeof(longline));
  longline[sizeof(longline) - 1] = 0;
  fprintf(f, "short:line\n%s:pw:5:5:::\n+:\n+nis::0:0:::\n", longline);
  fprintf(f, "toomany:x:1:1:a:b:c:d\nempty::7:7:::\n");
  struct passwd p = {"dave", "abcdefghijklm", 1004, 100, 0, "", "Dave", "/home/dave", "/bin/sh"};
  CHECK(putpwent(&p, f) == 0, "putpwent writes a line");
  fprintf(f, "last:x:9:9:Last:/:/bin/sh"); /* no newline */
  fclose(f);
  setpwfile(file);
  struct passwd *pw;
  char names[200] = "";
  while ((pw = getpwent()) != NULL) {
    strcat(names, pw->pw_name);
    strcat(names, " ");
  }
  CHECK(strcmp(names, "empty dave last ") == 0, "only the good lines are read: %s", names);
  pw = getpwnam("dave");
  CHECK(pw != NULL && pw->pw_uid == 1004 && strcmp(pw->pw_gecos, "Dave") == 0 && strcmp(pw->pw_dir, "/home/dave") == 0,
        "putpwent's line reads back");
  pw = getpwnam("empty");
  CHECK(pw != NULL && pw->pw_passwd[0] == 0 && pw->pw_shell[0] == 0, "empty fields stay empty");
  setpwfile("/etc/passwd");
  CHECK(getpwnam("dave") == NULL && getpwnam("alice") != NULL, "setpwfile back to /etc/passwd");
  unlink(file);
}

int main(void) {
  image_files();
  odd_file();
  return DONE("accounts");
}
