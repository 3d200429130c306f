/** Shared helpers for the file system tests. */
import { Errno } from '../../kernel/errno.js';
import {
  fsck,
  type Inode,
  MemoryDisk,
  type MkfsOptions,
  mkfs,
  type Timeval,
  Ufs,
} from '../../kernel/fs/ufs/index.js';

/**
 * A fresh file system of `blocks` 8 KB blocks, mounted, with a clock that
 * ticks a second per call. Without lost+found unless asked for, so that the
 * root starts empty and the tests count its links and entries from "." and "..".
 */
export function freshFs(
  blocks = 256,
  opts: MkfsOptions = {},
): { disk: MemoryDisk; fs: Ufs; warnings: string[] } {
  const disk = MemoryDisk.zeroed(blocks);
  mkfs(disk, { lostFound: false, ...opts });
  const warnings: string[] = [];
  let t = 1_000_000;
  const now = (): Timeval => ({ sec: t++, usec: 0 });
  const fs = Ufs.mount(disk, { now, warn: (m) => warnings.push(m) });
  return { disk, fs, warnings };
}

/** The errno `fn` throws (failing the test if it throws something else or nothing). */
export function errnoOf(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    if (e instanceof Errno) return e.errno;
    throw e;
  }
  throw new Error('expected an Errno, nothing was thrown');
}

/** Bytes from a string, one per character. */
export function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** A deterministic pseudo-random generator (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` bytes of a pattern that depends on `seed` and the position. */
export function pattern(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
  return out;
}

/** Read a whole file. */
export function readAll(fs: Ufs, ip: Inode): Uint8Array {
  const buf = new Uint8Array(ip.size);
  const n = fs.readi(ip, 0, buf);
  return buf.subarray(0, n);
}

/** Unmount (keeping references is an error) and check; returns the problems. */
export function checkClean(fs: Ufs, disk: MemoryDisk): string[] {
  fs.unmount();
  return fsck(disk).problems;
}

/** Whether two byte arrays hold the same bytes (fast, unlike a deep toEqual on large arrays). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}
