/**
 * Virtual memory (docs/vm.md): demand-zero pages with swap reserved for
 * them, the swap area on the root disk's b partition, the page daemon and
 * its counters, and the programs that page on a small machine.
 */
import { describe, expect, it } from 'vitest';
import { statsLine } from '../../emu/cli/machine-commands.js';
import type { Sun3Mmu } from '../../emu/mmu/mmu.js';
import { SD_BMAJOR } from '../../kernel/dev/devsw.js';
import { makeLabel, readLabel } from '../../kernel/dev/dklabel.js';
import type { SdDriver } from '../../kernel/dev/sd.js';
import { ENOSPC, Errno } from '../../kernel/errno.js';
import { MemoryDisk } from '../../kernel/fs/ufs/disk.js';
import { kdone, type Vnode } from '../../kernel/fs/vnode.js';
import { NBPG, PGSHIFT, USRSTACK } from '../../kernel/param.js';
import type { Proc } from '../../kernel/proc/proc.js';
import { AnonMap, anonHold } from '../../kernel/vm/anon.js';
import { AddressSpace, type Mapping, type Page, PROT_READ, PROT_WRITE } from '../../kernel/vm/as.js';
import { PageAllocator } from '../../kernel/vm/page.js';
import { SwapSpace } from '../../kernel/vm/vm_sw.js';
import { swapout } from '../../kernel/vm/vm_swap.js';
import { bootedKernel, rootImage, runOn } from './helpers.js';

const DATA = 0x100000;

/** A booted kernel (committed image: 8 MB, swap on sd0b) and an address space of `pages` data pages, active in the MMU. */
function setup(pages: number) {
  const { k } = bootedKernel();
  const as = new AddressSpace(k.mem, 1 << 20);
  as.dataStart = DATA;
  as.brk = DATA + pages * NBPG;
  as.stackBottom = USRSTACK;
  if (!as.reserve()) throw new Error('no swap');
  k.pmap.activate(as);
  const mmu = k.hw.mmu as unknown as Sun3Mmu;
  /** A user access through the MMU, as the CPU makes it (faulting the page in first, as trap.ts does). */
  const touch = (va: number, write: boolean): Page => {
    const page = as.fault(va, false) as Page;
    if (page === null || typeof page !== 'object') throw new Error('fault failed');
    // The fault marks a write; here only the MMU may say the page was written.
    k.pmap.load(as, va, page);
    expect(mmu.translate(va, true, write)).toBeGreaterThanOrEqual(0);
    return page;
  };
  return { k, as, mmu, touch };
}

describe('the swap area', () => {
  it('is the b partition a Sun label in sector 0 describes, beyond the stored image', () => {
    const image = rootImage();
    expect(image.length).toBe(16 * 1024 * 1024); // the swap costs the image nothing
    const map = readLabel(image.subarray(0, 512));
    expect(map?.[0]).toEqual({ start: 0, sectors: 16 * 2048 });
    expect(map?.[1]).toEqual({ start: 16 * 2048, sectors: 48 * 2048 });
    const { k } = bootedKernel();
    expect(k.mem.swap.configured).toBe(true);
    expect(k.mem.swap.slots).toBe((48 * 1024 * 1024) / NBPG);
    expect(k.msgbuf).toContain('swap on sd0b size 49152K');
    // The partition reads zeros until written, and keeps what is written.
    const sd = k.bdevsw.get(SD_BMAJOR) as SdDriver;
    const b = sd.device(1);
    const buf = new Uint8Array(NBPG);
    b.readBlock(100, buf);
    expect(buf.every((x) => x === 0)).toBe(true);
    b.writeBlock(100, new Uint8Array(NBPG).fill(7));
    b.readBlock(100, buf);
    expect(buf[5]).toBe(7);
    expect(() => sd.device(2)).toThrow(); // c...h do not exist
  });

  it('a label with a bad checksum, or none, gives no swap: reservation is against memory', () => {
    const l = makeLabel(10, 20);
    expect(readLabel(l)?.[1].sectors).toBe(20 * 16);
    l[3] ^= 1;
    expect(readLabel(l)).toBeNull();
    const none = new SwapSpace(null, 100);
    expect(none.configured).toBe(false);
    expect(none.reserve(100)).toBe(true);
    expect(none.reserve(1)).toBe(false);
    const some = new SwapSpace(MemoryDisk.zeroed(8), 100);
    expect(some.capacity).toBe(8);
  });
});

