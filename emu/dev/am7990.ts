/**
 * AMD Am7990 LANCE, the Sun-3/60's Ethernet controller: OBIO 0x120000,
 * register data port (RDP) at +0 and register address port (RAP) at +2,
 * interrupt level 3 (autovectored). The chip is a DMA master: it reads its
 * initialization block, its descriptor rings and its buffers from memory
 * with 24-bit addresses, which the board sends through the MMU (DVMA,
 * emu/machine/sun3-bus.ts). Register and bit names are in am7990-regs.ts;
 * docs/machine.md describes them for a driver writer.
 *
 * What is modelled:
 * - RAP/RDP and CSR0-CSR3 with the data sheet's access rules: the
 *   write-one-to-clear status bits, INIT/STRT/STOP/TDMD, INEA, ERR and INTR
 *   as ORs, CSR1-3 writable only while stopped, STOP winning over the rest
 *   and clearing CSR3.
 * - INIT: the 24-byte initialization block read by DMA (mode, station
 *   address, logical-address filter, both rings), then IDON. INIT and STRT
 *   written together initialize and then start.
 * - Transmit: the ring polled every 1.6 ms or at once on TDMD; OWN
 *   handshakes; frames chained over several buffers (STP ... ENP); BCNT in
 *   two's complement; the FCS appended unless DTCR; the frame's wire time
 *   (preamble, frame padded to 64 bytes with FCS, at 10 Mbit/s) and the
 *   96-bit gap before the next; TINT when the last descriptor is handed back.
 *   Errors: BUFF+UFLO when a chained frame's next buffer is not owned (the
 *   frame is cut short with a bad FCS and the transmitter stops), BABL for
 *   a frame over 1518 bytes, LCAR+CERR when no cable is attached, RTRY
 *   with the forced-collision test mode (COLL, with DRTY one attempt only).
 * - Receive: each frame at its arrival instant; runts (< 64 bytes)
 *   dropped; address filter (own address, broadcast, multicast through the
 *   64-bit logical-address filter and its CRC hash, or everything with
 *   PROM); data and descriptors written by DMA; chaining with a look at the
 *   next descriptor; MCNT with the FCS; CRC and FRAM (bad FCS, with stray
 *   bits); BUFF when the next buffer of a chain is not owned; MISS when no
 *   buffer is owned at all (the frame is lost: nothing is ever buffered for
 *   the driver); RINT.
 * - MERR: any DMA access to an address the MMU does not map to memory.
 *   The receiver and transmitter turn off; a frame whose buffer could not
 *   be written is reported with OFLO (its data were lost in the FIFO).
 * - Loopback (LOOP, internal with INTL): the chip receives its own frames;
 *   internal loopback reaches no wire, takes frames of up to 32 bytes (a
 *   longer one overflows: OFLO) and, without DTCR, does not check the FCS
 *   it generated. BSWP: buffer bytes in 68000 order, or swapped in pairs.
 *
 * Not modelled:
 * - Collisions, deferral and retries on the wire: a segment is collision
 *   free (emu/net/segment.ts), so ONE, MORE, DEF, LCOL and RTRY never
 *   appear outside the COLL test mode. TDR stays 0.
 * - Bus timing: DMA takes no time apart from fixed start-up latencies;
 *   FIFO underflow and overflow happen only in the cases above. ACON and
 *   BCON are stored but change nothing. A transmitted frame is read from
 *   memory at the instant it starts; STOP during a transmission does not
 *   cut short the frame already on the wire.
 * - The rev C chip bugs of some early Sun boards.
 */
