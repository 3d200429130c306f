/* inode.c - inodes: reading and writing them, walking their blocks,
 * clearing and allocating them, and the table of directories (4.3BSD's
 * inode.c).
 *
 * fsck holds one block of the inode table in core (the last one read);
 * getinode() copies an inode out of it and putinode() copies one in and
 * writes the block at once. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fsck.h"

static unsigned long inoblk; /* the inode table block in inobuf; 0 = none */
static char inobuf[FS_BSIZE];

static void loadino(ino_t ino) {
  unsigned long blk = sblock.fs_iblkno + ino / INOPB;
  if (blk != inoblk) {
    bread(blk, inobuf);
    inoblk = blk;
  }
}

/* Copy inode ino (< maxino) out of the inode table. */
void getinode(ino_t ino, struct dinode *dp) {
  loadino(ino);
  memcpy(dp, inobuf + (ino % INOPB) * sizeof(struct dinode), sizeof(struct dinode));
}

/* Copy inode ino into the inode table and write its block. */
void putinode(ino_t ino, const struct dinode *dp) {
  loadino(ino);
  memcpy(inobuf + (ino % INOPB) * sizeof(struct dinode), dp, sizeof(struct dinode));
  bwrite(inoblk, inobuf);
}

/* Forget the cached inode block (a new file system). */
void flushinodes(void) { inoblk = 0; }

/* Whether the inode holds data blocks: a file, a directory or a symbolic link. */
int hasdata(const struct dinode *dp) {
  int t = dp->di_mode & S_IFMT;
  return t == S_IFREG || t == S_IFDIR || t == S_IFLNK;
}

/* Whether the inode has one of the seven file types. */
int ftypeok(const struct dinode *dp) {
  switch (dp->di_mode & S_IFMT) {
  case S_IFIFO:
  case S_IFCHR:
  case S_IFDIR:
  case S_IFBLK:
  case S_IFREG:
  case S_IFLNK:
  case S_IFSOCK:
    return 1;
  }
  return 0;
}

/* The indirect blocks being walked, one buffer a level: ckinode is not
 * reentrant (no walk starts inside another). */
static unsigned long indbuf[2][NINDIR];

static int iblock(struct inodesc *idesc, unsigned long blk, int level, long lbn) {
  idesc->id_blkno = blk;
  idesc->id_lbn = lbn;
  idesc->id_level = level;
  int ret = (*idesc->id_func)(idesc);
  if (!(ret & KEEPON) || outrange(blk)) return ret;
  unsigned long *ind = indbuf[level - 1];
  bread(blk, ind);
  for (long i = 0; i < NINDIR; i++) {
    if (ind[i] == 0) continue;
    if (level == 2) {
      ret = iblock(idesc, ind[i], 1, lbn + i * NINDIR);
    } else {
      idesc->id_blkno = ind[i];
      idesc->id_lbn = lbn + i;
      idesc->id_level = 0;
      ret = (*idesc->id_func)(idesc);
    }
    if (ret & STOP) return ret;
  }
  return KEEPON;
}

/* Call idesc->id_func for every non-zero block pointer of the inode, in
 * the order of the file's blocks: the direct ones, then the single
 * indirect block and what it maps, then the double. An indirect block is
 * read only if the function returns KEEPON for it (and it lies in the
 * file system). The triple indirect pointer is never followed: no file
 * is that big. Returns STOP if the function stopped the walk. */
int ckinode(const struct dinode *dp, struct inodesc *idesc) {
  int ret;
  idesc->id_nblocks = howmany(dp->di_size, FS_BSIZE);
  for (int i = 0; i < NDADDR; i++) {
    if (dp->di_db[i] == 0) continue;
    idesc->id_blkno = dp->di_db[i];
    idesc->id_lbn = i;
    idesc->id_level = 0;
    ret = (*idesc->id_func)(idesc);
    if (ret & STOP) return STOP;
  }
  if (dp->di_ib[0] != 0 && (iblock(idesc, dp->di_ib[0], 1, NDADDR) & STOP)) return STOP;
  if (dp->di_ib[1] != 0 && (iblock(idesc, dp->di_ib[1], 2, NDADDR + NINDIR) & STOP)) return STOP;
  return KEEPON;
}

