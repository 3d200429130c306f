/**
 * Remounting (Ufs.remount, SunOS's M_REMOUNT): read-only to read-write
 * takes the superblock and free maps from the disk again — what a checker
 * changed through the raw disk under a read-only mount — and read-write to
 * read-only writes everything back and marks the file system clean.
 */
import { describe, expect, it } from 'vitest';
import { EBUSY, EINVAL, EIO, EROFS } from '../../kernel/errno.js';
import { FS_ACTIVE, FS_CLEAN, IFREG } from '../../kernel/fs/ufs/fs.js';
import { fsck, Ufs } from '../../kernel/fs/ufs/index.js';
import { bytes, errnoOf, freshFs } from './helpers.js';

describe('remount', () => {
  it('to read-only: written back, marked clean, no more changes', () => {
    const { disk, fs } = freshFs(64);
    const root = fs.root();
    fs.iput(fs.create(root, 'a', IFREG | 0o644, 0, 0));
    fs.remount(true);
    expect(fs.ronly).toBe(true);
    expect(fsck(disk).clean).toBe(true);
    expect(fsck(disk).problems).toEqual([]);
    expect(errnoOf(() => fs.create(root, 'b', IFREG | 0o644, 0, 0))).toBe(EROFS);
    fs.iput(root);
  });

  it('to read-write: takes the free maps and superblock from the disk again', () => {
    const { disk, fs, warnings } = freshFs(64);
    fs.remount(true);
    const before = fs.statfs().bfree;
    // Another writer (fsck through the raw disk) marks the last block in use in the bitmap.
    const last = fs.sb.fs_size - 1;
    const at = fs.sb.fs_bmapblk * 8192 + (last >> 3);
    disk.bytes[at] |= 1 << (last & 7);
    fs.remount(false);
    expect(fs.ronly).toBe(false);
    expect(fs.statfs().bfree).toBe(before - 1);
    expect(warnings.some((w) => w.includes('corrected from the bitmaps'))).toBe(true);
    // Marked in use on the disk, and usable.
    expect(Ufs.mount(disk, { readonly: true }).sb.fs_clean).toBe(FS_ACTIVE);
    const root = fs.root();
    fs.iput(fs.create(root, 'c', IFREG | 0o644, 0, 0));
    fs.iput(root);
    fs.unmount();
    expect(Ufs.mount(disk, { readonly: true }).sb.fs_clean).toBe(FS_CLEAN);
  });

  it('refuses read-only while a removed file is still open (EBUSY), and read-write over another file system', () => {
    const { disk, fs } = freshFs(64);
    const root = fs.root();
    const ip = fs.create(root, 'open', IFREG | 0o644, 0, 0);
    fs.writei(ip, 0, bytes('data'));
    fs.unlink(root, 'open');
    expect(errnoOf(() => fs.remount(true))).toBe(EBUSY);
    fs.iput(ip); // the last reference frees it
    fs.remount(true);
    // A different file system under a read-only mount: remount refuses it.
    const size = fs.sb.fs_size;
    disk.bytes.fill(0, 8192, 16384);
    const other = freshFs(32).disk;
    disk.bytes.set(other.bytes.subarray(8192, 16384), 8192);
    expect([EINVAL, EIO]).toContain(errnoOf(() => fs.remount(false)));
    expect(fs.ronly).toBe(true);
    expect(fs.sb.fs_size).toBe(size);
    fs.iput(root);
  });
});