import type { Scheduler, Timer } from '../machine/scheduler.js';
import {
  appendFcs,
  ETHER_FCS_LEN,
  ETHER_MAX_LEN,
  ETHER_MIN_LEN,
  fcsOk,
  frameCycles,
  IFG_CYCLES,
} from '../net/ether.js';
import {
  LE_C0_BABL,
  LE_C0_CERR,
  LE_C0_ERR,
  LE_C0_ERRBITS,
  LE_C0_IDON,
  LE_C0_INEA,
  LE_C0_INIT,
  LE_C0_INTR,
  LE_C0_INTRBITS,
  LE_C0_MERR,
  LE_C0_MISS,
  LE_C0_RINT,
  LE_C0_RXON,
  LE_C0_STOP,
  LE_C0_STRT,
  LE_C0_TDMD,
  LE_C0_TINT,
  LE_C0_TXON,
  LE_C0_W1C,
  LE_C1_MASK,
  LE_C2_MASK,
  LE_C3_BSWP,
  LE_C3_MASK,
  LE_IB_SIZE,
  LE_MD_SIZE,
  LE_MD1,
  LE_MD2,
  LE_MD3,
  LE_MODE_COLL,
  LE_MODE_DRTY,
  LE_MODE_DRX,
  LE_MODE_DTCR,
  LE_MODE_DTX,
  LE_MODE_INTL,
  LE_MODE_LOOP,
  LE_MODE_PROM,
  LE_R1_BUFF,
  LE_R1_CRC,
  LE_R1_ENP,
  LE_R1_ERR,
  LE_R1_FRAM,
  LE_R1_HADR,
  LE_R1_OFLO,
  LE_R1_OWN,
  LE_R1_STP,
  LE_R3_MCNT,
  LE_RLEN_SHIFT,
  LE_T1_DEF,
  LE_T1_ENP,
  LE_T1_ERR,
  LE_T1_MORE,
  LE_T1_ONE,
  LE_T1_OWN,
  LE_T1_STP,
  LE_T3_BUFF,
  LE_T3_LCAR,
  LE_T3_RTRY,
  LE_T3_UFLO,
  leBufferLength,
  leLadrfIndex,
} from './am7990-regs.js';
import type { ObioDevice } from './obio.js';
import type { EtherChip, Transceiver } from './transceiver.js';

/** How the chip reaches memory: 24-bit addresses, byte runs. */
export interface LanceDma {
  /** Copy `len` bytes at `addr` into `dst[off..]`; returns how many were copied before a fault (`len` if none). */
  read(addr: number, dst: Uint8Array, off: number, len: number): number;
  /** Copy `src[off..off+len)` to `addr`; returns how many bytes were written before a fault. */
  write(addr: number, src: Uint8Array, off: number, len: number): number;
}

/** The transmit ring is polled this often without TDMD: 1.6 ms. */
export const LE_TX_POLL_CYCLES = 32_000;
/** From INIT to IDON: twelve DMA word reads of 600 ns. */
export const LE_INIT_CYCLES = 144;
/** From finding an owned descriptor to the first bit of the preamble: fetching the descriptor and filling the FIFO. */
export const LE_TX_START_CYCLES = 48;
/** Internal loopback handles frames of at most this many bytes before the FCS. */
export const LE_LOOPBACK_MAX = 32;
/** Frames on their way to the chip (arrival instant in the future) beyond which the wire is considered jammed. */
const MAX_IN_FLIGHT = 1024;

/** Collision test mode timing: preamble and jam per attempt, and the backoff slot (512 bit times). */
const COLL_ATTEMPT_CYCLES = (64 + 32) * 2;
const SLOT_CYCLES = 512 * 2;

interface Arrival {
  frame: Uint8Array;
  at: number;
  dribble: number;
  seq: number;
}

/** A descriptor of the frame being transmitted. */
interface TxDesc {
  addr: number;
  md1: number;
}

type TxState = 'idle' | 'starting' | 'busy';

export class Am7990 implements ObioDevice, EtherChip {
  readonly name = 'le';
  readonly size = 4;

  private rap = 0;
  /** CSR0 without ERR and INTR, which are computed. */
  private csr0 = LE_C0_STOP;
  private csr1 = 0;
  private csr2 = 0;
  private csr3 = 0;

  // What INIT read from the initialization block.
  /** MODE word. */
  mode = 0;
  readonly padr = new Uint8Array(6);
  /** The logical-address filter: bit n is bit n & 15 of ladrf[n >> 4]. */
  readonly ladrf = new Uint16Array(4);
  private rdra = 0;
  private rlen = 1;
  private tdra = 0;
  private tlen = 1;
  private rxIndex = 0;
  private txIndex = 0;

  private startAfterInit = false;
  private readonly initTimer: Timer;
  private readonly txTimer: Timer;
  private readonly rxTimer: Timer;
  private txState: TxState = 'idle';
  /** The frame on the wire: its descriptors, TMD3 error bits, whether to loop it back, babble. */
  private txDescs: TxDesc[] = [];
  private txErr3 = 0;
  private txLoop: Uint8Array | null = null;
  private txBabble = false;
  /** When the last transmission ended (the next one starts a gap later). */
  private lastTxEnd = Number.NEGATIVE_INFINITY;
  /** A small generator for the collision test's backoff (the chip's own; no collisions happen on the wire). */
  private backoffSeed = 1;

