/* setup.c - the device and the superblock (4.3BSD's setup.c).
 *
 * blockcheck() turns the name given into the device to read: the raw
 * device when it is given a block device (/dev/sd0a -> /dev/rsd0a, "r"
 * before the last component), and notes whether it is the root file
 * system that is mounted ("hot"). A regular file is checked as a disk
 * image. setup() opens it, checks the superblock's layout against the
 * rules of the format and the size of the device, and makes the in-core
 * maps: nothing fsck does later looks outside what the superblock and
 * the device allow. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsck.h"

/* "/dev/sd0a" -> "/dev/rsd0a" */
static char *rawname(const char *name) {
  const char *slash = strrchr(name, '/');
  int dir = slash != NULL ? slash - name + 1 : 0;
  char *raw = emalloc(strlen(name) + 2);
  memcpy(raw, name, dir);
  raw[dir] = 'r';
  strcpy(raw + dir + 1, name + dir);
  return raw;
}

/* "/dev/rsd0a" -> "/dev/sd0a", or NULL if the last component does not start with "r". */
static char *unrawname(const char *name) {
  const char *slash = strrchr(name, '/');
  const char *last = slash != NULL ? slash + 1 : name;
  if (*last != 'r') return NULL;
  char *block = emalloc(strlen(name));
  memcpy(block, name, last - name);
  strcpy(block + (last - name), last + 1);
  return block;
}

/* The name to check for name (a new string), or NULL with a message; sets hotroot. */
char *blockcheck(const char *name) {
  struct stat slash, st, other;
  char *twin;

  hotroot = 0;
  if (stat("/", &slash) < 0) errexit("Can't stat root\n");
  if (stat(name, &st) < 0) {
    printf("Can't stat %s: %s\n", name, strerror(errno));
    return NULL;
  }
  if (S_ISBLK(st.st_mode)) {
    if (st.st_rdev == slash.st_dev) hotroot = 1;
    twin = rawname(name);
    if (stat(twin, &other) == 0 && S_ISCHR(other.st_mode)) return twin;
    free(twin);
    return strcpy(emalloc(strlen(name) + 1), name);
  }
  if (S_ISCHR(st.st_mode)) {
    twin = unrawname(name);
    if (twin != NULL && stat(twin, &other) == 0 && S_ISBLK(other.st_mode) && other.st_rdev == slash.st_dev)
      hotroot = 1;
    free(twin);
    return strcpy(emalloc(strlen(name) + 1), name);
  }
  if (S_ISREG(st.st_mode)) return strcpy(emalloc(strlen(name) + 1), name);
  if (S_ISDIR(st.st_mode)) printf("%s: is a directory, not a disk device\n", name);
  else printf("%s: not a disk device or disk image\n", name);
  return NULL;
}

static char why[128];

/* One line: the superblock cannot be used. */
static int badsb(const char *msg) {
  printf("%s: BAD SUPER BLOCK: %s\n", cdevname, msg);
  close(fsfd);
  return 0;
}
#define BADSB(...) (snprintf(why, sizeof(why), __VA_ARGS__), badsb(why))

/* A field of the layout that follows from the sizes. */
struct derived {
  const char *what;
  unsigned long *field;
  unsigned long want;
};
static struct derived wrong; /* the one field found wrong, when only one is */

/* Check the layout the superblock gives (the rules of fs.ts's checkLayout).
 * The size and the inode count fix where everything lies, so every other
 * field of the layout can be checked against them: 1 if all agree; 2 if
 * exactly one field disagrees, whose value the others vouch for (in
 * `wrong`); 0, said in one line, if the sizes themselves are impossible or
 * more than one field disagrees (then the sizes may be what is wrong). */
static int checklayout(void) {
  struct fs *fs = &sblock;
  unsigned long n = fs->fs_ninode, imapblks = howmany(n, MAPBITS), bmapblks = howmany(fs->fs_size, MAPBITS);
  unsigned long iblkno = SBLOCK + 1 + imapblks + bmapblks, dblkno = iblkno + n / INOPB;
  struct derived f[] = {
      {"VERSION", &fs->fs_version, FS_VERSION},
      {"BLOCK SIZE", &fs->fs_bsize, FS_BSIZE},
      {"INODE MAP AT BLOCK", &fs->fs_imapblk, SBLOCK + 1},
      {"INODE MAP BLOCKS", &fs->fs_imapblks, imapblks},
      {"BLOCK MAP AT BLOCK", &fs->fs_bmapblk, SBLOCK + 1 + imapblks},
      {"BLOCK MAP BLOCKS", &fs->fs_bmapblks, bmapblks},
      {"INODE TABLE AT BLOCK", &fs->fs_iblkno, iblkno},
      {"INODE TABLE BLOCKS", &fs->fs_iblks, n / INOPB},
      {"DATA AT BLOCK", &fs->fs_dblkno, dblkno},
  };
  int bad = 0;

  if (fs->fs_size > FS_MAXBLOCKS) return BADSB("%lu BLOCKS, MORE THAN %d", fs->fs_size, FS_MAXBLOCKS);
  if (devblocks != 0 && fs->fs_size > (unsigned long)devblocks)
    return BADSB("%lu BLOCKS ON A DEVICE OF %ld", fs->fs_size, devblocks);
  if (n == 0 || n % INOPB != 0) return BADSB("INODE COUNT %lu NOT A MULTIPLE OF %d", n, INOPB);
  if (dblkno >= fs->fs_size) return BADSB("NO ROOM FOR DATA IN %lu BLOCKS", fs->fs_size);
  for (unsigned i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
    if (*f[i].field == f[i].want) continue;
    if (bad++ == 0) wrong = f[i];
  }
  if (bad == 0) return 1;
  if (bad > 1) return BADSB("%s %lu, NOT %lu", wrong.what, *wrong.field, wrong.want);
  return 2;
}

