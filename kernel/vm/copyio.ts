/**
 * Moving data between the kernel and a process's address space
 * (4.3BSD's copyin, copyout, copyinstr, fuword, suword). They walk the
 * process's own page map, not the MMU: a pointer outside the address space
 * is EFAULT, never a host exception, and an untouched heap or stack page is
 * zero-filled on the way, as a user access would have done.
 */
import { EFAULT, EINTR, ENAMETOOLONG, Errno } from '../errno.js';
import { NBPG, PGOFSET, PGSHIFT } from '../param.js';
import type { AddressSpace } from './as.js';

/**
 * Before a system call that may sleep copies to or from [va, va + len)
 * (read, write and their vectored forms): the pages of remote (NFS) files
 * there that are not in memory are read now, the call asleep for them, so
 * that the copy (which cannot sleep) finds them. A read that fails is
 * EFAULT (the copy could not be made); a signal on an `intr` mount, EINTR.
 * Pages outside any file mapping, or not reachable, are left to the copy.
 */
export function* faultin(
  as: AddressSpace,
  va: number,
  len: number,
  write: boolean,
): Generator<void, void, void> {
  const end = va + as.reach(va, len, write);
  for (let a = va - (va & PGOFSET); a < end; a += NBPG) {
    const want = as.pages.has(a >>> PGSHIFT) ? null : as.filePage(a);
    if (!want || as.mem.vnpages.canFault(want.vp, want.vp, want.idx)) continue;
    if (want.idx * NBPG >= want.vp.getattr().size) continue; // past the end: the copy's EFAULT
    try {
      if ((yield* as.mem.vnpages.pagein(want.vp, want.idx)) < 0) throw new Errno(EFAULT);
    } catch (e) {
      if (e instanceof Errno && e.errno !== EINTR) throw new Errno(EFAULT);
      throw e;
    }
  }
}

/** Byte offset in RAM of user address va, or EFAULT. */
function physical(as: AddressSpace, va: number, write: boolean): number {
  const page = as.fault(va, write);
  // (A remote file's page not yet read, 'pagein', cannot be waited for here: EFAULT unless faultin read it.)
  if (page === null || typeof page !== 'object') throw new Errno(EFAULT);
  return page.frame * NBPG + (va & PGOFSET);
}

/** Copy `len` bytes from user address `va` (EFAULT, before anything is allocated for them, if they are not all there). */
export function copyin(as: AddressSpace, va: number, len: number): Uint8Array {
  if (as.reach(va, len, false) < len) throw new Errno(EFAULT);
  const out = new Uint8Array(len);
  const ram = as.mem.ram;
  let done = 0;
  while (done < len) {
    const a = (va + done) >>> 0;
    const n = Math.min(len - done, NBPG - (a & PGOFSET));
    const p = physical(as, a, false);
    out.set(ram.subarray(p, p + n), done);
    done += n;
  }
  return out;
}

/** Copy bytes to user address `va`. */
export function copyout(as: AddressSpace, va: number, data: Uint8Array): void {
  const ram = as.mem.ram;
  let done = 0;
  while (done < data.length) {
    const a = (va + done) >>> 0;
    const n = Math.min(data.length - done, NBPG - (a & PGOFSET));
    const p = physical(as, a, true);
    ram.set(data.subarray(done, done + n), p);
    as.mem.written(p >>> PGSHIFT); // block engine: the page may hold code
    done += n;
  }
}

/** A NUL-terminated string from user space, at most `max` bytes long (ENAMETOOLONG beyond). */
export function copyinstr(as: AddressSpace, va: number, max: number): string {
  const ram = as.mem.ram;
  const bytes: number[] = [];
  for (let i = 0; i < max; i++) {
    const b = ram[physical(as, (va + i) >>> 0, false)];
    if (b === 0) return String.fromCharCode(...bytes);
    bytes.push(b);
  }
  throw new Errno(ENAMETOOLONG);
}

/** Read a 32-bit word from user space. */
export function fuword(as: AddressSpace, va: number): number {
  const b = copyin(as, va, 4);
  return (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
}

/**
 * 32-bit words as a user program lays them out (big-endian, one after
 * another): a struct of longs or ints, ready for copyout.
 */
export function longs(ws: number[]): Uint8Array {
  const b = new Uint8Array(4 * ws.length);
  const v = new DataView(b.buffer);
  for (let i = 0; i < ws.length; i++) v.setUint32(4 * i, ws[i] >>> 0);
  return b;
}

/** Write a 32-bit word to user space. */
export function suword(as: AddressSpace, va: number, v: number): void {
  copyout(as, va, new Uint8Array([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]));
}
