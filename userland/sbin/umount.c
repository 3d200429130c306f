/* umount - unmount file systems (SunOS 4's umount(8)).
 *
 *   umount DIR|SPECIAL ...   unmount what is mounted on DIR, or from SPECIAL
 *   umount -a                everything but the root, the last mounted first
 *
 * A file system in use (an open file, someone's current directory,
 * something mounted on one of its directories) stays mounted: "Device
 * busy". Only the super-user unmounts. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/sun3lab.h>

#define MAXMNT 32

static struct mntinfo mounted[MAXMNT];
static int nmounted;

static int do_unmount(const char *name) {
  const char *dir = name;
  for (int i = 0; i < nmounted; i++)
    if (strcmp(mounted[i].mi_fsname, name) == 0) dir = mounted[i].mi_dir;
  if (unmount(dir) == 0) return 0;
  fprintf(stderr, "umount: %s: %s\n", name, errno == EINVAL ? "not mounted" : strerror(errno));
  return 1;
}

int main(int argc, char **argv) {
  int status = 0;
  nmounted = mntinfo(mounted, MAXMNT);
  if (nmounted < 0) {
    fprintf(stderr, "umount: cannot read the mount table: %s\n", strerror(errno));
    return 1;
  }
  if (argc == 2 && strcmp(argv[1], "-a") == 0) {
    for (int i = nmounted - 1; i > 0; i--) status |= do_unmount(mounted[i].mi_dir);
    return status;
  }
  if (argc < 2 || argv[1][0] == '-') {
    fprintf(stderr, "usage: umount dir|special ...\n       umount -a\n");
    return 2;
  }
  for (int i = 1; i < argc; i++) status |= do_unmount(argv[i]);
  return status;
}
