/**
 * Core dumps (4.3BSD's core() in kern_sig.c; LMKQ §4.7), in the SunOS 4
 * Sun-3 format of <sys/core.h>.
 *
 * When a signal whose default action is "terminate with a core image"
 * (SIGQUIT, SIGILL, SIGTRAP, SIGIOT, SIGEMT, SIGFPE, SIGBUS, SIGSEGV,
 * SIGSYS) kills a process, the kernel writes a file named `core` in the
 * process's current directory, and the wait status gets the 0200 bit
 * (WCOREDUMP). As in 4.3BSD and SunOS, no core is written
 * - by a set-user-id or set-group-id process, or one that changed its ids
 *   since it last ran an ordinary program (SSUGID): its memory may hold
 *   what its privileges let it read;
 * - when the whole image would not be smaller than RLIMIT_CORE (the limit
 *   0 means no cores at all; a core is never cut short to fit);
 * - when the process may not create `core` in its directory, or `core`
 *   exists and it may not write it, or it is not a plain file with one link.
 *
 * The file is the header below, then the data segment (data, bss and heap,
 * from the start of data to the break rounded up to a page), then the
 * stack (from its lowest page to USRSTACK). SunOS also appended an image of
 * the u-area; sun3lab's u-area is not in emulated memory, so none follows.
 *
 * struct core (SunOS 4 <sys/core.h>, Sun-3: ints are 2-byte aligned, and
 * the kernel is built with FPU, so the floating-point state is included):
 *
 *   0  c_magic      0x080456 (CORE_MAGIC)
 *   4  c_len        sizeof (struct core) = 826: where the data starts
 *   8  c_regs       struct regs: d0-d7, a0-a7 (a7 the user SP), then
 *                   r_sr (an int, the SR in its low 16 bits) and r_pc
 *  80  c_aouthdr    the program's a.out header (struct exec, 32 bytes)
 * 112  c_signo      the signal that killed the process
 * 116  c_tsize      text size, bytes
 * 120  c_dsize      data size, bytes (what follows the header)
 * 124  c_ssize      stack size, bytes (what follows the data)
 * 128  c_cmdname    command name, 16 characters and a NUL
 * 146  c_fpu        struct fpu: 68881 state, FPA registers and padding,
 *                   676 bytes: its first 112 are the process's struct
 *                   fp_status (fpstate.ts: FP0-FP7, FPCR, FPSR, FPIAR,
 *                   fps_flags FPS_UNUSED or FPS_IDLE); no FPA, so the rest
 *                   is zero
 * 822  c_ucode      the trap vector of a fault (u_code), else 0
 */
import { EACCES, EFAULT, Errno } from '../errno.js';
import { namei } from '../fs/namei.js';
import { kdone, type Vnode, VREG } from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import { NBPG, PGOFSET, PGSHIFT, USRSTACK } from '../param.js';
import type { AddressSpace } from '../vm/as.js';
import { fpStatus } from './fpstate.js';
import { type Proc, SSUGID } from './proc.js';

export const CORE_MAGIC = 0x080456;
export const CORE_NAMELEN = 16;
/** sizeof (struct core) on a Sun-3 (see above). */
export const CORE_HDRLEN = 826;
const RLIMIT_CORE = 4;

/**
 * Write the core image of process p, killed by `signo`. Returns true if a
 * complete core file was written (the caller then sets the wait status's
 * core bit).
 */
export function coredump(k: Kernel, p: Proc, signo: number): boolean {
  const cred = p.cred;
  if (cred.uid !== cred.ruid || cred.gid !== cred.rgid || p.flag & SSUGID) return false;
  const vm = p.vm;
  const dsize = roundPage(Math.max(0, vm.brk - vm.dataStart));
  const ssize = Math.max(0, USRSTACK - vm.stackBottom);
  if (CORE_HDRLEN + dsize + ssize >= p.rlimits[RLIMIT_CORE][0]) return false;
  let vp: Vnode | null = null;
  try {
    vp = createCore(k, p);
    if (!vp) return false;
    kdone(vp.setattr({ size: 0 }, cred));
    let off = 0;
    const put = (data: Uint8Array) => {
      const n = writeAll(vp as Vnode, off, data);
      off += n;
      k.chargeCopy(n);
    };
    put(header(p, signo, dsize, ssize));
    put(readUser(vm, vm.dataStart, dsize));
    put(readUser(vm, USRSTACK - ssize, ssize));
    return true;
  } catch (e) {
    if (e instanceof Errno) return false; // no space, no permission: no core
    throw e;
  } finally {
    vp?.release();
  }
}

/**
 * The vnode of ./core, created (mode 0644 less the umask, owned by the
 * process's effective ids) if it does not exist; null if the process may
 * not write it or it is not a plain file with exactly one link.
 */
function createCore(k: Kernel, p: Proc): Vnode | null {
  const r = kdone(namei(k.root, p, 'core'));
  try {
    if (r.vnode) {
      const a = r.vnode.getattr();
      if (r.vnode.type !== VREG || a.nlink !== 1 || !r.vnode.access(2, p.cred)) {
        r.vnode.release();
        return null;
      }
      return r.vnode;
    }
    if (!r.dir.access(2, p.cred)) throw new Errno(EACCES);
    return kdone(r.dir.create(r.name, 0o644 & ~p.u.cmask, p.cred)).hold();
  } finally {
    r.dir.release();
  }
}

/**
 * Write all of data at offset. The kernel cannot wait here (kdone): a core
 * in a remote (NFS) directory that would have to wait for the server is
 * not written.
 */
function writeAll(vp: Vnode, offset: number, data: Uint8Array): number {
  if (data.length === 0) return 0;
  const n = kdone(vp.write(offset, data, 0));
  if (n !== data.length) throw new Errno(EFAULT);
  return n;
}

/** struct core for p (layout above). */
function header(p: Proc, signo: number, dsize: number, ssize: number): Uint8Array {
  const b = new Uint8Array(CORE_HDRLEN);
  const v = new DataView(b.buffer);
  v.setUint32(0, CORE_MAGIC);
  v.setUint32(4, CORE_HDRLEN);
  for (let i = 0; i < 16; i++) v.setUint32(8 + 4 * i, p.pcb.regs[i] >>> 0);
  v.setUint32(72, p.pcb.sr & 0xffff);
  v.setUint32(76, p.pcb.pc >>> 0);
  b.set(p.u.exdata.subarray(0, 32), 80);
  v.setUint32(112, signo);
  v.setUint32(116, p.vm.textEnd - p.vm.textStart);
  v.setUint32(120, dsize);
  v.setUint32(124, ssize);
  b.set(new TextEncoder().encode(p.u.comm).subarray(0, CORE_NAMELEN), 128);
  b.set(fpStatus(p.pcb.fp), 146);
  v.setUint32(822, p.sig.code >>> 0);
  return b;
}

/**
 * len bytes of the address space from va: resident and paged-out pages as
 * they are, untouched ones as zeros (nothing is faulted in).
 */
function readUser(as: AddressSpace, va: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let done = 0; done < len; ) {
    const a = va + done;
    const n = Math.min(len - done, NBPG - (a & PGOFSET));
    const page = as.readPage(a >>> PGSHIFT);
    if (page) out.set(page.subarray(a & PGOFSET, (a & PGOFSET) + n), done);
    done += n;
  }
  return out;
}

function roundPage(n: number): number {
  return Math.ceil(n / NBPG) * NBPG;
}
