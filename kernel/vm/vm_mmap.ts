/**
 * mmap and its family (SunOS 4's vm_mmap.c): mapping files and anonymous
 * memory into an address space, page by page on the vnode layer.
 *
 * - mmap(addr, len, prot, flags, fd, off) maps len bytes of the file open
 *   on fd from offset off (a multiple of the page size), MAP_SHARED or
 *   MAP_PRIVATE, at addr with MAP_FIXED, else where the kernel chooses:
 *   downward from below the stack's largest size. It returns the address
 *   (SunOS 4's libc sets _MAP_NEW for that; the kernel always does it).
 *   Mapping /dev/zero gives zero-filled memory instead (SunOS 4's way),
 *   as does MAP_ANON with fd -1 (4.3BSD-Reno's flag); MAP_SHARED anonymous
 *   memory is shared with the children a fork makes.
 * - MAP_SHARED file pages are the file's own pages (vn_pages.ts): stores
 *   are seen by every process mapping the file at once and by read(2),
 *   and write(2) shows in the mappings. MAP_PRIVATE maps the same pages
 *   copy-on-write: the first store copies the page for this process alone.
 * - Nothing is read at mmap: each page is brought in at its first touch.
 * - Private writable memory (private mappings, anonymous memory) reserves
 *   swap for every page at mmap, as brk does; ENOMEM if it cannot. Shared
 *   anonymous memory reserves it once for all the processes that will
 *   share it (anon.ts), and is paged to swap like the heap.
 * - munmap removes mappings (writing back modified shared pages when the
 *   last mapping of a page goes), mprotect changes their protection
 *   (EACCES for write on a shared mapping of a file not opened for
 *   writing), msync writes modified shared pages back to the file now,
 *   madvise accepts the advice, mincore reports which pages are resident.
 * - Files on NFS are mapped as local ones are: a fault on a page not in
 *   memory sleeps while the page is read from the server (trap.ts), and
 *   modified pages go back through the mapwrite kernel process
 *   (vn_writeback.ts); msync waits until they are at the server, unless
 *   MS_ASYNC. Between machines NFS gives mapped pages no coherence: a
 *   store on one client is seen on another after msync or munmap there,
 *   by a read or a new mapping (pages it already holds are not refreshed).
 * Anything else (devices other than /dev/zero, directories) is ENODEV.
 */
import { MEM_MAJOR, makedev, ZERO_MINOR } from '../dev/devsw.js';
import { EACCES, EBADF, EINVAL, ENODEV, ENOMEM, Errno } from '../errno.js';
import { getf } from '../fs/file.js';
import { FREAD, FWRITE, kwait, VCHR, type Vnode, VREG } from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import { MAXSSIZ, NBPG, PGSHIFT, USRSTACK } from '../param.js';
import type { SysCtx } from '../syscall.js';
import { AnonMap, anonHold, anonRelease } from './anon.js';
import { type AddressSpace, type Mapping, PROT_READ, PROT_WRITE } from './as.js';
import { copyout } from './copyio.js';
import { mapRemote, written } from './vn_writeback.js';

export const PROT_EXEC = 4;
export const MAP_SHARED = 1;
export const MAP_PRIVATE = 2;
export const MAP_TYPE = 0xf;
export const MAP_FIXED = 0x10;
export const MAP_ANON = 0x100;
/** SunOS 4's libc sets it: mmap returns the address rather than 0. */
export const _MAP_NEW = 0x80000000;
export const MS_ASYNC = 1;
export const MS_INVALIDATE = 2;

/** The highest address mmap chooses: below the largest stack there may be. */
const MMAP_TOP = USRSTACK - MAXSSIZ;

const round = (n: number) => Math.ceil(n / NBPG) * NBPG;

/** A page-aligned range [a, a + len) inside user space; EINVAL if not. */
function range(addr: number, len: number): [number, number] {
  const a = addr >>> 0;
  const n = len | 0;
  if (a % NBPG !== 0 || n <= 0 || a + round(n) > USRSTACK) throw new Errno(EINVAL);
  return [a, a + round(n)];
}

/** Does [a, b) overlap text, data/heap or the stack's room? */
function overlapsRegions(as: AddressSpace, a: number, b: number): boolean {
  const over = (s: number, e: number) => a < e && b > s;
  return (
    over(as.textStart, as.textEnd) || over(as.dataStart, as.brk) || over(USRSTACK - as.stackLimit, USRSTACK)
  );
}

/** A free place for len bytes, from MMAP_TOP down; 0 if none. */
function choose(as: AddressSpace, len: number): number {
  let top = MMAP_TOP;
  const maps = [...as.maps].sort((x, y) => y.start - x.start);
  for (const m of maps) {
    if (m.end <= top - len) break;
    top = Math.min(top, m.start);
  }
  const a = top - len;
  return a > as.brk + NBPG && !overlapsRegions(as, a, top) ? a : 0;
}