describe('demand-zero pages and swap reservation', () => {
  it('growing the data region reserves swap and takes no frames; exit gives both back', () => {
    const { k, as } = setup(1);
    const free = k.mem.freeCount;
    const resv = k.mem.swap.reserved;
    as.brk = DATA + 1000 * NBPG;
    expect(as.reserve()).toBe(true);
    expect(k.mem.swap.reserved).toBe(resv + 999);
    expect(k.mem.freeCount).toBe(free);
    as.brk = DATA + 10_000 * NBPG; // more than the 6144 pages of swap
    expect(as.reserve()).toBe(false);
    expect(k.mem.swap.reserved).toBe(resv + 999);
    as.brk = DATA + 1000 * NBPG;
    const page = as.fault(DATA + 500 * NBPG, true) as Page;
    expect(k.mem.ram.subarray(page.frame * NBPG, (page.frame + 1) * NBPG).every((x) => x === 0)).toBe(true);
    expect(k.mem.cnt.zfod).toBeGreaterThan(0);
    expect(k.mem.freeCount).toBe(free - 1);
    as.clear();
    expect(k.mem.swap.reserved).toBe(resv - 1);
    expect(k.mem.freeCount).toBe(free + 0);
  });
});

describe('paging', () => {
  it('pages out and in with the contents intact: a reclaim without I/O, a page-in from the slot', () => {
    const { k, as, touch } = setup(4);
    const ram = k.mem.ram;
    const pages = [0, 1, 2, 3].map((i) => {
      const p = touch(DATA + i * NBPG, true);
      ram[p.frame * NBPG + 9] = 0x40 + i;
      return p;
    });
    const cnt = k.mem.cnt;
    const out0 = cnt.pgpgout;
    pages.forEach((p, i) => {
      k.pagedaemon.take(as, (DATA >>> PGSHIFT) + i, p);
    });
    expect(cnt.pgpgout - out0).toBe(4);
    expect(as.pages.size).toBe(0);
    expect(as.swapped.size).toBe(4);
    expect(k.mem.swap.slotsInUse).toBe(4);
    // Its frame is still free and untouched: a reclaim.
    const rec = cnt.rec;
    expect(ram[(touch(DATA, false).frame * NBPG) | 9]).toBe(0x40);
    expect(cnt.rec).toBe(rec + 1);
    // Use up every free frame (the daemon's are reused last), give them back: now it is a page-in.
    const taken: number[] = [];
    for (let f = k.mem.allocRaw(); f >= 0 && taken.length < 2000; f = k.mem.allocRaw()) taken.push(f);
    for (const f of taken) k.mem.release(f);
    const in0 = cnt.pgpgin;
    expect(ram[(touch(DATA + NBPG, false).frame * NBPG) | 9]).toBe(0x41);
    expect(cnt.pgpgin).toBe(in0 + 1);
    // The core dump and migration read a paged-out page where it is, without bringing it in.
    expect(as.readPage((DATA >>> PGSHIFT) + 3)?.[9]).toBe(0x43);
    expect(as.swapped.has((DATA >>> PGSHIFT) + 3)).toBe(true);
  });

  it('a clean page goes without a write; the MMU modified bit alone makes it dirty', () => {
    const { k, as, touch } = setup(1);
    const vpn = DATA >>> PGSHIFT;
    const cnt = k.mem.cnt;
    k.pagedaemon.take(as, vpn, touch(DATA, true)); // written once: it has a slot now
    const taken: number[] = [];
    for (let f = k.mem.allocRaw(); f >= 0 && taken.length < 2000; f = k.mem.allocRaw()) taken.push(f);
    for (const f of taken) k.mem.release(f);
    const read = touch(DATA, false); // paged in: clean
    expect(read.mod).toBe(false);
    let out = cnt.pgout;
    k.pagedaemon.take(as, vpn, read);
    expect(cnt.pgout).toBe(out); // only read: no write
    const written = touch(DATA, true);
    expect(written.mod).toBe(false); // the kernel was not told...
    out = cnt.pgout;
    k.pagedaemon.take(as, vpn, written); // ...the PTE's M bit, gathered as the translation goes, says it
    expect(cnt.pgout).toBe(out + 1);
  });

  it('fork shares a paged-out page slot; each side brings it in and the copies are independent', () => {
    const { k, as, touch } = setup(1);
    const vpn = DATA >>> PGSHIFT;
    const p = touch(DATA, true);
    k.mem.ram[p.frame * NBPG] = 5;
    k.pagedaemon.take(as, vpn, p);
    const child = as.duplicate() as AddressSpace;
    expect(child.swapped.size).toBe(1);
    const c = child.fault(DATA, true) as Page;
    expect(k.mem.ram[c.frame * NBPG]).toBe(5);
    k.mem.ram[c.frame * NBPG] = 6;
    const q = as.fault(DATA, false) as Page;
    expect(k.mem.ram[q.frame * NBPG]).toBe(5);
    const resv = k.mem.swap.reserved;
    child.clear();
    as.clear();
    expect(k.mem.swap.slotsInUse).toBe(0);
    expect(k.mem.swap.reserved).toBe(resv - 2);
  });

  it('the clock takes the pages no one uses and leaves the ones in use', () => {
    const { k, as, touch } = setup(64);
    for (let i = 0; i < 64; i++) touch(DATA + i * NBPG, true);
    // Drive the clock as the daemon would, touching the first 8 pages between steps.
    for (let step = 0; step < 4 * 1024; step += 16) {
      k.pagedaemon.scan(16, 1 << 30);
      for (let i = 0; i < 8; i++) touch(DATA + i * NBPG, false);
    }
    for (let i = 0; i < 8; i++) expect(as.pages.has((DATA >>> PGSHIFT) + i)).toBe(true);
    expect(as.swapped.size).toBeGreaterThan(40);
    expect(k.mem.cnt.scan).toBe(4 * 1024);
    expect(k.mem.cnt.rev).toBeGreaterThan(0);
  });
});

