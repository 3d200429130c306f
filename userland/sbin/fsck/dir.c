/* dir.c - directory entries: checking and walking them, adding, changing
 * and removing one, the names of directories for messages, and
 * lost+found (4.3BSD's dir.c).
 *
 * A directory is made of DIRBLKSIZ-byte chunks of records (struct direct):
 * a record never crosses a chunk, the last record of a chunk reaches its
 * end, and only the first record of a chunk may be unused (d_ino 0). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fsck.h"

/* Whether the record at offset off of a chunk is well formed (4.3BSD's
 * dircheck). When it is not, *fatal says whether its length is wrong too,
 * so that the rest of the chunk cannot be found. The inode number is not
 * checked here: pass 2 does that. */
int dircheck(const char *chunk, int off, int *fatal) {
  const struct direct *dp = (const struct direct *)(chunk + off);
  int reclen = dp->d_reclen, namlen = dp->d_namlen;

  *fatal = 0;
  if (reclen < DIRHDR || (reclen & 3) != 0 || off + reclen > DIRBLKSIZ) {
    *fatal = 1;
    return 0;
  }
  if (dp->d_ino == 0) {
    if (off != 0) return 0; /* unused, but not the first of its chunk */
    return namlen == 0 || (namlen <= MAXNAMLEN && DIRSIZ_N(namlen) <= reclen);
  }
  if (namlen == 0 || namlen > MAXNAMLEN || DIRSIZ_N(namlen) > reclen) return 0;
  for (int i = 0; i < namlen; i++)
    if (dp->d_name[i] == 0 || dp->d_name[i] == '/') return 0;
  return dp->d_name[namlen] == 0;
}

/* Whether the entry's name is s. */
int isname(const struct direct *dp, const char *s) {
  int n = strlen(s);
  return dp->d_namlen == n && memcmp(dp->d_name, s, n) == 0;
}

/* Write a record at offset off of a chunk: header, name, NUL, zero padding. */
void direntry(char *chunk, int off, ino_t ino, int reclen, const char *name, int namlen) {
  struct direct *dp = (struct direct *)(chunk + off);
  int end = DIRSIZ_N(namlen);
  if (end > reclen) end = reclen;
  memset(chunk + off, 0, end);
  dp->d_ino = ino;
  dp->d_reclen = reclen;
  dp->d_namlen = namlen;
  memcpy(dp->d_name, name, namlen);
}

/* Remove the record at off: the first of a chunk becomes unused, any
 * other is merged into the record before it (at prev). */
void dirremove(char *chunk, int off, int prev) {
  struct direct *dp = (struct direct *)(chunk + off);
  if (prev < 0) {
    direntry(chunk, off, 0, dp->d_reclen, "", 0);
  } else {
    struct direct *pp = (struct direct *)(chunk + prev);
    pp->d_reclen += dp->d_reclen;
  }
}

/* An empty chunk: one unused record spanning it. */
void emptychunk(char *chunk) {
  memset(chunk, 0, DIRBLKSIZ);
  ((struct direct *)chunk)->d_reclen = DIRBLKSIZ;
}

static int dirblocks(ino_t dir, const struct dinode *dp, int (*fn)(struct dirwalk *), void *arg);

/* Call fn for every whole chunk of directory dir, block by block; a block
 * that fn ALTERED is written back. Blocks that are holes or outside the
 * data area are passed over. Returns STOP if fn stopped. */
int dirchunks(ino_t dir, int (*fn)(struct dirwalk *), void *arg) {
  struct dinode d;
  if (dir < ROOTINO || dir >= maxino) return 0;
  getinode(dir, &d);
  return dirblocks(dir, &d, fn, arg);
}

