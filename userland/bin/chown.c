/* chown - change the owner (and the group) of files.
 *
 *   chown [-fR] owner[.group] file...
 *
 * owner and group are names or numbers; 4.3BSD writes owner.group, and
 * owner:group works too (":group" alone changes only the group). -R goes
 * through directories (not through symbolic links), -f says nothing about
 * files it could not change. Only the super-user may give a file away. */
#include "owner.h"

int main(int argc, char **argv) {
  int i = owner_options(argc, argv);
  if (i < 0 || argc - i < 2) {
    fprintf(stderr, "usage: chown [-fR] owner[.group] file...\n");
    return 1;
  }
  char spec[128];
  snprintf(spec, sizeof(spec), "%s", argv[i]);
  /* user names have no ':', but may have a '.': a ':' is the separator when there is one */
  char *sep = strchr(spec, ':');
  if (sep == NULL) sep = strchr(spec, '.');
  int uid = -1, gid = -1;
  if (sep != NULL) {
    *sep = 0;
    if ((gid = owner_gid("chown", sep + 1)) < 0) return 1;
  }
  if ((spec[0] != 0 || sep == NULL) && (uid = owner_uid("chown", spec)) < 0) return 1;
  return owner_all("chown", i + 1, argc, argv, uid, gid);
}