describe('pages of mapped files under pressure', () => {
  const MAP = 0x4000000;
  /** setup()'s space with `/tmp/NAME`, 2 pages of 'a' and 'b', mapped shared at MAP and private after it. */
  function mapped(name: string) {
    const s = setup(1);
    const p = s.k.procs.get(1) as Proc;
    const tmp = kdone((p.u.cdir as Vnode).lookup('tmp', p.cred));
    const cred = p.cred;
    const vp = kdone(tmp.create(name, 0o644, cred));
    const data = new Uint8Array(2 * NBPG).fill(0x61, 0, NBPG).fill(0x62, NBPG);
    kdone(vp.write(0, data, 0));
    const prot = PROT_READ | PROT_WRITE;
    s.as.maps.push({ start: MAP, end: MAP + 2 * NBPG, prot, shared: true, vp, off: 0, obj: vp });
    s.as.maps.push({ start: MAP + 2 * NBPG, end: MAP + 4 * NBPG, prot, shared: false, vp, off: 0, obj: vp });
    const fileByte = (off: number) => kdone(vp.read(off, 1, 0))[0];
    return { ...s, vp, fileByte };
  }

  it('a clean page is dropped without a write and comes back by reclaim or from the file', () => {
    const { k, as, touch } = mapped('clean');
    const cnt = k.mem.cnt;
    const page = touch(MAP, false);
    expect(k.mem.refs[page.frame]).toBe(2); // the file's page cache and this mapping
    const [out, dfree] = [cnt.pgout, cnt.dfree];
    expect(k.pagedaemon.takeFilePage(page.frame)).toBe(true);
    expect(cnt.pgout).toBe(out); // the file has it: no write
    expect(cnt.dfree).toBe(dfree + 1);
    expect(as.pages.has(MAP >>> PGSHIFT)).toBe(false);
    const rec = cnt.rec;
    const again = touch(MAP, false);
    expect(again.frame).toBe(page.frame); // the frame was still free: a reclaim
    expect(cnt.rec).toBe(rec + 1);
    expect(k.pagedaemon.takeFilePage(again.frame)).toBe(true);
    const taken: number[] = [];
    for (let f = k.mem.allocRaw(); f >= 0 && taken.length < 2000; f = k.mem.allocRaw()) taken.push(f);
    for (const f of taken) k.mem.release(f);
    const pgin = cnt.pgpgin;
    expect(k.mem.ram[touch(MAP + 5, false).frame * NBPG + 5]).toBe(0x61); // read from the file again
    expect(cnt.pgpgin).toBe(pgin + 1);
  });

  it('a page a shared mapping modified (the MMU M bit) is written back to the file first', () => {
    const { k, touch, fileByte } = mapped('dirty');
    const cnt = k.mem.cnt;
    const page = touch(MAP + NBPG, true);
    k.mem.ram[page.frame * NBPG + 3] = 0x7a; // the store the MMU just marked
    const out = cnt.pgpgout;
    expect(fileByte(NBPG + 3)).toBe(0x62);
    expect(k.pagedaemon.takeFilePage(page.frame)).toBe(true);
    expect(cnt.pgpgout).toBe(out + 1);
    expect(fileByte(NBPG + 3)).toBe(0x7a);
  });

  it('the clock takes file pages nobody uses, passes over used ones, and private copies go to swap', () => {
    const { k, as, touch } = mapped('clock');
    touch(MAP, false);
    touch(MAP + NBPG, false);
    const priv = touch(MAP + 2 * NBPG, false);
    const copy = as.fault(MAP + 2 * NBPG, true) as Page; // the first store copies the page
    expect(copy.frame).not.toBe(priv.frame);
    k.pmap.load(as, MAP + 2 * NBPG, copy);
    for (let step = 0; step < 2048; step += 16) {
      k.pagedaemon.scan(16, 1 << 30);
      touch(MAP, false); // in use
    }
    expect(as.pages.has(MAP >>> PGSHIFT)).toBe(true);
    expect(as.pages.has((MAP + NBPG) >>> PGSHIFT)).toBe(false); // dropped
    expect(as.swapped.has((MAP + 2 * NBPG) >>> PGSHIFT)).toBe(true); // the private copy: in swap
  });
});

