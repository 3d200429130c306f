/* pass1.c - Phase 1: Check Blocks and Sizes (4.3BSD's pass1.c).
 *
 * Every inode is read once. One in use must have a type and a size that
 * make sense; each block it points to must lie in the data area (else
 * "BAD") and be claimed by no other inode (else "DUP": phase 1b finds the
 * first owner). An inode with bad or duplicate blocks is marked to be
 * cleared; phase 2 then offers to remove the names of it.
 *
 * The walk claims only the blocks within the file's size: a pointer past
 * the end (a truncation that a crash cut short) is dropped, "PARTIALLY
 * TRUNCATED INODE", and a directory must have no holes. di_blocks must
 * count the blocks held. Each directory goes into the table of
 * directories for phases 2 and 3. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsck.h"

static unsigned char *dupmap; /* blocks already in duplist */

static void adddup(unsigned long blk) {
  static long dupmax;
  if (dupmap[blk >> 3] & (1 << (blk & 7))) return;
  dupmap[blk >> 3] |= 1 << (blk & 7);
  if (ndup == dupmax) {
    unsigned long *n = emalloc((dupmax = dupmax == 0 ? 64 : dupmax * 2) * sizeof(unsigned long));
    if (ndup > 0) memcpy(n, duplist, ndup * sizeof(unsigned long));
    free(duplist);
    duplist = n;
  }
  duplist[ndup++] = blk;
}

static int pass1check(struct inodesc *idesc) {
  unsigned long blk = idesc->id_blkno;
  ino_t ino = idesc->id_number;

  if (idesc->id_lbn >= idesc->id_nblocks) { /* past the end of the file: not claimed */
    idesc->id_pasteof++;
    return SKIP;
  }
  if (outrange(blk)) {
    blkerror(ino, "BAD", blk);
    if (++idesc->id_bad >= MAXBAD) {
      pwarn("EXCESSIVE BAD BLKS I=%lu", (unsigned long)ino);
      if (preen) printf(" (SKIPPING)\n");
      else if (reply("CONTINUE") == 0) errexit("\n");
      return STOP;
    }
    return SKIP;
  }
  idesc->id_held++;
  if (testbmap(blk)) {
    blkerror(ino, "DUP", blk);
    adddup(blk);
    if (++idesc->id_dup >= MAXDUP) {
      pwarn("EXCESSIVE DUP BLKS I=%lu", (unsigned long)ino);
      if (preen) printf(" (SKIPPING)\n");
      else if (reply("CONTINUE") == 0) errexit("\n");
      return STOP;
    }
    return SKIP; /* an indirect block someone else has: its pointers are theirs */
  }
  setbmap(blk);
  if (idesc->id_level == 0 && idesc->id_lbn == idesc->id_next) idesc->id_next++;
  return KEEPON;
}

/* Whether an inode in use is one the file system can hold. */
int inodeok(const struct dinode *dp) {
  int t = dp->di_mode & S_IFMT, i;
  if (!ftypeok(dp) || dp->di_sizehi != 0 || dp->di_size > MAXFILESIZE) return 0;
  if (hasdata(dp)) return 1;
  /* devices keep their number in di_db[0]; fifos and sockets hold nothing */
  for (i = (t == S_IFCHR || t == S_IFBLK) ? 1 : 0; i < NDADDR; i++)
    if (dp->di_db[i] != 0) return 0;
  for (i = 0; i < NIADDR; i++)
    if (dp->di_ib[i] != 0) return 0;
  return 1;
}

/* Whether a free inode still holds something (a size or blocks). */
static int partial(const struct dinode *dp) {
  int i;
  if (dp->di_size != 0 || dp->di_sizehi != 0) return 1;
  for (i = 0; i < NDADDR; i++)
    if (dp->di_db[i] != 0) return 1;
  for (i = 0; i < NIADDR; i++)
    if (dp->di_ib[i] != 0) return 1;
  return 0;
}

