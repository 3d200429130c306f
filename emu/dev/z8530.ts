/**
 * Zilog Z8530 SCC, as the Sun-3 wires it (docs/machine.md, the Z8530): 8 bytes,
 * channel B control at +0 and data at +2, channel A control at +4 and data
 * at +6. zs1 at OBIO 0x20000 carries ttya (A, the console) and ttyb (B);
 * zs0 at OBIO 0x00000 the keyboard and mouse. Both interrupt on level 6,
 * autovectored.
 *
 * What is modelled:
 * - The register pointer protocol: write a register number to the control
 *   port (WR0, with "point high" for 8-15), then read or write the control
 *   port once; RR0/WR0 need no pointer.
 * - RR0 (RX available, TX buffer empty, DCD and CTS asserted), RR1 (all
 *   sent, overrun), RR2 (vector, modified by status when WR9.VIS), RR3
 *   (interrupt pending bits, channel A), RR10, RR12/13, RR15.
 * - Transmit: a one-byte buffer in front of the shift register. A written
 *   byte moves to the shifter at once when it is idle (so the buffer reads
 *   empty again) and reaches the host sink when its last bit has left,
 *   one character time later. Characters take their wire time: start bit,
 *   data bits, parity and stop bits at the baud rate the time constant in
 *   WR12/13 gives (PCLK 4.9152 MHz; 20,833 cycles per character at 9600
 *   baud 8N1). With the baud-rate generator off, 9600 baud is assumed.
 * - Receive: bytes the host queues arrive one character time apart into the
 *   3-byte receive FIFO. The line is flow-controlled: when the FIFO is full
 *   (or the receiver disabled) the next byte waits on the host side instead
 *   of overrunning, so typed input is never lost.
 * - Interrupts: receive (WR1 mode "every character", or "first character"
 *   re-armed by WR0's "enable interrupt on next RX character"), transmit
 *   buffer empty (WR1 0x02; cleared by writing data or WR0 "reset TX
 *   interrupt pending"), gated by WR9.MIE. External/status interrupts never
 *   happen (the modem lines do not change). The Sun-3 autovectors the SCC,
 *   so the chip never sees an acknowledge cycle and IUS is never set.
 *
 * Not modelled: synchronous modes, break, parity and framing errors, the
 * DPLL, external clocks, the in-service daisy chain.
 */
import type { Scheduler, Timer } from '../machine/scheduler.js';
import type { ObioDevice } from './obio.js';

/** PCLK of the Sun-3's SCCs. */
export const ZS_PCLK = 4_915_200;

// RR0
export const ZSRR0_RX_READY = 0x01;
export const ZSRR0_TX_READY = 0x04;
export const ZSRR0_DCD = 0x08;
export const ZSRR0_CTS = 0x20;
export const ZSRR0_TXUNDER = 0x40;
export const ZSRR0_BREAK = 0x80;
// RR1
export const ZSRR1_ALL_SENT = 0x01;
export const ZSRR1_DO = 0x20; // data overrun
// RR3 (channel A only)
export const ZSRR3_IP_A_RX = 0x20;
export const ZSRR3_IP_A_TX = 0x10;
export const ZSRR3_IP_A_STAT = 0x08;
export const ZSRR3_IP_B_RX = 0x04;
export const ZSRR3_IP_B_TX = 0x02;
export const ZSRR3_IP_B_STAT = 0x01;
// WR0 commands (bits 5-3)
export const ZSWR0_POINT_HIGH = 0x08;
export const ZSWR0_RESET_STATUS = 0x10;
export const ZSWR0_RESET_TXINT = 0x28;
export const ZSWR0_RESET_ERRORS = 0x30;
export const ZSWR0_CLR_INTR = 0x38;
// WR1
export const ZSWR1_RIE = 0x10; // RX interrupt on every character
export const ZSWR1_RIE_FIRST = 0x08; // RX interrupt on the first character
export const ZSWR1_TIE = 0x02;
export const ZSWR1_SIE = 0x01;
// WR3
export const ZSWR3_RX_8 = 0xc0;
export const ZSWR3_RX_ENABLE = 0x01;
// WR4
export const ZSWR4_CLK_X16 = 0x40;
export const ZSWR4_ONESB = 0x04;
export const ZSWR4_PARENB = 0x01;
// WR5
export const ZSWR5_DTR = 0x80;
export const ZSWR5_TX_8 = 0x60;
export const ZSWR5_TX_ENABLE = 0x08;
export const ZSWR5_RTS = 0x02;
// WR9
export const ZSWR9_HARD_RESET = 0xc0;
export const ZSWR9_A_RESET = 0x80;
export const ZSWR9_B_RESET = 0x40;
export const ZSWR9_STATUS_HIGH = 0x10;
export const ZSWR9_MASTER_IE = 0x08;
export const ZSWR9_VECTOR_INCL_STAT = 0x01;
// WR14
export const ZSWR14_BAUD_ENA = 0x01;

