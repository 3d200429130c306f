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
 *
 * Under memory pressure the page daemon takes file pages too (SunOS's
 * pvn pageout): a page no mapping has referenced since the clock's front
 * hand passed is unmapped from every address space mapping it, written
 * back to the file if a MAP_SHARED mapping modified it (a clean page is
 * simply dropped: the file has it), and its frame freed, keeping the
 * page's identity on the free list: the next fault takes the frame back
 * if it was not reused (a reclaim), else reads the page from the file
 * again. Shared anonymous memory (anon.ts) goes to swap instead: a page
 * modified since its last copy is written to a swap slot of its own, one
 * for all its mappers, and a fault in any of them reads it back into one
 * frame again. When a file is truncated, its pages wholly beyond the new end are
 * unmapped and freed (an access to them is then SIGBUS, as.ts), and the
 * part of the last page beyond the end is zeroed.
 */
import { Errno } from '../errno.js';
import { kdone, kwait, type Vnode } from '../fs/vnode.js';
import { NBPG, PGSHIFT } from '../param.js';
import { AnonMap } from './anon.js';
import type { AddressSpace, Page } from './as.js';
import type { PageAllocator } from './page.js';

/** What a page mapping a held frame points back to. */
export interface VnRef {
  obj: object;
  idx: number;
}

/** A page of an address space mapping a held frame, and where. */
interface Mapper {
  as: AddressSpace;
  vpn: number;
}

export interface VnPage {
  frame: number;
  /** Changed since read from (or written to) the file. */
  dirty: boolean;
  /** The page daemon freed the frame; it still holds the page until reused (a reclaim takes it back). */
  freed?: boolean;
  /** The pages mapping the frame (the daemon reads and clears their R and M bits, and takes them away). */
  readonly mappers: Map<Page, Mapper>;
  /** Shared anonymous memory: the swap slot holding its last copy, if any (kept while it is in memory again). */
  slot?: number;
  /**
   * A file page whose write-back failed after its last mapping went (a full
   * disk under a sparse file): the file is held (not recycled) while the
   * page waits, dirty, for the page daemon or an msync to write it.
   */
  pin?: Vnode;
}

/** A held page (of a file, or of shared anonymous memory: vp null), as the page daemon finds it by frame. */
export interface VnFrame {
  obj: object;
  vp: Vnode | null;
  idx: number;
  pg: VnPage;
}

export class VnPages {
  private readonly byObj = new Map<object, Map<number, VnPage>>();
  /** The held pages, by frame: what the page daemon's clock may take. */
  private readonly byFrame = new Map<number, VnFrame>();

  constructor(private readonly mem: PageAllocator) {}

  /**
   * The frame holding page idx of obj if not held yet: read from the file
   * (`vp`), or for shared anonymous memory (vp null) from its swap slot or
   * zero-filled; -1 if no frame can be had. The caller takes its own
   * reference (mem.hold). A file that may wait for the network (NFS) is
   * read by pagein() instead, where the caller can sleep. `touch`: a first
   * touch, counted as a zero-fill (not when the caller fills the frame
   * itself, as adopt does).
   */
  frame(obj: object, vp: Vnode | null, idx: number, touch = true): number {
    const held = this.reclaim(obj, vp, idx);
    if (held >= 0) return held;
    // Local files complete at once (a remote file's page comes through pagein).
    return this.hold(obj, vp, idx, vp ? kdone(vp.read(idx * NBPG, NBPG, 0)) : null, touch);
  }

  /** The frame of page idx of obj if it is held (or reclaimed from the free list), else -1. */
  private reclaim(obj: object, vp: Vnode | null, idx: number): number {
    const held = this.byObj.get(obj)?.get(idx);
    if (held && !held.freed) return held.frame;
    if (held && this.mem.reclaimFrame(held.frame, held)) {
      // The daemon freed it and nobody has reused the frame: take it back, no I/O.
      held.freed = false;
      this.byFrame.set(held.frame, { obj, vp, idx, pg: held });
      this.mem.cnt.rec++;
      return held.frame;
    }
    return -1;
  }

