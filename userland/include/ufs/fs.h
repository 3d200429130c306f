/* ufs/fs.h - sun3lab libc: the superblock of sun3lab's file system and the
 * numbers that fix its layout (SunOS keeps FFS's in <ufs/fs.h>). It is a
 * 4.3BSD-flavoured file system with a single "cylinder group" and whole
 * 8 KB blocks; docs/filesystem.md draws it:
 *
 *   block 0                 boot block (unused)
 *   block 1                 superblock (its first SBSIZE bytes)
 *   fs_imapblk ...          inode bitmap, one bit per inode, 1 = in use
 *   fs_bmapblk ...          block bitmap, one bit per block, 1 = in use
 *   fs_iblkno ...           inode table, INOPB inodes per block
 *   fs_dblkno ... fs_size-1 data blocks
 *
 * Every number is big-endian, as the 68020 stores it, so the structures
 * below are the bytes on the disk. Only programs that read a disk directly
 * (fsck) need this; everything else goes through the kernel. */
#ifndef _UFS_FS_H
#define _UFS_FS_H

#define FS_MAGIC 0x53334c55 /* "S3LU": not FFS's 0x011954, the layout differs */
#define FS_VERSION 1
#define FS_BSIZE 8192       /* the block size: one Sun-3 page, never split */
#define FS_BSHIFT 13
#define SBLOCK 1            /* the superblock's block */
#define SBSIZE 512          /* the part of it that is used */
#define FS_CLEAN 1          /* fs_clean: unmounted cleanly */
#define FS_ACTIVE 0         /*           mounted, or crashed while mounted */
#define FS_MAXBLOCKS 262144 /* 2 GB: the largest file system a 32-bit offset reaches */

#define ROOTINO 2     /* the root directory; 0 is "no inode", 1 is reserved */
#define FIRSTINO 3    /* the first inode a file may have */
#define NBBY 8
#define MAPBITS (FS_BSIZE * NBBY) /* bits in one block of a bitmap */

struct fs {
  unsigned long fs_magic;
  unsigned long fs_version;
  unsigned long fs_bsize;
  unsigned long fs_size;    /* blocks in the file system */
  unsigned long fs_ninode;  /* inodes, a multiple of INOPB, including 0 and 1 */
  unsigned long fs_imapblk; /* the inode bitmap: where, how many blocks */
  unsigned long fs_imapblks;
  unsigned long fs_bmapblk; /* the block bitmap */
  unsigned long fs_bmapblks;
  unsigned long fs_iblkno;  /* the inode table */
  unsigned long fs_iblks;
  unsigned long fs_dblkno;  /* the first data block */
  unsigned long fs_nbfree;  /* free blocks and inodes (written at sync and unmount) */
  unsigned long fs_nifree;
  unsigned long fs_clean;   /* FS_CLEAN or FS_ACTIVE */
  long fs_time;             /* last written */
  long fs_ctime;            /* made */
  unsigned long fs_brotor;  /* where the next block search starts */
  long fs_id[2];
  char fs_volname[32];
  char fs_spare[SBSIZE - 112 - 4];
  unsigned long fs_cksum;   /* CRC-32 (zlib's) of the bytes before it */
};

#endif