/* bmap's own copies of the indirect blocks it last read. */
static unsigned long bmapblk[2];
static unsigned long bmapbuf[2][NINDIR];

static unsigned long indir(unsigned long blk, int slot, long i) {
  if (blk == 0 || outrange(blk)) return 0;
  if (bmapblk[slot] != blk) {
    bread(blk, bmapbuf[slot]);
    bmapblk[slot] = blk;
  }
  return bmapbuf[slot][i];
}

/* The disk block holding file block lbn of the inode: 0 for a hole, or
 * when the way to it is not a data block. */
unsigned long bmap(const struct dinode *dp, long lbn) {
  if (lbn < 0) return 0;
  if (lbn < NDADDR) return dp->di_db[lbn];
  lbn -= NDADDR;
  if (lbn < NINDIR) return indir(dp->di_ib[0], 0, lbn);
  lbn -= NINDIR;
  if (lbn < (long)NINDIR * NINDIR) return indir(indir(dp->di_ib[1], 1, lbn / NINDIR), 0, lbn % NINDIR);
  return 0;
}

/* A block was written: bmap must read it again. */
void forgetblk(unsigned long blk) {
  if (bmapblk[0] == blk) bmapblk[0] = 0;
  if (bmapblk[1] == blk) bmapblk[1] = 0;
}

/* Zero the pointers of an indirect block that map file blocks at or past nblocks. */
static void truncind(unsigned long blk, long first, long nblocks) {
  static unsigned long buf[NINDIR];
  int changed = 0;
  if (outrange(blk)) return;
  bread(blk, buf);
  for (long i = 0; i < NINDIR; i++) {
    if (buf[i] != 0 && first + i >= nblocks) {
      buf[i] = 0;
      changed = 1;
    }
  }
  if (changed) bwrite(blk, buf);
}

/* Drop every block pointer of the inode at or past file block nblocks
 * (the caller writes the inode). The blocks become free in pass 5, which
 * counts what every inode still holds. */
void truncblocks(ino_t ino, struct dinode *dp, long nblocks) {
  static unsigned long top[NINDIR];
  (void)ino;
  for (long i = nblocks < 0 ? 0 : nblocks; i < NDADDR; i++) dp->di_db[i] = 0;
  if (dp->di_ib[0] != 0) {
    if (nblocks <= NDADDR) dp->di_ib[0] = 0;
    else truncind(dp->di_ib[0], NDADDR, nblocks);
  }
  if (dp->di_ib[1] != 0) {
    long base = NDADDR + NINDIR;
    if (nblocks <= base) {
      dp->di_ib[1] = 0;
    } else if (!outrange(dp->di_ib[1])) {
      int changed = 0;
      bread(dp->di_ib[1], top);
      for (long j = 0; j < NINDIR; j++) {
        long first = base + j * NINDIR;
        if (top[j] == 0) continue;
        if (first >= nblocks) {
          top[j] = 0;
          changed = 1;
        } else if (first + NINDIR > nblocks) {
          truncind(top[j], first, nblocks);
        }
      }
      if (changed) bwrite(dp->di_ib[1], top);
    }
  }
  dp->di_ib[2] = 0;
}

static int countcheck(struct inodesc *idesc) {
  if (idesc->id_lbn >= idesc->id_nblocks || outrange(idesc->id_blkno)) return SKIP;
  idesc->id_held++;
  return KEEPON;
}

/* The blocks (data and indirect) the inode holds within its size. */
long countblocks(const struct dinode *dp) {
  struct inodesc idesc;
  memset(&idesc, 0, sizeof(idesc));
  idesc.id_func = countcheck;
  ckinode(dp, &idesc);
  return idesc.id_held;
}

/* Print " I=n  OWNER=... MODE=...", then on a new line "SIZE=... MTIME=...". */
void pinode(ino_t ino) {
  struct dinode d;
  struct passwd *pw;
  time_t t;
  char *p;

  printf(" I=%lu ", (unsigned long)ino);
  if (ino < ROOTINO || ino >= maxino) return;
  getinode(ino, &d);
  printf(" OWNER=");
  if ((pw = getpwuid(d.di_uid)) != NULL) printf("%s ", pw->pw_name);
  else printf("%u ", d.di_uid);
  printf("MODE=%o\n", d.di_mode);
  if (preen) printf("%s: ", cdevname);
  printf("SIZE=%lu ", d.di_size);
  t = d.di_mtime.tv_sec;
  p = ctime(&t);
  printf("MTIME=%12.12s %4.4s ", p + 4, p + 20);
}