  /** Frames travelling towards the chip, by arrival instant (then order of delivery). */
  private arrivals: Arrival[] = [];
  private arrivalSeq = 0;
  private irqOn = false;

  /** Frames the chip did not take, by reason (the driver sees only MISS). */
  readonly dropped = { off: 0, runt: 0, filtered: 0, missed: 0, jammed: 0 };

  constructor(
    private readonly scheduler: Scheduler,
    private readonly dma: LanceDma,
    private readonly transceiver: Transceiver,
    /** The chip's interrupt request output (INTR && INEA). */
    private readonly irq: (asserted: boolean) => void,
  ) {
    this.initTimer = scheduler.timer('le init', (when) => this.initDone(when));
    this.txTimer = scheduler.timer('le tx', (when) => this.txEvent(when));
    this.rxTimer = scheduler.timer('le rx', (when) => this.rxEvent(when));
    transceiver.connectChip(this);
  }

  // ---------------------------------------------------------------- registers

  /** CSR0 as read: the stored bits with ERR and INTR. */
  get status(): number {
    let v = this.csr0;
    if (v & LE_C0_ERRBITS) v |= LE_C0_ERR;
    if (v & LE_C0_INTRBITS) v |= LE_C0_INTR;
    return v;
  }

  read16(offset: number): number {
    if (offset & 2) return this.rap;
    switch (this.rap) {
      case 0:
        return this.status;
      case 1:
        return this.csr1;
      case 2:
        return this.csr2;
      default:
        return this.csr3;
    }
  }

  write16(offset: number, value: number): void {
    value &= 0xffff;
    if (offset & 2) {
      this.rap = value & 3;
      return;
    }
    if (this.rap === 0) {
      this.writeCsr0(value);
      return;
    }
    if (!(this.csr0 & LE_C0_STOP)) return; // CSR1-3 can be changed only while stopped
    if (this.rap === 1) this.csr1 = value & LE_C1_MASK;
    else if (this.rap === 2) this.csr2 = value & LE_C2_MASK;
    else this.csr3 = value & LE_C3_MASK;
  }

  /** A byte read returns its half of the 16-bit register. */
  read8(offset: number): number {
    const w = this.read16(offset & 2);
    return offset & 1 ? w & 0xff : w >>> 8;
  }

  /**
   * A byte write reaches the whole 16-bit register: the 68020 drives a byte
   * on every byte lane, so the register gets the byte in both halves. Use
   * word accesses.
   */
  write8(offset: number, value: number): void {
    value &= 0xff;
    this.write16(offset & 2, (value << 8) | value);
  }

  private writeCsr0(v: number): void {
    if (v & LE_C0_STOP) {
      this.stop();
      return;
    }
    const now = this.scheduler.now();
    this.csr0 &= ~(v & LE_C0_W1C);
    this.csr0 = (this.csr0 & ~LE_C0_INEA) | (v & LE_C0_INEA);
    if (v & LE_C0_INIT && this.csr0 & LE_C0_STOP) {
      // Initialize; STRT written with INIT starts the chip once IDON is set.
      this.csr0 = (this.csr0 & ~LE_C0_STOP) | LE_C0_INIT;
      this.startAfterInit = (v & LE_C0_STRT) !== 0;
      this.initTimer.at(now + LE_INIT_CYCLES);
    } else if (v & LE_C0_STRT && !(this.csr0 & LE_C0_STRT) && !this.initTimer.armed) {
      this.start(now);
    } else if (v & LE_C0_STRT && this.initTimer.armed) {
      this.startAfterInit = true;
    }
    if (v & LE_C0_TDMD && this.csr0 & LE_C0_TXON) {
      this.csr0 |= LE_C0_TDMD;
      if (this.txState === 'idle') this.txTimer.at(now); // poll now; TDMD clears when the chip sees it
    }
    this.updateIrq();
  }

  /** STOP (and the RESET pin): everything off, CSR0 = STOP, CSR3 = 0. */
  stop(): void {
    this.csr0 = LE_C0_STOP;
    this.csr3 = 0;
    this.startAfterInit = false;
    this.initTimer.cancel();
    this.txTimer.cancel();
    this.txState = 'idle';
    this.txDescs = [];
    this.txLoop = null;
    this.updateIrq();
  }

