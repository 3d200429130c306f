/* pass1b.c - Phase 1b: Rescan For More DUPS (4.3BSD's pass1b.c).
 *
 * Phase 1 reports a duplicate block when the second inode claims it; the
 * first one to claim it is found here, by walking the inodes again in the
 * same order, and is marked to be cleared as well. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsck.h"

static unsigned char *unfound; /* duplist[i] has no first owner yet */
static long left;

static int cmpblk(const void *a, const void *b) {
  unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
  return x < y ? -1 : x > y;
}

static int pass1bcheck(struct inodesc *idesc) {
  unsigned long blk = idesc->id_blkno;
  /* the same blocks as phase 1 claimed: within the size, in the data area */
  if (idesc->id_lbn >= idesc->id_nblocks || outrange(blk)) return SKIP;
  unsigned long *p = bsearch(&blk, duplist, ndup, sizeof(unsigned long), cmpblk);
  if (p == NULL) return KEEPON;
  if (unfound[p - duplist]) {
    blkerror(idesc->id_number, "DUP", blk);
    unfound[p - duplist] = 0;
    if (--left == 0) return STOP;
  }
  return SKIP;
}

void pass1b(void) {
  struct dinode d;
  struct inodesc idesc;

  qsort(duplist, ndup, sizeof(unsigned long), cmpblk);
  unfound = emalloc(ndup);
  memset(unfound, 1, ndup);
  left = ndup;
  for (ino_t ino = ROOTINO; ino < maxino && left > 0; ino++) {
    if ((statemap[ino] & STATE) == USTATE) continue;
    getinode(ino, &d);
    if (!inodeok(&d) || !hasdata(&d)) continue;
    memset(&idesc, 0, sizeof(idesc));
    idesc.id_number = ino;
    idesc.id_func = pass1bcheck;
    if (ckinode(&d, &idesc) & STOP) break;
  }
  free(unfound);
}
