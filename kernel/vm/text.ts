/**
 * The text table (4.3BSD's struct text and vm_text.c; LMKQ §5.5): every
 * program that is running has one entry here, and all the processes that
 * run it share its read-only text pages, whether they came from a fork or
 * from separate execs of the same file.
 *
 * - `xalloc` (at exec) finds the entry for the file, or makes one by
 *   copying the text into fresh frames;
 * - `xlink` (at fork) counts one more address space using it;
 * - `xfree` (at exit, or at the exec that replaces it) counts one fewer;
 *   with none left the entry goes, and its frames and its hold on the file
 *   with it.
 *
 * An entry holds one reference to each of its frames (each address space
 * mapping them holds another) and a reference to the file's vnode, so that
 * the vnode stays the same object while the text is in use: x_count and
 * x_iptr in 4.3BSD.
 *
 * 4.3BSD refuses to write a file that is being run (ETXTBSY), so a text
 * never goes stale. sun3lab's file layer does not refuse, so xalloc only
 * shares an entry while the file still holds exactly that text: the same
 * size and modification time, and the same bytes.
 */
import type { Vnode } from '../fs/vnode.js';
import { NBPG } from '../param.js';
import type { PageAllocator } from './page.js';

export class Text {
  /** Address spaces using this text (4.3BSD's x_count). */
  count = 0;

  constructor(
    readonly table: TextTable,
    /** The file it was loaded from, held while the entry exists (x_iptr). */
    readonly vp: Vnode,
    /** The file's modification time and the text's size in bytes when it was loaded. */
    readonly mtime: number,
    readonly size: number,
    /** The frames holding the text, page by page from the start of the file. */
    readonly frames: number[],
  ) {}

  /** One more address space maps this text (fork). */
  xlink(): void {
    this.count++;
  }

  /** One address space less; the last one frees the entry (exit, exec). */
  xfree(): void {
    if (--this.count > 0) return;
    this.table.remove(this);
  }
}

export class TextTable {
  private readonly texts: Text[] = [];
  /** Execs that found their text already in memory, and those that had to load it. */
  hits = 0;
  misses = 0;

  constructor(private readonly mem: PageAllocator) {}

  /** Entries in use. */
  get size(): number {
    return this.texts.length;
  }

  /**
   * The text for the first `size` bytes of `image`, the contents of file
   * `vp`, counted as used once more: the entry already in the table if the
   * file still holds that text, else a new entry with the text copied into
   * fresh frames. Null when memory runs out.
   */
  xalloc(vp: Vnode, mtime: number, image: Uint8Array, size: number): Text | null {
    const found = this.texts.find((x) => x.vp === vp && this.same(x, mtime, image, size));
    if (found) {
      this.hits++;
      found.xlink();
      return found;
    }
    const frames: number[] = [];
    const ram = this.mem.ram;
    for (let off = 0; off < size; off += NBPG) {
      const f = this.mem.alloc();
      if (f < 0) {
        for (const g of frames) this.mem.release(g);
        return null;
      }
      ram.set(image.subarray(off, Math.min(off + NBPG, size)), f * NBPG);
      frames.push(f);
    }
    this.misses++;
    const x = new Text(this, vp.hold(), mtime, size, frames);
    this.texts.push(x);
    x.xlink();
    return x;
  }

  /** Does entry x still hold what the file holds? */
  private same(x: Text, mtime: number, image: Uint8Array, size: number): boolean {
    if (x.mtime !== mtime || x.size !== size) return false;
    const ram = this.mem.ram;
    for (let i = 0; i < x.frames.length; i++) {
      const off = i * NBPG;
      const n = Math.min(NBPG, size - off);
      const base = x.frames[i] * NBPG;
      for (let j = 0; j < n; j++) if (ram[base + j] !== image[off + j]) return false;
    }
    return true;
  }

  /** The last user has gone: give back the frames and the file. */
  remove(x: Text): void {
    const i = this.texts.indexOf(x);
    if (i < 0) return;
    this.texts.splice(i, 1);
    for (const f of x.frames) this.mem.release(f);
    x.vp.release();
  }
}
