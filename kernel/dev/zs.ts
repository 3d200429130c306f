/**
 * Driver for the console serial port, channel A of the second Z8530 SCC
 * ("zs1", ttya): OBIO 0x20004 control, 0x20006 data (docs/machine.md, the Z8530).
 * Receive and transmit are interrupt-driven at level 6; received characters
 * go to the line discipline, output comes from its queue.
 */
import type { Hardware } from '../machine.js';
import { B9600, CBAUD, SPEEDS } from './termios.js';
import type { Tty } from './tty.js';

const ZS_CTL = 0x20004;
const ZS_DATA = 0x20006;

/**
 * The EEPROM's ttya settings, where the Sun-3 monitor keeps them
 * (docs/machine.md, the EEPROM): a select byte that is 0x12 when the
 * speed below is to be used (anything else: 9600), then the speed in bits
 * per second as a 32-bit big-endian number.
 */
const EE_TTYA = 0x40000 + 0x58;
const EE_SEL_BAUD = 0x12;
/** The SCC's baud-rate generator runs from PCLK, 4.9152 MHz, with the x16 clock mode. */
const PCLK = 4_915_200;

const RR0_RX_AVAIL = 0x01;
const RR0_TX_EMPTY = 0x04;
const RR3_A_RX = 0x20;
const RR3_A_TX = 0x10;
const WR0_RESET_TXINT = 0x28;
const WR0_RESET_IUS = 0x38;

export class ZsConsole {
  tty!: Tty;
  /** Characters sent and received, for statistics. */
  txCount = 0;
  rxCount = 0;

  constructor(private readonly hw: Hardware) {}

  private wr(reg: number, v: number): void {
    this.hw.obioWrite8(ZS_CTL, reg);
    this.hw.obioWrite8(ZS_CTL, v);
  }

  private rr(reg: number): number {
    if (reg !== 0) this.hw.obioWrite8(ZS_CTL, reg);
    return this.hw.obioRead8(ZS_CTL);
  }

  /**
   * The console's speed as the EEPROM gives it: a CBAUD code (B9600 when
   * the EEPROM says nothing, or names a speed the terminal has no code for).
   */
  eepromSpeed(): number {
    if (this.hw.obioRead8(EE_TTYA) !== EE_SEL_BAUD) return B9600;
    let baud = 0;
    for (let i = 1; i <= 4; i++) baud = baud * 256 + this.hw.obioRead8(EE_TTYA + i);
    const code = SPEEDS.indexOf(baud);
    return code > 0 ? code : B9600;
  }

  /** Set the baud-rate generator's time constant (WR12/13) for a CBAUD code; B0 leaves the line as it is. */
  setSpeed(code: number): void {
    const baud = SPEEDS[code & CBAUD];
    if (!baud) return;
    const tc = Math.max(0, Math.round(PCLK / (2 * 16 * baud)) - 2); // 14 for 9600, 2 for 38400
    this.wr(12, tc & 0xff);
    this.wr(13, tc >> 8);
  }

  /** Program the channel at the EEPROM's speed, 8 bits, interrupts on receive and transmit. */
  attach(tty: Tty): void {
    this.tty = tty;
    const speed = this.eepromSpeed();
    tty.t.cflag = (tty.t.cflag & ~CBAUD) | speed;
    tty.param = (code) => this.setSpeed(code);
    this.wr(9, 0x80); // reset channel A
    this.wr(4, 0x44); // x16 clock, one stop bit, no parity
    this.wr(3, 0xc1); // receive 8 bits, enable
    this.wr(5, 0xea); // DTR, transmit 8 bits, enable, RTS
    this.wr(11, 0x50); // clocks from the baud-rate generator
    this.setSpeed(speed);
    this.wr(14, 0x03); // baud-rate generator on, from PCLK
    this.wr(1, 0x12); // interrupt on every received character; transmit interrupts
    this.wr(9, 0x08); // master interrupt enable
  }

  /** Nothing queued and the transmitter has sent its last character. */
  idle(): boolean {
    return this.tty.outq.length === 0 && (this.rr(1) & 0x01) !== 0; // RR1 bit 0: all sent
  }

  /** Send the next queued character if the transmitter is free (and output is not stopped: ^S). */
  start(): void {
    if (this.tty.outq.length === 0 || this.tty.stopped) return;
    if (this.rr(0) & RR0_TX_EMPTY) this.sendNext();
  }

  private sendNext(): void {
    const c = this.tty.stopped ? undefined : this.tty.outq.shift();
    if (c === undefined) {
      this.hw.obioWrite8(ZS_CTL, WR0_RESET_TXINT);
      return;
    }
    this.hw.obioWrite8(ZS_DATA, c);
    this.txCount++;
    this.tty.drained();
  }

  /** Level 6 interrupt: take received characters, feed the transmitter. */
  intr(): void {
    const pending = this.rr(3);
    if (pending & RR3_A_RX || this.rr(0) & RR0_RX_AVAIL) {
      while (this.rr(0) & RR0_RX_AVAIL) {
        this.rxCount++;
        this.tty.input(this.hw.obioRead8(ZS_DATA));
      }
    }
    if (pending & RR3_A_TX || this.rr(0) & RR0_TX_EMPTY) {
      if (this.rr(0) & RR0_TX_EMPTY) this.sendNext();
    }
    this.hw.obioWrite8(ZS_CTL, WR0_RESET_IUS);
  }

  /** Write straight to the port, waiting for the transmitter (panics, early boot). */
  putPolled(text: string): void {
    for (const ch of text) {
      if (ch === '\n') this.tty.outq.push(0x0d);
      this.tty.outq.push(ch.charCodeAt(0) & 0xff);
    }
    this.start();
  }
}
