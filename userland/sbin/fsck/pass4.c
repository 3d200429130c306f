/* pass4.c - Phase 4: Check Reference Counts (4.3BSD's pass4.c).
 *
 * Phases 2 and 3 took every entry they found off the inode's link count
 * (lncntp). What is left must be 0: an inode no entry names is cleared
 * if it has no links left (a file open but removed when the system
 * stopped) or is empty, and otherwise reconnected into lost+found; a
 * count too high or too low is set to the entries found. Inodes phase 1
 * marked (bad or duplicate blocks) and directories not reconnected are
 * offered for clearing. */
#include <stdio.h>
#include <sys/stat.h>

#include "fsck.h"

void pass4(void) {
  struct dinode d;
  for (ino_t ino = ROOTINO; ino < maxino; ino++) {
    switch (statemap[ino] & STATE) {
    case FSTATE:
    case DFOUND:
      adjust(ino);
      break;
    case DSTATE:
      clri(ino, "UNREF", 1);
      break;
    case DCLEAR:
    case FCLEAR:
      getinode(ino, &d);
      clri(ino,
           d.di_nlink == lncntp[ino] && (d.di_mode & S_IFMT) == S_IFDIR && d.di_size == 0 ? "UNREF" : "BAD/DUP",
           1);
      break;
    }
  }
}
