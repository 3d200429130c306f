/**
 * Pages of files in memory, by (object, page index) — SunOS 4's page
 * identity (page_lookup(vp, off)) for mapped files. Every process that
 * maps page n of a file with MAP_SHARED maps the one frame held here, so
 * stores by one are seen by the others at once; write(2) copies what it
 * writes into a held frame and read(2) reads through it, so the file and
 * its mappings agree (one frame per file page). The object is the file's
 * vnode, or for an anonymous MAP_SHARED mapping an object of its own
 * (pages that start zero and are never written anywhere).
 *
 * A frame is held by this cache and by every page mapping it; when only
 * the cache holds it (the last mapping went), a modified page is written
 * back to the file and the frame freed. msync writes back at once.
 */
import { kdone, type Vnode } from '../fs/vnode.js';
import { NBPG } from '../param.js';
import type { PageAllocator } from './page.js';

/** What a page mapping a held frame points back to. */
export interface VnRef {
  obj: object;
  idx: number;
}

interface VnPage {
  frame: number;
  /** Changed since read from (or written to) the file. */
  dirty: boolean;
}

export class VnPages {
  private readonly byObj = new Map<object, Map<number, VnPage>>();

  constructor(private readonly mem: PageAllocator) {}

  /**
   * The frame holding page idx of obj, read from the file (`vp`, null for
   * anonymous memory) if not held yet; -1 if no frame can be had. The
   * caller takes its own reference (mem.hold).
   */
  frame(obj: object, vp: Vnode | null, idx: number): number {
    let pages = this.byObj.get(obj);
    const held = pages?.get(idx);
    if (held) return held.frame;
    const f = this.mem.alloc();
    if (f < 0) return -1;
    if (vp) {
      // Local files complete at once; a read that would have to wait (NFS) is refused at mmap.
      const data = kdone(vp.read(idx * NBPG, NBPG, 0));
      this.mem.ram.set(data, f * NBPG);
    }
    if (!pages) {
      pages = new Map();
      this.byObj.set(obj, pages);
    }
    pages.set(idx, { frame: f, dirty: false });
    return f;
  }

  /** A mapping of page idx of obj let go of its frame (its reference already dropped); `mod`: it had written it. */
  unmapped(obj: object, vp: Vnode | null, idx: number, mod: boolean): void {
    const pages = this.byObj.get(obj);
    const pg = pages?.get(idx);
    if (!pages || !pg) return;
    if (mod) pg.dirty = true;
    if (this.mem.refs[pg.frame] > 1) return; // others still map it
    if (pg.dirty && vp) this.writeback(vp, idx, pg);
    this.mem.release(pg.frame);
    pages.delete(idx);
    if (pages.size === 0) this.byObj.delete(obj);
  }

  /** Write back page idx of vp now if it is dirty (msync); `mod` as for unmapped. */
  sync(vp: Vnode, idx: number, mod: boolean): void {
    const pg = this.byObj.get(vp)?.get(idx);
    if (!pg) return;
    if (mod) pg.dirty = true;
    if (pg.dirty) this.writeback(vp, idx, pg);
  }

  /** Write the page to the file, no further than the file's end (a mapping never makes a file longer). */
  private writeback(vp: Vnode, idx: number, pg: VnPage): void {
    const size = vp.getattr().size;
    const n = Math.min(NBPG, size - idx * NBPG);
    if (n > 0) {
      const data = this.mem.ram.slice(pg.frame * NBPG, pg.frame * NBPG + n);
      if (this.writeLater && vp.mountedFs()?.remote) this.writeLater(vp, idx * NBPG, data);
      else kdone(vp.write(idx * NBPG, data, 0));
    }
    pg.dirty = false;
  }

  /**
   * Who writes a page back to a file that may have to wait for the network
   * (NFS), which munmap, exit or msync cannot: pm_mmap.ts installs a
   * kernel process for it when a migrated process brings a mapping of an
   * NFS file. Local files are written at once.
   */
  writeLater: ((vp: Vnode, offset: number, data: Uint8Array) => void) | null = null;

  /**
   * Can page idx of obj be had inside a fault? Anonymous memory and local
   * files always; a file that may wait for the network (NFS: a migrated
   * process's mapping, pm_mmap.ts) only if its page is held already.
   */
  canFault(obj: object, vp: Vnode | null, idx: number): boolean {
    return !vp?.mountedFs()?.remote || this.byObj.get(obj)?.has(idx) === true;
  }

  /**
   * Hold page idx of obj with the contents `data`, which the caller read
   * where it could wait (a migrated process's mapping, pm_mmap.ts) —
   * unless the page is held already: the held frame is the page. Returns
   * the frame (the caller takes its own reference), or -1.
   */
  adopt(obj: object, idx: number, data: Uint8Array): number {
    const held = this.byObj.get(obj)?.get(idx);
    if (held) return held.frame;
    const f = this.frame(obj, null, idx); // a fresh frame of zeros, nothing read
    if (f >= 0) this.mem.ram.set(data.subarray(0, NBPG), f * NBPG);
    return f;
  }

  /** write(2) wrote `data` at `offset` of vp: copy it into the frames held for those pages. */
  written(vp: Vnode, offset: number, data: Uint8Array): void {
    const pages = this.byObj.get(vp);
    if (!pages) return;
    this.each(pages, offset, data.length, (pg, at, from, n) => {
      this.mem.ram.set(data.subarray(from, from + n), at);
      this.mem.written(pg.frame);
    });
  }

  /** read(2) read `data` from `offset` of vp: what the held frames say wins (stores through a mapping not yet written back). */
  read(vp: Vnode, offset: number, data: Uint8Array): void {
    const pages = this.byObj.get(vp);
    if (!pages) return;
    this.each(pages, offset, data.length, (_pg, at, from, n) => {
      data.set(this.mem.ram.subarray(at, at + n), from);
    });
  }

  private each(
    pages: Map<number, VnPage>,
    offset: number,
    len: number,
    fn: (pg: VnPage, at: number, from: number, n: number) => void,
  ): void {
    for (let done = 0; done < len; ) {
      const o = offset + done;
      const n = Math.min(len - done, NBPG - (o % NBPG));
      const pg = pages.get(Math.floor(o / NBPG));
      if (pg) fn(pg, pg.frame * NBPG + (o % NBPG), done, n);
      done += n;
    }
  }
}
