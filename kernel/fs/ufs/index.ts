/**
 * The sun3lab UFS: an on-disk Unix file system (README.md in this
 * directory, docs/filesystem.md for the picture).
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
export { type MkfsOptions, mkfs } from './mkfs.js';
export { lookupParent, lookupPath } from './path.js';
export { type MountOptions, type SetAttr, type Statfs, Ufs, type UfsDirent } from './ufs.js';
