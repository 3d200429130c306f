/**
 * A test driver for the LANCE: host code that does what a kernel's driver
 * does, through the same paths. It reaches the chip only through RAP/RDP at
 * a mapped OBIO page, and the init block, descriptors and buffers only
 * through the CPU's view of the DVMA window (supervisor accesses at VA
 * 0x0FF00000, the chip's address 0xF00000), so the chip sees them through
 * the MMU exactly as it would a kernel's.
 *
 * DVMA layout (chip addresses):
 *   0xF00000 init block     0xF00040 receive ring    0xF00800 transmit ring
 *   0xF02000 receive buffers (RXBUF bytes each)       0xF10000 transmit buffers (TXBUF each)
 * The window is 16 pages (128 KB) on physical pages DVMA_PFN..DVMA_PFN+15.
 */
import { FC_SUPERVISOR_DATA } from '../../emu/bus/bus.js';
import {
  LE_C0_IDON,
  LE_C0_INEA,
  LE_C0_INIT,
  LE_C0_STOP,
  LE_C0_STRT,
  LE_C0_TDMD,
  LE_C3_BSWP,
  LE_CSR0,
  LE_CSR1,
  LE_CSR2,
  LE_CSR3,
  LE_IB_LADRF,
  LE_IB_MODE,
  LE_IB_PADR,
  LE_IB_RDRA,
  LE_IB_RLEN,
  LE_IB_TDRA,
  LE_IB_TLEN,
  LE_MD_SIZE,
  LE_MD0,
  LE_MD1,
  LE_MD2,
  LE_MD3,
  LE_R1_OWN,
  LE_RAP,
  LE_RDP,
  LE_T1_ENP,
  LE_T1_OWN,
  LE_T1_STP,
  leBcnt,
  leRingLength,
} from '../../emu/dev/am7990-regs.js';
import { OBIO_LANCE } from '../../emu/dev/obio.js';
import type { Sun3Machine } from '../../emu/machine/sun3.js';
import { ENA_SDVMA, makePte, PGTYPE_OBIO } from '../../emu/mmu/mmu.js';
import { OBIO_PMEG, OBIO_VA } from './helpers.js';

const FC = FC_SUPERVISOR_DATA;
/** The LANCE's registers, in page 6 of the test machines' OBIO segment. */
export const LE_VA = OBIO_VA + 0xc000;
export const DVMA_VA = 0x0ff00000;
export const DVMA_PMEG = 2;
/** First physical page of the DVMA window (PA 0x80000). */
export const DVMA_PFN = 0x40;
/** Chip addresses. */
export const IB = 0xf00000;
export const RDRA = 0xf00040;
export const TDRA = 0xf00800;
export const RXBUFS = 0xf02000;
export const TXBUFS = 0xf10000;
export const RXBUF = 1536;
export const TXBUF = 1536;

/** The VA a driver uses for chip address `a`. */
export function va(a: number): number {
  return DVMA_VA | (a & 0xfffff);
}

/** Map the LANCE's registers and the DVMA window in every context, and enable system DVMA. */
export function mapLance(m: Sun3Machine): void {
  const mmu = m.mmu;
  mmu.setPte(OBIO_PMEG, 6, makePte(OBIO_LANCE >>> 13, { write: true, system: true, type: PGTYPE_OBIO }));
  for (let ctx = 0; ctx < 8; ctx++) mmu.setSegmap(ctx, DVMA_VA, DVMA_PMEG);
  for (let i = 0; i < 16; i++) mmu.setPte(DVMA_PMEG, i, makePte(DVMA_PFN + i, { write: true, system: true }));
  mmu.enable |= ENA_SDVMA;
}

export interface DriverOptions {
  rxRing?: number;
  txRing?: number;
  mode?: number;
  /** Station address (default: the machine's, from its ID PROM). */
  padr?: ArrayLike<number>;
  /** The four filter words. */
  ladrf?: number[];
  /** CSR3 (default BSWP, as Sun's driver). */
  csr3?: number;
  /** Receive buffer size (default 1536). */
  rxBuf?: number;
}

export interface RxDesc {
  md0: number;
  md1: number;
  md2: number;
  md3: number;
}

export class LeDriver {
  readonly rxRing: number;
  readonly txRing: number;
  readonly rxBuf: number;
  /** Next transmit descriptor to fill, next receive descriptor to look at. */
  txNext = 0;
  rxNext = 0;

  constructor(
    readonly m: Sun3Machine,
    readonly opts: DriverOptions = {},
  ) {
    this.rxRing = opts.rxRing ?? 8;
    this.txRing = opts.txRing ?? 4;
    this.rxBuf = opts.rxBuf ?? RXBUF;
    mapLance(m);
  }

  // ---- registers, through RAP/RDP
  wr(csr: number, v: number): void {
    this.m.bus.write16(LE_VA + LE_RAP, csr, FC);
    this.m.bus.write16(LE_VA + LE_RDP, v, FC);
  }
  rd(csr: number): number {
    this.m.bus.write16(LE_VA + LE_RAP, csr, FC);
    return this.m.bus.read16(LE_VA + LE_RDP, FC);
  }
  csr0(): number {
    return this.rd(LE_CSR0);
  }

  // ---- memory, through the CPU's view of the DVMA window
  w16(a: number, v: number): void {
    this.m.bus.write16(va(a), v & 0xffff, FC);
  }
  r16(a: number): number {
    return this.m.bus.read16(va(a), FC);
  }
  put(a: number, bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.m.bus.write8(va(a + i), bytes[i], FC);
  }
  get(a: number, n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.m.bus.read8(va(a + i), FC);
    return out;
  }