describe('programs larger than memory', () => {
  it('paging: 3 x a 4 MB machine, sequential, random and a working set that stops paging', () => {
    const r = runOn(rootImage(), '/tests/paging', ['paging'], '', 120, { memoryMB: 4 });
    expect(r.output).not.toMatch(/FAIL/);
    expect(r.output).toMatch(/paging: PASS \(10 checks, 0 failed\)/);
    expect(r.status).toBe(0);
    const stats = statsLine(r.station);
    const m = /(\d+) pageins, (\d+) pageouts/.exec(stats);
    expect(Number(m?.[1])).toBeGreaterThan(1000);
    expect(Number(m?.[2])).toBeGreaterThan(1000);
  });

  it('mmshare: shared memory of 5/8 of a 4 MB machine, parent and children storing, pages to swap', () => {
    const r = runOn(rootImage(), '/tests/mmshare', ['mmshare'], '', 120, { memoryMB: 4 });
    expect(r.output).not.toMatch(/FAIL/);
    expect(r.output).toMatch(/mmshare: PASS \(15 checks, 0 failed\)/);
    expect(r.status).toBe(0);
    const m = /(\d+) pageins, (\d+) pageouts/.exec(statsLine(r.station));
    expect(Number(m?.[2])).toBeGreaterThan(300);
  });

  it('mmapfull: a full disk under a mapped sparse file fails neither exit nor munmap; fsync says ENOSPC', () => {
    const r = runOn(rootImage(), '/tests/mmapfull', ['mmapfull'], '', 60, { memoryMB: 4 });
    expect(r.output).not.toMatch(/FAIL|panic/);
    expect(r.output).toMatch(/mmapfull: PASS \(14 checks, 0 failed\)/);
    expect(r.status).toBe(0);
  });

  it("the porting suite's bigarray (8 MB of array) pages on a 4 MB machine", () => {
    const r = runOn(rootImage(), '/tests/port/bigarray', ['bigarray'], '', 120, { memoryMB: 4 });
    expect(r.output).toBe('array of 8192 KB\nsum = 1380253777\n4242 occurs 210 times\n');
    const m = /(\d+) pageins, (\d+) pageouts/.exec(statsLine(r.station));
    expect(Number(m?.[2])).toBeGreaterThan(500);
  });

  it('sbrkbig: 40 MB of heap on an 8 MB machine, ENOMEM only when swap cannot be promised', () => {
    const r = runOn(rootImage(), '/tests/sbrkbig', ['sbrkbig']);
    expect(r.output).toMatch(/sbrkbig: PASS \(9 checks, 0 failed\)/);
    expect(r.status).toBe(0);
  });

  it('vmstat prints the counters: a line of averages, and the sums with -s', () => {
    const r = runOn(
      rootImage(),
      '/bin/sh',
      ['sh', '-c', '/tests/paging 2 >/dev/null; vmstat; vmstat -s'],
      '',
      120,
      {
        memoryMB: 4,
      },
    );
    expect(r.output).toMatch(/ r b w +avm +fre +re +pi +po +fr +sr +zf +in +sy +cs +us sy id\n/);
    expect(r.output).toMatch(/^ ?\d+ \d+ \d+ +\d+ +\d+( +\d+){12}\n/m);
    const sum = (what: string) => Number(new RegExp(`(\\d+) ${what}\\n`).exec(r.output)?.[1]);
    expect(sum('pages paged in')).toBeGreaterThan(500);
    expect(sum('pages paged out')).toBeGreaterThan(500);
    expect(sum('pages examined by the clock daemon')).toBeGreaterThan(0);
    expect(r.output).toMatch(
      / 64 lotsfree, 25 desfree, 8 minfree pages\n|\d+ lotsfree, \d+ desfree, \d+ minfree pages\n/,
    );
    expect(r.output).toMatch(/6144 swap pages/);
  });
});

