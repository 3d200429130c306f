/* What halt and reboot share (4.3BSD's /etc/halt and /etc/reboot):
 *
 *   reboot [-n] [-q]      halt [-n] [-q]
 *
 * Both write the file systems back (sync) and call reboot(2), which
 * unmounts them and stops the machine: halt leaves it halted, reboot boots
 * it again. -n: no sync, and the kernel does not write its file systems
 * back either (after fsck has repaired a mounted root, what the kernel
 * holds in memory is stale and must not be written). -q is accepted for
 * SunOS's sake: there is no shutdown procedure to skip, the kernel closes
 * every file itself. Only the super-user may. */
#ifndef REBOOT_H
#define REBOOT_H
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

static int reboot_main(const char *prog, int howto, int argc, char **argv) {
  int c;
  while ((c = getopt(argc, argv, "nq")) != -1) {
    if (c == 'n') howto |= RB_NOSYNC;
    else if (c != 'q') {
      fprintf(stderr, "usage: %s [-n] [-q]\n", prog);
      return 2;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "usage: %s [-n] [-q]\n", prog);
    return 2;
  }
  if (!(howto & RB_NOSYNC)) sync();
  reboot(howto);
  fprintf(stderr, "%s: %s\n", prog, strerror(errno));
  return 1;
}
#endif