/* dirchunks over the blocks of inode *dp (a copy: the inode may be gone). */
static int dirblocks(ino_t dir, const struct dinode *dp, int (*fn)(struct dirwalk *), void *arg) {
  struct dinode d = *dp;
  struct dirwalk w;
  int ret = 0;

  if ((d.di_mode & S_IFMT) != S_IFDIR || d.di_size > MAXFILESIZE) return 0;
  w.d_dir = dir;
  w.d_arg = arg;
  w.d_buf = emalloc(FS_BSIZE); /* each walk its own: fn may walk another directory */
  long nblocks = howmany(d.di_size, FS_BSIZE);
  for (long lbn = 0; lbn < nblocks && !(ret & STOP); lbn++) {
    unsigned long blk = bmap(&d, lbn);
    int dirty = 0;
    if (blk == 0 || outrange(blk)) continue;
    bread(blk, w.d_buf);
    w.d_diroff = lbn * FS_BSIZE;
    for (int c = 0; c < FS_BSIZE && (unsigned long)(w.d_diroff + c + DIRBLKSIZ) <= d.di_size; c += DIRBLKSIZ) {
      w.d_chunk = c;
      ret = (*fn)(&w);
      if (ret & ALTERED) dirty = 1;
      if (ret & STOP) break;
    }
    if (dirty) bwrite(blk, w.d_buf);
  }
  free(w.d_buf);
  return ret & STOP;
}

struct scan {
  int (*fn)(struct dirwalk *, struct direct *, int);
  void *arg;
};

static int scanchunk(struct dirwalk *w) {
  struct scan *s = w->d_arg;
  char *chunk = w->d_buf + w->d_chunk;
  int off = 0, prev = -1, fatal, ret = 0;
  void *mine = w->d_arg;

  w->d_arg = s->arg;
  while (off < DIRBLKSIZ) {
    struct direct *dp = (struct direct *)(chunk + off);
    if (!dircheck(chunk, off, &fatal)) {
      if (fatal) break;
    } else {
      int next = off + dp->d_reclen;
      ret |= (*s->fn)(w, dp, prev);
      if (ret & STOP) break;
      prev = off;
      off = next;
      continue;
    }
    prev = off;
    off += dp->d_reclen;
  }
  w->d_arg = mine;
  return ret;
}

/* Call fn(w, entry, prev) for every well-formed record of directory dir
 * (unused ones too), prev being the offset in its chunk of the record
 * before it, or -1. A chunk is left at its first record that is not well
 * formed. A fn that removes or adds a record must STOP. */
int dirscan(ino_t dir, int (*fn)(struct dirwalk *, struct direct *, int), void *arg) {
  struct scan s;
  s.fn = fn;
  s.arg = arg;
  return dirchunks(dir, scanchunk, &s);
}

/* dirscan over the blocks of inode *dp, a copy of what directory dir was. */
int dirscanblocks(ino_t dir, const struct dinode *dp, int (*fn)(struct dirwalk *, struct direct *, int), void *arg) {
  struct scan s;
  s.fn = fn;
  s.arg = arg;
  return dirblocks(dir, dp, scanchunk, &s);
}

struct find {
  const char *name;
  ino_t ino;
  char *found;
};

static int findname(struct dirwalk *w, struct direct *dp, int prev) {
  struct find *f = w->d_arg;
  (void)prev;
  if (dp->d_ino != f->ino || isname(dp, ".") || isname(dp, "..")) return KEEPON;
  memcpy(f->found, dp->d_name, dp->d_namlen);
  f->found[dp->d_namlen] = 0;
  return STOP;
}

/* Put name in front of the path being built backwards at *p (the buffer starts at buf). */
static int prepend(char *buf, char **p, const char *name, int len) {
  if (*p - buf < len) return 0;
  *p -= len;
  memcpy(*p, name, len);
  return 1;
}

/* The path of directory ino, as far as the parents found so far tell it:
 * "/usr/src", or "?/src" when the way up is not known (yet). */
