/* utilities.c - questions and messages, block I/O, the block map (4.3BSD's
 * utilities.c).
 *
 * How fsck talks: pwarn() says something (with the device's name first
 * when preening, so that the lines of several file systems can be told
 * apart); pfatal() says something preening must not repair, and when
 * preening stops there with "UNEXPECTED INCONSISTENCY"; reply() asks, or
 * answers itself for -n and -y. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsck.h"

/* Ask a question; 1 for yes. -n answers no (but yes to CONTINUE), -y yes. */
int reply(const char *question) {
  int cont = strcmp(question, "CONTINUE") == 0;
  char line[80];

  if (preen) pfatal("INTERNAL ERROR: GOT TO reply()");
  printf("\n%s? ", question);
  if (!cont && (nflag || !fswritable)) {
    printf(" no\n\n");
    resolved = 0;
    return 0;
  }
  if (yflag || (cont && nflag)) {
    printf(" yes\n\n");
    return 1;
  }
  fflush(stdout);
  if (fgets(line, sizeof(line), stdin) == NULL) errexit("\n");
  if (strchr(line, '\n') == NULL) { /* drop the rest of a long line */
    int c;
    while ((c = getchar()) != EOF && c != '\n') continue;
  }
  printf("\n");
  if (line[0] == 'y' || line[0] == 'Y') return 1;
  if (!cont) resolved = 0;
  return 0;
}

/* A repair preening may make: when preening, finish the line with "(done)"
 * and make it; otherwise ask. */
int fixit(const char *question, const char *done) {
  if (preen) {
    printf(" (%s)\n", done);
    return 1;
  }
  return reply(question);
}

void pwarn(const char *fmt, ...) {
  va_list ap;
  if (preen) printf("%s: ", cdevname);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
}

/* Something preening does not repair: stop with exit status 8 if preening. */
void pfatal(const char *fmt, ...) {
  va_list ap;
  if (preen) printf("%s: ", cdevname);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  if (preen) {
    if (*fmt == 0 || fmt[strlen(fmt) - 1] != '\n') printf("\n");
    printf("%s: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.\n", cdevname);
    exit(8);
  }
}

void errexit(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  exit(8);
}

void *emalloc(unsigned long n) {
  void *p = calloc(1, n == 0 ? 1 : n);
  if (p == NULL) errexit("%s: CANNOT ALLOCATE %lu BYTES OF MEMORY\n", cdevname, n);
  return p;
}

static void rwerror(const char *what, unsigned long blk) {
  if (!preen) printf("\n");
  pfatal("CANNOT %s: BLK %lu", what, blk);
  if (reply("CONTINUE") == 0) errexit("Program terminated\n");
}

/* Read block blk (FS_BSIZE bytes). A block that cannot be read reads as zeros. */
void bread(unsigned long blk, void *buf) {
  off_t off = (off_t)(blk << FS_BSHIFT);
  if (blk < FS_MAXBLOCKS && (devblocks == 0 || blk < (unsigned long)devblocks) &&
      lseek(fsfd, off, SEEK_SET) == off && read(fsfd, buf, FS_BSIZE) == FS_BSIZE)
    return;
  rwerror("READ", blk);
  memset(buf, 0, FS_BSIZE);
}

/* For the tests of what a kill leaves: FSCK_STOP_AFTER_WRITES=n in the
 * environment kills fsck (SIGKILL) when it is about to write its n+1st block. */
long stopafter = -1;
static long nwrites;

/* Write block blk, now: fsck keeps nothing back. Nothing happens with -n. */
void bwrite(unsigned long blk, const void *buf) {
  off_t off = (off_t)(blk << FS_BSHIFT);
  if (!fswritable) return;
  if (stopafter >= 0 && nwrites++ == stopafter) kill(getpid(), SIGKILL);
  if (blk != SBLOCK) fsmodified = 1;
  forgetblk(blk);
  if (blk < FS_MAXBLOCKS && lseek(fsfd, off, SEEK_SET) == off && write(fsfd, buf, FS_BSIZE) == FS_BSIZE)
    return;
  rwerror("WRITE", blk);
}

/* CRC-32 (the polynomial zlib uses) of the superblock up to its checksum. */
unsigned long fscrc(const struct fs *fs) {
  const unsigned char *p = (const unsigned char *)fs;
  unsigned long c = 0xffffffffUL;
  for (unsigned i = 0; i < SBSIZE - 4; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320UL ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xffffffffUL;
}

/* Write the in-core superblock, with a fresh checksum, keeping the rest of its block. */
void sbwrite(void) {
  static char buf[FS_BSIZE];
  if (!fswritable) return;
  bread(SBLOCK, buf);
  sblock.fs_cksum = fscrc(&sblock);
  memcpy(buf, &sblock, SBSIZE);
  bwrite(SBLOCK, buf);
}

/* Whether blk is not a data block of this file system. */
int outrange(unsigned long blk) { return blk < sblock.fs_dblkno || blk >= sblock.fs_size; }

int testbmap(unsigned long blk) { return (blockmap[blk >> 3] >> (blk & 7)) & 1; }
void setbmap(unsigned long blk) { blockmap[blk >> 3] |= 1 << (blk & 7); }

/* Set bit `bit` of the bitmap that starts at block mapblk, on the disk. */
void setmapbit(unsigned long mapblk, unsigned long bit) {
  static unsigned char buf[FS_BSIZE];
  unsigned long blk = mapblk + bit / MAPBITS;
  bit %= MAPBITS;
  bread(blk, buf);
  if (buf[bit >> 3] & (1 << (bit & 7))) return;
  buf[bit >> 3] |= 1 << (bit & 7);
  bwrite(blk, buf);
}

/* A data block nobody claims, now claimed and marked in use on the disk; 0 if there is none. */
unsigned long allocblk(void) {
  for (unsigned long b = sblock.fs_dblkno; b < sblock.fs_size; b++) {
    if (testbmap(b)) continue;
    setbmap(b);
    setmapbit(sblock.fs_bmapblk, b);
    return b;
  }
  return 0;
}