/** Baud-rate time constant for `baud` with the x16 clock (14 for 9600). */
export function zsTimeConstant(baud: number): number {
  return Math.round(ZS_PCLK / (2 * 16 * baud)) - 2;
}

const FIFO = 3;

export class ZsChannel {
  readonly wr = new Uint8Array(16);
  /** Register the next control access reaches (0 = WR0/RR0). */
  ptr = 0;
  /** Where transmitted bytes go (one call per byte, when it has left the line). */
  sink: ((byte: number) => void) | null = null;

  // Receive side.
  private queue: number[] = [];
  private qHead = 0;
  private readonly fifo = new Uint8Array(FIFO);
  private fifoHead = 0;
  private fifoCount = 0;
  private lastRx = 0;
  private overrun = false;
  private rxArmed = false; // "first character" mode
  private readonly rxTimer: Timer;

  // Transmit side.
  private txBuf = -1;
  private txShift = -1;
  private txPending = false;
  private readonly txTimer: Timer;

  /** Bytes sent and received since power-on. */
  txCount = 0;
  rxCount = 0;

  constructor(
    private readonly chip: Z8530,
    readonly isA: boolean,
    private readonly scheduler: Scheduler,
  ) {
    const n = `${chip.name}${isA ? 'a' : 'b'}`;
    this.rxTimer = scheduler.timer(`${n} rx`, (when) => this.rxDone(when));
    this.txTimer = scheduler.timer(`${n} tx`, (when) => this.txDone(when));
  }

  /** Channel reset (WR9): registers cleared, FIFO and transmitter emptied. Queued input stays. */
  reset(): void {
    this.wr.fill(0);
    this.ptr = 0;
    this.fifoHead = 0;
    this.fifoCount = 0;
    this.overrun = false;
    this.rxArmed = false;
    this.rxTimer.cancel();
    this.txBuf = -1;
    this.txShift = -1;
    this.txPending = false;
    this.txTimer.cancel();
  }

  /** Set up asynchronous mode at `baud`, 8 bits, no parity, 1 stop bit, RX and TX on, no interrupts. */
  configure(baud: number): void {
    this.wr[4] = ZSWR4_CLK_X16 | ZSWR4_ONESB;
    this.wr[11] = 0x50;
    const tc = zsTimeConstant(baud);
    this.wr[12] = tc & 0xff;
    this.wr[13] = tc >>> 8;
    this.wr[14] = 0x02 | ZSWR14_BAUD_ENA;
    this.wr[3] = ZSWR3_RX_8 | ZSWR3_RX_ENABLE;
    this.wr[5] = ZSWR5_DTR | ZSWR5_TX_8 | ZSWR5_TX_ENABLE | ZSWR5_RTS;
    this.kickRx(this.scheduler.now());
  }

  // ---------------------------------------------------------------- host side

  /** Queue bytes arriving on the line from the host (a terminal's keystrokes). */
  input(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.queue.push(bytes[i] & 0xff);
    this.kickRx(this.scheduler.now());
  }

  /** Bytes queued by the host that have not yet arrived in the FIFO. */
  get inputPending(): number {
    return this.queue.length - this.qHead;
  }

  /** Bytes queued by the host that software has not yet read: still on the way, or in the FIFO. */
  get inputUnread(): number {
    return this.inputPending + this.fifoCount;
  }

  /** CPU cycles one character takes on the line (TX or RX framing). */
  charCycles(tx: boolean): number {
    const wr4 = this.wr[4];
    const bitsCode = tx ? (this.wr[5] >> 5) & 3 : (this.wr[3] >> 6) & 3;
    const dataBits = [5, 7, 6, 8][bitsCode];
    const stop = (wr4 >> 2) & 3; // 1: 1, 2: 1.5, 3: 2 stop bits
    const bits = 1 + dataBits + (wr4 & ZSWR4_PARENB ? 1 : 0) + (stop === 3 ? 2 : stop === 2 ? 1.5 : 1);
    let baud = 9600;
    if (this.wr[14] & ZSWR14_BAUD_ENA) {
      const mult = [1, 16, 32, 64][(wr4 >> 6) & 3];
      const tc = this.wr[12] | (this.wr[13] << 8);
      baud = ZS_PCLK / (2 * mult * (tc + 2));
    }
    return Math.max(1, Math.round((this.chip.cpuHz * bits) / baud));
  }

