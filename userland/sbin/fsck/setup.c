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

/* What is wrong with the layout the superblock gives (the rules of fs.ts's checkLayout), or 0. */
static int badlayout(void) {
  struct fs *fs = &sblock;
  if (fs->fs_version != FS_VERSION) return BADSB("VERSION %lu, NOT %d", fs->fs_version, FS_VERSION);
  if (fs->fs_bsize != FS_BSIZE) return BADSB("BLOCK SIZE %lu, NOT %d", fs->fs_bsize, FS_BSIZE);
  if (fs->fs_size > FS_MAXBLOCKS) return BADSB("%lu BLOCKS, MORE THAN %d", fs->fs_size, FS_MAXBLOCKS);
  if (devblocks != 0 && fs->fs_size > (unsigned long)devblocks)
    return BADSB("%lu BLOCKS ON A DEVICE OF %ld", fs->fs_size, devblocks);
  if (fs->fs_ninode == 0 || fs->fs_ninode % INOPB != 0)
    return BADSB("INODE COUNT %lu NOT A MULTIPLE OF %d", fs->fs_ninode, INOPB);
  if (fs->fs_imapblk != SBLOCK + 1) return BADSB("INODE MAP AT BLOCK %lu", fs->fs_imapblk);
  if (fs->fs_imapblks != howmany(fs->fs_ninode, MAPBITS))
    return BADSB("INODE MAP OF %lu BLOCKS", fs->fs_imapblks);
  if (fs->fs_bmapblk != fs->fs_imapblk + fs->fs_imapblks)
    return BADSB("BLOCK MAP AT BLOCK %lu", fs->fs_bmapblk);
  if (fs->fs_bmapblks != howmany(fs->fs_size, MAPBITS))
    return BADSB("BLOCK MAP OF %lu BLOCKS", fs->fs_bmapblks);
  if (fs->fs_iblkno != fs->fs_bmapblk + fs->fs_bmapblks)
    return BADSB("INODE TABLE AT BLOCK %lu", fs->fs_iblkno);
  if (fs->fs_iblks != fs->fs_ninode / INOPB) return BADSB("INODE TABLE OF %lu BLOCKS", fs->fs_iblks);
  if (fs->fs_dblkno != fs->fs_iblkno + fs->fs_iblks) return BADSB("DATA AT BLOCK %lu", fs->fs_dblkno);
  if (fs->fs_dblkno >= fs->fs_size) return BADSB("NO ROOM FOR DATA IN %lu BLOCKS", fs->fs_size);
  return 1;
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
  if (!badlayout()) return 0;
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
