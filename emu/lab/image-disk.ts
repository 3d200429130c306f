/**
 * A machine's disk backed by an image file on the host (--disk FILE), as a
 * write-through disk: the image is read into memory once, reads come from
 * that copy, and every block the kernel writes goes to the file at once (a
 * positioned write of that block), so the file always holds exactly what
 * the kernel has written, whenever sun3lab stops. flush() fsyncs the file:
 * the kernel calls it for fsync(2), sync(2) and at unmount, so what a guest
 * program fsync'd survives a crash of the host too. Nothing is saved at
 * exit: there is nothing left to save.
 *
 * While a machine is being built on the disk (mounting it marks the file
 * system active), writes can be held back (hold), then written (commit) or
 * undone (discard): a machine that fails to boot, say because the program
 * to run is not on the disk, leaves the file exactly as it was.
 *
 * A host write that fails (the host's disk full, an I/O error) is kept in
 * `error` and thrown: the kernel panics, as a 1990 kernel did on a disk it
 * could no longer write, and sun3lab reports the host's reason.
 */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import type { BlockDevice } from '../../kernel/fs/ufs/disk.js';
import { hostWriteDone } from './fault-hook.js';
import { fsReason, sizeText } from './host-file.js';

const BLOCK = 8192;
/** The largest disk image: the largest mkfs makes (sun3lab mkfs --size 2048). */
export const MAX_IMAGE_MB = 2048;
export const MAX_IMAGE_BYTES = MAX_IMAGE_MB * 1024 * 1024;

export class ImageFileDisk implements BlockDevice {
  readonly blockSize = BLOCK;
  readonly blocks: number;
  /** The image as the file holds it. */
  readonly bytes: Uint8Array;
  /** Block writes and flushes so far. */
  writes = 0;
  flushes = 0;
  /** The first host error, if a write or flush failed. */
  error: Error | null = null;
  private fd: number;
  /** While holding: each block written since hold(), with what it held before. */
  private held: Map<number, Uint8Array> | null = null;
  /** A flush was asked for while holding: do it at commit. */
  private flushHeld = false;

  private constructor(
    fd: number,
    bytes: Uint8Array,
    readonly label: string,
  ) {
    this.fd = fd;
    this.bytes = bytes;
    this.blocks = Math.floor(bytes.length / BLOCK);
  }

  /**
   * Open the image at `path` for reading and writing and read it in: a
   * one-line Error naming `label` if it is not a regular file of whole 8 KB
   * blocks no larger than `max` bytes.
   */
  static open(path: string, label: string, max: number): ImageFileDisk {
    let fd: number;
    try {
      fd = openSync(path, 'r+');
    } catch (err) {
      throw new Error(`${label}: ${fsReason(err)}`);
    }
    try {
      const st = fstatSync(fd);
      if (st.isDirectory()) throw new Error(`${label}: is a directory`);
      if (!st.isFile()) throw new Error(`${label}: not a regular file`);
      if (st.size > max) throw new Error(`${label}: not a disk image (larger than ${sizeText(max)})`);
      if (st.size % BLOCK !== 0 || st.size < 2 * BLOCK)
        throw new Error(`${label}: not a disk image (${st.size} bytes is not a whole number of 8 KB blocks)`);
      const bytes = new Uint8Array(st.size);
      for (let got = 0; got < bytes.length; ) {
        const n = readSync(fd, bytes, got, bytes.length - got, got);
        if (n === 0) throw new Error(`${label}: the file shrank while it was read`);
        got += n;
      }
      return new ImageFileDisk(fd, bytes, label);
    } catch (err) {
      closeSync(fd);
      if (err instanceof Error && !(err as NodeJS.ErrnoException).code) throw err;
      throw new Error(`${label}: ${fsReason(err)}`);
    }
  }

  private check(n: number): number {
    if (!Number.isInteger(n) || n < 0 || n >= this.blocks)
      throw new RangeError(`block ${n} is outside the disk (0-${this.blocks - 1})`);
    return n * BLOCK;
  }

  readBlock(n: number, buf: Uint8Array): void {
    const at = this.check(n);
    buf.set(this.bytes.subarray(at, at + BLOCK));
  }

  writeBlock(n: number, buf: Uint8Array): void {
    const at = this.check(n);
    if (this.fd < 0) throw new Error(`${this.label}: written after it was closed`);
    if (this.held && !this.held.has(n)) this.held.set(n, this.bytes.slice(at, at + BLOCK));
    this.bytes.set(buf.subarray(0, BLOCK), at);
    if (!this.held) this.put(n);
  }

  /** Write block `n` from memory to the file. */
  private put(n: number): void {
    const at = n * BLOCK;
    try {
      for (let done = 0; done < BLOCK; )
        done += writeSync(this.fd, this.bytes, at + done, BLOCK - done, at + done);
    } catch (err) {
      this.error ??= new Error(`${this.label}: cannot write the image: ${fsReason(err)}`);
      throw this.error;
    }
    this.writes++;
    hostWriteDone();
  }

  /** Hold writes back in memory until commit() or discard(). */
  hold(): void {
    this.held ??= new Map();
  }

  /** Write what was held, and write through again. */
  commit(): void {
    const held = this.held;
    this.held = null;
    for (const n of [...(held?.keys() ?? [])].sort((x, y) => x - y)) this.put(n);
    if (this.flushHeld) this.flush();
    this.flushHeld = false;
  }

  /** Undo what was held (the file never saw it), and write through again. */
  discard(): void {
    const held = this.held;
    this.held = null;
    this.flushHeld = false;
    for (const [n, old] of held ?? []) this.bytes.set(old, n * BLOCK);
  }

  /** Make everything written so far durable on the host (fsync). */
  flush(): void {
    if (this.fd < 0) return;
    if (this.held) {
      this.flushHeld = true;
      return;
    }
    try {
      fsyncSync(this.fd);
    } catch (err) {
      this.error ??= new Error(`${this.label}: cannot write the image: ${fsReason(err)}`);
      throw this.error;
    }
    this.flushes++;
  }

  /** Close the file. Nothing is written: every block went out when the kernel wrote it. */
  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }
}
