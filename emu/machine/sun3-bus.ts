/**
 * The bus a Sun-3/60's 68020 sees.
 *
 * - FC 1/2 (user) and 5/6 (supervisor): through the MMU (VA bits 31-28
 *   ignored) to on-board memory (PTE type 0) or on-board I/O (type 1).
 * - FC 3: the MMU's control space (emu/mmu/mmu.ts).
 * - FC 0, 4, 7: bus error. Interrupt acknowledge never comes here (the CPU
 *   asks its `iack` callback), and there is no coprocessor yet.
 *
 * Fast path: on a completed RAM access the bus fills the CPU's translation
 * cache for that virtual page, so later accesses to it never come here:
 * the READ entry at once (R is now set), the WRITE entry only when the page
 * is writable and M is set (so the first write to a clean page still
 * reaches the MMU and sets M). The MMU flushes the cache whenever a
 * translation can change. On-board I/O and control space are never cached.
 *
 * A refused access loads the bus error register and throws BusFault. An
 * access that spans two pages is checked on both before any byte moves.
 *
 * Every write to RAM that does not come through the CPU's fast path (a
 * slow-path store, DVMA, the host's copyOut) is reported to the translation
 * cache (Tlb.written), which drops translated code it overwrites.
 */
import { type Bus, BusFault, FC_CONTROL } from '../bus/bus.js';
import { SUPER_READ, SUPER_WRITE, type Tlb, USER_READ, USER_WRITE } from '../bus/tlb.js';
import type { ObioDevice } from '../dev/obio.js';
import {
  BUSERR_TIMEOUT,
  PGOFSET,
  PGSIZE,
  PGTYPE_OBIO,
  PGTYPE_OBMEM,
  PTE_MOD,
  PTE_WRITE,
  type Sun3Mmu,
} from '../mmu/mmu.js';

/**
 * Wait states an on-board I/O access adds to the memory's (the 3/60
 * timing model, docs/cpu-timing.md): an estimate, as no figure for the
 * 3/60's OBIO bus was found; the devices are 8-bit parts (Z8530, 7170,
 * EEPROM) a good deal slower than the 100 ns SIMMs.
 */
export const OBIO_WAIT_3_60 = 4;

/** OBIO decodes 2 MB in 128 KB slots, one device each. */
const OBIO_SLOT_SHIFT = 17;
const OBIO_SLOTS = 16;
const OBIO_END = OBIO_SLOTS << OBIO_SLOT_SHIFT;

const RAM = 0;
const IO = 1;

export class Sun3Bus implements Bus {
  /**
   * The MMU translates VA bits 27-0 only, so the translation cache covers
   * those 2^15 pages. An address with any of bits 31-28 set (an alias the
   * MMU treats the same) is never cached: it always comes to the bus.
   */
  readonly addressBits = 28;
  /** The memory (replaced only by useRam). */
  ram: Uint8Array;
  private readonly ramSize: number;
  private tlb: Tlb | null = null;
  private readonly slots: (ObioDevice | null)[] = new Array(OBIO_SLOTS).fill(null);
  // Where the last `route` sent the access.
  private pa = 0;
  private dev: ObioDevice | null = null;

  /** Accesses that came through the bus (Tlb misses, I/O, control space): a diagnostic. */
  slowAccesses = 0;
  /**
   * Told of every CPU access to an on-board I/O register (its OBIO physical
   * address, size, and whether it writes), before it is made: the
   * differential tests check that both CPU engines make them at the same
   * cycles.
   */
  onDeviceAccess?: (pa: number, size: number, write: boolean) => void;
  /**
   * The clock an on-board I/O access's wait states are added to (the CPU,
   * with the 3/60 timing model), and how many; null: none charged.
   */
  waitClock: { cycles: number } | null = null;
  ioWait = 0;

  constructor(
    readonly mmu: Sun3Mmu,
    ram: Uint8Array,
  ) {
    if (ram.length % PGSIZE !== 0) throw new Error('RAM size must be a multiple of 8 KB');
    this.ram = ram;
    this.ramSize = ram.length;
  }

  /** From now on the memory is `ram` (as large as before): see Sun3Machine.useRam. */
  useRam(ram: Uint8Array): void {
    if (ram.length !== this.ramSize) throw new Error('useRam: the memory must keep its size');
    this.ram = ram;
    if (this.tlb) this.tlb.ram = ram;
  }

  attachTlb(tlb: Tlb): void {
    tlb.ram = this.ram;
    this.tlb = tlb;
    this.mmu.attachTlb(tlb);
  }

