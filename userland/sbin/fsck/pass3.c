/* pass3.c - Phase 3: Check Connectivity (4.3BSD Tahoe's pass3.c).
 *
 * Phase 2 gave every directory that some entry names its parent. A
 * directory is reached from the root when its parent is, and so on up.
 * For a directory that is not, phase 3 climbs to the top of the detached
 * subtree it belongs to and offers to reconnect that one into lost+found,
 * which brings the subtree with it. */
#include <stdio.h>

#include "fsck.h"

/* Mark DFOUND every directory whose chain of parents reaches the root:
 * each chain is walked once (I_MARK keeps what a walk has passed over). */
void propagate(void) {
  for (long i = 0; i < inplast; i++) {
    struct inoinfo *inp = &inpsort[i], *x = inp, *up;
    long n = 0;
    while ((statemap[x->i_number] & STATE) == DSTATE && !(x->i_flags & I_MARK) && x->i_parent != 0 &&
           n++ <= inplast && (up = getinoinfo(x->i_parent)) != NULL) {
      x->i_flags |= I_MARK;
      x = up;
    }
    if ((statemap[x->i_number] & STATE) != DFOUND) continue; /* not reached: the marks stay */
    for (struct inoinfo *y = inp; y != x && (y->i_flags & I_MARK); y = getinoinfo(y->i_parent)) {
      y->i_flags &= ~I_MARK;
      statemap[y->i_number] = DFOUND;
    }
  }
  for (long i = 0; i < inplast; i++) inpsort[i].i_flags &= ~I_MARK;
}

void pass3(void) {
  propagate();
  /* by inode number: reconnecting may add lost+found to the table */
  for (ino_t ino = maxino - 1; ino > ROOTINO; ino--) {
    if ((statemap[ino] & STATE) != DSTATE) continue;
    /* the top of its detached subtree: its parent is reached, or it has none, or it is in a loop */
    struct inoinfo *inp = getinoinfo(ino), *up;
    if (inp == NULL) continue;
    int declined = (inp->i_flags & I_DECLINED) != 0;
    for (long n = 0; inp->i_parent != 0 && (statemap[inp->i_parent] & STATE) == DSTATE && n <= inplast; n++) {
      if ((up = getinoinfo(inp->i_parent)) == NULL) break;
      inp = up;
      declined |= (inp->i_flags & I_DECLINED) != 0;
    }
    if (declined) continue; /* a subtree not reconnected stays as it is */
    ino_t orphan = inp->i_number, loopparent = 0;
    if (inp->i_parent != 0 && (statemap[inp->i_parent] & STATE) == DSTATE) {
      /* a loop of directories naming each other: it is broken where it is reconnected */
      loopparent = inp->i_parent;
      pfatal("DIR I=%lu IS IN A LOOP OF DIRECTORIES NOT REACHED FROM THE ROOT\n", (unsigned long)orphan);
    }
    long dotdot = inp->i_dotdot;
    if (!linkup(orphan, dotdot > 0 ? dotdot : -1)) {
      getinoinfo(orphan)->i_flags |= I_DECLINED;
      continue;
    }
    if (loopparent != 0 && removeino(loopparent, orphan)) lncntp[orphan]++;
    propagate();
  }
}