/** Is vp /dev/zero (the mem driver's minor 12)? */
function isDevZero(vp: Vnode): boolean {
  return vp.type === VCHR && vp.getattr().rdev === makedev(MEM_MAJOR, ZERO_MINOR);
}

export function sysMmap(ctx: SysCtx): void {
  const { k, p } = ctx;
  const [addr, len, prot, flags, fd, off] = ctx.args;
  const as = p.vm;
  const type = flags & MAP_TYPE;
  if ((type !== MAP_SHARED && type !== MAP_PRIVATE) || (len | 0) <= 0 || (off >>> 0) % NBPG !== 0)
    throw new Errno(EINVAL);
  const size = round(len | 0);
  let vp: Vnode | null = null;
  let path: string | null = null;
  if (!(flags & MAP_ANON)) {
    const f = getf(p, fd);
    // A regular file (on a local disk or NFS), or /dev/zero, SunOS 4's way
    // to anonymous memory (shared with fork relatives when MAP_SHARED).
    const zero = isDevZero(f.vnode);
    if (!zero && f.vnode.type !== VREG) throw new Errno(ENODEV);
    if (!(f.flags & FREAD)) throw new Errno(EACCES);
    if (type === MAP_SHARED && prot & PROT_WRITE && !(f.flags & FWRITE)) throw new Errno(EACCES);
    if (!zero) {
      vp = f.vnode;
      path = f.path;
      if (vp.mountedFs()?.remote) mapRemote(k, vp, p.cred); // its pages go back as this user
    }
  } else if ((fd | 0) !== -1) throw new Errno(EBADF);
  let start: number;
  if (flags & MAP_FIXED) {
    [start] = range(addr, size);
    if (overlapsRegions(as, start, start + size)) throw new Errno(EINVAL);
    unmap(k, as, start, start + size);
  } else {
    start = choose(as, size);
    if (start === 0) throw new Errno(ENOMEM);
  }
  // Private pages may all be written: swap for each, as brk reserves.
  const pages = size / NBPG;
  if (type === MAP_PRIVATE) {
    if (!as.mem.swap.reserve(pages)) throw new Errno(ENOMEM);
    as.mapres += pages;
  }
  // Shared anonymous memory: its own object, with swap for every page, promised once for all its mappers.
  const anon = type === MAP_SHARED && !vp ? AnonMap.create(as.mem, pages) : null;
  if (type === MAP_SHARED && !vp && !anon) throw new Errno(ENOMEM);
  const m: Mapping = {
    start,
    end: start + size,
    prot: prot & (PROT_READ | PROT_WRITE),
    shared: type === MAP_SHARED,
    vp: vp?.hold() ?? null,
    off: vp ? off >>> 0 : 0,
    obj: vp ?? anon ?? {},
    path,
  };
  if (!m.vp && !m.shared) m.obj = m; // (private anonymous memory has no shared pages)
  as.maps.push(m);
  anonHold(m);
  ctx.rv = [start, ctx.rv[1]];
}

/** Remove every mapping in [a, b): their pages go (shared ones written back if last), the rest of each mapping stays. */
function unmap(k: Kernel, as: AddressSpace, a: number, b: number): void {
  const kept: Mapping[] = [];
  for (const m of as.maps) {
    if (m.end <= a || m.start >= b) {
      kept.push(m);
      continue;
    }
    const lo = Math.max(a, m.start);
    const hi = Math.min(b, m.end);
    for (let va = lo; va < hi; va += NBPG) {
      k.pmap.unload(as, va); // gathers the M bit into the page
      as.dropPage(va >>> PGSHIFT);
    }
    if (!m.shared) {
      const n = (hi - lo) / NBPG;
      as.mem.swap.unreserve(n);
      as.mapres -= n;
    }
    anonRelease(as.mem, m, lo, hi); // shared anonymous pages no one maps any more go
    if (m.start < lo) kept.push({ ...m, end: lo, vp: m.vp?.hold() ?? null });
    if (hi < m.end) kept.push({ ...m, start: hi, off: m.off + (hi - m.start), vp: m.vp?.hold() ?? null });
    m.vp?.release();
  }
  as.maps = kept;
}

/** munmap(addr, len): 0; EINVAL for an unaligned or impossible range. */
export function sysMunmap(ctx: SysCtx): void {
  const [a, b] = range(ctx.args[0], ctx.args[1]);
  unmap(ctx.k, ctx.p.vm, a, b);
  ctx.rv = [0, ctx.rv[1]];
}