  /**
   * Hold a new frame as page idx of obj: `data` read from vp, else (shared
   * anonymous memory) its swap slot's contents, or zeros; -1 if no frame.
   */
  private hold(obj: object, vp: Vnode | null, idx: number, data: Uint8Array | null, touch = true): number {
    const cnt = this.mem.cnt;
    let pages = this.byObj.get(obj);
    const slot = pages?.get(idx)?.slot;
    const f = data || slot !== undefined ? this.mem.allocRaw() : this.mem.alloc();
    if (f < 0) return -1;
    if (data) {
      const n = Math.min(data.length, NBPG);
      this.mem.ram.set(data.subarray(0, n), f * NBPG);
      this.mem.ram.fill(0, f * NBPG + n, (f + 1) * NBPG);
    } else if (slot !== undefined) this.mem.swap.read(slot, this.mem.ram, f * NBPG);
    else if (touch) cnt.zfod++; // shared anonymous memory's first touch: a demand-zero page
    if (data || slot !== undefined) {
      cnt.pgin++; // a page-in from the file system or swap, as SunOS counts it
      cnt.pgpgin++;
    }
    if (!pages) {
      pages = new Map();
      this.byObj.set(obj, pages);
    }
    const pg: VnPage = { frame: f, dirty: false, mappers: new Map(), slot };
    pages.set(idx, pg);
    this.byFrame.set(f, { obj, vp, idx, pg });
    return f;
  }

  /**
   * Bring page idx of the remote (NFS) file vp in, sleeping for the
   * network (a page fault, trap.ts, or a system call's buffer): the frame,
   * or -1 if none can be had. The page is held by this cache alone until
   * the retried access maps it. If write(2), a truncation or a write-back
   * changed the file while the read was on the wire, what came back may
   * be older than the file: it is read again. Two processes faulting on one page may
   * both read it; the first to finish holds it and the other takes that.
   */
  *pagein(vp: Vnode, idx: number): Generator<void, number, void> {
    vp.hold(); // (the mapping may go while the read is on the wire)
    try {
      for (;;) {
        const held = this.reclaim(vp, vp, idx);
        if (held >= 0) return held;
        if (this.pending) yield* this.pending(vp); // pages of it on their way to the server go first
        const gen = this.changes.get(vp) ?? 0;
        const data = yield* kwait(vp.read(idx * NBPG, NBPG, 0));
        if ((this.changes.get(vp) ?? 0) !== gen) continue;
        const now = this.reclaim(vp, vp, idx);
        return now >= 0 ? now : this.hold(vp, vp, idx, data);
      }
    } finally {
      vp.release();
    }
  }

  /** Times each file was written or resized since boot (pagein's check for a stale read). */
  private readonly changes = new WeakMap<Vnode, number>();

  private changed(vp: Vnode): void {
    this.changes.set(vp, (this.changes.get(vp) ?? 0) + 1);
  }

  /** `page` of `as` at vpn maps page idx of obj (as.ts, at a fault or a fork). */
  mapped(obj: object, idx: number, as: AddressSpace, vpn: number, page: Page): void {
    const pg = this.byObj.get(obj)?.get(idx);
    if (pg && !pg.freed) pg.mappers.set(page, { as, vpn });
  }

  /**
   * A mapping of page idx of obj let go of its frame (its reference already
   * dropped); `mod`: it had written it. When no page maps the frame any
   * more, a file's page is written back and freed; shared anonymous
   * memory's stays while a mapping still covers it (anon.ts frees it).
   */
  unmapped(obj: object, vp: Vnode | null, idx: number, mod: boolean, page?: Page): void {
    const pages = this.byObj.get(obj);
    const pg = pages?.get(idx);
    if (!pages || !pg || pg.freed) return;
    if (page) pg.mappers.delete(page);
    if (mod) pg.dirty = true;
    if (this.mem.refs[pg.frame] > 1) return; // others still map it
    if (!vp && obj instanceof AnonMap && obj.covers(idx)) return; // a relative's mapping may touch it yet
    if (pg.dirty && vp) {
      try {
        this.writeback(vp, idx, pg);
      } catch (e) {
        if (!(e instanceof Errno)) throw e;
        // The file system refused (a full disk under a sparse file). As
        // SunOS, unmapping does not fail for it: the page stays, dirty, in
        // the file's pages (read(2) sees it), and the page daemon or a later
        // msync writes it when it can.
        pg.pin ??= vp.hold();
        return;
      }
    }
    this.mem.release(pg.frame);
    this.forget(obj, idx, pg);
  }

