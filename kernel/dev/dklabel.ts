/**
 * The Sun disk label (SunOS's <sun/dklabel.h>): sector 0 of a disk names
 * its geometry and its eight partitions, a to h. sun3lab's images carry one
 * with two partitions: `a`, the root file system (the image's own blocks),
 * and `b`, the swap area, which lies beyond the end of the image file: the
 * image is built with the label only, and the driver creates the swap
 * blocks, sparse and zero, when it attaches the disk (sd.ts), so that a
 * 48 MB swap area costs nothing in the committed image.
 *
 * Layout (512 bytes, big-endian): an ASCII description at 0, the geometry
 * words at 420-443 (rpm, pcyl, apc, ..., ncyl, acyl, nhead, nsect), the map
 * of 8 partitions at 444 (starting cylinder and size in 512-byte sectors,
 * 32 bits each), the magic 0xDABE at 508 and at 510 a checksum that makes
 * the XOR of all 256 16-bit words zero. sun3lab's geometry has one head of
 * 16 sectors, so a cylinder is one 8 KB block.
 */
import { DEV_BSIZE } from '../fs/ufs/fs.js';

export const DKL_MAGIC = 0xdabe;
const DKL_MAP = 444;
const NSECT = 16;
const NHEAD = 1;
/** Sectors per cylinder, and so per 8 KB block. */
const SECPERCYL = NSECT * NHEAD;

/** A partition in sectors of DEV_BSIZE. */
export interface DkMap {
  start: number;
  sectors: number;
}

/** The label for a disk whose a partition is `aBlocks` and b partition `bBlocks` 8 KB blocks. */
export function makeLabel(aBlocks: number, bBlocks: number, text = 'sun3lab disk'): Uint8Array {
  const b = new Uint8Array(DEV_BSIZE);
  const v = new DataView(b.buffer);
  b.set(new TextEncoder().encode(text.slice(0, 127)), 0);
  const ncyl = aBlocks + bBlocks;
  v.setUint16(420, 3600); // rpm
  v.setUint16(422, ncyl); // physical cylinders
  v.setUint16(430, 1); // interleave
  v.setUint16(432, ncyl); // data cylinders
  v.setUint16(436, NHEAD);
  v.setUint16(438, NSECT);
  v.setUint32(DKL_MAP, 0);
  v.setUint32(DKL_MAP + 4, aBlocks * SECPERCYL);
  v.setUint32(DKL_MAP + 8, aBlocks);
  v.setUint32(DKL_MAP + 12, bBlocks * SECPERCYL);
  v.setUint16(508, DKL_MAGIC);
  let x = 0;
  for (let i = 0; i < 510; i += 2) x ^= v.getUint16(i);
  v.setUint16(510, x);
  return b;
}

/** The 8 partitions of a label (in sectors), or null if `sector0` holds no valid label. */
export function readLabel(sector0: Uint8Array): DkMap[] | null {
  if (sector0.length < DEV_BSIZE) return null;
  const v = new DataView(sector0.buffer, sector0.byteOffset, DEV_BSIZE);
  if (v.getUint16(508) !== DKL_MAGIC) return null;
  let x = 0;
  for (let i = 0; i < 512; i += 2) x ^= v.getUint16(i);
  if (x !== 0) return null;
  const spc = v.getUint16(436) * v.getUint16(438);
  if (spc === 0) return null;
  const map: DkMap[] = [];
  for (let i = 0; i < 8; i++)
    map.push({ start: v.getUint32(DKL_MAP + 8 * i) * spc, sectors: v.getUint32(DKL_MAP + 8 * i + 4) });
  return map;
}
