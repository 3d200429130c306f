/* pass2.c - Phase 2: Check Pathnames (4.3BSD's pass2.c).
 *
 * Every directory is read, chunk by chunk. A record that is not well
 * formed is "DIRECTORY CORRUPTED": salvaging keeps the good records and
 * drops the bad. The first chunk must begin with "." (naming the
 * directory) and ".." (naming its parent, checked once every directory
 * has been read). Every other entry must name an inode in use that phase
 * 1 did not mark to be cleared, only once in the directory, and a
 * directory may have only one name: each found entry is taken off the
 * link count phase 4 checks, and gives a directory its parent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsck.h"

#define REMOVED 0x10 /* pass2check removed the record */
#define NHASH 64

/* The names of the directory being read, to find one that is there twice. */
struct name {
  struct name *next;
  int len;
  char name[MAXNAMLEN + 1];
};

struct p2 {
  ino_t dir;
  int fix;              /* the answer to SALVAGE for this directory, -1 before asking */
  int dotend, dotprev;  /* in the first chunk: where the records after "." and ".." start, and the ".." record */
  struct name *hash[NHASH];
};

static unsigned hashname(const char *s, int len) {
  unsigned h = 2166136261u;
  while (len-- > 0) h = (h ^ (unsigned char)*s++) * 16777619u;
  return h % NHASH;
}

/* Whether an entry of the directory already has the name. */
static int hasname(struct p2 *p, const char *s, int len) {
  for (struct name *n = p->hash[hashname(s, len)]; n != NULL; n = n->next)
    if (n->len == len && memcmp(n->name, s, len) == 0) return 1;
  return 0;
}

static void addname(struct p2 *p, const char *s, int len) {
  struct name **head = &p->hash[hashname(s, len)];
  struct name *n = emalloc(sizeof(struct name) - (MAXNAMLEN + 1) + len + 1);
  n->len = len;
  memcpy(n->name, s, len);
  n->next = *head;
  *head = n;
}

static void freenames(struct p2 *p) {
  for (int i = 0; i < NHASH; i++) {
    while (p->hash[i] != NULL) {
      struct name *n = p->hash[i];
      p->hash[i] = n->next;
      free(n);
    }
  }
}

/* Ask once per directory whether to salvage its damaged chunks. */
static int corrupted(struct p2 *p) {
  if (p->fix < 0) {
    direrror(p->dir, "DIRECTORY CORRUPTED");
    p->fix = reply("SALVAGE");
  }
  return p->fix;
}

/* Drop the records of a chunk that are not well formed: one whose length
 * is wrong takes the rest of the chunk with it (the record before absorbs
 * it), any other goes alone. */
static int salvage(struct p2 *p, char *chunk) {
  int off = 0, prev = -1, fatal, ret = 0;
  while (off < DIRBLKSIZ) {
    struct direct *dp = (struct direct *)(chunk + off);
    int reclen = dp->d_reclen;
    if (dircheck(chunk, off, &fatal) || !corrupted(p)) {
      if (fatal) break;
      prev = off;
      off += reclen;
      continue;
    }
    ret = ALTERED;
    if (fatal) {
      if (prev < 0) emptychunk(chunk);
      else ((struct direct *)(chunk + prev))->d_reclen = DIRBLKSIZ - prev;
      break;
    }
    dirremove(chunk, off, prev);
    if (prev < 0) prev = off;
    off += reclen;
  }
  return ret;
}

/* Put "." first in the chunk: into an unused first record, in front of a
 * ".." that is first, in front of the first record if it has room, or
 * over it if it has none (its file is then found in phase 4). */
static void makedot(char *chunk, ino_t dir) {
  struct direct *e0 = (struct direct *)chunk;
  int r0 = e0->d_reclen, need = DIRSIZ_N(1), fatal;

  if (e0->d_ino == 0) {
    while (r0 < need) {
      if (r0 >= DIRBLKSIZ || !dircheck(chunk, r0, &fatal)) {
        r0 = DIRBLKSIZ;
        break;
      }
      r0 += ((struct direct *)(chunk + r0))->d_reclen;
    }
    direntry(chunk, 0, dir, r0, ".", 1);
    return;
  }
  if (isname(e0, "..") && r0 >= need + DIRSIZ_N(2)) {
    ino_t up = e0->d_ino;
    direntry(chunk, 0, dir, need, ".", 1);
    direntry(chunk, need, up, r0 - need, "..", 2);
    return;
  }
  int used = DIRSIZ_N(e0->d_namlen);
  if (r0 >= need + used) {
    memmove(chunk + need, chunk, used);
    ((struct direct *)(chunk + need))->d_reclen = r0 - need;
    direntry(chunk, 0, dir, need, ".", 1);
    return;
  }
  direntry(chunk, 0, dir, r0, ".", 1);
}

