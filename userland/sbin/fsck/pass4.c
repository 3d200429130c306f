/* pass4.c - Phase 4: Check Reference Counts (4.3BSD's pass4.c).
 *
 * Phases 2 and 3 took every entry they found off the inode's link count
 * (lncntp). First, what is to go: inodes phase 1 marked (bad or duplicate
 * blocks), and directories that phase 3 could not reconnect; a directory
 * cleared gives back the references its entries made, so that what it
 * named is found unreferenced next. Then every other inode: what is left
 * of its count must be 0. An inode no entry names is cleared if it has no
 * links left (a file open but removed when the system stopped) or is
 * empty when preening, and is otherwise reconnected into lost+found; a
 * count too high or too low is set to the entries found. */
#include <stdio.h>
#include <sys/stat.h>

#include "fsck.h"

/* An entry of a directory being cleared: what it names loses the reference. */
static int release(struct dirwalk *w, struct direct *dp, int prev) {
  (void)w;
  (void)prev;
  if (dp->d_ino < ROOTINO || dp->d_ino >= maxino || isname(dp, ".") || isname(dp, "..")) return KEEPON;
  if ((statemap[dp->d_ino] & STATE) != USTATE) lncntp[dp->d_ino]++;
  return KEEPON;
}

/* Offer to clear directory ino; if it goes, so do the references of its entries. */
static void cleardir(ino_t ino, const char *type) {
  struct dinode d;
  struct inoinfo *inp = getinoinfo(ino);
  getinode(ino, &d);
  clri(ino, type, 1);
  if (!(statemap[ino] & CLEARED) || inp == NULL || !(inp->i_flags & I_SCANNED)) return;
  dirscanblocks(ino, &d, release, NULL);
  if ((inp->i_flags & I_DOTDOT) && inp->i_dotdot >= ROOTINO && inp->i_dotdot < (long)maxino) lncntp[inp->i_dotdot]++;
}

void pass4(void) {
  struct dinode d;
  ino_t ino;
  for (ino = ROOTINO; ino < maxino; ino++) {
    switch (statemap[ino] & STATE) {
    case DSTATE:
      cleardir(ino, "UNREF");
      break;
    case DCLEAR:
    case FCLEAR:
      getinode(ino, &d);
      if (d.di_nlink == lncntp[ino] && (d.di_mode & S_IFMT) == S_IFDIR && d.di_size == 0) cleardir(ino, "UNREF");
      else if ((d.di_mode & S_IFMT) == S_IFDIR) cleardir(ino, "BAD/DUP");
      else clri(ino, "BAD/DUP", 1);
      break;
    }
  }
  for (ino = ROOTINO; ino < maxino; ino++) {
    int s = statemap[ino] & STATE;
    if (s == FSTATE || s == DFOUND) adjust(ino);
  }
}