/** The mappings covering [a, b) exactly, split at a and b; ENOMEM if part of the range is not mapped. */
function covering(as: AddressSpace, a: number, b: number): Mapping[] {
  for (let va = a; va < b; va += NBPG) if (!as.mapAt(va)) throw new Errno(ENOMEM);
  const out: Mapping[] = [];
  const next: Mapping[] = [];
  for (const m of as.maps) {
    if (m.end <= a || m.start >= b) {
      next.push(m);
      continue;
    }
    const lo = Math.max(a, m.start);
    const hi = Math.min(b, m.end);
    if (m.start < lo) next.push({ ...m, end: lo, vp: m.vp?.hold() ?? null });
    if (hi < m.end) next.push({ ...m, start: hi, off: m.off + (hi - m.start), vp: m.vp?.hold() ?? null });
    const mid = { ...m, start: lo, end: hi, off: m.off + (lo - m.start) };
    next.push(mid);
    out.push(mid);
  }
  as.maps = next;
  return out;
}

/** mprotect(addr, len, prot): 0; ENOMEM for an unmapped page, EACCES for writing a file opened read-only. */
export function sysMprotect(ctx: SysCtx): void {
  const { k, p } = ctx;
  const as = p.vm;
  const [a, b] = range(ctx.args[0], ctx.args[1]);
  const prot = ctx.args[2] & (PROT_READ | PROT_WRITE);
  const ms = covering(as, a, b);
  for (const m of ms) {
    if (m.shared && m.vp && prot & PROT_WRITE && !canWrite(p, m.vp)) throw new Errno(EACCES);
  }
  for (const m of ms) {
    m.prot = prot;
    for (let va = m.start; va < m.end; va += NBPG) {
      const page = as.pages.get(va >>> PGSHIFT) ?? as.swapped.get(va >>> PGSHIFT);
      if (page) page.prot = prot;
      k.pmap.unload(as, va); // the next access reloads it with the new protection
    }
  }
  ctx.rv = [0, ctx.rv[1]];
}

/** Has p the file open for writing on some descriptor? (A shared mapping may be made writable only then.) */
function canWrite(p: SysCtx['p'], vp: Vnode): boolean {
  return p.u.ofile.some((f) => f !== null && f !== undefined && f.vnode === vp && (f.flags & FWRITE) !== 0);
}

/**
 * msync(addr, len, flags): write the modified shared pages of the range
 * back to their files now; for a remote file, wait until they are at the
 * server (SunOS's synchronous msync) unless MS_ASYNC.
 */
export function* sysMsync(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const [a, b] = range(ctx.args[0], ctx.args[1]);
  if (ctx.args[2] & ~(MS_ASYNC | MS_INVALIDATE)) throw new Errno(EINVAL);
  for (let va = a; va < b; va += NBPG) if (!p.vm.mapAt(va)) throw new Errno(ENOMEM);
  yield* msync(k, p, p.vm, a, b, !(ctx.args[2] & MS_ASYNC));
  ctx.rv = [0, ctx.rv[1]];
}

/**
 * Write the modified shared pages of [a, b) of `as` back to their files
 * (msync, and a migration's source before the move); `wait`: p waits
 * until a remote file's pages, and what was written to it, are at its
 * server.
 */
export function* msync(
  k: Kernel,
  p: SysCtx['p'],
  as: AddressSpace,
  a: number,
  b: number,
  wait: boolean,
): Generator<void, void, void> {
  const remote = new Set<Vnode>();
  for (let va = a; va < b; va += NBPG) {
    const page = as.pages.get(va >>> PGSHIFT);
    if (!page?.shared || !page.vn?.vp) continue;
    k.pmap.unload(as, va); // gathers M; the next store faults and sets it again
    as.mem.vnpages.sync(page.vn.vp, page.vn.idx, page.mod === true);
    page.mod = false;
  }
  if (!wait) return;
  for (const m of as.maps)
    if (m.shared && m.vp?.mountedFs()?.remote && m.start < b && m.end > a) remote.add(m.vp);
  for (const vp of remote) {
    yield* written(k, p, vp);
    yield* kwait(vp.fsync(p.cred));
  }
}

/** madvise(addr, len, advice): advice is accepted and changes nothing here. */
export function sysMadvise(ctx: SysCtx): void {
  const [a, b] = range(ctx.args[0], ctx.args[1]);
  if (ctx.args[2] >>> 0 > 4) throw new Errno(EINVAL);
  for (let va = a; va < b; va += NBPG)
    if (!ctx.p.vm.mapAt(va) && !ctx.p.vm.lookup(va)) throw new Errno(ENOMEM);
  ctx.rv = [0, ctx.rv[1]];
}

/** mincore(addr, len, vec): a byte per page, 1 if the page is in memory. */
export function sysMincore(ctx: SysCtx): void {
  const as = ctx.p.vm;
  const [a, b] = range(ctx.args[0], ctx.args[1]);
  const vec = new Uint8Array((b - a) / NBPG);
  for (let va = a; va < b; va += NBPG) vec[(va - a) / NBPG] = as.lookup(va) ? 1 : 0;
  copyout(as, ctx.args[2], vec);
  ctx.rv = [0, ctx.rv[1]];
}
