/* ufs/inode.h - sun3lab libc: the disk inode of sun3lab's file system,
 * 4.3BSD's struct dinode with SunOS's microseconds in the times. 128
 * bytes, INOPB to a block; inode n is at byte (n % INOPB) * 128 of block
 * fs_iblkno + n / INOPB. A block pointer of 0 is a hole. A character or
 * block device keeps its device number in di_db[0]. */
#ifndef _UFS_INODE_H
#define _UFS_INODE_H

#include <sys/time.h>

#define NDADDR 12                  /* direct block pointers */
#define NIADDR 3                   /* single, double, triple indirect (the triple is never used) */
#define NINDIR (8192 / 4)          /* block numbers in an indirect block */
#define INOPB 64                   /* inodes per block */
#define DEV_BSIZE 512              /* the unit of di_blocks */
#define MAXFILESIZE 0x7fffffffUL   /* a SunOS off_t is 32 bits */
#define LINK_MAX 32767

struct dinode {
  unsigned short di_mode;  /* type and permissions, as st_mode */
  short di_nlink;          /* directory entries naming it */
  unsigned short di_uid;
  unsigned short di_gid;
  unsigned long di_sizehi; /* the high word of a 64-bit size: always 0 */
  unsigned long di_size;   /* bytes */
  struct timeval di_atime;
  struct timeval di_mtime;
  struct timeval di_ctime;
  unsigned long di_db[NDADDR]; /* file blocks 0-11 */
  unsigned long di_ib[NIADDR]; /* indirect blocks */
  long di_flags;
  unsigned long di_blocks; /* space held, in DEV_BSIZE units */
  unsigned long di_gen;    /* bumped each time the inode is reused */
  long di_spare[4];
};

#endif
