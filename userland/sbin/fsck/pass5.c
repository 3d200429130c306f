/* pass5.c - Phase 5: Check Free Maps (4.3BSD's "Check Cyl groups": this
 * file system has one group, whose maps are two bitmaps).
 *
 * What the maps should say is worked out afresh: the metadata blocks, and
 * every block that an inode still in use holds (after what phases 1-4
 * cleared); the reserved inodes and every inode in use. The bits past the
 * ends of the maps are always set. Blocks and inodes fsck itself freed are
 * freed in the maps without a word; any other difference is reported and
 * the maps salvaged (rewritten). Last, the superblock's free counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsck.h"

long n_files, n_blks, n_free;

static unsigned char *newb; /* the block map the inodes call for */

static int getbit(const unsigned char *m, unsigned long i) { return (m[i >> 3] >> (i & 7)) & 1; }
static void putbit(unsigned char *m, unsigned long i, int v) {
  if (v) m[i >> 3] |= 1 << (i & 7);
  else m[i >> 3] &= ~(1 << (i & 7));
}

static int rescan(struct inodesc *idesc) {
  unsigned long blk = idesc->id_blkno;
  if (outrange(blk) || getbit(newb, blk)) return SKIP; /* each indirect block is read once */
  putbit(newb, blk, 1);
  return KEEPON;
}

static unsigned char *readmap(unsigned long start, unsigned long nblks) {
  unsigned char *m = emalloc(nblks * FS_BSIZE);
  for (unsigned long i = 0; i < nblks; i++) bread(start + i, m + i * FS_BSIZE);
  return m;
}

static void writemap(unsigned long start, unsigned long nblks, const unsigned char *want, const unsigned char *disk) {
  for (unsigned long i = 0; i < nblks; i++)
    if (memcmp(want + i * FS_BSIZE, disk + i * FS_BSIZE, FS_BSIZE) != 0) bwrite(start + i, want + i * FS_BSIZE);
}

static long zeros(const unsigned char *m, unsigned long from, unsigned long to) {
  long n = 0;
  for (unsigned long i = from; i < to; i++) n += !getbit(m, i);
  return n;
}

void pass5(void) {
  unsigned long bbits = sblock.fs_bmapblks * MAPBITS, ibits = sblock.fs_imapblks * MAPBITS;
  unsigned long bsize = sblock.fs_bmapblks * FS_BSIZE, isize = sblock.fs_imapblks * FS_BSIZE;
  unsigned char *diskb = readmap(sblock.fs_bmapblk, sblock.fs_bmapblks);
  unsigned char *diski = readmap(sblock.fs_imapblk, sblock.fs_imapblks);
  unsigned char *newi = emalloc(isize), *wantb = emalloc(bsize), *wanti = emalloc(isize);
  struct dinode d;
  struct inodesc idesc;
  unsigned long i;

  /* What the maps should say. */
  newb = emalloc(bsize);
  for (i = 0; i < sblock.fs_dblkno; i++) putbit(newb, i, 1);
  for (i = sblock.fs_size; i < bbits; i++) putbit(newb, i, 1);
  for (i = 0; i < ROOTINO; i++) putbit(newi, i, 1);
  for (i = maxino; i < ibits; i++) putbit(newi, i, 1);
  n_files = 0;
  for (ino_t ino = ROOTINO; ino < maxino; ino++) {
    if ((statemap[ino] & STATE) == USTATE) continue;
    putbit(newi, ino, 1);
    n_files++;
    getinode(ino, &d);
    if (!inodeok(&d) || !hasdata(&d)) continue;
    memset(&idesc, 0, sizeof(idesc));
    idesc.id_number = ino;
    idesc.id_func = rescan;
    ckinode(&d, &idesc);
  }

  /* What they say: fsck's own frees are made quietly, the rest counted. */
  long missing = 0, markedfree = 0, unused = 0, imarkedfree = 0;
  memcpy(wantb, diskb, bsize);
  memcpy(wanti, diski, isize);
  for (i = 0; i < bbits; i++) {
    int was = getbit(diskb, i), want = getbit(newb, i);
    if (was == want) continue;
    if (!want && !outrange(i) && testbmap(i)) putbit(wantb, i, 0); /* held by an inode fsck cleared or cut */
    else if (!want) missing++;
    else markedfree++;
  }
  for (i = 0; i < ibits; i++) {
    int was = getbit(diski, i), want = getbit(newi, i);
    if (was == want) continue;
    if (!want && i < maxino && (statemap[i] & CLEARED)) putbit(wanti, i, 0);
    else if (!want) unused++;
    else imarkedfree++;
  }
  int salvaged = 0;
  if (missing + markedfree + unused + imarkedfree > 0) {
    if (missing) pwarn("%ld BLK(S) MISSING\n", missing);
    if (markedfree) pwarn("%ld ALLOCATED BLK(S) MARKED FREE\n", markedfree);
    if (unused) pwarn("%ld UNALLOCATED INODE(S) MARKED IN USE\n", unused);
    if (imarkedfree) pwarn("%ld ALLOCATED INODE(S) MARKED FREE\n", imarkedfree);
    pwarn("BAD FREE MAPS");
    if (fixit("SALVAGE", "SALVAGED")) {
      salvaged = 1;
      memcpy(wantb, newb, bsize);
      memcpy(wanti, newi, isize);
    }
  }
  writemap(sblock.fs_bmapblk, sblock.fs_bmapblks, wantb, diskb);
  writemap(sblock.fs_imapblk, sblock.fs_imapblks, wanti, diski);

  /* The superblock's counts: wrong if they did not match the maps as found. */
  long nbfree = zeros(wantb, sblock.fs_dblkno, sblock.fs_size), nifree = zeros(wanti, FIRSTINO, maxino);
  int stale = sblock.fs_nbfree != (unsigned long)zeros(diskb, sblock.fs_dblkno, sblock.fs_size) ||
              sblock.fs_nifree != (unsigned long)zeros(diski, FIRSTINO, maxino);
  if (sblock.fs_nbfree != (unsigned long)nbfree || sblock.fs_nifree != (unsigned long)nifree) {
    int fix = 1;
    if (stale && !salvaged) {
      int was = resolved;
      pwarn("FREE BLK COUNT(S) WRONG IN SUPERBLK");
      fix = fixit("FIX", "FIXED");
      if (!fix && !wasclean) resolved = was; /* a file system in use writes them only at sync */
    }
    if (fix && fswritable) {
      sblock.fs_nbfree = nbfree;
      sblock.fs_nifree = nifree;
      sbfixed = 1;
    }
  }
  if ((sblock.fs_brotor < sblock.fs_dblkno || sblock.fs_brotor >= sblock.fs_size) && fswritable) {
    sblock.fs_brotor = sblock.fs_dblkno;
    sbfixed = 1;
  }
  n_blks = 0;
  for (i = sblock.fs_dblkno; i < sblock.fs_size; i++) n_blks += getbit(newb, i);
  n_free = (long)(sblock.fs_size - sblock.fs_dblkno) - n_blks;
  free(diskb);
  free(diski);
  free(newb);
  free(newi);
  free(wantb);
  free(wanti);
  newb = NULL;
}