  /**
   * No mapping covers page idx of shared anonymous memory any more
   * (anon.ts): its frame and its swap slot go.
   */
  discard(obj: AnonMap, idx: number): void {
    const pg = this.byObj.get(obj)?.get(idx);
    if (!pg) return;
    if (!pg.freed) this.mem.release(pg.frame);
    if (pg.slot !== undefined) this.mem.swap.release(pg.slot);
    pg.slot = undefined;
    this.forget(obj, idx, pg);
  }

  /** Drop page idx of obj from the cache (its frame already released or freed). */
  private forget(obj: object, idx: number, pg: VnPage): void {
    const pages = this.byObj.get(obj);
    if (pages?.get(idx) !== pg) return;
    pages.delete(idx);
    if (pages.size === 0) this.byObj.delete(obj);
    if (this.byFrame.get(pg.frame)?.pg === pg) this.byFrame.delete(pg.frame);
    this.unpin(pg);
  }

  /** The page is written (or gone): its file need not be held for it any more. */
  private unpin(pg: VnPage): void {
    const vp = pg.pin;
    pg.pin = undefined;
    vp?.release();
  }

  /** Does page idx of obj hold something (in a frame, or a swap copy)? */
  holds(obj: object, idx: number): boolean {
    const pg = this.byObj.get(obj)?.get(idx);
    return pg !== undefined && (!pg.freed || pg.slot !== undefined);
  }

  /**
   * The contents of page idx of shared anonymous memory, in a frame or
   * paged out, without bringing it in (core dumps, migration); null if it
   * was never written (zeros).
   */
  peek(obj: object, idx: number): Uint8Array | null {
    const pg = this.byObj.get(obj)?.get(idx);
    if (!pg) return null;
    if (!pg.freed) return this.mem.ram.slice(pg.frame * NBPG, (pg.frame + 1) * NBPG);
    if (pg.slot === undefined) return null;
    const buf = new Uint8Array(NBPG);
    this.mem.swap.read(pg.slot, buf, 0);
    return buf;
  }

  /** The file page held in frame f, if any (the page daemon's clock). */
  at(f: number): VnFrame | undefined {
    const v = this.byFrame.get(f);
    return v && !v.pg.freed && v.pg.frame === f ? v : undefined;
  }

  /**
   * The live mappings of a held page: those whose address space still maps
   * it there (a stale entry, left by a path that did not say, is dropped).
   */
  live(pg: VnPage): [Page, Mapper][] {
    for (const [page, m] of pg.mappers) if (m.as.pages.get(m.vpn) !== page) pg.mappers.delete(page);
    return [...pg.mappers];
  }

