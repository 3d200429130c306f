/* fsck.h - what the passes of fsck share (4.3BSD's fsck.h).
 *
 * fsck reads the disk itself, through the raw device, and keeps in core
 * one byte of state per inode, its link count as found so far and one bit
 * per block (claimed or not). The passes:
 *
 *   setup.c   the device, the superblock, the in-core maps
 *   pass1.c   Phase 1: every inode's type, size and blocks; bad and duplicate blocks
 *   pass1b.c  Phase 1b: the first owners of duplicate blocks
 *   pass2.c   Phase 2: every directory's entries, "." and ".."
 *   pass3.c   Phase 3: directories the root does not reach, into lost+found
 *   pass4.c   Phase 4: link counts; unreferenced files cleared or reconnected
 *   pass5.c   Phase 5: the free maps and the superblock's counts
 *   inode.c   inodes: reading, writing, walking their blocks, clearing
 *   dir.c     directory entries: scanning, adding, changing; lost+found
 *   utilities.c questions and messages, block I/O, the block map
 *
 * Every change goes to the disk as it is made, in whole blocks, so fsck
 * killed half way leaves a file system that the next fsck can still repair.
 */
#ifndef FSCK_H
#define FSCK_H

#include <sys/dir.h>
#include <sys/types.h>
#include <ufs/fs.h>
#include <ufs/inode.h>

/* Inode states (statemap). */
#define USTATE 0  /* unallocated */
#define FSTATE 1  /* a file (anything but a directory) */
#define DSTATE 2  /* a directory not (yet) reached from the root */
#define DFOUND 3  /* a directory reached from the root */
#define FCLEAR 4  /* a file to clear: bad or duplicate blocks, unknown type */
#define DCLEAR 5  /* a directory to clear: bad or duplicate blocks, or no size */
#define STATE 0x0f
#define CLEARED 0x10 /* with USTATE: fsck cleared it (pass 5 frees it in the map quietly) */

#define ISDIRSTATE(s) ((s) == DSTATE || (s) == DFOUND)

/* What a function walking an inode's blocks returns (4.3BSD's). */
#define KEEPON 0x01 /* go on (into an indirect block too) */
#define SKIP 0x02   /* go on, but not into this indirect block */
#define STOP 0x04   /* stop the walk */
#define ALTERED 0x08 /* the block was changed: write it */

#define MAXBAD 10 /* bad block numbers in one inode before giving up on it */
#define MAXDUP 10 /* duplicate blocks in one inode before giving up on it */

#define DIRBLKSIZ 512 /* directories are made of chunks this big */
#define DIRHDR 8      /* the bytes of a record before its name */
#define DIRSIZ_N(n) ((8 + (n) + 1 + 3) & ~3) /* record size of an entry with an n-byte name */
#define howmany(x, y) (((x) + ((y) - 1)) / (y))

/* One block pointer seen by a walk over an inode's blocks (ckinode). */
struct inodesc {
  ino_t id_number;                     /* the inode */
  int (*id_func)(struct inodesc *);    /* called for every non-zero pointer */
  unsigned long id_blkno;              /* the block pointed to */
  long id_lbn;                         /* the file block it holds, or the first one it maps */
  int id_level;                        /* 0 data, 1 single indirect, 2 double indirect */
  long id_nblocks;                     /* blocks within the file's size */
  /* pass 1's counts */
  int id_bad, id_dup;                  /* bad and duplicate block numbers */
  long id_held;                        /* blocks the inode holds within its size */
  long id_pasteof;                     /* pointers past the end of the file */
  long id_next;                        /* data blocks 0 .. id_next-1 are all there */
};

/* What is known of a directory (4.3BSD Tahoe's inoinfo). */
struct inoinfo {
  ino_t i_number;
  ino_t i_parent; /* the directory whose entry names it; 0 if none yet */
  long i_dotdot;  /* what its ".." names; 0 if ".." was just made, -1 if it has none */
  int i_flags;
};
#define I_DECLINED 1 /* reconnecting it was refused */
#define I_MARK 2     /* seen by propagate() */
#define I_SCANNED 4  /* phase 2 read it: its entries are counted */
#define I_DOTDOT 8   /* its ".." is counted, in the link count of i_dotdot */
#define I_PATH 16    /* on the way up getpathname() is walking */