void getpathname(char *buf, int size, ino_t ino) {
  char name[MAXNAMLEN + 1];
  char *p = buf + size - 1;
  struct find f;

  *p = 0;
  if (ino == ROOTINO) {
    strcpy(buf, "/");
    return;
  }
  ino_t start = ino;
  while (ino != ROOTINO) {
    struct inoinfo *inp = getinoinfo(ino);
    f.ino = ino;
    f.found = name;
    if (inp == NULL || inp->i_parent == 0 || (inp->i_flags & I_PATH) || !dirscan(inp->i_parent, findname, &f)) {
      prepend(buf, &p, "?", 1); /* not known, or a loop */
      break;
    }
    inp->i_flags |= I_PATH;
    if (!prepend(buf, &p, name, strlen(name)) || !prepend(buf, &p, "/", 1)) {
      p = buf + size - 1;
      prepend(buf, &p, "...", 3);
      break;
    }
    ino = inp->i_parent;
  }
  for (struct inoinfo *inp = getinoinfo(start); inp != NULL && (inp->i_flags & I_PATH); inp = getinoinfo(inp->i_parent))
    inp->i_flags &= ~I_PATH;
  memmove(buf, p, strlen(p) + 1);
}

/* A problem with entry `name` of directory dir, naming inode ino: say
 * what, the inode and the path (a fatal problem when preening). With name
 * NULL, ino is a directory and its own path is given. */
void fileerror(ino_t dir, ino_t ino, const char *name, const char *msg) {
  char path[1024];
  struct dinode d;

  pwarn("%s ", msg);
  pinode(ino);
  printf("\n");
  if (name == NULL) {
    getpathname(path, sizeof(path), ino);
  } else {
    getpathname(path, sizeof(path) - MAXNAMLEN - 2, dir);
    if (strcmp(path, "/") != 0) strcat(path, "/");
    strncat(path, name, MAXNAMLEN);
  }
  if (ino >= ROOTINO && ino < maxino) {
    getinode(ino, &d);
    if (ftypeok(&d)) {
      pfatal("%s=%s\n", (d.di_mode & S_IFMT) == S_IFDIR ? "DIR" : "FILE", path);
      return;
    }
  }
  pfatal("NAME=%s\n", path);
}

/* A problem with directory dir itself. */
void direrror(ino_t dir, const char *msg) { fileerror(dir, dir, NULL, msg); }

static int findino(struct dirwalk *w, struct direct *dp, int prev) {
  struct find *f = w->d_arg;
  (void)prev;
  if (dp->d_ino == 0 || !isname(dp, f->name)) return KEEPON;
  f->ino = dp->d_ino;
  return STOP;
}

/* The inode number name has in directory dir, or 0. */
ino_t lookup(ino_t dir, const char *name) {
  struct find f;
  f.name = name;
  f.ino = 0;
  dirscan(dir, findino, &f);
  return f.ino < maxino ? f.ino : 0;
}

static int chgino(struct dirwalk *w, struct direct *dp, int prev) {
  struct find *f = w->d_arg;
  (void)prev;
  if (dp->d_ino == 0 || !isname(dp, f->name)) return KEEPON;
  dp->d_ino = f->ino;
  return ALTERED | STOP;
}

/* Make entry name of directory dir name newino; whether it was there. */
int changeino(ino_t dir, const char *name, ino_t newino) {
  struct find f;
  f.name = name;
  f.ino = newino;
  return dirscan(dir, chgino, &f) != 0;
}

static int rmino(struct dirwalk *w, struct direct *dp, int prev) {
  struct find *f = w->d_arg;
  char *chunk = w->d_buf + w->d_chunk;
  if (dp->d_ino != f->ino || isname(dp, ".") || isname(dp, "..")) return KEEPON;
  dirremove(chunk, (char *)dp - chunk, prev);
  return ALTERED | STOP;
}

/* Remove the first entry of directory dir naming ino (not "." or ".."); whether there was one. */
int removeino(ino_t dir, ino_t ino) {
  struct find f;
  f.ino = ino;
  return dirscan(dir, rmino, &f) != 0;
}