describe('shared anonymous memory', () => {
  const MAP = 0x4000000;
  /** setup()'s space with 2 pages of shared anonymous memory at MAP, and a fork child sharing them. */
  function shared() {
    const s = setup(1);
    const resv = s.k.mem.swap.reserved;
    const obj = AnonMap.create(s.k.mem, 2) as AnonMap;
    const m: Mapping = {
      start: MAP,
      end: MAP + 2 * NBPG,
      prot: PROT_READ | PROT_WRITE,
      shared: true,
      vp: null,
      off: 0,
      obj,
    };
    s.as.maps.push(m);
    anonHold(m);
    const child = s.as.duplicate() as AddressSpace;
    return { ...s, child, resv, obj };
  }

  it('reserves swap once; its pages go to one slot each and come back into one frame for all', () => {
    const { k, as, child, resv, touch } = shared();
    const cnt = k.mem.cnt;
    expect(k.mem.swap.reserved - resv).toBe(2 + child.swres); // the pages once, the child's data and stack
    const page = touch(MAP, true);
    k.mem.ram[page.frame * NBPG + 9] = 0x5a;
    expect(k.mem.refs[page.frame]).toBe(2); // the page cache and this mapping
    const [out, slots] = [cnt.pgpgout, k.mem.swap.slotsInUse];
    expect(k.pagedaemon.takeFilePage(page.frame)).toBe(true);
    expect(cnt.pgpgout).toBe(out + 1); // written to swap: it was modified
    expect(k.mem.swap.slotsInUse).toBe(slots + 1);
    // Migration and core dumps find it where it is, without bringing it in.
    expect(as.touched()).toContain(MAP >>> PGSHIFT);
    expect(as.readPage(MAP >>> PGSHIFT)?.[9]).toBe(0x5a);
    const taken: number[] = [];
    for (let f = k.mem.allocRaw(); f >= 0 && taken.length < 2000; f = k.mem.allocRaw()) taken.push(f);
    for (const f of taken) k.mem.release(f);
    const pgin = cnt.pgpgin;
    const inChild = child.fault(MAP + 9, false) as Page; // the relative brings it in from the slot
    expect(k.mem.ram[inChild.frame * NBPG + 9]).toBe(0x5a);
    expect(cnt.pgpgin).toBe(pgin + 1);
    expect(as.readPage(MAP >>> PGSHIFT)?.[9]).toBe(0x5a); // (a core dump of the parent sees it too)
    expect(touch(MAP, false).frame).toBe(inChild.frame); // one frame for both
    // An untouched page comes and goes as zeros, with no write.
    const zero = touch(MAP + NBPG, false);
    const used = k.mem.swap.slotsInUse;
    expect(k.pagedaemon.takeFilePage(zero.frame)).toBe(true);
    expect(k.mem.swap.slotsInUse).toBe(used);
    as.clear();
    expect(k.mem.swap.slotsInUse).toBe(used); // the child still maps it
    child.clear();
    expect(k.mem.swap.slotsInUse).toBe(used - 1);
    expect(k.mem.swap.reserved).toBe(resv - 1); // (the space's own data page went with as.clear)
  });

  it('swapping a process out takes the pages only it maps and leaves those a relative maps', () => {
    const { k, as, child, touch } = shared();
    const both = touch(MAP, true);
    child.fault(MAP, false);
    const alone = touch(MAP + NBPG, true);
    k.mem.ram[alone.frame * NBPG] = 0x33;
    const out = k.mem.cnt.pgpgout;
    swapout(k.pagedaemon, { vm: as } as Proc);
    expect(as.pages.has((MAP + NBPG) >>> PGSHIFT)).toBe(false);
    expect(k.mem.cnt.pgpgout).toBe(out + 1);
    expect(k.mem.refs[both.frame]).toBe(3); // still in memory for the child
    expect(k.mem.ram[(child.fault(MAP + NBPG, false) as Page).frame * NBPG]).toBe(0x33);
  });
});