  rxDescAddr(i: number): number {
    return RDRA + i * LE_MD_SIZE;
  }
  txDescAddr(i: number): number {
    return TDRA + i * LE_MD_SIZE;
  }
  rxBufAddr(i: number): number {
    return RXBUFS + i * this.rxBuf;
  }
  txBufAddr(i: number): number {
    return TXBUFS + i * TXBUF;
  }

  /** Write the init block and rings (every receive buffer given to the chip), stop, point CSR1-3 at it. */
  setup(): void {
    const o = this.opts;
    const padr = o.padr ?? this.m.ethernet;
    this.wr(LE_CSR0, LE_C0_STOP);
    this.w16(IB + LE_IB_MODE, o.mode ?? 0);
    for (let i = 0; i < 3; i++) this.w16(IB + LE_IB_PADR + 2 * i, (padr[2 * i + 1] << 8) | padr[2 * i]);
    const ladrf = o.ladrf ?? [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) this.w16(IB + LE_IB_LADRF + 2 * i, ladrf[i]);
    this.w16(IB + LE_IB_RDRA, RDRA & 0xffff);
    this.w16(IB + LE_IB_RLEN, leRingLength(this.rxRing, RDRA));
    this.w16(IB + LE_IB_TDRA, TDRA & 0xffff);
    this.w16(IB + LE_IB_TLEN, leRingLength(this.txRing, TDRA));
    for (let i = 0; i < this.rxRing; i++) this.giveRx(i);
    for (let i = 0; i < this.txRing; i++) {
      const d = this.txDescAddr(i);
      this.w16(d + LE_MD0, this.txBufAddr(i) & 0xffff);
      this.w16(d + LE_MD1, (this.txBufAddr(i) >>> 16) & 0xff);
      this.w16(d + LE_MD2, 0);
      this.w16(d + LE_MD3, 0);
    }
    this.txNext = 0;
    this.rxNext = 0;
    this.wr(LE_CSR1, IB & 0xffff);
    this.wr(LE_CSR2, IB >>> 16);
    this.wr(LE_CSR3, o.csr3 ?? LE_C3_BSWP);
  }

  /** Hand receive descriptor i (and its buffer) to the chip. */
  giveRx(i: number, size = this.rxBuf): void {
    const d = this.rxDescAddr(i);
    const b = this.rxBufAddr(i);
    this.w16(d + LE_MD0, b & 0xffff);
    this.w16(d + LE_MD2, leBcnt(size));
    this.w16(d + LE_MD3, 0);
    this.w16(d + LE_MD1, LE_R1_OWN | ((b >>> 16) & 0xff)); // OWN last
  }

  /** setup, INIT, wait for IDON, acknowledge it, STRT (with INEA if asked). */
  start(inea = false): void {
    this.setup();
    this.wr(LE_CSR0, LE_C0_INIT);
    this.m.run(200);
    if (!(this.csr0() & LE_C0_IDON))
      throw new Error(`LANCE did not initialize: csr0 ${this.csr0().toString(16)}`);
    this.wr(LE_CSR0, LE_C0_IDON | LE_C0_STRT | (inea ? LE_C0_INEA : 0));
  }

  /**
   * Queue a frame (without FCS) in one or more transmit descriptors: `split`
   * gives the lengths of the buffers after the first. Sets OWN on the later
   * descriptors first and on the first one last, then TDMD (unless `demand`
   * is false). Returns the first descriptor's index.
   */
  send(frame: Uint8Array, split: number[] = [], demand = true): number {
    const sizes = [frame.length - split.reduce((a, b) => a + b, 0), ...split];
    const first = this.txNext;
    let off = 0;
    const descs: number[] = [];
    for (let k = 0; k < sizes.length; k++) {
      const i = this.txNext;
      this.txNext = (this.txNext + 1) % this.txRing;
      const d = this.txDescAddr(i);
      const b = this.txBufAddr(i);
      this.put(b, frame.subarray(off, off + sizes[k]));
      off += sizes[k];
      this.w16(d + LE_MD0, b & 0xffff);
      this.w16(d + LE_MD2, leBcnt(sizes[k]));
      this.w16(d + LE_MD3, 0);
      descs.push(i);
    }
    for (let k = descs.length - 1; k >= 0; k--) {
      const i = descs[k];
      const b = this.txBufAddr(i);
      const flags = (k === 0 ? LE_T1_STP : 0) | (k === descs.length - 1 ? LE_T1_ENP : 0);
      this.w16(this.txDescAddr(i) + LE_MD1, LE_T1_OWN | flags | ((b >>> 16) & 0xff));
    }
    if (demand) this.wr(LE_CSR0, LE_C0_TDMD | (this.csr0() & LE_C0_INEA));
    return first;
  }

  txDesc(i: number): RxDesc {
    const d = this.txDescAddr(i);
    return { md0: this.r16(d), md1: this.r16(d + 2), md2: this.r16(d + 4), md3: this.r16(d + 6) };
  }
  rxDesc(i: number): RxDesc {
    const d = this.rxDescAddr(i);
    return { md0: this.r16(d), md1: this.r16(d + 2), md2: this.r16(d + 4), md3: this.r16(d + 6) };
  }

  /**
   * Take the frames the chip has handed back (single-buffer frames, as a
   * driver with full-size buffers gets them), giving each buffer back.
   * Returns each frame's bytes (with FCS) and descriptor flags.
   */
  receive(): { data: Uint8Array; md1: number }[] {
    const out: { data: Uint8Array; md1: number }[] = [];
    for (;;) {
      const i = this.rxNext;
      const d = this.rxDesc(i);
      if (d.md1 & LE_R1_OWN) break;
      out.push({ data: this.get(this.rxBufAddr(i), d.md3 & 0xfff), md1: d.md1 });
      this.giveRx(i);
      this.rxNext = (i + 1) % this.rxRing;
    }
    return out;
  }
}