/* The device and the superblock. */
extern char *cdevname;        /* the name being checked, for messages */
extern int fsfd;              /* the device, open for reading (and writing unless fswritable is 0) */
extern int fswritable;
extern long devblocks;        /* its size in blocks, or 0 if not known */
extern struct fs sblock;
extern int sbfixed;           /* the superblock needs writing (counts, checksum) */
extern int wasclean;          /* fs_clean said FS_CLEAN */

/* Options and results. */
extern int preen, nflag, yflag, fflag;
extern int hotroot;           /* checking the mounted root file system */
extern int fsmodified;        /* something besides the superblock was written */
extern int sbmodified;        /* the superblock's counts or checksum were rewritten */
extern int resolved;          /* every problem found was repaired */

/* The in-core maps (setup.c makes them, from the superblock's sizes). */
extern ino_t maxino;          /* fs_ninode */
extern unsigned char *statemap;
extern long *lncntp;          /* the link count, less the entries found so far */
extern unsigned char *blockmap; /* one bit per block: claimed by an inode (or metadata) */
extern struct inoinfo *inpsort; /* the directories, by inode number */
extern long inplast;
extern unsigned long *duplist;  /* blocks claimed more than once (each once) */
extern long ndup;
extern ino_t lfdir;           /* lost+found, once looked up or made */

/* main.c */
void checkfilesys(const char *name);

/* setup.c */
int setup(const char *dev);
char *blockcheck(const char *name);
void freemaps(void);

/* utilities.c */
int reply(const char *question);
int fixit(const char *question, const char *done);
void pwarn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pfatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void errexit(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void bread(unsigned long blk, void *buf);
void bwrite(unsigned long blk, const void *buf);
void sbwrite(void);
unsigned long fscrc(const struct fs *fs);
int outrange(unsigned long blk);
int testbmap(unsigned long blk);
void setbmap(unsigned long blk);
unsigned long allocblk(void);
void setmapbit(unsigned long mapblk, unsigned long bit);
void *emalloc(unsigned long n);

/* inode.c */
void getinode(ino_t ino, struct dinode *dp);
void putinode(ino_t ino, const struct dinode *dp);
void flushinodes(void);
int ckinode(const struct dinode *dp, struct inodesc *idesc);
unsigned long bmap(const struct dinode *dp, long lbn);
int hasdata(const struct dinode *dp);
int ftypeok(const struct dinode *dp);
void forgetblk(unsigned long blk);
void freeinoinfo(void);
int inodeok(const struct dinode *dp);
void truncblocks(ino_t ino, struct dinode *dp, long nblocks);
long countblocks(const struct dinode *dp);
void pinode(ino_t ino);
void blkerror(ino_t ino, const char *type, unsigned long blk);
void clri(ino_t ino, const char *type, int flag);
void clearinode(ino_t ino);
ino_t allocino(int mode);
struct inoinfo *getinoinfo(ino_t ino);
struct inoinfo *addinoinfo(ino_t ino);
void setlncnt(ino_t ino, struct dinode *dp, int nlink);

/* dir.c */
struct dirwalk {
  ino_t d_dir;              /* the directory */
  char *d_buf;              /* the block holding the chunk */
  int d_chunk;              /* where the chunk starts in d_buf */
  long d_diroff;            /* where the block starts in the directory */
  void *d_arg;              /* the caller's */
};
int dirchunks(ino_t dir, int (*fn)(struct dirwalk *), void *arg);
int dirscan(ino_t dir, int (*fn)(struct dirwalk *, struct direct *, int prev), void *arg);
int dirscanblocks(ino_t dir, const struct dinode *dp, int (*fn)(struct dirwalk *, struct direct *, int prev),
                  void *arg);
int dircheck(const char *chunk, int off, int *fatal);
int isname(const struct direct *dp, const char *s);
void direntry(char *chunk, int off, ino_t ino, int reclen, const char *name, int namlen);
void dirremove(char *chunk, int off, int prev);
void emptychunk(char *chunk);
void getpathname(char *buf, int size, ino_t ino);
void fileerror(ino_t dir, ino_t ino, const char *name, const char *msg);
void direrror(ino_t dir, const char *msg);
ino_t lookup(ino_t dir, const char *name);
int changeino(ino_t dir, const char *name, ino_t newino);
int removeino(ino_t dir, ino_t ino);
int makeentry(ino_t dir, ino_t ino, const char *name);
ino_t allocdir(ino_t parent, ino_t request, int mode);
int linkup(ino_t orphan, long parentdir);
void adjust(ino_t ino);

/* the passes */
void pass1(void);
void pass1b(void);
void pass2(void);
void pass3(void);
void pass4(void);
void pass5(void);
void propagate(void);

#endif