describe('a write-back the file system refuses (a full disk under a sparse file)', () => {
  /** A page allocator and a file of 4 pages whose writes fail while `full`. */
  function fileOnFullDisk() {
    const mem = new PageAllocator(new Uint8Array(16 * NBPG), 2);
    const disk = new Uint8Array(4 * NBPG);
    const st = { full: true, nlink: 1, holds: 0 };
    const vp = {
      read: (off: number, n: number) => disk.slice(off, off + n),
      write: (off: number, data: Uint8Array) => {
        if (st.full) throw new Errno(ENOSPC);
        disk.set(data, off);
        return data.length;
      },
      getattr: () => ({ size: disk.length, nlink: st.nlink }),
      mountedFs: () => null,
      hold() {
        st.holds++;
        return this;
      },
      release() {
        st.holds--;
      },
    } as unknown as Vnode;
    /** A mapping stores `byte` into page idx and goes (munmap, exit): as.ts drops its reference, then says so. */
    const storeAndUnmap = (idx: number, byte: number) => {
      const f = mem.vnpages.frame(vp, vp, idx);
      mem.hold(f);
      mem.ram[f * NBPG + 1] = byte;
      mem.release(f);
      mem.vnpages.unmapped(vp, vp, idx, true);
      return f;
    };
    return { mem, disk, st, vp, storeAndUnmap };
  }

  it('the last unmapping keeps the page and its file; fsync says ENOSPC; the daemon writes it once there is room', () => {
    const { mem, disk, st, vp, storeAndUnmap } = fileOnFullDisk();
    const f = storeAndUnmap(0, 0x41);
    expect(mem.refs[f]).toBe(1); // held by the file's pages alone
    expect(st.holds).toBe(1); // and the file with it
    const buf = new Uint8Array(4);
    mem.vnpages.read(vp, 0, buf);
    expect(buf[1]).toBe(0x41); // read(2) sees it
    expect(mem.vnpages.pageout(f)).toBe(false); // still no room
    expect(() => mem.vnpages.flush(vp)).toThrow(Errno);
    st.full = false;
    expect(mem.vnpages.pageout(f)).toBe(true);
    expect(disk[1]).toBe(0x41);
    expect(st.holds).toBe(0);
  });

  it("a removed file's page that cannot be written is dropped by the daemon, and the file let go", () => {
    const { mem, disk, st, storeAndUnmap } = fileOnFullDisk();
    const free = mem.freeCount;
    const f = storeAndUnmap(1, 0x42);
    st.nlink = 0;
    expect(mem.vnpages.pageout(f)).toBe(true);
    expect(mem.freeCount).toBe(free);
    expect(disk[NBPG + 1]).toBe(0);
    expect(st.holds).toBe(0);
  });
});
