/* Mounting: a second disk (sd1) mounted on /mnt and unmounted again; ".."
 * and getcwd across the mount point; the errors of mount(2) and
 * unmount(2) (EBUSY for a busy file system, a busy directory or a device
 * mounted or open for writing; ENOTDIR, ENOTBLK, ENODEV, EINVAL, EXDEV);
 * the raw disk /dev/rsd1a (whole sectors only, the end of the disk);
 * statfs and fstatfs; mntinfo; read-only mounts (EROFS), and M_REMOUNT,
 * which rereads the free maps that a program (fsck) changed through the
 * raw disk while the file system was read-only; the block device read
 * and written at any offset; the group of new files (the creator's, the
 * directory's under M_GRPID or in a set-group-id directory: run it with an
 * effective group other than 0 to see the difference); M_NOSUID recorded.
 *
 * Needs the super-user and a machine whose sd1 holds an empty file system;
 * it leaves /mnt/hello on it, unmounted cleanly. On a machine with no sd1
 * it checks that mounting it is ENXIO; as another user, that mount,
 * unmount and reboot are EPERM. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/param.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sun3lab.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "check.h"

#define FS_MAGIC 0x53334c55 /* "S3LU", the sun3lab file system */
#define SD0A 0x0700         /* makedev(7, 0) */
#define SD1A 0x0708         /* makedev(7, 8) */

/* mount(2) of a 4.2 file system: 0 or the errno. */
static int mnt(const char *spec, const char *dir, int flags) {
  struct ufs_args a;
  a.fspec = (char *)spec;
  return mount("4.2", dir, flags | M_NEWTYPE, &a) < 0 ? errno : 0;
}

/* A system call's result as 0 or its errno. */
static int err(int r) { return r < 0 ? errno : 0; }

static int same(struct stat *a, struct stat *b) { return a->st_dev == b->st_dev && a->st_ino == b->st_ino; }

/* The superblock of the disk open on fd: its first 128 bytes, as longs. */
static int superblock(int fd, long *sb) {
  char sector[512];
  if (lseek(fd, 8192, SEEK_SET) != 8192 || read(fd, sector, 512) != 512) return -1;
  memcpy(sb, sector, 128);
  return 0;
}

/* Set or clear the bit of the last block in the block bitmap, through the raw disk (as fsck mends one). */
static int mark_last_block(int set) {
  long sb[32];
  char sector[512];
  int fd = open("/dev/rsd1a", O_RDWR);
  if (fd < 0 || superblock(fd, sb) < 0) return -1;
  long size = sb[3], bmapblk = sb[7]; /* fs_size at 12, fs_bmapblk at 28 */
  long bit = size - 1;
  long byte = bmapblk * 8192 + bit / 8;
  long at = byte & ~511L;
  if (lseek(fd, at, SEEK_SET) != at || read(fd, sector, 512) != 512) return -1;
  if (set) sector[byte - at] |= (char)(1 << (bit & 7));
  else sector[byte - at] &= (char)~(1 << (bit & 7));
  if (lseek(fd, at, SEEK_SET) != at || write(fd, sector, 512) != 512) return -1;
  return close(fd);
}

static void not_root(void) {
  CHECK(mnt("/dev/sd1a", "/mnt", 0) == EPERM, "mount by a user is EPERM");
  CHECK(mnt("/dev/sd0a", "/", M_REMOUNT) == EPERM, "remount by a user is EPERM");
  CHECK(err(unmount("/")) == EPERM, "unmount by a user is EPERM");
  CHECK(err(reboot(RB_HALT)) == EPERM, "reboot by a user is EPERM");
  struct statfs s;
  CHECK(statfs("/", &s) == 0 && s.f_bsize == 8192, "statfs is for everyone");
}

static void no_disk(void) {
  CHECK(err(open("/dev/rsd1a", O_RDONLY)) == ENXIO, "no sd1: opening /dev/rsd1a is ENXIO");
  CHECK(err(open("/dev/sd1a", O_RDONLY)) == ENXIO, "no sd1: opening /dev/sd1a is ENXIO");
  CHECK(mnt("/dev/sd1a", "/mnt", 0) == ENXIO, "no sd1: mounting it is ENXIO");
}