  /** Put `device` at OBIO physical address `base` (a multiple of 128 KB below 2 MB). */
  mapObio(base: number, device: ObioDevice): void {
    if (base % (1 << OBIO_SLOT_SHIFT) !== 0 || base < 0 || base >= OBIO_END)
      throw new Error(`OBIO base 0x${base.toString(16)} is not a 128 KB slot below 2 MB`);
    if (device.size > 1 << OBIO_SLOT_SHIFT) throw new Error(`${device.name}: larger than an OBIO slot`);
    this.slots[base >>> OBIO_SLOT_SHIFT] = device;
  }

  /** The device decoding OBIO physical address `pa` for `size` bytes, or null. */
  obioDevice(pa: number, size: number): ObioDevice | null {
    if (pa >= OBIO_END) return null;
    const d = this.slots[pa >>> OBIO_SLOT_SHIFT];
    if (d === null || (pa & ((1 << OBIO_SLOT_SHIFT) - 1)) + size > d.size) return null;
    return d;
  }

  // ---------------------------------------------------------------- routing

  /** Load the bus error register and refuse the access. */
  private fault(addr: number, fc: number, write: boolean, size: number, cause: number): never {
    this.mmu.busError = cause;
    throw new BusFault(addr >>> 0, fc, write, size >= 4 ? 4 : size === 2 ? 2 : 1);
  }

  /**
   * Translate and check an access of `size` bytes within one page, record it
   * (R/M), fill the translation cache for RAM, and say where it goes:
   * RAM (`pa` = offset) or IO (`dev`, `pa` = offset in the device).
   */
  private route(addr: number, fc: number, write: boolean, size: number): number {
    this.slowAccesses++;
    if (fc !== 1 && fc !== 2 && fc !== 5 && fc !== 6) this.fault(addr, fc, write, size, BUSERR_TIMEOUT);
    const mmu = this.mmu;
    const user = fc < 3;
    const cause = mmu.check(addr, user, write);
    if (cause !== 0) this.fault(addr, fc, write, size, cause);
    const pa = mmu.pa;
    const type = mmu.ptype;
    if (type === PGTYPE_OBMEM) {
      if (pa >= this.ramSize) this.fault(addr, fc, write, size, BUSERR_TIMEOUT);
      const pte = mmu.commit(write);
      const tlb = this.tlb;
      const page = addr >>> 13;
      if (tlb !== null && page <= tlb.pageMask) {
        const base = pa - (pa & PGOFSET);
        tlb.fill(user ? USER_READ : SUPER_READ, page, base);
        if ((pte & (PTE_WRITE | PTE_MOD)) === (PTE_WRITE | PTE_MOD))
          tlb.fill(user ? USER_WRITE : SUPER_WRITE, page, base);
      }
      this.pa = pa;
      return RAM;
    }
    if (type === PGTYPE_OBIO) {
      const dev = this.obioDevice(pa, size);
      if (dev === null) this.fault(addr, fc, write, size, BUSERR_TIMEOUT);
      mmu.commit(write);
      this.dev = dev;
      this.pa = pa & ((1 << OBIO_SLOT_SHIFT) - 1);
      if (this.waitClock !== null) this.waitClock.cycles += this.ioWait;
      this.onDeviceAccess?.(pa, size, write);
      return IO;
    }
    return this.fault(addr, fc, write, size, BUSERR_TIMEOUT); // VME: not on a 3/60
  }

  /** Whether an access at addr of `size` bytes leaves its page. */
  private static crosses(addr: number, size: number): boolean {
    return (addr & PGOFSET) + size > PGSIZE;
  }

  /**
   * Check that an access could be made, without making it (no R/M, no
   * cache fill). Throws the BusFault the access would raise, with the
   * address of the first byte that would fault, and loads the bus error
   * register.
   */
  probe(addr: number, size: number, fc: number, write: boolean): void {
    addr >>>= 0;
    if (fc === FC_CONTROL) {
      if (!this.mmu.controlValid(addr)) this.fault(addr, fc, write, size, BUSERR_TIMEOUT);
      return;
    }
    if (fc !== 1 && fc !== 2 && fc !== 5 && fc !== 6) this.fault(addr, fc, write, size, BUSERR_TIMEOUT);
    const user = fc < 3;
    let a = addr;
    let left = size;
    while (left > 0) {
      const n = Math.min(left, PGSIZE - (a & PGOFSET));
      const cause = this.mmu.check(a, user, write);
      if (cause !== 0) this.fault(a, fc, write, size, cause);
      const pa = this.mmu.pa;
      const type = this.mmu.ptype;
      const ok =
        type === PGTYPE_OBMEM
          ? pa + n <= this.ramSize
          : type === PGTYPE_OBIO && this.obioDevice(pa, n) !== null;
      if (!ok) this.fault(a, fc, write, size, BUSERR_TIMEOUT);
      a = (a + n) >>> 0;
      left -= n;
    }
  }

