/* whoami - print the name of the effective user id (after su, the user you
 * became; compare `id`, which shows the real one too). */
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  int uid = geteuid();
  struct passwd *pw = getpwuid(uid);
  if (pw == NULL) {
    fprintf(stderr, "whoami: no name for user id %d\n", uid);
    return 1;
  }
  printf("%s\n", pw->pw_name);
  return 0;
}
