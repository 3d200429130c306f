/* sys/stat.h - sun3lab libc.
 * struct stat is SunOS 4's, with the 68k's 2-byte alignment of longs: 60 bytes.
 * Byte offsets: st_dev 0, st_ino 2, st_mode 6, st_nlink 8, st_uid 10, st_gid 12,
 * st_rdev 14, st_size 16, st_atime 20, st_mtime 28, st_ctime 36, st_blksize 44,
 * st_blocks 48, spare 52-59. */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H

#include <sys/types.h>

struct stat {
  dev_t st_dev;
  ino_t st_ino;
  mode_t st_mode;
  short st_nlink;
  uid_t st_uid;
  gid_t st_gid;
  dev_t st_rdev;
  off_t st_size;
  time_t st_atime;
  int st_spare1;
  time_t st_mtime;
  int st_spare2;
  time_t st_ctime;
  int st_spare3;
  long st_blksize;
  long st_blocks;
  long st_spare4[2];
};

#define S_IFMT 0170000
#define S_IFIFO 0010000
#define S_IFCHR 0020000
#define S_IFDIR 0040000
#define S_IFBLK 0060000
#define S_IFREG 0100000
#define S_IFLNK 0120000
#define S_IFSOCK 0140000
#define S_ISUID 0004000
#define S_ISGID 0002000
#define S_ISVTX 0001000
#define S_IREAD 0000400
#define S_IWRITE 0000200
#define S_IEXEC 0000100
#define S_IRWXU 0000700
#define S_IRUSR 0000400
#define S_IWUSR 0000200
#define S_IXUSR 0000100
#define S_IRWXG 0000070
#define S_IRGRP 0000040
#define S_IWGRP 0000020
#define S_IXGRP 0000010
#define S_IRWXO 0000007
#define S_IROTH 0000004
#define S_IWOTH 0000002
#define S_IXOTH 0000001

#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m) (((m) & S_IFMT) == S_IFBLK)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)

int stat(const char *path, struct stat *buf);
int lstat(const char *path, struct stat *buf);
int fstat(int fd, struct stat *buf);
int mkdir(const char *path, int mode);
int umask(int mask);
int chmod(const char *path, int mode);
int fchmod(int fd, int mode);
int mknod(const char *path, int mode, int dev);
int mkfifo(const char *path, int mode);

#endif