/* Put ".." after "." (the root for now: the post-pass sets it to the
 * parent). Returns where it went. */
static int makedotdot(char *chunk) {
  struct direct *e0 = (struct direct *)chunk;
  int r0 = e0->d_reclen, dot = DIRSIZ_N(1), need = DIRSIZ_N(2), fatal;

  if (r0 >= dot + need) {
    e0->d_reclen = dot;
    direntry(chunk, dot, ROOTINO, r0 - dot, "..", 2);
    return dot;
  }
  struct direct *e1 = (struct direct *)(chunk + r0);
  if (r0 < DIRBLKSIZ && dircheck(chunk, r0, &fatal) && e1->d_ino != 0) {
    int r1 = e1->d_reclen, used = DIRSIZ_N(e1->d_namlen);
    if (r1 >= need + used) {
      memmove(chunk + r0 + need, chunk + r0, used);
      ((struct direct *)(chunk + r0 + need))->d_reclen = r1 - need;
      direntry(chunk, r0, ROOTINO, need, "..", 2);
    } else {
      direntry(chunk, r0, ROOTINO, r1, "..", 2); /* it gives way */
    }
    return r0;
  }
  e0->d_reclen = dot;
  direntry(chunk, dot, ROOTINO, DIRBLKSIZ - dot, "..", 2);
  return dot;
}

/* The first chunk: "." and "..". */
static int fixdots(struct p2 *p, char *chunk) {
  struct direct *e0 = (struct direct *)chunk, *e1;
  int fatal, ret = 0, off1;

  p->dotend = 0;
  p->dotprev = -1;
  getinoinfo(p->dir)->i_dotdot = -1;
  if (!dircheck(chunk, 0, &fatal)) return 0; /* not salvaged */
  if (e0->d_ino != 0 && isname(e0, ".")) {
    if (e0->d_ino != p->dir) {
      direrror(p->dir, "BAD INODE NUMBER FOR '.'");
      if (reply("FIX") == 1) {
        e0->d_ino = p->dir;
        ret = ALTERED;
      }
    }
  } else {
    direrror(p->dir, "MISSING '.'");
    if (reply("FIX") == 0) return 0;
    makedot(chunk, p->dir);
    ret = ALTERED;
  }
  if (e0->d_ino == p->dir) lncntp[p->dir]--;
  p->dotend = e0->d_reclen;
  p->dotprev = 0;
  off1 = e0->d_reclen;
  e1 = (struct direct *)(chunk + off1);
  if (off1 < DIRBLKSIZ && dircheck(chunk, off1, &fatal) && e1->d_ino != 0 && isname(e1, "..")) {
    getinoinfo(p->dir)->i_dotdot = e1->d_ino;
  } else {
    direrror(p->dir, "MISSING '..'");
    if (reply("FIX") == 0) return ret;
    off1 = makedotdot(chunk);
    e1 = (struct direct *)(chunk + off1);
    getinoinfo(p->dir)->i_dotdot = 0;
    ret = ALTERED;
  }
  p->dotprev = off1;
  p->dotend = off1 + e1->d_reclen;
  return ret;
}

/* The path of entry name in directory dir. */
static void pathof(char *buf, int size, ino_t dir, const char *name) {
  getpathname(buf, size - MAXNAMLEN - 2, dir);
  if (strcmp(buf, "/") != 0) strcat(buf, "/");
  strcat(buf, name);
}

static int removed(char *chunk, int off, int prev) {
  dirremove(chunk, off, prev);
  return ALTERED | REMOVED;
}

