/**
 * The clock: the Intersil 7170 at OBIO 0x60000 interrupting at 100 Hz on
 * level 5 through the interrupt register at 0xA0000 (docs/machine.md, devices).
 * Each tick runs hardclock(); the time of day is read from the chip once
 * at boot and then kept from the tick count, i.e. from emulated time.
 */
import type { Hardware } from '../machine.js';

const CLK = 0x60000;
const CLK_INTR = CLK + 0x10;
const CLK_CMD = CLK + 0x11;
const IREG = 0xa0000;
const IREG_CLOCK5 = 0x20;
const IREG_CLOCK7 = 0x80;
const IREG_ENABLE = 0x01;

export class Clock {
  /** Seconds since 1970 at boot, from the chip: whole, and with the hundredths. */
  bootTime = 0;
  bootTimeExact = 0;

  constructor(private readonly hw: Hardware) {}

  /** Read the 7170's date and time (reading hundredths latches the rest). */
  readChip(): number {
    const r = (n: number) => this.hw.obioRead8(CLK + n);
    const hundredths = r(0);
    const hour = r(1);
    const minute = r(2);
    const second = r(3);
    const month = r(4);
    const day = r(5);
    const year = 1968 + r(6);
    return Date.UTC(year, month - 1, day, hour, minute, second) / 1000 + hundredths / 100;
  }

  /** Start the 100 Hz interrupt as SunOS and NetBSD program it. */
  start(): void {
    this.bootTimeExact = this.readChip();
    this.bootTime = Math.floor(this.bootTimeExact);
    const ireg = this.hw.obioRead8(IREG);
    this.hw.obioWrite8(CLK_INTR, 0x02); // interrupt every 1/100 s
    this.hw.obioWrite8(IREG, ireg & ~(IREG_CLOCK5 | IREG_CLOCK7 | IREG_ENABLE));
    this.hw.obioWrite8(CLK_CMD, 0x0c); // 32 kHz crystal, 24 hours, run, interrupts off
    this.hw.obioRead8(CLK_INTR); // discard a pending interrupt
    this.hw.obioWrite8(IREG, this.hw.obioRead8(IREG) | IREG_CLOCK5);
    this.hw.obioWrite8(CLK_CMD, 0x1c); // ... interrupts on
    this.hw.obioWrite8(IREG, this.hw.obioRead8(IREG) | IREG_ENABLE);
  }

  /** Acknowledge a tick: read the chip's status and pulse the interrupt-register bit. */
  acknowledge(): void {
    this.hw.obioRead8(CLK_INTR);
    const ireg = this.hw.obioRead8(IREG);
    this.hw.obioWrite8(IREG, ireg & ~IREG_CLOCK5);
    this.hw.obioWrite8(IREG, ireg | IREG_CLOCK5);
  }
}
