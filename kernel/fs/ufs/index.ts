/**
 * The sun3lab UFS: an on-disk Unix file system as a library over a block
 * device, with no vnodes, processes or credentials (README.md in this
 * directory, docs/filesystem.md for the picture). The kernel reaches it
 * through its vnode layer, kernel/fs/ufs_vnops.ts; the host tools
 * (emu/tools) and the tests call it directly.
 */

export { DIRBLKSIZ, dirsiz, MAXNAMLEN } from './dir.js';
export { type BlockDevice, MemoryDisk } from './disk.js';
export {
  BSIZE,
  FS_MAGIC,
  FsError,
  IFBLK,
  IFCHR,
  IFDIR,
  IFIFO,
  IFLNK,
  IFMT,
  IFREG,
  IFSOCK,
  ISGID,
  ISUID,
  ISVTX,
  LINK_MAX,
  MAXFILESIZE,
  NDADDR,
  NINDIR,
  ROOTINO,
  type Superblock,
  type Timeval,
} from './fs.js';
export { type FsckOptions, type FsckReport, fsck } from './fsck.js';
export { Inode } from './inode.js';
export { LOSTFOUND_MODE, LOSTFOUNDINO, type MkfsOptions, mkfs } from './mkfs.js';
export { lookupParent, lookupPath } from './path.js';
export { type MountOptions, type Statfs, Ufs } from './ufs.js';
export type { SetAttr } from './ufs_inode.js';
export type { UfsDirent } from './ufs_lookup.js';