struct mkent {
  ino_t ino;
  const char *name;
  int dry; /* only see whether there is room */
};

static int mkentry(struct dirwalk *w, struct direct *dp, int prev) {
  struct mkent *m = w->d_arg;
  char *chunk = w->d_buf + w->d_chunk;
  int off = (char *)dp - chunk;
  int namlen = strlen(m->name), need = DIRSIZ_N(namlen);
  (void)prev;
  if (dp->d_ino == 0 && dp->d_reclen >= need) {
    if (m->dry) return STOP;
    direntry(chunk, off, m->ino, dp->d_reclen, m->name, namlen);
    return ALTERED | STOP;
  }
  int used = DIRSIZ_N(dp->d_namlen);
  if (dp->d_ino != 0 && dp->d_reclen - used >= need) {
    if (m->dry) return STOP;
    int rest = dp->d_reclen - used;
    dp->d_reclen = used;
    direntry(chunk, off + used, m->ino, rest, m->name, namlen);
    return ALTERED | STOP;
  }
  return KEEPON;
}

/* Make directory dir bigger by the rest of its last block, or by a new
 * block (4.4BSD's expanddir). Only direct blocks: enough for thousands of
 * entries. */
static int expanddir(ino_t dir) {
  struct dinode d;
  char path[1024];
  char *buf;
  unsigned long blk;

  getinode(dir, &d);
  long lbn = d.di_size / FS_BSIZE;
  int off = d.di_size % FS_BSIZE;
  if (off % DIRBLKSIZ != 0 || lbn >= NDADDR) return 0;
  if (off != 0 && (blk = bmap(&d, lbn)) == 0) return 0;
  getpathname(path, sizeof(path), dir);
  pwarn("NO SPACE LEFT IN %s", path);
  if (!fixit("EXPAND", "EXPANDED")) return 0;
  buf = emalloc(FS_BSIZE);
  if (off != 0) {
    bread(blk, buf);
  } else if ((blk = allocblk()) == 0) {
    free(buf);
    return 0;
  }
  for (int c = off; c < FS_BSIZE; c += DIRBLKSIZ) emptychunk(buf + c);
  bwrite(blk, buf);
  free(buf);
  if (off == 0) {
    d.di_db[lbn] = blk;
    d.di_blocks += FS_BSIZE / DEV_BSIZE;
  }
  d.di_size = (lbn + 1) * FS_BSIZE;
  putinode(dir, &d);
  return 1;
}

/* Whether directory dir has room for name, made if need be. */
static int roomfor(ino_t dir, const char *name) {
  struct mkent m;
  m.name = name;
  m.dry = 1;
  return dirscan(dir, mkentry, &m) != 0 || (expanddir(dir) && dirscan(dir, mkentry, &m) != 0);
}

/* Enter name -> ino in directory dir, making room if need be; whether it could. */
int makeentry(ino_t dir, ino_t ino, const char *name) {
  struct mkent m;
  if (dir < ROOTINO || dir >= maxino || ino < ROOTINO || ino >= maxino || !roomfor(dir, name)) return 0;
  m.ino = ino;
  m.name = name;
  m.dry = 0;
  return dirscan(dir, mkentry, &m) != 0;
}

/* Make a directory (ino request, or any free one) in parent with "." and
 * ".." and room for more: a whole block, as mklost+found makes. The
 * parent gains a link (for ".."); the caller enters the name. Returns its
 * number, or 0. */