  /**
   * Read `size` (1, 2 or 4) bytes at `addr` as the CPU would with function
   * code `fc`, but leave no trace of it: no R or M bit, no translation cache
   * fill, no bus error register, and no device read (reading a device
   * register can change it, so I/O pages are refused). Returns the value,
   * unsigned, or -1 if the access would fault or reach I/O. For instruction
   * traces and debuggers.
   */
  peek(addr: number, size: number, fc: number): number {
    if (fc !== 1 && fc !== 2 && fc !== 5 && fc !== 6) return -1;
    const user = fc < 3;
    let v = 0;
    for (let i = 0; i < size; i++) {
      const pa = this.mmu.peekMemory((addr + i) >>> 0, user);
      if (pa < 0 || pa >= this.ramSize) return -1;
      v = v * 256 + this.ram[pa];
    }
    return v;
  }

  // ---------------------------------------------------------------- accesses

  read8(addr: number, fc: number): number {
    if (fc === FC_CONTROL) return this.controlRead(addr, 1);
    if (this.route(addr, fc, false, 1) === RAM) return this.ram[this.pa];
    return (this.dev as ObioDevice).read8(this.pa);
  }

  read16(addr: number, fc: number): number {
    if (fc === FC_CONTROL) return this.controlRead(addr, 2);
    if (Sun3Bus.crosses(addr, 2)) return this.readSpanning(addr, fc, 2);
    if (this.route(addr, fc, false, 2) === RAM) {
      const m = this.ram;
      const p = this.pa;
      return (m[p] << 8) | m[p + 1];
    }
    const d = this.dev as ObioDevice;
    const o = this.pa;
    return d.read16 ? d.read16(o) & 0xffff : (d.read8(o) << 8) | d.read8(o + 1);
  }

  read32(addr: number, fc: number): number {
    if (fc === FC_CONTROL) return this.controlRead(addr, 4) | 0;
    if (Sun3Bus.crosses(addr, 4)) return this.readSpanning(addr, fc, 4) | 0;
    if (this.route(addr, fc, false, 4) === RAM) {
      const m = this.ram;
      const p = this.pa;
      return (m[p] << 24) | (m[p + 1] << 16) | (m[p + 2] << 8) | m[p + 3];
    }
    const d = this.dev as ObioDevice;
    const o = this.pa;
    if (d.read32) return d.read32(o) | 0;
    if (d.read16) return (d.read16(o) << 16) | (d.read16(o + 2) & 0xffff);
    return (d.read8(o) << 24) | (d.read8(o + 1) << 16) | (d.read8(o + 2) << 8) | d.read8(o + 3);
  }

  write8(addr: number, value: number, fc: number): void {
    if (fc === FC_CONTROL) {
      this.controlWrite(addr, 1, value);
      return;
    }
    if (this.route(addr, fc, true, 1) === RAM) {
      this.ram[this.pa] = value;
      this.tlb?.written(this.pa, 1);
    } else (this.dev as ObioDevice).write8(this.pa, value & 0xff);
  }

  write16(addr: number, value: number, fc: number): void {
    if (fc === FC_CONTROL) {
      this.controlWrite(addr, 2, value);
      return;
    }
    if (Sun3Bus.crosses(addr, 2)) {
      this.writeSpanning(addr, fc, 2, value);
      return;
    }
    if (this.route(addr, fc, true, 2) === RAM) {
      const m = this.ram;
      const p = this.pa;
      m[p] = value >>> 8;
      m[p + 1] = value;
      this.tlb?.written(p, 2);
      return;
    }
    const d = this.dev as ObioDevice;
    const o = this.pa;
    if (d.write16) d.write16(o, value & 0xffff);
    else {
      d.write8(o, (value >>> 8) & 0xff);
      d.write8(o + 1, value & 0xff);
    }
  }

  write32(addr: number, value: number, fc: number): void {
    if (fc === FC_CONTROL) {
      this.controlWrite(addr, 4, value);
      return;
    }
    if (Sun3Bus.crosses(addr, 4)) {
      this.writeSpanning(addr, fc, 4, value);
      return;
    }
    if (this.route(addr, fc, true, 4) === RAM) {
      const m = this.ram;
      const p = this.pa;
      m[p] = value >>> 24;
      m[p + 1] = value >>> 16;
      m[p + 2] = value >>> 8;
      m[p + 3] = value;
      this.tlb?.written(p, 4);
      return;
    }
    const d = this.dev as ObioDevice;
    const o = this.pa;
    if (d.write32) d.write32(o, value | 0);
    else if (d.write16) {
      d.write16(o, (value >>> 16) & 0xffff);
      d.write16(o + 2, value & 0xffff);
    } else for (let i = 0; i < 4; i++) d.write8(o + i, (value >>> (24 - 8 * i)) & 0xff);
  }

