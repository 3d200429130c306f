/* sys/vfs.h - sun3lab libc: statfs(2) and fstatfs(2), SunOS 4's struct statfs. */
#ifndef _SYS_VFS_H
#define _SYS_VFS_H

typedef struct {
  long val[2];
} fsid_t;

struct statfs {            /* 64 bytes */
  long f_type;             /* 0 */
  long f_bsize;            /* bytes per block */
  long f_blocks;           /* blocks in the file system (data blocks) */
  long f_bfree;            /* free blocks */
  long f_bavail;           /* free blocks ordinary users may have */
  long f_files;            /* inodes */
  long f_ffree;            /* free inodes */
  fsid_t f_fsid;           /* val[0] the block device, val[1] the type (MOUNT_UFS) */
  long f_spare[7];
};

_Static_assert(sizeof(struct statfs) == 64, "struct statfs is 64 bytes");

int statfs(const char *path, struct statfs *buf);
int fstatfs(int fd, struct statfs *buf);

#endif
