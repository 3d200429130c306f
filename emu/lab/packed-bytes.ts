/**
 * A large byte array kept as only its pages that are not all zero: how the
 * machines' memory and the root image are put into the lab's start-up
 * snapshot (emu/lab/lab-pack.ts). After a boot most of a machine's RAM is
 * still zero (about 85 of its 1,024 pages of 8 KB hold anything), and
 * two thirds of the root image's blocks are free and zero; V8 would save,
 * check and read back every byte of them.
 */

/**
 * Pages of 1 KB, the file system's fragment: a small file's last block is
 * mostly zero. Packed in such pages the root image is 3.4 MB, in 8 KB
 * pages 5.4 MB.
 */
export const PACK_PAGE = 1024;
const PAGE = PACK_PAGE;

/** The bytes of an array of `length` bytes whose other pages are all `fill`. */
export interface PackedBytes {
  readonly length: number;
  /** The byte the pages left out are full of (0; 0xff for a table of -1s). */
  readonly fill: number;
  /** The numbers of the pages kept, in order. */
  readonly pages: Int32Array;
  /** Those pages, one after another. */
  readonly data: Uint8Array;
}

/** Is page `p` of `words` (the array seen 32 bits at a time) all `word`? */
function plainPage(words: Int32Array, p: number, word: number): boolean {
  const end = Math.min(words.length, (p + 1) * (PAGE / 4));
  for (let i = p * (PAGE / 4); i < end; i++) if (words[i] !== word) return false;
  return true;
}

/**
 * Keep the pages of `a` that are not all `fill` bytes (`a`: a whole
 * ArrayBuffer, seen as bytes, its length a multiple of 4), then detach that
 * buffer: every view of it, wherever it is held, is then empty, so none of
 * its bytes stays in the heap, and a view that was not given the unpacked
 * array back reads nothing instead of stale bytes.
 */
export function packBytes(array: ArrayBufferView, fill = 0): PackedBytes {
  const buffer = array.buffer;
  const a = new Uint8Array(buffer, array.byteOffset, array.byteLength);
  if (
    !(buffer instanceof ArrayBuffer) ||
    a.byteOffset !== 0 ||
    a.byteLength !== buffer.byteLength ||
    a.length % 4 !== 0
  )
    throw new Error('packBytes: the array must be a whole buffer of 32-bit words');
  const words = new Int32Array(buffer);
  const n = Math.ceil(a.length / PAGE);
  const kept: number[] = [];
  const word = (fill & 0xff) * 0x01010101;
  for (let p = 0; p < n; p++) if (!plainPage(words, p, word | 0)) kept.push(p);
  const data = new Uint8Array(kept.length * PAGE);
  for (const [i, p] of kept.entries()) data.set(a.subarray(p * PAGE, (p + 1) * PAGE), i * PAGE);
  const packed = { length: a.length, fill: fill & 0xff, pages: Int32Array.from(kept), data };
  structuredClone(buffer, { transfer: [buffer] });
  detached.add(buffer);
  return packed;
}

/** A new array with the bytes `p` was made from. */
export function unpackBytes(p: PackedBytes): Uint8Array {
  const a = new Uint8Array(p.length);
  if (p.fill !== 0) a.fill(p.fill);
  for (let i = 0; i < p.pages.length; i++) {
    const at = p.pages[i] * PAGE;
    a.set(p.data.subarray(i * PAGE, i * PAGE + Math.min(PAGE, p.length - at)), at);
  }
  return a;
}

/**
 * Bytes [at, at + dst.length) of the array `p` was made from, into `dst`,
 * without unpacking it: a disk reads its image packed this way (a whole
 * image unpacked is 16 MB written, a hundredth of a second at start).
 */
export function readPacked(p: PackedBytes, at: number, dst: Uint8Array): void {
  const end = at + dst.length;
  if (at < 0 || end > p.length) throw new RangeError('readPacked: outside the array');
  dst.fill(p.fill);
  // The first kept page that ends after `at` (the kept pages are in order).
  let lo = 0;
  let hi = p.pages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((p.pages[mid] + 1) * PAGE <= at) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < p.pages.length && p.pages[i] * PAGE < end; i++) {
    const from = Math.max(at, p.pages[i] * PAGE);
    const to = Math.min(end, (p.pages[i] + 1) * PAGE);
    const src = i * PAGE + (from - p.pages[i] * PAGE);
    dst.set(p.data.subarray(src, src + (to - from)), from - at);
  }
}

/** Buffers packBytes has emptied (for tests: nothing the lab uses may still be one of them). */
const detached = new WeakSet<ArrayBufferLike>();

/** Was `buffer` emptied by packBytes? */
export function wasPacked(buffer: ArrayBufferLike): boolean {
  return detached.has(buffer);
}