  /** Hardware reset: as STOP, and RAP = 0. */
  reset(): void {
    this.stop();
    this.rap = 0;
  }

  private start(now: number): void {
    this.csr0 = (this.csr0 & ~LE_C0_STOP) | LE_C0_STRT;
    if (!(this.mode & LE_MODE_DRX)) this.csr0 |= LE_C0_RXON;
    if (!(this.mode & LE_MODE_DTX)) {
      this.csr0 |= LE_C0_TXON;
      this.txState = 'idle';
      this.txTimer.at(now);
    }
  }

  private updateIrq(): void {
    const on = (this.csr0 & LE_C0_INEA) !== 0 && (this.csr0 & LE_C0_INTRBITS) !== 0;
    if (on === this.irqOn) return;
    this.irqOn = on;
    this.irq(on);
  }

  /** MERR: a DMA cycle failed; the receiver and transmitter turn off. */
  private memoryError(): void {
    this.csr0 = (this.csr0 | LE_C0_MERR) & ~(LE_C0_RXON | LE_C0_TXON | LE_C0_TDMD);
    this.txTimer.cancel();
    this.txState = 'idle';
    this.txDescs = [];
    this.txLoop = null;
    this.updateIrq();
  }

  // ---------------------------------------------------------------- DMA

  private readonly word = new Uint8Array(2);

  /** A 16-bit word (init block, descriptor) at `addr`; -1 on a memory error. */
  private readWord(addr: number): number {
    if (this.dma.read(addr & 0xfffffe, this.word, 0, 2) !== 2) return -1;
    return (this.word[0] << 8) | this.word[1];
  }

  private writeWord(addr: number, v: number): boolean {
    this.word[0] = v >>> 8;
    this.word[1] = v;
    return this.dma.write(addr & 0xfffffe, this.word, 0, 2) === 2;
  }

  /**
   * Buffer bytes: with BSWP, byte i of the buffer is memory byte addr + i;
   * without it, the chip's little-endian word order swaps each pair.
   * Returns false on a memory error.
   */
  private readData(addr: number, dst: Uint8Array, off: number, len: number): boolean {
    if (len === 0) return true;
    if (this.csr3 & LE_C3_BSWP) return this.dma.read(addr, dst, off, len) === len;
    const lo = addr & ~1;
    const tmp = new Uint8Array(((addr + len + 1) & ~1) - lo);
    if (this.dma.read(lo, tmp, 0, tmp.length) !== tmp.length) return false;
    for (let i = 0; i < len; i++) dst[off + i] = tmp[(addr + i - lo) ^ 1];
    return true;
  }

  private writeData(addr: number, src: Uint8Array, off: number, len: number): boolean {
    if (len === 0) return true;
    if (this.csr3 & LE_C3_BSWP) return this.dma.write(addr, src, off, len) === len;
    const lo = addr & ~1;
    const tmp = new Uint8Array(((addr + len + 1) & ~1) - lo);
    if (this.dma.read(lo, tmp, 0, tmp.length) !== tmp.length) return false;
    for (let i = 0; i < len; i++) tmp[(addr + i - lo) ^ 1] = src[off + i];
    return this.dma.write(lo, tmp, 0, tmp.length) === tmp.length;
  }

  private rxDesc(i: number): number {
    return (this.rdra + i * LE_MD_SIZE) & 0xffffff;
  }

  private txDesc(i: number): number {
    return (this.tdra + i * LE_MD_SIZE) & 0xffffff;
  }

  /**
   * Chaining: the descriptor after `idx` in the ring of `len` at `base`,
   * and its word 1 (OWN is bit 15 in both rings). A ring that has come
   * round to `first`, where the frame began, has no next buffer: word 1
   * reads as 0. The word is -1 on a memory error.
   */
  private lookahead(base: number, len: number, first: number, idx: number): [number, number] {
    const next = (idx + 1) % len;
    return [next, next === first ? 0 : this.readWord(((base + next * LE_MD_SIZE) & 0xffffff) + LE_MD1)];
  }

  // ---------------------------------------------------------------- initialization