  // ---------------------------------------------------------------- receive

  private kickRx(now: number): void {
    if (this.rxTimer.armed || !(this.wr[3] & ZSWR3_RX_ENABLE)) return;
    if (this.qHead >= this.queue.length || this.fifoCount >= FIFO) return;
    this.rxTimer.at(now + this.charCycles(false));
  }

  private rxDone(when: number): void {
    if (!(this.wr[3] & ZSWR3_RX_ENABLE) || this.fifoCount >= FIFO || this.qHead >= this.queue.length) return;
    const b = this.queue[this.qHead++];
    if (this.qHead >= 1024 && this.qHead * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.qHead);
      this.qHead = 0;
    }
    this.fifo[(this.fifoHead + this.fifoCount) % FIFO] = b;
    this.fifoCount++;
    this.rxCount++;
    this.chip.update();
    this.kickRx(when);
  }

  /** Read the receive data register (pops the FIFO; an empty FIFO repeats the last byte). */
  readData(): number {
    if (this.fifoCount > 0) {
      this.lastRx = this.fifo[this.fifoHead];
      this.fifoHead = (this.fifoHead + 1) % FIFO;
      this.fifoCount--;
      if ((this.wr[1] & 0x18) === ZSWR1_RIE_FIRST) this.rxArmed = false;
      this.chip.update();
      this.kickRx(this.scheduler.now());
    }
    return this.lastRx;
  }

  // ---------------------------------------------------------------- transmit

  writeData(v: number): void {
    this.txBuf = v & 0xff; // a byte written over a full buffer replaces it
    this.txPending = false;
    this.kickTx(this.scheduler.now());
    this.chip.update();
  }

  private kickTx(now: number): void {
    if (this.txShift >= 0 || this.txBuf < 0 || !(this.wr[5] & ZSWR5_TX_ENABLE)) return;
    this.txShift = this.txBuf;
    this.txBuf = -1;
    if (this.wr[1] & ZSWR1_TIE) this.txPending = true;
    this.txTimer.at(now + this.charCycles(true));
  }

  private txDone(when: number): void {
    const b = this.txShift;
    this.txShift = -1;
    this.txCount++;
    this.sink?.(b);
    this.kickTx(when);
    this.chip.update();
  }

  // ---------------------------------------------------------------- status

  get rxInterrupt(): boolean {
    if (this.fifoCount === 0) return false;
    const mode = this.wr[1] & 0x18;
    return mode === ZSWR1_RIE || (mode === ZSWR1_RIE_FIRST && this.rxArmed);
  }

  get txInterrupt(): boolean {
    return this.txPending && (this.wr[1] & ZSWR1_TIE) !== 0;
  }

  rr0(): number {
    return (
      ZSRR0_TXUNDER |
      ZSRR0_CTS |
      ZSRR0_DCD |
      (this.txBuf < 0 ? ZSRR0_TX_READY : 0) |
      (this.fifoCount > 0 ? ZSRR0_RX_READY : 0)
    );
  }

  rr1(): number {
    return 0x06 | (this.txBuf < 0 && this.txShift < 0 ? ZSRR1_ALL_SENT : 0) | (this.overrun ? ZSRR1_DO : 0);
  }

  // ---------------------------------------------------------------- registers

  readControl(): number {
    const r = this.ptr;
    this.ptr = 0;
    return this.readReg(r);
  }

  writeControl(v: number): void {
    const r = this.ptr;
    this.ptr = 0;
    if (r === 0) this.writeWR0(v);
    else this.writeReg(r, v);
  }

  readReg(r: number): number {
    switch (r) {
      case 0:
      case 4:
        return this.rr0();
      case 1:
      case 5:
        return this.rr1();
      case 2:
      case 6:
        return this.isA ? this.chip.wr2 : this.chip.rr2Modified();
      case 3:
      case 7:
        return this.isA ? this.chip.rr3() : 0;
      case 8:
        return this.readData();
      case 9:
      case 13:
        return this.wr[13];
      case 12:
        return this.wr[12];
      case 11:
      case 15:
        return this.wr[15];
      default:
        return 0; // RR10/RR14: no loop or clock status to report
    }
  }

  private writeWR0(v: number): void {
    this.ptr = v & 7;
    switch (v & 0x38) {
      case ZSWR0_POINT_HIGH:
        this.ptr |= 8;
        break;
      case 0x20: // enable interrupt on next RX character
        this.rxArmed = true;
        this.chip.update();
        break;
      case ZSWR0_RESET_TXINT:
        this.txPending = false;
        this.chip.update();
        break;
      case ZSWR0_RESET_ERRORS:
        this.overrun = false;
        break;
      default: // reset ext/status, send abort, reset IUS: nothing to do here
    }
  }

  writeReg(r: number, v: number): void {
    v &= 0xff;
    switch (r) {
      case 0:
        this.writeWR0(v);
        return;
      case 8:
        this.writeData(v);
        return;
      case 2:
        this.chip.wr2 = v;
        return;
      case 9:
        this.chip.writeWR9(v);
        return;
      case 1: {
        const old = this.wr[1];
        this.wr[1] = v;
        if ((v & 0x18) === ZSWR1_RIE_FIRST && (old & 0x18) !== ZSWR1_RIE_FIRST) this.rxArmed = true;
        if (!(v & ZSWR1_TIE)) this.txPending = false;
        this.chip.update();
        return;
      }
      case 3:
        this.wr[3] = v;
        this.kickRx(this.scheduler.now());
        return;
      case 5:
        this.wr[5] = v;
        this.kickTx(this.scheduler.now());
        this.chip.update();
        return;
      default:
        this.wr[r] = v;
    }
  }
}