/* One well-formed record after "." and "..". */
static int pass2check(struct p2 *p, char *chunk, int off, int prev) {
  struct direct *dp = (struct direct *)(chunk + off);
  char name[MAXNAMLEN + 1], from[1024], to[1024];
  struct dinode d;
  ino_t ino = dp->d_ino;
  int state;

  if (ino == 0) return 0;
  memcpy(name, dp->d_name, dp->d_namlen);
  name[dp->d_namlen] = 0;
  if (isname(dp, ".") || isname(dp, "..")) {
    direrror(p->dir, dp->d_namlen == 1 ? "EXTRA '.' ENTRY" : "EXTRA '..' ENTRY");
    return reply("FIX") == 1 ? removed(chunk, off, prev) : 0;
  }
  if (ino < ROOTINO || ino >= maxino) {
    fileerror(p->dir, ino, name, "I OUT OF RANGE");
    return reply("REMOVE") == 1 ? removed(chunk, off, prev) : 0;
  }
  int dup = hasname(p, name, dp->d_namlen);
  if (dup) {
    fileerror(p->dir, ino, name, "DUPLICATE NAME");
    if (reply("REMOVE") == 1) return removed(chunk, off, prev);
  }
again:
  state = statemap[ino] & STATE;
  switch (state) {
  case USTATE:
    fileerror(p->dir, ino, name, "UNALLOCATED");
    return reply("REMOVE") == 1 ? removed(chunk, off, prev) : 0;
  case DCLEAR:
  case FCLEAR:
    getinode(ino, &d);
    fileerror(p->dir, ino, name, state == DCLEAR && d.di_size == 0 ? "ZERO LENGTH DIRECTORY" : "DUP/BAD");
    if (reply("REMOVE") == 1) return removed(chunk, off, prev);
    statemap[ino] = state == DCLEAR ? DSTATE : FSTATE;
    goto again;
  case DSTATE:
  case DFOUND: {
    /* A directory's one name: the first entry found, unless a later one is
     * in the directory its ".." names. Any other is an extra hard link. */
    struct inoinfo *inp = getinoinfo(ino);
    if (inp == NULL || (ino != p->dir && inp->i_parent == 0)) {
      if (inp != NULL) inp->i_parent = p->dir;
    } else if (ino != p->dir && inp->i_parent != p->dir && inp->i_dotdot == (long)p->dir) {
      getpathname(from, sizeof(from), ino); /* the earlier name */
      pathof(to, sizeof(to), p->dir, name);
      pfatal("%s IS AN EXTRANEOUS HARD LINK TO DIRECTORY %s", from, to);
      if (reply("REMOVE") == 1 && removeino(inp->i_parent, ino)) lncntp[ino]++;
      inp->i_parent = p->dir;
    } else {
      pathof(from, sizeof(from), p->dir, name);
      getpathname(to, sizeof(to), ino);
      pfatal("%s IS AN EXTRANEOUS HARD LINK TO DIRECTORY %s", from, to);
      if (reply("REMOVE") == 1) return removed(chunk, off, prev);
    }
    lncntp[ino]--;
    break;
  }
  default:
    lncntp[ino]--;
    break;
  }
  if (!dup) addname(p, name, dp->d_namlen);
  return 0;
}

/* The records of a chunk from offset off on (prev: the record before). */
static int entries(struct p2 *p, char *chunk, int off, int prev) {
  int fatal, ret = 0;
  while (off < DIRBLKSIZ) {
    struct direct *dp = (struct direct *)(chunk + off);
    int reclen = dp->d_reclen;
    if (!dircheck(chunk, off, &fatal)) { /* left as it was */
      if (fatal) break;
    } else {
      int r = pass2check(p, chunk, off, prev);
      ret |= r & ALTERED;
      if ((r & REMOVED) && prev >= 0) {
        off += reclen;
        continue;
      }
    }
    prev = off;
    off += reclen;
  }
  return ret;
}

static int pass2chunk(struct dirwalk *w) {
  struct p2 *p = w->d_arg;
  char *chunk = w->d_buf + w->d_chunk;
  int ret = salvage(p, chunk);
  if (w->d_diroff + w->d_chunk == 0) {
    ret |= fixdots(p, chunk);
    return ret | entries(p, chunk, p->dotend, p->dotprev);
  }
  return ret | entries(p, chunk, 0, -1);
}

/* Whether the chunk at byte off of the directory is all well-formed records. */
static int chunkok(const struct dinode *dp, unsigned long off) {
  static char buf[FS_BSIZE];
  unsigned long blk = bmap(dp, off / FS_BSIZE);
  int fatal, p = 0;
  if (blk == 0 || outrange(blk)) return 0;
  bread(blk, buf);
  char *chunk = buf + off % FS_BSIZE;
  while (p < DIRBLKSIZ && dircheck(chunk, p, &fatal)) p += ((struct direct *)(chunk + p))->d_reclen;
  return p == DIRBLKSIZ;
}

/* A directory's size must be whole chunks: round it up if the partial
 * chunk holds records, down if not. */
static void checksize(ino_t ino) {
  struct dinode d;
  char path[1024];
  getinode(ino, &d);
  if (d.di_size % DIRBLKSIZ == 0) return;
  unsigned long down = d.di_size - d.di_size % DIRBLKSIZ, size = down + DIRBLKSIZ;
  if (down != 0 && (size > MAXFILESIZE || !chunkok(&d, down))) size = down;
  getpathname(path, sizeof(path), ino);
  pwarn("DIRECTORY %s: LENGTH %lu NOT MULTIPLE OF %d", path, d.di_size, DIRBLKSIZ);
  if (!fixit("ADJUST", "ADJUSTED")) return;
  if (howmany(size, FS_BSIZE) < howmany(d.di_size, FS_BSIZE)) {
    truncblocks(ino, &d, howmany(size, FS_BSIZE));
    d.di_size = size;
    d.di_blocks = countblocks(&d) * (FS_BSIZE / DEV_BSIZE);
  }
  d.di_size = size;
  putinode(ino, &d);
}