  /**
   * The page daemon takes the page in frame f (its mappings' MMU
   * translations already dropped, which gathered their M bits): every
   * mapping lets go of it, a page a shared mapping modified is written back
   * to the file, or for shared anonymous memory to its swap slot, and the
   * frame is freed, keeping the page's identity for a reclaim. False
   * (nothing done) if someone else holds the frame too, or the write failed.
   */
  pageout(f: number): boolean {
    const v = this.at(f);
    if (!v) return false;
    // (A page of an NFS file goes too: its write-back is queued for mapwrite,
    // and a fault reading it back waits for that, pagein.)
    const { vp, idx, pg } = v;
    const mappers = this.live(pg);
    if (this.mem.refs[f] !== 1 + mappers.length) return false;
    const cnt = this.mem.cnt;
    for (const [page] of mappers) if (page.shared && page.mod) pg.dirty = true;
    if (pg.dirty) {
      if (vp) {
        try {
          this.writeback(vp, idx, pg);
        } catch (e) {
          if (!(e instanceof Errno)) throw e;
          // The file system refused (a full disk under a sparse file): keep the
          // page, dirty, for later — unless no mapping and no name reach it any
          // more (the file was removed), when it can only be dropped.
          if (mappers.length > 0 || vp.getattr().nlink > 0) return false;
          this.mem.release(f);
          this.forget(v.obj, idx, pg);
          return true;
        }
      } else {
        // Shared anonymous memory: to its own swap slot, which every mapper's fault reads back.
        if (pg.slot === undefined) {
          const s = this.mem.swap.alloc();
          if (s < 0) return false;
          pg.slot = s;
        }
        this.mem.swap.write(pg.slot, this.mem.ram, f * NBPG);
        pg.dirty = false;
      }
      cnt.pgout++;
      cnt.pgpgout++;
    }
    this.unpin(pg);
    for (const [, m] of mappers) {
      m.as.pages.delete(m.vpn);
      this.mem.release(f);
    }
    pg.mappers.clear();
    pg.freed = true;
    this.byFrame.delete(f);
    this.mem.freeByDaemon(f, pg);
    cnt.dfree++;
    return true;
  }

  /**
   * vp's length was set from `old` to `size` bytes (truncate, ftruncate,
   * O_TRUNC). Shrunk: its pages wholly beyond the end are taken from every
   * mapping (the kernel drops their translations) and freed, unwritten; the
   * rest of the last page beyond the end reads as zeros from now on. Grown:
   * what a mapping stored past the old end (which never reached the file)
   * is cleared, so the new bytes read as zeros, as the file has them.
   */
  resized(vp: Vnode, old: number, size: number): void {
    this.changed(vp);
    const pages = this.byObj.get(vp);
    if (!pages) return;
    if (size > old) {
      const pg = pages.get(Math.floor(old / NBPG));
      if (pg && !pg.freed && old % NBPG !== 0) {
        this.mem.ram.fill(0, pg.frame * NBPG + (old % NBPG), (pg.frame + 1) * NBPG);
        this.mem.written(pg.frame);
      }
      return;
    }
    for (const [idx, pg] of [...pages]) {
      const beyond = idx * NBPG >= size;
      if (pg.freed) {
        // On the free list with contents older than the truncation: forget it.
        if (beyond || size < (idx + 1) * NBPG) this.forget(vp, idx, pg);
        continue;
      }
      if (beyond) {
        for (const [, m] of this.live(pg)) {
          this.mem.moved(m.as, m.vpn << PGSHIFT); // drop the MMU translation
          m.as.pages.delete(m.vpn);
          this.mem.release(pg.frame);
        }
        pg.mappers.clear();
        this.mem.release(pg.frame);
        this.forget(vp, idx, pg);
      } else if (size < (idx + 1) * NBPG) {
        this.mem.ram.fill(0, pg.frame * NBPG + (size - idx * NBPG), (pg.frame + 1) * NBPG);
        this.mem.written(pg.frame);
      }
    }
  }

  /**
   * fsync(2): write back every modified page of vp held here, mapped or
   * waiting after a failed write-back, as SunOS's fsync pushes a file's
   * dirty pages. The translations of the mappings are dropped so that
   * their MMU M bits are seen; the first failure is the caller's error
   * (that page and the rest stay modified).
   */
  flush(vp: Vnode): void {
    const pages = this.byObj.get(vp);
    if (!pages) return;
    for (const [idx, pg] of [...pages]) {
      if (pg.freed) continue;
      for (const [page, m] of this.live(pg)) {
        this.mem.moved(m.as, m.vpn << PGSHIFT); // gathers the M bit into page.mod
        if (page.shared && page.mod) pg.dirty = true;
        page.mod = false;
      }
      if (!pg.dirty) continue;
      this.writeback(vp, idx, pg);
      this.unpin(pg);
    }
  }