export class Z8530 implements ObioDevice {
  readonly size = 8;
  readonly a: ZsChannel;
  readonly b: ZsChannel;
  /** WR2 (interrupt vector) and WR9 (master interrupt control) are shared by both channels. */
  wr2 = 0;
  wr9 = 0;

  constructor(
    readonly name: string,
    scheduler: Scheduler,
    readonly cpuHz: number,
    /** The chip's interrupt request output. */
    private readonly irq: (asserted: boolean) => void,
  ) {
    this.a = new ZsChannel(this, true, scheduler);
    this.b = new ZsChannel(this, false, scheduler);
  }

  /** Hardware reset (WR9 0xC0). */
  reset(): void {
    this.a.reset();
    this.b.reset();
    this.wr2 = 0;
    this.wr9 = 0;
    this.update();
  }

  writeWR9(v: number): void {
    const r = v & ZSWR9_HARD_RESET;
    if (r === ZSWR9_HARD_RESET) this.reset();
    else if (r === ZSWR9_A_RESET) this.a.reset();
    else if (r === ZSWR9_B_RESET) this.b.reset();
    this.wr9 = v & 0x3f;
    this.update();
  }

  rr3(): number {
    const a = this.a;
    const b = this.b;
    return (
      (a.rxInterrupt ? ZSRR3_IP_A_RX : 0) |
      (a.txInterrupt ? ZSRR3_IP_A_TX : 0) |
      (b.rxInterrupt ? ZSRR3_IP_B_RX : 0) |
      (b.txInterrupt ? ZSRR3_IP_B_TX : 0)
    );
  }

  /** RR2 read through channel B: the vector, with the status of the highest pending source when WR9.VIS. */
  rr2Modified(): number {
    if (!(this.wr9 & ZSWR9_VECTOR_INCL_STAT)) return this.wr2;
    // Status codes (V3 V2 V1): B tx 0, B ext 1, B rx 2, B special / none 3, A tx 4, A ext 5, A rx 6.
    const ip = this.rr3();
    const code =
      ip & ZSRR3_IP_A_RX ? 6 : ip & ZSRR3_IP_A_TX ? 4 : ip & ZSRR3_IP_B_RX ? 2 : ip & ZSRR3_IP_B_TX ? 0 : 3;
    if (this.wr9 & ZSWR9_STATUS_HIGH) {
      const rev = ((code & 1) << 2) | (code & 2) | ((code >> 2) & 1);
      return (this.wr2 & ~0x70) | (rev << 4);
    }
    return (this.wr2 & ~0x0e) | (code << 1);
  }

  /** Recompute the interrupt request output. */
  update(): void {
    const on =
      (this.wr9 & ZSWR9_MASTER_IE) !== 0 &&
      (this.a.rxInterrupt || this.a.txInterrupt || this.b.rxInterrupt || this.b.txInterrupt);
    this.irq(on);
  }

  read8(offset: number): number {
    switch (offset) {
      case 0:
        return this.b.readControl();
      case 2:
        return this.b.readData();
      case 4:
        return this.a.readControl();
      case 6:
        return this.a.readData();
      default:
        return 0xff; // odd bytes: nothing drives them
    }
  }

  write8(offset: number, value: number): void {
    switch (offset) {
      case 0:
        this.b.writeControl(value);
        return;
      case 2:
        this.b.writeData(value);
        return;
      case 4:
        this.a.writeControl(value);
        return;
      case 6:
        this.a.writeData(value);
        return;
      default:
    }
  }
}
