/**
 * A machine's private copy-on-write view of a disk image: reads come from
 * the image until a block is written, and then from the machine's own copy
 * of that block. Every machine of a lab boots from the same committed root
 * image, which is never changed; what each writes stays its own, for the
 * length of the run. A power failure keeps what was written (the copies
 * live in the disk, not in the kernel).
 */
import type { BlockDevice } from '../../kernel/fs/ufs/disk.js';
import { type PackedBytes, readPacked, unpackBytes } from './packed-bytes.js';

const BLOCK = 8192;

export class CowDisk implements BlockDevice {
  readonly blockSize = BLOCK;
  readonly blocks: number;
  /** Block writes so far. */
  writes = 0;
  /** The blocks this machine has written: its own copies. */
  private readonly own = new Map<number, Uint8Array>();

  /** A view of `base` (not copied, never written); packed, in a lab taken out of a snapshot (useImage). */
  constructor(private base: Uint8Array | PackedBytes) {
    this.blocks = Math.floor(base.length / BLOCK);
  }

  /** Is `image` the image this disk is a view of? */
  viewOf(image: Uint8Array): boolean {
    return this.base === image;
  }

  /**
   * From now on this is a view of `image`, which holds the same bytes as
   * the image it was made from: a lab taken out of a start-up snapshot
   * gets its image back this way, packed (emu/lab/lab-pack.ts).
   */
  useImage(image: Uint8Array | PackedBytes): void {
    if (Math.floor(image.length / BLOCK) !== this.blocks)
      throw new Error('useImage: not the image this disk was made from');
    this.base = image;
  }

  /** Bytes of the machine's own copies (what the view costs beyond the shared image). */
  get ownBytes(): number {
    return this.own.size * BLOCK;
  }

  private check(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n >= this.blocks)
      throw new RangeError(`block ${n} is outside the disk (0-${this.blocks - 1})`);
  }

  readBlock(n: number, buf: Uint8Array): void {
    this.check(n);
    const mine = this.own.get(n);
    if (mine !== undefined) buf.set(mine);
    else if (this.base instanceof Uint8Array) buf.set(this.base.subarray(n * BLOCK, (n + 1) * BLOCK));
    else readPacked(this.base, n * BLOCK, buf.subarray(0, BLOCK));
  }

  writeBlock(n: number, buf: Uint8Array): void {
    this.check(n);
    let mine = this.own.get(n);
    if (mine === undefined) {
      mine = new Uint8Array(BLOCK);
      this.own.set(n, mine);
    }
    mine.set(buf.subarray(0, BLOCK));
    this.writes++;
  }

  /** Nothing to do: what was written is already where reads find it. */
  flush(): void {}

  /** Blocks this machine has its own copy of. */
  get copied(): number {
    return this.own.size;
  }

  /** The whole disk as this machine sees it now (for tests and checks). */
  image(): Uint8Array {
    const whole = this.base instanceof Uint8Array ? this.base : unpackBytes(this.base);
    const out = whole.slice(0, this.blocks * BLOCK);
    for (const [n, b] of this.own) out.set(b, n * BLOCK);
    return out;
  }
}