  private initDone(when: number): void {
    const base = ((this.csr2 << 16) | this.csr1) & 0xfffffe;
    const ib = new Uint8Array(LE_IB_SIZE);
    if (this.dma.read(base, ib, 0, LE_IB_SIZE) !== LE_IB_SIZE) {
      this.memoryError();
      return;
    }
    const w = (i: number) => (ib[2 * i] << 8) | ib[2 * i + 1];
    this.mode = w(0);
    for (let i = 0; i < 3; i++) {
      this.padr[2 * i] = w(1 + i) & 0xff; // the low byte holds the earlier octet
      this.padr[2 * i + 1] = w(1 + i) >>> 8;
    }
    for (let i = 0; i < 4; i++) this.ladrf[i] = w(4 + i);
    this.rdra = ((w(9) & 0xff) << 16) | (w(8) & 0xfff8);
    this.rlen = 1 << (w(9) >>> LE_RLEN_SHIFT);
    this.tdra = ((w(11) & 0xff) << 16) | (w(10) & 0xfff8);
    this.tlen = 1 << (w(11) >>> LE_RLEN_SHIFT);
    this.rxIndex = 0;
    this.txIndex = 0;
    this.backoffSeed = (this.padr[4] << 8) | this.padr[5] | 1;
    this.csr0 |= LE_C0_IDON;
    if (this.startAfterInit) {
      this.startAfterInit = false;
      this.start(when);
    }
    this.updateIrq();
  }

  // ---------------------------------------------------------------- transmit

  private get internalLoopback(): boolean {
    return (this.mode & (LE_MODE_LOOP | LE_MODE_INTL)) === (LE_MODE_LOOP | LE_MODE_INTL);
  }

  private txEvent(when: number): void {
    if (!(this.csr0 & LE_C0_TXON)) return;
    if (this.txState === 'idle') this.poll(when);
    else if (this.txState === 'starting') this.transmit(when);
    else this.transmitDone(when);
  }

  /** Look at the current transmit descriptor; start a frame if the chip owns it. */
  private poll(when: number): void {
    this.csr0 &= ~LE_C0_TDMD;
    for (let skipped = 0; ; skipped++) {
      const md1 = this.readWord(this.txDesc(this.txIndex) + LE_MD1);
      if (md1 < 0) {
        this.memoryError();
        return;
      }
      if (!(md1 & LE_T1_OWN) || skipped >= this.tlen) {
        this.txTimer.at(when + LE_TX_POLL_CYCLES);
        return;
      }
      if (md1 & LE_T1_STP) break;
      // Owned but not the start of a frame: hand it back and look at the next.
      if (!this.writeWord(this.txDesc(this.txIndex) + LE_MD1, md1 & ~LE_T1_OWN)) {
        this.memoryError();
        return;
      }
      this.txIndex = (this.txIndex + 1) % this.tlen;
    }
    this.txState = 'starting';
    this.txTimer.at(Math.max(when + LE_TX_START_CYCLES, this.lastTxEnd + IFG_CYCLES));
  }

  /** The first bit leaves: gather the frame from its buffers and put it on the wire. */
  private transmit(when: number): void {
    const descs: TxDesc[] = [];
    const parts: Uint8Array[] = [];
    let idx = this.txIndex;
    let md1 = this.readWord(this.txDesc(idx) + LE_MD1);
    let err3 = 0;
    for (;;) {
      const addr = this.txDesc(idx);
      const md0 = this.readWord(addr);
      const md2 = this.readWord(addr + LE_MD2);
      if (md1 < 0 || md0 < 0 || md2 < 0) {
        this.memoryError();
        return;
      }
      if (descs.length === 0 && !(md1 & LE_T1_OWN)) {
        // Taken back by the driver since the poll: poll again.
        this.txState = 'idle';
        this.poll(when);
        return;
      }
      const buf = new Uint8Array(leBufferLength(md2));
      if (!this.readData(((md1 & 0xff) << 16) | md0, buf, 0, buf.length)) {
        this.memoryError();
        return;
      }
      descs.push({ addr, md1 });
      parts.push(buf);
      if (md1 & LE_T1_ENP) break;
      // Chained: the next buffer must be ours already.
      const [next, nmd1] = this.lookahead(this.tdra, this.tlen, this.txIndex, idx);
      if (nmd1 < 0) {
        this.memoryError();
        return;
      }
      if (!(nmd1 & LE_T1_OWN)) {
        err3 = LE_T3_BUFF | LE_T3_UFLO;
        break;
      }
      md1 = nmd1;
      idx = next;
    }
    let frame = concat(parts);
    if (err3 !== 0)
      frame = appendFcs(frame, true); // cut short: the FCS cannot match
    else if (!(this.mode & LE_MODE_DTCR)) frame = appendFcs(frame);
    this.txDescs = descs;
    this.txErr3 = err3;
    this.txBabble = frame.length > ETHER_MAX_LEN;
    this.txLoop = null;
    let end = when + frameCycles(frame.length);
    if (this.internalLoopback) {
      if (this.mode & LE_MODE_COLL) {
        end = when + this.collisionTest();
        this.txErr3 |= LE_T3_RTRY;
      } else this.txLoop = frame;
    } else {
      if (!this.transceiver.transmit(frame, when)) {
        this.txErr3 |= LE_T3_LCAR;
        this.csr0 |= LE_C0_CERR; // no heartbeat either
      } else if (this.mode & LE_MODE_LOOP) this.txLoop = frame; // external loopback hears itself
    }
    this.txState = 'busy';
    this.txTimer.at(end);
  }