/* A bad or duplicate block number in inode ino: say so, and mark the inode to be cleared. */
void blkerror(ino_t ino, const char *type, unsigned long blk) {
  pfatal("%lu %s I=%lu", blk, type, (unsigned long)ino);
  printf("\n");
  switch (statemap[ino] & STATE) {
  case FSTATE:
    statemap[ino] = FCLEAR;
    break;
  case DSTATE:
  case DFOUND:
    statemap[ino] = DCLEAR;
    break;
  }
}

/* Make inode ino free: all zeros but its generation number. */
void clearinode(ino_t ino) {
  struct dinode d;
  getinode(ino, &d);
  unsigned long gen = d.di_gen;
  memset(&d, 0, sizeof(d));
  d.di_gen = gen;
  putinode(ino, &d);
  statemap[ino] = USTATE | CLEARED;
}

/* Offer to clear inode ino; with flag, say first what it is ("UNREF FILE ..."). */
void clri(ino_t ino, const char *type, int flag) {
  struct dinode d;
  getinode(ino, &d);
  if (flag) {
    pwarn("%s %s ", type, (d.di_mode & S_IFMT) == S_IFDIR ? "DIR" : "FILE");
    pinode(ino);
  }
  if (preen || reply("CLEAR") == 1) {
    if (preen) printf(" (CLEARED)\n");
    clearinode(ino);
  }
}

/* Allocate a free inode of the given mode, owner root, link count 0:
 * its number, or 0 if there is none. It is marked in use on the disk. */
ino_t allocino(int mode) {
  struct dinode d;
  ino_t ino;
  for (ino = FIRSTINO; ino < maxino; ino++)
    if ((statemap[ino] & STATE) == USTATE) break;
  if (ino >= maxino) return 0;
  getinode(ino, &d);
  unsigned long gen = d.di_gen + 1;
  memset(&d, 0, sizeof(d));
  d.di_mode = mode;
  d.di_gen = gen;
  d.di_atime.tv_sec = d.di_mtime.tv_sec = d.di_ctime.tv_sec = time(NULL);
  putinode(ino, &d);
  statemap[ino] = (mode & S_IFMT) == S_IFDIR ? DSTATE : FSTATE;
  lncntp[ino] = 0;
  setmapbit(sblock.fs_imapblk, ino);
  return ino;
}

/* Set the inode's link count on the disk; the count of entries still to find changes with it. */
void setlncnt(ino_t ino, struct dinode *dp, int nlink) {
  lncntp[ino] += nlink - dp->di_nlink;
  dp->di_nlink = nlink;
  putinode(ino, dp);
}

static long inpmax;

/* What is known of directory ino, or NULL (a binary search: inpsort is sorted). */
struct inoinfo *getinoinfo(ino_t ino) {
  long lo = 0, hi = inplast;
  while (lo < hi) {
    long mid = (lo + hi) / 2;
    if (inpsort[mid].i_number == ino) return &inpsort[mid];
    if (inpsort[mid].i_number < ino) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

/* Add directory ino to the table (or find it there). The pointer is good until the next addition. */
struct inoinfo *addinoinfo(ino_t ino) {
  struct inoinfo *inp = getinoinfo(ino);
  if (inp != NULL) return inp;
  if (inplast == inpmax) {
    inpmax = inpmax == 0 ? 64 : inpmax * 2;
    inpsort = realloc(inpsort, inpmax * sizeof(struct inoinfo));
    if (inpsort == NULL) errexit("%s: CANNOT ALLOCATE THE DIRECTORY TABLE\n", cdevname);
  }
  long at = inplast;
  while (at > 0 && inpsort[at - 1].i_number > ino) at--;
  memmove(&inpsort[at + 1], &inpsort[at], (inplast - at) * sizeof(struct inoinfo));
  inplast++;
  inp = &inpsort[at];
  memset(inp, 0, sizeof(*inp));
  inp->i_number = ino;
  inp->i_dotdot = -1;
  return inp;
}

void freeinoinfo(void) {
  free(inpsort);
  inpsort = NULL;
  inplast = inpmax = 0;
}
