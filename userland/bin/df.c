/* df - free disk space (4.3BSD's and SunOS 4's df).
 *
 *   df [-i] [file ...]
 *
 * For every mounted file system, or for the ones holding the files named:
 * its size, the space used and available, in kilobytes, how full it is,
 * and where it is mounted; with -i, its inodes (files) used and free
 * instead. The figures come from statfs(2); the list of what is mounted
 * from the kernel (mntinfo). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sun3lab.h>
#include <sys/vfs.h>

#define MAXMNT 32

static struct mntinfo mounted[MAXMNT];
static int nmounted;
static int inodes;

/* n percent of total, rounded to the nearest whole one (0 of 0 is 0). */
static long percent(long n, long total) { return total > 0 ? (200 * n + total) / (2 * total) : 0; }

static void header(void) {
  if (inodes) printf("%-20s%8s%8s%8s  %s\n", "Filesystem", "iused", "ifree", "%iused", "Mounted on");
  else printf("%-20s%8s%8s%8s%9s  %s\n", "Filesystem", "kbytes", "used", "avail", "capacity", "Mounted on");
}

static int show(struct mntinfo *m, struct statfs *s) {
  if (inodes) {
    long used = s->f_files - s->f_ffree;
    printf("%-20s%8ld%8ld%7ld%%  %s\n", m->mi_fsname, used, s->f_ffree, percent(used, s->f_files), m->mi_dir);
  } else {
    long k = s->f_bsize / 1024;
    long total = s->f_blocks * k, used = (s->f_blocks - s->f_bfree) * k, avail = s->f_bavail * k;
    printf("%-20s%8ld%8ld%8ld%8ld%%  %s\n", m->mi_fsname, total, used, avail, percent(used, used + avail),
           m->mi_dir);
  }
  return 0;
}

int main(int argc, char **argv) {
  struct statfs s;
  int status = 0, i = 1;
  if (argc > 1 && strcmp(argv[1], "-i") == 0) {
    inodes = 1;
    i++;
  }
  nmounted = mntinfo(mounted, MAXMNT);
  if (nmounted < 0) {
    fprintf(stderr, "df: cannot read the mount table: %s\n", strerror(errno));
    return 1;
  }
  header();
  if (i == argc) {
    for (int k = 0; k < nmounted; k++) {
      if (statfs(mounted[k].mi_dir, &s) < 0) {
        fprintf(stderr, "df: %s: %s\n", mounted[k].mi_dir, strerror(errno));
        status = 1;
      } else
        show(&mounted[k], &s);
    }
    return status;
  }
  for (; i < argc; i++) {
    int k;
    if (statfs(argv[i], &s) < 0) {
      fprintf(stderr, "df: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    for (k = 0; k < nmounted && mounted[k].mi_dev != s.f_fsid.val[0]; k++) continue;
    if (k == nmounted) {
      fprintf(stderr, "df: %s: not on a mounted file system\n", argv[i]);
      status = 1;
    } else
      show(&mounted[k], &s);
  }
  return status;
}