ino_t allocdir(ino_t parent, ino_t request, int mode) {
  struct dinode d, pd;
  char *buf;
  ino_t ino;
  unsigned long blk;

  if (request == ROOTINO) {
    ino = ROOTINO;
    getinode(ino, &d);
    unsigned long gen = d.di_gen + 1;
    memset(&d, 0, sizeof(d));
    d.di_gen = gen;
    setmapbit(sblock.fs_imapblk, ino);
  } else {
    if ((ino = allocino(S_IFDIR | mode)) == 0) return 0;
    getinode(ino, &d);
  }
  if ((blk = allocblk()) == 0) {
    if (ino != ROOTINO) clearinode(ino);
    return 0;
  }
  buf = emalloc(FS_BSIZE);
  for (int c = 0; c < FS_BSIZE; c += DIRBLKSIZ) emptychunk(buf + c);
  direntry(buf, 0, ino, DIRSIZ_N(1), ".", 1);
  direntry(buf, DIRSIZ_N(1), parent, DIRBLKSIZ - DIRSIZ_N(1), "..", 2);
  bwrite(blk, buf);
  free(buf);
  d.di_mode = S_IFDIR | mode;
  d.di_nlink = 2;
  d.di_size = FS_BSIZE;
  d.di_db[0] = blk;
  d.di_blocks = FS_BSIZE / DEV_BSIZE;
  d.di_atime.tv_sec = d.di_mtime.tv_sec = d.di_ctime.tv_sec = time(NULL);
  putinode(ino, &d);
  struct inoinfo *inp = addinoinfo(ino);
  inp->i_parent = parent;
  inp->i_dotdot = parent;
  /* Its "." is found; its name in the parent is still to come. */
  if (ino == parent) {
    lncntp[ino] = 0;
    statemap[ino] = DFOUND;
    return ino;
  }
  lncntp[ino] = 1;
  statemap[ino] = (statemap[parent] & STATE) == DFOUND ? DFOUND : DSTATE;
  getinode(parent, &pd);
  setlncnt(parent, &pd, pd.di_nlink + 1);
  lncntp[parent]--; /* ... and its ".." is found */
  return ino;
}

/* Undo allocdir when its name cannot be entered. */
static void freedir(ino_t ino, ino_t parent) {
  struct dinode pd;
  clearinode(ino);
  getinode(parent, &pd);
  setlncnt(parent, &pd, pd.di_nlink - 1);
  lncntp[parent]++;
}

/* "#" and the inode number, with leading zeros to the width of the largest: lost+found's names. */
static void lftempname(char *buf, ino_t ino) {
  int width = 0;
  for (unsigned long n = maxino - 1; n > 0; n /= 10) width++;
  sprintf(buf, "#%0*lu", width, (unsigned long)ino);
}

/* lost+found in the root: looked up, remade if it is not a directory, made if missing. 0 if none. */
static ino_t findlf(void) {
  ino_t lf = lookup(ROOTINO, "lost+found");
  if (lf != 0) {
    if (ISDIRSTATE(statemap[lf] & STATE)) return lf;
    pfatal("lost+found IS NOT A DIRECTORY");
    if (reply("REALLOCATE") == 0) return 0;
    ino_t old = lf;
    if ((lf = allocdir(ROOTINO, 0, 0700)) == 0) {
      pfatal("SORRY. CANNOT CREATE lost+found DIRECTORY\n\n");
      resolved = 0;
      return 0;
    }
    changeino(ROOTINO, "lost+found", lf);
    lncntp[lf]--;
    lfdir = lf;
    if (old >= ROOTINO && (statemap[old] & STATE) != USTATE) {
      lncntp[old]++; /* it lost the name */
      adjust(old);
    }
    return lf;
  }
  pwarn("NO lost+found DIRECTORY");
  if (!fixit("CREATE", "CREATED")) return 0;
  if ((lf = allocdir(ROOTINO, 0, 0700)) == 0) {
    pfatal("SORRY. CANNOT CREATE lost+found DIRECTORY\n\n");
    resolved = 0;
    return 0;
  }
  if (!makeentry(ROOTINO, lf, "lost+found")) {
    freedir(lf, ROOTINO);
    pfatal("SORRY. CANNOT CREATE lost+found DIRECTORY\n\n");
    resolved = 0;
    return 0;
  }
  lncntp[lf]--;
  return lf;
}