/* The root must be a directory; if it is not, or is unusable, make a new one. */
static void checkroot(void) {
  int allocated = 1;
  switch (statemap[ROOTINO] & STATE) {
  case USTATE:
    pfatal("ROOT INODE UNALLOCATED");
    if (reply("ALLOCATE") == 0) errexit("\n");
    if (allocdir(ROOTINO, ROOTINO, 0755) != ROOTINO) errexit("CANNOT ALLOCATE ROOT INODE\n");
    break;
  case DCLEAR:
    pfatal("DUPS/BAD IN ROOT INODE");
    if (reply("REALLOCATE") == 1) {
      clearinode(ROOTINO);
      if (allocdir(ROOTINO, ROOTINO, 0755) != ROOTINO) errexit("CANNOT ALLOCATE ROOT INODE\n");
      break;
    }
    if (reply("CONTINUE") == 0) errexit("\n");
    allocated = 0;
    break;
  case FSTATE:
  case FCLEAR:
    pfatal("ROOT INODE NOT DIRECTORY");
    if (reply("REALLOCATE") == 0) errexit("\n");
    clearinode(ROOTINO);
    if (allocdir(ROOTINO, ROOTINO, 0755) != ROOTINO) errexit("CANNOT ALLOCATE ROOT INODE\n");
    break;
  default:
    allocated = 0;
  }
  statemap[ROOTINO] = DFOUND;
  addinoinfo(ROOTINO)->i_parent = ROOTINO;
  if (allocated) lncntp[ROOTINO] = 2; /* its "." and ".." are found as the others' are */
}

/* Every ".." must name the directory's parent (the root's, the root). */
static void dotdots(void) {
  for (long i = 0; i < inplast; i++) {
    struct inoinfo *inp = &inpsort[i];
    ino_t ino = inp->i_number, parent = inp->i_parent;
    long dd = inp->i_dotdot;
    if (!ISDIRSTATE(statemap[ino] & STATE) || parent == 0 || dd == -1) continue;
    inp->i_flags |= I_DOTDOT;
    if (dd == (long)parent) {
      lncntp[parent]--;
      continue;
    }
    if (dd != 0) { /* 0: made in the first chunk, already reported */
      fileerror(parent, ino, NULL, "BAD INODE NUMBER FOR '..'");
      if (reply("FIX") == 0) {
        if (dd >= ROOTINO && dd < (long)maxino && (statemap[dd] & STATE) != USTATE) lncntp[dd]--;
        else inp->i_flags &= ~I_DOTDOT;
        continue;
      }
    }
    changeino(ino, "..", parent);
    inpsort[i].i_dotdot = parent;
    lncntp[parent]--;
  }
}

/* What each directory's ".." names, as far as its first chunk is sound:
 * it says which of two names of a directory is the real one. */
static void readdotdots(void) {
  static char buf[FS_BSIZE];
  struct dinode d;
  int fatal;
  for (long i = 0; i < inplast; i++) {
    getinode(inpsort[i].i_number, &d);
    unsigned long blk = d.di_db[0];
    if (!ISDIRSTATE(statemap[inpsort[i].i_number] & STATE) || blk == 0 || outrange(blk)) continue;
    bread(blk, buf);
    struct direct *e0 = (struct direct *)buf;
    if (!dircheck(buf, 0, &fatal) || !isname(e0, ".") || e0->d_reclen >= DIRBLKSIZ) continue;
    struct direct *e1 = (struct direct *)(buf + e0->d_reclen);
    if (dircheck(buf, e0->d_reclen, &fatal) && isname(e1, "..")) inpsort[i].i_dotdot = e1->d_ino;
  }
}

void pass2(void) {
  struct p2 p;
  checkroot();
  readdotdots();
  for (long i = 0; i < inplast; i++) {
    ino_t ino = inpsort[i].i_number;
    if (!ISDIRSTATE(statemap[ino] & STATE)) continue;
    checksize(ino);
    memset(&p, 0, sizeof(p));
    p.dir = ino;
    p.fix = -1;
    inpsort[i].i_flags |= I_SCANNED;
    dirchunks(ino, pass2chunk, &p);
    freenames(&p);
  }
  dotdots();
}
