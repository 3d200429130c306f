/**
 * Directory entries (4.3BSD's struct direct, dir.h):
 *
 *   0 d_ino     u32   inode number; 0 = an unused slot
 *   4 d_reclen  u16   bytes from this entry to the next
 *   6 d_namlen  u16   length of the name
 *   8 d_name          the name, NUL-terminated, padded to a multiple of 4
 *
 * A directory is a sequence of DIRBLKSIZ (512-byte) chunks; an entry never
 * crosses a chunk boundary and the last entry of a chunk stretches to its
 * end, so free space is the tail of some entry's record. Only the first
 * entry of a chunk can have d_ino = 0 (a removed entry further in is merged
 * into its predecessor instead).
 *
 * Names are byte strings: each character of a JavaScript string stands for
 * one byte (0-255), the way copyinstr hands them to the kernel.
 */
import { MAXNAMLEN } from '../../param.js';

export { MAXNAMLEN };
export const DIRBLKSIZ = 512;
/** Bytes before the name. */
export const DIRHDR = 8;

/** The record size an entry with a name of `namlen` bytes needs (4.3BSD's DIRSIZ). */
export function dirsiz(namlen: number): number {
  return (DIRHDR + namlen + 1 + 3) & ~3;
}

/** One decoded directory entry, with its position. */
export interface Direct {
  ino: number;
  reclen: number;
  namlen: number;
  name: string;
  /** Byte offset of the entry in the directory. */
  offset: number;
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}
function u16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

/** Write an entry at `off` of `buf`: header, name, NUL and zero padding up to dirsiz. */
export function putDirect(buf: Uint8Array, off: number, ino: number, reclen: number, name: string): void {
  buf[off] = ino >>> 24;
  buf[off + 1] = (ino >>> 16) & 0xff;
  buf[off + 2] = (ino >>> 8) & 0xff;
  buf[off + 3] = ino & 0xff;
  buf[off + 4] = reclen >>> 8;
  buf[off + 5] = reclen & 0xff;
  buf[off + 6] = name.length >>> 8;
  buf[off + 7] = name.length & 0xff;
  const end = off + dirsiz(name.length);
  buf.fill(0, off + DIRHDR, end);
  for (let i = 0; i < name.length; i++) buf[off + DIRHDR + i] = name.charCodeAt(i);
}

export function setDirIno(buf: Uint8Array, off: number, ino: number): void {
  buf[off] = ino >>> 24;
  buf[off + 1] = (ino >>> 16) & 0xff;
  buf[off + 2] = (ino >>> 8) & 0xff;
  buf[off + 3] = ino & 0xff;
}

export function setDirReclen(buf: Uint8Array, off: number, reclen: number): void {
  buf[off + 4] = reclen >>> 8;
  buf[off + 5] = reclen & 0xff;
}

/**
 * Decode the entries of one DIRBLKSIZ chunk that starts at `off` in `buf`
 * (`base` is the chunk's offset in the directory). Returns the entries, or a
 * string saying why the chunk is malformed. Entries with d_ino = 0 are
 * included so callers can reuse their space.
 */
export function parseChunk(buf: Uint8Array, off: number, base: number, ninode: number): Direct[] | string {
  const out: Direct[] = [];
  let p = 0;
  while (p < DIRBLKSIZ) {
    const o = off + p;
    const ino = u32(buf, o);
    const reclen = u16(buf, o + 4);
    const namlen = u16(buf, o + 6);
    const where = `entry at offset ${base + p}`;
    if (reclen < DIRHDR || reclen % 4 !== 0) return `${where}: bad record length ${reclen}`;
    if (p + reclen > DIRBLKSIZ) return `${where}: record crosses a ${DIRBLKSIZ}-byte boundary`;
    if (ino !== 0 || namlen !== 0) {
      if (namlen > MAXNAMLEN) return `${where}: name length ${namlen}`;
      if (dirsiz(namlen) > reclen) return `${where}: name longer than its record`;
    }
    let name = '';
    if (ino !== 0) {
      if (ino >= ninode || ino === 1) return `${where}: inode number ${ino} out of range`;
      if (namlen === 0) return `${where}: empty name`;
      for (let i = 0; i < namlen; i++) {
        const c = buf[o + DIRHDR + i];
        if (c === 0 || c === 0x2f) return `${where}: name contains a NUL or '/'`;
        name += String.fromCharCode(c);
      }
      if (buf[o + DIRHDR + namlen] !== 0) return `${where}: name not NUL-terminated`;
    } else if (p > 0) {
      return `${where}: free entry in the middle of a chunk`;
    }
    out.push({ ino, reclen, namlen, name, offset: base + p });
    p += reclen;
  }
  return out;
}

/** Fill `buf` at `off` with one empty chunk (a single free entry spanning it). */
export function emptyChunk(buf: Uint8Array, off: number): void {
  buf.fill(0, off, off + DIRBLKSIZ);
  setDirReclen(buf, off, DIRBLKSIZ);
}