static void zapino(ino_t ino, struct dinode *dp) {
  unsigned long gen = dp->di_gen;
  memset(dp, 0, sizeof(*dp));
  dp->di_gen = gen;
  putinode(ino, dp);
}

/* The blocks of a file, a directory or a symbolic link. */
static void checkblocks(ino_t ino, struct dinode *dp) {
  struct inodesc idesc;
  int isdir = (dp->di_mode & S_IFMT) == S_IFDIR;

  memset(&idesc, 0, sizeof(idesc));
  idesc.id_number = ino;
  idesc.id_func = pass1check;
  ckinode(dp, &idesc);
  if (idesc.id_bad || idesc.id_dup) return; /* it is to be cleared */

  long nblocks = idesc.id_nblocks, held = idesc.id_held;
  int trunc = 0;
  if (isdir && idesc.id_next < nblocks) {
    pfatal("DIRECTORY I=%lu CONTAINS EMPTY BLOCKS", (unsigned long)ino);
    if (reply("ADJUST LENGTH") == 1) {
      nblocks = idesc.id_next;
      dp->di_size = nblocks * FS_BSIZE;
      if (dp->di_size == 0) statemap[ino] = DCLEAR;
      trunc = 1;
    }
  } else if (idesc.id_pasteof > 0 || dp->di_ib[2] != 0) {
    pwarn("PARTIALLY TRUNCATED INODE I=%lu", (unsigned long)ino);
    trunc = fixit("SALVAGE", "SALVAGED");
  }
  if (trunc) {
    truncblocks(ino, dp, nblocks);
    held = countblocks(dp);
    putinode(ino, dp);
  }
  if (dp->di_blocks != (unsigned long)held * (FS_BSIZE / DEV_BSIZE)) {
    pwarn("INCORRECT BLOCK COUNT I=%lu (%lu should be %lu)", (unsigned long)ino, dp->di_blocks,
          (unsigned long)held * (FS_BSIZE / DEV_BSIZE));
    if (fixit("CORRECT", "CORRECTED")) {
      dp->di_blocks = held * (FS_BSIZE / DEV_BSIZE);
      putinode(ino, dp);
    }
  }
}

void pass1(void) {
  struct dinode d;
  ino_t ino;

  for (unsigned long b = 0; b < sblock.fs_dblkno; b++) setbmap(b);
  dupmap = emalloc(sblock.fs_bmapblks * (unsigned long)FS_BSIZE);
  for (ino = 0; ino < maxino; ino++) {
    getinode(ino, &d);
    if (ino < ROOTINO) { /* 0 and 1 are never used */
      if (d.di_mode != 0) {
        pfatal("RESERVED INODE I=%lu IN USE (MODE=%o)", (unsigned long)ino, d.di_mode);
        if (reply("CLEAR") == 1) zapino(ino, &d);
      }
      continue;
    }
    if (d.di_mode == 0) {
      if (partial(&d)) {
        pfatal("PARTIALLY ALLOCATED INODE I=%lu", (unsigned long)ino);
        if (reply("CLEAR") == 1) zapino(ino, &d);
      }
      continue;
    }
    lncntp[ino] = d.di_nlink;
    if (!inodeok(&d)) {
      pfatal("UNKNOWN FILE TYPE I=%lu", (unsigned long)ino);
      statemap[ino] = FCLEAR;
      if (reply("CLEAR") == 1) clearinode(ino);
      continue;
    }
    if ((d.di_mode & S_IFMT) == S_IFDIR) {
      statemap[ino] = d.di_size == 0 ? DCLEAR : DSTATE;
      addinoinfo(ino);
    } else {
      statemap[ino] = FSTATE;
    }
    if (hasdata(&d)) {
      checkblocks(ino, &d);
    } else if (d.di_blocks != 0) {
      pwarn("INCORRECT BLOCK COUNT I=%lu (%lu should be 0)", (unsigned long)ino, d.di_blocks);
      if (fixit("CORRECT", "CORRECTED")) {
        d.di_blocks = 0;
        putinode(ino, &d);
      }
    }
  }
  free(dupmap);
  dupmap = NULL;
}
