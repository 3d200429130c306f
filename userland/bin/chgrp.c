/* chgrp - change the group of files.
 *
 *   chgrp [-fR] group file...
 *
 * group is a name or a number. The owner of a file may give it to a group
 * they are in; the super-user to any. -R goes through directories (not
 * through symbolic links), -f says nothing about files it could not
 * change. */
#include "owner.h"

/* Is the process in group gid (4.3BSD's chgrp asks before the kernel refuses)? */
static int member(int gid) {
  int list[NGROUPS];
  int n = getgroups(NGROUPS, list);
  if (n < 0) return 1; /* the kernel cannot tell: let chown(2) decide */
  if (getegid() == gid) return 1;
  for (int i = 0; i < n; i++)
    if (list[i] == gid) return 1;
  return 0;
}

int main(int argc, char **argv) {
  int i = owner_options(argc, argv);
  if (i < 0 || argc - i < 2) {
    fprintf(stderr, "usage: chgrp [-fR] group file...\n");
    return 1;
  }
  int gid = owner_gid("chgrp", argv[i]);
  if (gid < 0) return 1;
  if (geteuid() != 0 && !member(gid)) {
    fprintf(stderr, "chgrp: you are not a member of group %s\n", argv[i]);
    return 1;
  }
  return owner_all("chgrp", i + 1, argc, argv, -1, gid);
}