/* Open the device and read the superblock. 1: check it; 2: it is clean
 * and preening skips it; 0: it cannot be checked (said why). */
int setup(const char *dev) {
  static char buf[FS_BSIZE];
  struct stat st;
  off_t end;

  fswritable = 0;
  devblocks = 0;
  flushinodes();
  if (stat(dev, &st) < 0) {
    printf("Can't stat %s: %s\n", dev, strerror(errno));
    return 0;
  }
  fsfd = nflag ? -1 : open(dev, O_RDWR);
  if (fsfd >= 0) fswritable = 1;
  else fsfd = open(dev, O_RDONLY);
  if (fsfd < 0) {
    printf("Can't open %s: %s\n", dev, strerror(errno));
    return 0;
  }
  if (S_ISREG(st.st_mode)) {
    devblocks = st.st_size / FS_BSIZE;
  } else if ((end = lseek(fsfd, 0, SEEK_END)) > 0) {
    devblocks = end / FS_BSIZE;
  }
  if (S_ISREG(st.st_mode) && devblocks <= SBLOCK) {
    printf("%s: NOT A FILE SYSTEM (%ld BYTES)\n", dev, (long)st.st_size);
    close(fsfd);
    return 0;
  }
  if (lseek(fsfd, (off_t)SBLOCK * FS_BSIZE, SEEK_SET) != (off_t)SBLOCK * FS_BSIZE ||
      read(fsfd, buf, FS_BSIZE) != FS_BSIZE) {
    printf("%s: CANNOT READ SUPER BLOCK\n", dev);
    close(fsfd);
    return 0;
  }
  memcpy(&sblock, buf, SBSIZE);
  if (sblock.fs_magic != FS_MAGIC) return BADSB("MAGIC NUMBER WRONG");
  int layout = checklayout();
  if (layout == 0) return 0;
  if (devblocks == 0) { /* a device that does not tell its size: its last block must read */
    off_t last = (off_t)(sblock.fs_size - 1) * FS_BSIZE;
    if (lseek(fsfd, last, SEEK_SET) != last || read(fsfd, buf, FS_BSIZE) != FS_BSIZE)
      return BADSB("%lu BLOCKS, BUT BLOCK %lu CANNOT BE READ", sblock.fs_size, sblock.fs_size - 1);
    devblocks = sblock.fs_size;
  }
  if (preen && !fswritable) {
    pfatal("NO WRITE ACCESS");
    close(fsfd);
    return 0;
  }
  if (!preen) {
    printf("** %s", dev);
    if (!fswritable) printf(" (NO WRITE)");
    printf("\n");
    if (hotroot) printf("** Root file system\n");
  }
  wasclean = sblock.fs_clean == FS_CLEAN;
  if (fscrc(&sblock) != sblock.fs_cksum) {
    wasclean = 0; /* not to be trusted */
    pfatal("SUPER BLOCK CHECKSUM WRONG");
    if (reply("FIX") == 1) sbfixed = 1;
  }
  if (layout == 2) { /* one field wrong: the rest of the superblock says what it must be */
    wasclean = 0;
    pfatal("BAD SUPER BLOCK: %s %lu, NOT %lu", wrong.what, *wrong.field, wrong.want);
    if (reply("FIX") == 1) sbfixed = 1;
    else if (!nflag) errexit("\n");
    *wrong.field = wrong.want; /* with -n, checked as it should be */
  }
  if (preen && wasclean && !fflag) {
    close(fsfd);
    return 2;
  }

  maxino = sblock.fs_ninode;
  statemap = emalloc(maxino);
  lncntp = emalloc(maxino * sizeof(long));
  blockmap = emalloc(sblock.fs_bmapblks * FS_BSIZE);
  ndup = 0;
  duplist = NULL;
  inplast = 0;
  lfdir = 0;
  return 1;
}

void freemaps(void) {
  free(statemap);
  free(lncntp);
  free(blockmap);
  free(duplist);
  freeinoinfo();
  statemap = NULL;
  lncntp = NULL;
  blockmap = NULL;
  duplist = NULL;
  ndup = 0;
}