  /** Write back page idx of vp now if it is dirty (msync); `mod` as for unmapped. */
  sync(vp: Vnode, idx: number, mod: boolean): void {
    const pg = this.byObj.get(vp)?.get(idx);
    if (!pg || pg.freed) return;
    if (mod) pg.dirty = true;
    if (pg.dirty) this.writeback(vp, idx, pg);
    this.unpin(pg);
  }

  /** Write the page to the file, no further than the file's end (a mapping never makes a file longer). */
  private writeback(vp: Vnode, idx: number, pg: VnPage): void {
    const size = vp.getattr().size;
    const n = Math.min(NBPG, size - idx * NBPG);
    if (n > 0) {
      const data = this.mem.ram.slice(pg.frame * NBPG, pg.frame * NBPG + n);
      if (this.writeLater && vp.mountedFs()?.remote) {
        this.writeLater(vp, idx * NBPG, data);
        this.changed(vp);
      } else kdone(vp.write(idx * NBPG, data, 0));
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

  /** Wait until what writeLater queued for vp is at its server (installed with writeLater). */
  pending: ((vp: Vnode) => Generator<void, void, void>) | null = null;

  /**
   * Can page idx of obj be had inside a fault without sleeping? Anonymous
   * memory and local files always; a remote (NFS) file only if its page
   * is held already (else the fault sleeps in pagein()).
   */
  canFault(obj: object, vp: Vnode | null, idx: number): boolean {
    const pg = this.byObj.get(obj)?.get(idx);
    return !vp?.mountedFs()?.remote || (pg !== undefined && !pg.freed);
  }

  /**
   * Hold page idx of obj with the contents `data`, which the caller read
   * where it could wait (a migrated process's mapping, pm_mmap.ts) —
   * unless the page is held already: the held frame is the page. Returns
   * the frame (the caller takes its own reference), or -1.
   */
  adopt(obj: object, idx: number, data: Uint8Array): number {
    const held = this.byObj.get(obj)?.get(idx);
    if (held && !held.freed) return held.frame;
    const f = this.frame(obj, null, idx, false); // a fresh frame, nothing read
    if (f < 0) return f;
    this.mem.ram.set(data.subarray(0, NBPG), f * NBPG);
    (this.byObj.get(obj)?.get(idx) as VnPage).dirty = true; // no swap copy of it yet
    return f;
  }

  /** write(2) wrote `data` at `offset` of vp: copy it into the frames held for those pages. */
  written(vp: Vnode, offset: number, data: Uint8Array): void {
    this.changed(vp);
    const pages = this.byObj.get(vp);
    if (!pages) return;
    this.each(pages, offset, data.length, (pg, at, from, n, idx) => {
      if (pg.freed)
        this.forget(vp, idx, pg); // the file is newer than the freed frame now
      else {
        this.mem.ram.set(data.subarray(from, from + n), at);
        this.mem.written(pg.frame);
      }
    });
  }

  /** read(2) read `data` from `offset` of vp: what the held frames say wins (stores through a mapping not yet written back). */
  read(vp: Vnode, offset: number, data: Uint8Array): void {
    const pages = this.byObj.get(vp);
    if (!pages) return;
    this.each(pages, offset, data.length, (pg, at, from, n) => {
      if (!pg.freed) data.set(this.mem.ram.subarray(at, at + n), from); // (a freed page was written back)
    });
  }

  private each(
    pages: Map<number, VnPage>,
    offset: number,
    len: number,
    fn: (pg: VnPage, at: number, from: number, n: number, idx: number) => void,
  ): void {
    for (let done = 0; done < len; ) {
      const o = offset + done;
      const n = Math.min(len - done, NBPG - (o % NBPG));
      const idx = Math.floor(o / NBPG);
      const pg = pages.get(idx);
      if (pg) fn(pg, pg.frame * NBPG + (o % NBPG), done, n, idx);
      done += n;
    }
  }
}
