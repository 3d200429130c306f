/* sys/mount.h - sun3lab libc: mount(2) and unmount(2), as SunOS 4 has them.
 *
 *   mount("4.2", "/mnt", M_NEWTYPE | flags, &(struct ufs_args){"/dev/sd1a"})
 *   unmount("/mnt")
 *
 * The type is a string with M_NEWTYPE ("4.2" or "ufs"), else a number
 * (MOUNT_UFS). M_REMOUNT changes the options of what is mounted on dir
 * (read-only or read-write, nosuid, grpid). Only the super-user may mount
 * and unmount. */
#ifndef _SYS_MOUNT_H
#define _SYS_MOUNT_H

#define M_RDONLY 0x01   /* read-only */
#define M_NOSUID 0x02   /* set-user-id and set-group-id bits are ignored */
#define M_NEWTYPE 0x04  /* type is a string, not a number */
#define M_GRPID 0x08    /* new files take the directory's group (4.3BSD) */
#define M_REMOUNT 0x10  /* change the options of a mounted file system */

#define MOUNT_UFS 1

struct ufs_args {
  char *fspec;          /* the block special file to mount */
};

int mount(const char *type, const char *dir, int flags, void *data);
int unmount(const char *dir);

#endif