  /** Forced collisions: every attempt collides; cycles until the chip gives up. */
  private collisionTest(): number {
    const attempts = this.mode & LE_MODE_DRTY ? 1 : 16;
    let t = 0;
    for (let n = 1; n <= attempts; n++) {
      t += COLL_ATTEMPT_CYCLES;
      if (n < attempts) t += this.backoff(Math.min(n, 10)) * SLOT_CYCLES;
    }
    return t;
  }

  /** A backoff in [0, 2^k) slots from the chip's own 16-bit shift register. */
  private backoff(k: number): number {
    let x = this.backoffSeed;
    x ^= (x << 7) & 0xffff;
    x ^= x >>> 9;
    x ^= (x << 8) & 0xffff;
    this.backoffSeed = x & 0xffff || 1;
    return this.backoffSeed & ((1 << k) - 1);
  }

  /** The last bit has left: hand the descriptors back, TINT, look for the next frame. */
  private transmitDone(when: number): void {
    const descs = this.txDescs;
    this.txDescs = [];
    this.txState = 'idle';
    this.lastTxEnd = when;
    for (let i = 0; i < descs.length; i++) {
      const d = descs[i];
      let md1 = d.md1 & ~(LE_T1_OWN | LE_T1_ERR | LE_T1_MORE | LE_T1_ONE | LE_T1_DEF);
      if (i === descs.length - 1 && this.txErr3 !== 0) {
        md1 |= LE_T1_ERR;
        if (!this.writeWord(d.addr + LE_MD3, this.txErr3)) {
          this.memoryError();
          return;
        }
      }
      if (!this.writeWord(d.addr + LE_MD1, md1)) {
        this.memoryError();
        return;
      }
    }
    this.txIndex = (this.txIndex + descs.length) % this.tlen;
    this.csr0 |= LE_C0_TINT;
    if (this.txBabble) this.csr0 |= LE_C0_BABL;
    if (this.txErr3 & LE_T3_BUFF) this.csr0 &= ~LE_C0_TXON; // a buffer error stops the transmitter
    const loop = this.txLoop;
    this.txLoop = null;
    if (loop !== null) this.receive(loop, when, 0, true);
    this.updateIrq();
    if (this.csr0 & LE_C0_TXON) this.poll(when);
  }

  // ---------------------------------------------------------------- receive

  /** The network delivers a frame whose last bit arrives at `at` (never earlier than now, by contract). */
  arrive(frame: Uint8Array, at: number, dribble: number): void {
    const q = this.arrivals;
    if (q.length >= MAX_IN_FLIGHT) {
      this.dropped.jammed++;
      return;
    }
    const a: Arrival = { frame, at, dribble, seq: this.arrivalSeq++ };
    let i = q.length;
    while (i > 0 && q[i - 1].at > at) i--; // usually at the end
    q.splice(i, 0, a);
    if (i === 0) this.rxTimer.at(at);
  }

  /** Frames on their way to the chip. */
  get inFlight(): number {
    return this.arrivals.length;
  }

  private rxEvent(when: number): void {
    const q = this.arrivals;
    while (q.length > 0 && q[0].at <= when) {
      const a = q.shift() as Arrival;
      this.receive(a.frame, a.at, a.dribble, false);
    }
    if (q.length > 0) this.rxTimer.at(q[0].at);
  }

