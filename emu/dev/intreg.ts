/**
 * The Sun-3 interrupt register: one byte at OBIO 0xA0000 (docs/machine.md, physical addresses).
 *
 *   0x80 route the clock to level 7    0x20 route the clock to level 5
 *   0x10 video interrupt enable (4)    0x08/0x04/0x02 software interrupts 3/2/1
 *   0x01 master enable
 *
 * The register itself only stores the byte and reports changes; the
 * machine's interrupt logic (emu/machine/interrupts.ts) turns it, the clock
 * latch and the device request lines into the CPU's interrupt level.
 */
import type { ObioDevice } from './obio.js';

export const IREG_CLOCK7 = 0x80;
export const IREG_CLOCK5 = 0x20;
export const IREG_VIDEO = 0x10;
export const IREG_SOFT3 = 0x08;
export const IREG_SOFT2 = 0x04;
export const IREG_SOFT1 = 0x02;
export const IREG_ENABLE = 0x01;

export class InterruptRegister implements ObioDevice {
  readonly name = 'intreg';
  readonly size = 1;
  private v = 0;
  /** Called after every write with the old and new value. */
  onChange: (old: number, value: number) => void = () => {};

  get value(): number {
    return this.v;
  }
  set value(x: number) {
    const old = this.v;
    this.v = x & 0xff;
    this.onChange(old, this.v);
  }

  read8(): number {
    return this.v;
  }
  write8(_offset: number, value: number): void {
    this.value = value;
  }
}
