/* mntent.h - sun3lab libc: the file system table, /etc/fstab, as SunOS 4
 * reads it. One file system a line, six fields separated by blanks:
 *
 *   /dev/sd0a   /      4.2   rw   1 1
 *   fsname      dir    type  opts freq passno
 *
 * freq is for dump, passno orders the checks of fsck -p (0: not checked).
 * Lines starting with '#' are comments. */
#ifndef _MNTENT_H
#define _MNTENT_H

#include <stdio.h>

#define MNTTAB "/etc/fstab"
#define MOUNTED "/etc/mtab"

#define MNTTYPE_42 "4.2"     /* a local disk file system */
#define MNTTYPE_NFS "nfs"
#define MNTTYPE_SWAP "swap"
#define MNTTYPE_IGNORE "ignore"

#define MNTOPT_RO "ro"
#define MNTOPT_RW "rw"
#define MNTOPT_NOSUID "nosuid"

struct mntent {
  char *mnt_fsname; /* the block device, e.g. /dev/sd0a */
  char *mnt_dir;    /* where it is mounted */
  char *mnt_type;   /* MNTTYPE_* */
  char *mnt_opts;   /* options, separated by commas */
  int mnt_freq;     /* dump frequency in days */
  int mnt_passno;   /* fsck pass, 0 = not checked */
};

FILE *setmntent(const char *file, const char *mode);
struct mntent *getmntent(FILE *f);
int addmntent(FILE *f, const struct mntent *mnt);
char *hasmntopt(const struct mntent *mnt, const char *opt);
int endmntent(FILE *f);

#endif