  /** Whether the address filter takes a frame with this destination. */
  accepts(frame: Uint8Array): boolean {
    if (frame.length < 6) return false;
    if (this.mode & LE_MODE_PROM) return true;
    if (frame[0] & 1) {
      let bcast = true;
      for (let i = 0; i < 6; i++) if (frame[i] !== 0xff) bcast = false;
      if (bcast) return true;
      const n = leLadrfIndex(frame);
      return (this.ladrf[n >>> 4] & (1 << (n & 15))) !== 0;
    }
    for (let i = 0; i < 6; i++) if (frame[i] !== this.padr[i]) return false;
    return true;
  }

  /** A frame has arrived (or comes back in loopback): store it in the receive ring. */
  private receive(frame: Uint8Array, _at: number, dribble: number, loopback: boolean): void {
    if (!(this.csr0 & LE_C0_RXON) || (!loopback && this.internalLoopback)) {
      this.dropped.off++;
      return;
    }
    if (!loopback && frame.length < ETHER_MIN_LEN) {
      this.dropped.runt++;
      return;
    }
    if (!this.accepts(frame)) {
      this.dropped.filtered++;
      return;
    }
    let md1 = this.readWord(this.rxDesc(this.rxIndex) + LE_MD1);
    if (md1 < 0) {
      this.memoryError();
      return;
    }
    if (!(md1 & LE_R1_OWN)) {
      this.dropped.missed++;
      this.csr0 |= LE_C0_MISS;
      this.updateIrq();
      return;
    }
    // Internal loopback goes through the FIFO only: a longer frame overflows it.
    const overflow = loopback && this.internalLoopback && frame.length - ETHER_FCS_LEN > LE_LOOPBACK_MAX;
    const n = overflow ? LE_LOOPBACK_MAX : frame.length;
    let idx = this.rxIndex;
    let off = 0;
    let first = true;
    let status = 0;
    for (;;) {
      const addr = this.rxDesc(idx);
      const md0 = this.readWord(addr);
      const md2 = this.readWord(addr + LE_MD2);
      if (md0 < 0 || md2 < 0) {
        this.memoryError();
        return;
      }
      const count = Math.min(n - off, leBufferLength(md2));
      const stp = first ? LE_R1_STP : 0;
      if (!this.writeData(((md1 & LE_R1_HADR) << 16) | md0, frame, off, count)) {
        // The data could not be stored: lost in the FIFO.
        this.finishRx(idx, md1, stp | LE_R1_ERR | LE_R1_OFLO, -1);
        this.memoryError();
        return;
      }
      off += count;
      if (off === n) break;
      const [next, nmd1] = this.lookahead(this.rdra, this.rlen, this.rxIndex, idx);
      if (nmd1 < 0) {
        this.memoryError();
        return;
      }
      if (!(nmd1 & LE_R1_OWN)) {
        this.finishRx(idx, md1, stp | LE_R1_ERR | LE_R1_BUFF, -1);
        return;
      }
      if (!this.writeWord(addr + LE_MD1, (md1 & LE_R1_HADR) | stp)) {
        this.memoryError();
        return;
      }
      idx = next;
      md1 = nmd1;
      first = false;
    }
    const stp = first ? LE_R1_STP : 0;
    if (overflow) {
      this.finishRx(idx, md1, stp | LE_R1_ERR | LE_R1_OFLO, -1);
      return;
    }
    const check = !(loopback && this.internalLoopback && !(this.mode & LE_MODE_DTCR));
    if (check && !fcsOk(frame)) status |= LE_R1_CRC | (dribble !== 0 ? LE_R1_FRAM : 0);
    if (status !== 0) status |= LE_R1_ERR;
    this.finishRx(idx, md1, stp | LE_R1_ENP | status, n);
  }

  /** Hand back the last descriptor of a frame (MCNT first, then word 1 without OWN), then RINT. */
  private finishRx(idx: number, md1: number, flags: number, mcnt: number): void {
    const addr = this.rxDesc(idx);
    if (mcnt >= 0 && !this.writeWord(addr + LE_MD3, mcnt & LE_R3_MCNT)) {
      this.memoryError();
      return;
    }
    if (!this.writeWord(addr + LE_MD1, (md1 & LE_R1_HADR) | flags)) {
      this.memoryError();
      return;
    }
    this.rxIndex = (idx + 1) % this.rlen;
    this.csr0 |= LE_C0_RINT;
    this.updateIrq();
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  n = 0;
  for (const p of parts) {
    out.set(p, n);
    n += p.length;
  }
  return out;
}