int main(void) {
  struct stat st, root, mnt_before, mnt_root;
  struct statfs s;
  struct mntinfo mi[8];
  char buf[MAXPATHLEN];
  long sb[32];
  int fd, n;

  if (geteuid() != 0) {
    not_root();
    return DONE("mount");
  }
  fd = open("/dev/rsd1a", O_RDONLY);
  if (fd < 0 && errno == ENXIO) {
    no_disk();
    return DONE("mount");
  }
  close(fd);
  mkdir("/mnt", 0755);

  /* What is mounted at the start: the root alone. */
  CHECK(statfs("/", &s) == 0 && s.f_bsize == 8192 && s.f_blocks > 0 && s.f_bfree <= s.f_blocks &&
            s.f_bavail == s.f_bfree && s.f_ffree <= s.f_files && s.f_fsid.val[0] == SD0A && s.f_fsid.val[1] == MOUNT_UFS,
        "statfs(\"/\"): %ld blocks of %ld bytes, %ld free, %ld of %ld inodes free", s.f_blocks, s.f_bsize, s.f_bfree,
        s.f_ffree, s.f_files);
  n = mntinfo(mi, 8);
  CHECK(n == 1 && strcmp(mi[0].mi_fsname, "/dev/sd0a") == 0 && strcmp(mi[0].mi_dir, "/") == 0 &&
            strcmp(mi[0].mi_type, "4.2") == 0 && mi[0].mi_flags == 0 && mi[0].mi_dev == SD0A,
        "mntinfo: %d file system(s), /dev/sd0a on / read-write", n);
  int p[2];
  pipe(p);
  CHECK(err(fstatfs(p[0], &s)) == EINVAL, "fstatfs of a pipe is EINVAL");
  close(p[0]);
  close(p[1]);
  fd = open("/etc/rc", O_RDONLY);
  CHECK(fstatfs(fd, &s) == 0 && s.f_fsid.val[0] == SD0A, "fstatfs of an open file");
  close(fd);

  /* What mount refuses. */
  struct ufs_args a = {"/dev/sd1a"};
  CHECK(err(mount("pcfs", "/mnt", M_NEWTYPE, &a)) == ENODEV, "an unknown type is ENODEV");
  CHECK(err(mount((char *)7, "/mnt", 0, &a)) == ENODEV, "an unknown type number is ENODEV");
  CHECK(err(mount((char *)MOUNT_UFS, "/mnt", 0x20, &a)) == EINVAL, "M_NOSUB is EINVAL");
  CHECK(mnt("/dev/sd1a", "/etc/rc", 0) == ENOTDIR, "on a file: ENOTDIR");
  CHECK(mnt("/dev/sd1a", "/nonexistent", 0) == ENOENT, "on nothing: ENOENT");
  CHECK(mnt("/dev/rsd1a", "/mnt", 0) == ENOTBLK, "the raw disk: ENOTBLK");
  CHECK(mnt("/etc/rc", "/mnt", 0) == ENOTBLK, "a file: ENOTBLK");
  CHECK(mnt("/dev/sd0a", "/mnt", 0) == EBUSY, "the root's disk again: EBUSY");
  CHECK(mnt("/dev/sd1a", "/", 0) == EBUSY, "over the root: EBUSY");
  fd = open("/mnt", O_RDONLY);
  CHECK(mnt("/dev/sd1a", "/mnt", 0) == EBUSY, "on a directory that is open: EBUSY");
  close(fd);
  fd = open("/dev/sd1a", O_RDWR);
  CHECK(fd >= 0, "open /dev/sd1a for writing while it is not mounted");
  CHECK(mnt("/dev/sd1a", "/mnt", 0) == EBUSY, "a disk open for writing: EBUSY");
  close(fd);
  fd = open("/dev/sd1a", O_RDWR);
  CHECK(fd >= 0 && lseek(fd, 8193, SEEK_SET) == 8193 && read(fd, buf, 3) == 3 && memcmp(buf, "3LU", 3) == 0,
        "the block device reads at any offset: 3 bytes of the magic number at 8193");
  CHECK(lseek(fd, 100, SEEK_SET) == 100 && write(fd, "boot", 4) == 4, "and writes at any offset (the unused boot block)");
  close(fd);
  fd = open("/dev/rsd1a", O_RDONLY);
  CHECK(fd >= 0 && read(fd, buf, 512) == 512 && memcmp(buf + 100, "boot", 4) == 0 && buf[99] == 0 && buf[104] == 0,
        "the raw disk has it, and nothing around it changed");
  close(fd);
  CHECK(err(unmount("/etc")) == EINVAL, "unmount of a directory nothing is mounted on: EINVAL");
  CHECK(err(unmount("/")) == EBUSY, "unmount of the root: EBUSY");

  /* Mount it, and cross the mount point both ways. */
  stat("/", &root);
  stat("/mnt", &mnt_before);
  CHECK(mnt("/dev/sd1a", "/mnt", 0) == 0, "mount /dev/sd1a on /mnt");
  CHECK(stat("/mnt", &mnt_root) == 0 && mnt_root.st_dev == SD1A && mnt_root.st_ino == 2,
        "/mnt is now the root of sd1 (dev 0x%x, inode %ld)", mnt_root.st_dev, (long)mnt_root.st_ino);
  CHECK(stat("/mnt/..", &st) == 0 && same(&st, &root), "/mnt/.. is /");
  CHECK(stat("/..", &st) == 0 && same(&st, &root) && stat("/mnt/../..", &st) == 0 && same(&st, &root),
        "/.. and /mnt/../.. stay at /");
  CHECK(stat("/mnt/../mnt/.", &st) == 0 && same(&st, &mnt_root), "/mnt/../mnt/. is the mounted root again");
  CHECK(statfs("/mnt", &s) == 0 && s.f_fsid.val[0] == SD1A, "statfs(\"/mnt\") is sd1's");
  n = mntinfo(mi, 8);
  CHECK(n == 2 && strcmp(mi[1].mi_fsname, "/dev/sd1a") == 0 && strcmp(mi[1].mi_dir, "/mnt") == 0 && mi[1].mi_dev == SD1A,
        "mntinfo lists /dev/sd1a on /mnt");
  fd = open("/mnt/hello", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0 && write(fd, "hello, sd1\n", 11) == 11 && close(fd) == 0, "write /mnt/hello");
  CHECK(stat("/mnt/hello", &st) == 0 && st.st_dev == SD1A, "its st_dev is sd1's");
  CHECK(mkdir("/mnt/sub", 0755) == 0 && chdir("/mnt/sub") == 0, "mkdir /mnt/sub and go there");
  CHECK(getcwd(buf, sizeof(buf)) != NULL && strcmp(buf, "/mnt/sub") == 0, "getcwd: %s", buf);
  CHECK(stat("../..", &st) == 0 && same(&st, &root), "../.. from /mnt/sub is /");
  CHECK(chdir("..") == 0 && stat("..", &st) == 0 && same(&st, &root), "and .. from /mnt is /");
  CHECK(err(unmount("/mnt")) == EBUSY, "unmount while it is the current directory: EBUSY");
  chdir("/");
  fd = open("/mnt/hello", O_RDONLY);
  CHECK(err(unmount("/mnt")) == EBUSY, "unmount while a file is open: EBUSY");
  close(fd);
  CHECK(err(link("/etc/rc", "/mnt/rc")) == EXDEV, "link across file systems: EXDEV");
  CHECK(err(rename("/mnt/hello", "/tmp/hello")) == EXDEV, "rename across file systems: EXDEV");
  CHECK(err(rmdir("/mnt")) == EBUSY, "rmdir of the mount point: EBUSY");
  CHECK(err(rename("/mnt", "/mnt2")) == EBUSY, "rename of the mount point: EBUSY");
  CHECK(mnt("/dev/sd1a", "/tmp", 0) == EBUSY, "the same disk twice: EBUSY");
  CHECK(mnt("/dev/sd1a", "/mnt", 0) == EBUSY, "on a mount point: EBUSY");
  CHECK(err(open("/dev/sd1a", O_RDWR)) == EBUSY, "opening a mounted disk for writing: EBUSY");
  fd = open("/dev/sd1a", O_RDONLY);
  CHECK(fd >= 0 && superblock(fd, sb) == 0 && sb[0] == FS_MAGIC, "reading it is allowed: the superblock");
  close(fd);

  /* The raw disk, mounted or not: whole sectors only. */
  fd = open("/dev/rsd1a", O_RDWR);
  CHECK(fd >= 0, "open /dev/rsd1a for writing (raw: allowed while mounted)");
  CHECK(superblock(fd, sb) == 0 && sb[0] == FS_MAGIC, "the superblock through the raw disk (magic 0x%lx)", sb[0]);
  long size = sb[3] * 8192; /* fs_size */
  CHECK(statfs("/mnt", &s) == 0 && s.f_blocks == sb[3] - sb[11], "statfs's f_blocks is fs_size - fs_dblkno");
  lseek(fd, 0, SEEK_SET);
  CHECK(err(read(fd, buf, 100)) == EINVAL, "reading 100 bytes: EINVAL");
  lseek(fd, 100, SEEK_SET);
  CHECK(err(read(fd, buf, 512)) == EINVAL, "reading at offset 100: EINVAL");
  lseek(fd, size, SEEK_SET);
  CHECK(read(fd, buf, 512) == 0, "reading at the end: 0 bytes");
  CHECK(err(write(fd, buf, 512)) == ENXIO, "writing at the end: ENXIO");
  lseek(fd, size + 512, SEEK_SET);
  CHECK(err(read(fd, buf, 512)) == ENXIO, "reading past the end: ENXIO");
  lseek(fd, size - 512, SEEK_SET);
  CHECK(read(fd, buf, 1024) == 512, "a read across the end stops there");
  close(fd);

  /* Read-only, and back. */
  fd = open("/mnt/hello", O_WRONLY);
  CHECK(mnt("/dev/sd1a", "/mnt", M_REMOUNT | M_RDONLY) == EBUSY, "remount read-only with a file open for writing: EBUSY");
  close(fd);
  CHECK(mnt("/dev/sd1a", "/mnt", M_REMOUNT | M_RDONLY) == 0, "remount read-only");
  CHECK(mntinfo(mi, 8) == 2 && mi[1].mi_flags == M_RDONLY, "mntinfo says so");
  CHECK(err(creat("/mnt/x", 0644)) == EROFS, "creat: EROFS");
  CHECK(err(open("/mnt/hello", O_WRONLY)) == EROFS, "open for writing: EROFS");
  CHECK(err(access("/mnt/hello", W_OK)) == EROFS, "access W_OK: EROFS");
  CHECK(err(mkdir("/mnt/d", 0755)) == EROFS && err(unlink("/mnt/hello")) == EROFS, "mkdir, unlink: EROFS");
  CHECK(mnt("/dev/sd0a", "/mnt", M_REMOUNT) == EINVAL, "remount naming another disk: EINVAL");
  CHECK(mnt("/dev/sd1a", "/etc", M_REMOUNT) == EINVAL, "remount where nothing is mounted: EINVAL");
  statfs("/mnt", &s);
  long bfree = s.f_bfree;
  CHECK(mark_last_block(1) == 0, "mark a block in use through the raw disk, as fsck would");
  CHECK(mnt("/dev/sd1a", "/mnt", M_REMOUNT) == 0, "remount read-write");
  CHECK(statfs("/mnt", &s) == 0 && s.f_bfree == bfree - 1, "the free maps were read again: %ld free, was %ld",
        s.f_bfree, bfree);
  fd = creat("/mnt/x", 0644);
  CHECK(fd >= 0 && close(fd) == 0 && unlink("/mnt/x") == 0, "and files can be made again");
  CHECK(mnt("/dev/sd1a", "/mnt", M_REMOUNT | M_RDONLY) == 0 && mark_last_block(0) == 0 &&
            mnt("/dev/sd1a", "/mnt", M_REMOUNT) == 0 && statfs("/mnt", &s) == 0 && s.f_bfree == bfree,
        "and back: %ld free", s.f_bfree);

  /* The group of new files, and the options mntinfo reports. */
  gid_t egid = getegid();
  CHECK(mkdir("/mnt/g", 0755) == 0 && stat("/mnt/g", &st) == 0 && st.st_gid == egid,
        "a new directory has the creator's group (%d)", egid);
  CHECK(chmod("/mnt", 02755) == 0 && (fd = creat("/mnt/sg", 0644)) >= 0 && close(fd) == 0 &&
            stat("/mnt/sg", &st) == 0 && st.st_gid == 0 && chmod("/mnt", 0755) == 0,
        "a file made in a set-group-id directory has the directory's group (0)");
  CHECK(mnt("/dev/sd1a", "/mnt", M_REMOUNT | M_GRPID | M_NOSUID) == 0 && mntinfo(mi, 8) == 2 &&
            mi[1].mi_flags == (M_GRPID | M_NOSUID),
        "remount grpid,nosuid: mntinfo says so");
  CHECK((fd = creat("/mnt/grp", 0644)) >= 0 && close(fd) == 0 && stat("/mnt/grp", &st) == 0 && st.st_gid == 0,
        "under grpid a new file has its directory's group (0)");
  CHECK(unlink("/mnt/grp") == 0 && unlink("/mnt/sg") == 0 && rmdir("/mnt/g") == 0 && mnt("/dev/sd1a", "/mnt", M_REMOUNT) == 0,
        "clean up, and remount without options");

  /* Unmount: /mnt is the directory of the root again. */
  CHECK(err(unmount("/mnt")) == 0, "unmount /mnt");
  CHECK(stat("/mnt", &st) == 0 && same(&st, &mnt_before), "/mnt is the root's directory again");
  CHECK(err(stat("/mnt/hello", &st)) == ENOENT, "and empty");
  CHECK(mntinfo(mi, 8) == 1, "mntinfo: the root alone");
  CHECK(err(unmount("/mnt")) == EINVAL, "a second unmount: EINVAL");

  /* Read-only from the start; then read-write once more, and unmounted at the end. */
  CHECK(mnt("/dev/sd1a", "/mnt", M_RDONLY) == 0, "mount read-only");
  fd = open("/mnt/hello", O_RDONLY);
  n = fd >= 0 ? (int)read(fd, buf, sizeof(buf)) : -1;
  CHECK(n == 11 && memcmp(buf, "hello, sd1\n", 11) == 0, "the file written before is there");
  close(fd);
  CHECK(err(creat("/mnt/x", 0644)) == EROFS, "creat: EROFS");
  CHECK(err(unmount("/mnt")) == 0, "unmount");
  CHECK(mnt("/dev/sd1a", "/mnt", 0) == 0 && err(unmount("/mnt")) == 0, "mount and unmount read-write");
  return DONE("mount");
}