  /** An access over a page boundary: both pages checked first, then byte by byte. */
  private readSpanning(addr: number, fc: number, size: number): number {
    this.probe(addr, size, fc, false);
    let v = 0;
    for (let i = 0; i < size; i++) v = (v << 8) | this.read8((addr + i) >>> 0, fc);
    return v;
  }

  private writeSpanning(addr: number, fc: number, size: number, value: number): void {
    this.probe(addr, size, fc, true);
    for (let i = 0; i < size; i++)
      this.write8((addr + i) >>> 0, (value >>> ((size - 1 - i) << 3)) & 0xff, fc);
  }

  private controlRead(addr: number, size: number): number {
    this.slowAccesses++;
    addr >>>= 0;
    if (!this.mmu.controlValid(addr)) this.fault(addr, FC_CONTROL, false, size, BUSERR_TIMEOUT);
    return this.mmu.controlRead(addr, size);
  }

  private controlWrite(addr: number, size: number, value: number): void {
    this.slowAccesses++;
    addr >>>= 0;
    if (!this.mmu.controlValid(addr)) this.fault(addr, FC_CONTROL, true, size, BUSERR_TIMEOUT);
    this.mmu.controlWrite(addr, size, value);
  }

  // ---------------------------------------------------------------- host access

  /**
   * Physical RAM [pa, pa + len) was written from the host side (the hosted
   * kernel's copyout, a page it zeroed or copied, a program it loaded):
   * translated code there is stale.
   */
  ramWritten(pa: number, len: number): void {
    this.tlb?.written(pa, len);
  }

  /**
   * Copy `len` bytes from virtual address `va` (current context) into
   * `dst[off..]`, with the protection of a user (`user`) or supervisor
   * read, setting R as the CPU would. All pages are checked first: on any
   * fault nothing is copied and false is returned. Only on-board memory
   * counts as readable here. For the hosted kernel's copyin.
   */
  copyIn(va: number, dst: Uint8Array, off: number, len: number, user: boolean): boolean {
    return this.copyVirtual(va, dst, off, len, user, false);
  }

  /** The reverse of copyIn (copyout): sets R and M on the pages written. */
  copyOut(va: number, src: Uint8Array, off: number, len: number, user: boolean): boolean {
    return this.copyVirtual(va, src, off, len, user, true);
  }

  // ---------------------------------------------------------------- DVMA

  /**
   * DVMA read for an on-board DMA master (the LANCE): copy `len` bytes at
   * the 24-bit address `addr` into `dst[off..]`. Each page is translated as
   * the supervisor VA 0x0F000000 | addr in the current context (with
   * ENABLE.SDVMA), and must be on-board memory. Returns the number of bytes
   * copied before the first page that does not translate (`len` when all
   * do); the bytes before it have moved, as they would have. The bus error
   * register is not loaded: a DMA master sees its own timeout.
   */
  dvmaRead(addr: number, dst: Uint8Array, off: number, len: number): number {
    return this.dvmaCopy(addr, dst, off, len, false);
  }

  /** The write direction of dvmaRead: sets R and M on the pages written. */
  dvmaWrite(addr: number, src: Uint8Array, off: number, len: number): number {
    return this.dvmaCopy(addr, src, off, len, true);
  }

  private dvmaCopy(addr: number, buf: Uint8Array, off: number, len: number, write: boolean): number {
    let done = 0;
    while (done < len) {
      const a = (addr + done) & 0xffffff;
      const n = Math.min(len - done, PGSIZE - (a & PGOFSET));
      const pa = this.mmu.dvmaTranslate(a, write);
      if (pa < 0 || pa + n > this.ramSize) break;
      if (write) {
        this.ram.set(buf.subarray(off + done, off + done + n), pa);
        this.tlb?.written(pa, n);
      } else buf.set(this.ram.subarray(pa, pa + n), off + done);
      done += n;
    }
    return done;
  }

  private copyVirtual(
    va: number,
    buf: Uint8Array,
    off: number,
    len: number,
    user: boolean,
    write: boolean,
  ): boolean {
    const mmu = this.mmu;
    for (let pass = 0; pass < 2; pass++) {
      let a = va >>> 0;
      let o = off;
      let left = len;
      while (left > 0) {
        const n = Math.min(left, PGSIZE - (a & PGOFSET));
        if (mmu.check(a, user, write) !== 0 || mmu.ptype !== PGTYPE_OBMEM || mmu.pa + n > this.ramSize)
          return false;
        if (pass === 1) {
          mmu.commit(write);
          const p = mmu.pa;
          if (write) {
            this.ram.set(buf.subarray(o, o + n), p);
            this.tlb?.written(p, n);
          } else buf.set(this.ram.subarray(p, p + n), o);
        }
        a = (a + n) >>> 0;
        o += n;
        left -= n;
      }
    }
    return true;
  }
}