/* Offer to reconnect an inode no directory names into lost+found, under
 * "#" and its number; a directory's ".." then names lost+found.
 * parentdir is what its ".." named (0 or -1 when nothing), for the
 * message. Whether it was reconnected. */
int linkup(ino_t orphan, long parentdir) {
  struct dinode d, ld;
  char name[16];

  getinode(orphan, &d);
  int isdir = (d.di_mode & S_IFMT) == S_IFDIR;
  pwarn("UNREF %s ", isdir ? "DIR" : "FILE");
  pinode(orphan);
  if (preen && d.di_size == 0) return 0;
  if (!fixit("RECONNECT", "RECONNECTED")) return 0;
  if (lfdir == 0) lfdir = findlf();
  if (lfdir == 0) {
    pfatal("SORRY. NO lost+found DIRECTORY\n\n");
    resolved = 0;
    return 0;
  }
  lftempname(name, orphan);
  if (!roomfor(lfdir, name)) {
    pfatal("SORRY. NO SPACE IN lost+found DIRECTORY\n\n");
    resolved = 0;
    return 0;
  }
  /* A directory: lost+found's link for its "..", the "..", then the name,
   * in the order that leaves, if fsck is killed between two of them,
   * only what preening repairs (link counts too high, a directory not
   * reached) */
  struct inoinfo *inp = isdir ? getinoinfo(orphan) : NULL;
  if (isdir) {
    getinode(lfdir, &ld);
    setlncnt(lfdir, &ld, ld.di_nlink + 1);
    if (inp != NULL && inp->i_dotdot != -1 && changeino(orphan, "..", lfdir)) {
      long old = inp->i_dotdot; /* what ".." named loses the link, if it was counted */
      if ((inp->i_flags & I_DOTDOT) && old >= ROOTINO && old < (long)maxino) lncntp[old]++;
      lncntp[lfdir]--;
      inp->i_dotdot = lfdir;
      inp->i_flags |= I_DOTDOT;
    }
  }
  makeentry(lfdir, orphan, name);
  lncntp[orphan]--;
  if (isdir) {
    if (inp != NULL) inp->i_parent = lfdir;
    statemap[orphan] = DFOUND;
    pwarn("DIR I=%lu CONNECTED. ", (unsigned long)orphan);
    if (parentdir > 0) printf("PARENT WAS I=%ld\n", parentdir);
    else printf("\n");
    if (!preen) printf("\n");
  }
  return 1;
}

/* Phase 4's check of one inode's link count (4.3BSD's adjust): an inode
 * no entry names is cleared (no links left, or empty when preening) or
 * reconnected; a count that differs from the entries found is set to
 * them. */
void adjust(ino_t ino) {
  struct dinode d;
  getinode(ino, &d);
  long refs = d.di_nlink - lncntp[ino];
  if (refs == 0) {
    if (d.di_nlink <= 0) {
      clri(ino, "UNREF", 1);
      return;
    }
    if (!linkup(ino, -1)) {
      clri(ino, "UNREF", 0);
      return;
    }
    getinode(ino, &d);
    refs = d.di_nlink - lncntp[ino];
  }
  if (lncntp[ino] == 0) return;
  if ((d.di_mode & S_IFMT) == S_IFDIR) pwarn("LINK COUNT %s ", ino == lfdir ? "lost+found" : "DIR");
  else pwarn("LINK COUNT FILE ");
  pinode(ino);
  printf(" COUNT %d SHOULD BE %ld", d.di_nlink, refs);
  if (preen) {
    if (refs > d.di_nlink) {
      printf("\n");
      pfatal("LINK COUNT INCREASING");
    }
    printf(" (ADJUSTED)\n");
  }
  if (preen || reply("ADJUST") == 1) setlncnt(ino, &d, refs > LINK_MAX ? LINK_MAX : (int)refs);
}
