/**
 * The Sun-3/60's interrupt logic: what level the CPU's IPL pins see.
 *
 * Inputs: the interrupt register (emu/dev/intreg.ts), the clock flip-flop
 * that the 7170's interrupt output sets, and one request line per device
 * (both SCCs on 6, the LANCE on 3, ...). Every on-board source is
 * autovectored (vector 24 + level), so the CPU's `iack` answer is always
 * AUTOVECTOR and nothing here needs to know about vectors.
 *
 * Rules (docs/machine.md, physical addresses and interrupt levels):
 * - With the master enable (0x01) clear, no level reaches the CPU, level 7
 *   included.
 * - The clock latch is set by each 7170 interrupt while the register routes
 *   the clock somewhere (0x20 or 0x80); reading the 7170's interrupt
 *   register, or clearing a routing bit, drops it. It raises level 7 with
 *   0x80 and level 5 with 0x20.
 * - The software bits request levels 3, 2, 1 for as long as they are set.
 */
import {
  InterruptRegister,
  IREG_CLOCK5,
  IREG_CLOCK7,
  IREG_ENABLE,
  IREG_SOFT1,
  IREG_SOFT2,
  IREG_SOFT3,
} from '../dev/intreg.js';

/** A device's interrupt request output, wired to a fixed level. */
export class InterruptLine {
  asserted = false;
  constructor(
    private readonly logic: Interrupts,
    readonly level: number,
    readonly name: string,
  ) {}
  set(on: boolean): void {
    if (on === this.asserted) return;
    this.asserted = on;
    this.logic.update();
  }
}

export class Interrupts {
  readonly reg = new InterruptRegister();
  /** The clock flip-flop. */
  clockLatch = false;
  /** The level last presented to the CPU. */
  level = 0;
  private readonly lines: InterruptLine[] = [];

  constructor(private readonly cpu: { setIPL(level: number): void }) {
    this.reg.onChange = (old, value) => {
      if (old & ~value & (IREG_CLOCK5 | IREG_CLOCK7)) this.clockLatch = false;
      this.update();
    };
  }

  /** A new request line at `level` (1-7). */
  line(level: number, name: string): InterruptLine {
    const l = new InterruptLine(this, level, name);
    this.lines.push(l);
    return l;
  }

  /** The 7170 raised its interrupt output. */
  clockPulse(): void {
    if (this.reg.value & (IREG_CLOCK5 | IREG_CLOCK7)) {
      this.clockLatch = true;
      this.update();
    }
  }

  /** The 7170's interrupt register was read: the latch drops. */
  clockAcknowledge(): void {
    if (!this.clockLatch) return;
    this.clockLatch = false;
    this.update();
  }

  /** Power-on / RESET: register cleared, latch dropped. */
  reset(): void {
    this.clockLatch = false;
    this.reg.value = 0; // calls update()
  }

  /** Recompute the level and present it to the CPU. */
  update(): void {
    const r = this.reg.value;
    let l = 0;
    if (r & IREG_ENABLE) {
      if (this.clockLatch) {
        if (r & IREG_CLOCK7) l = 7;
        else if (r & IREG_CLOCK5) l = 5;
      }
      if (l < 3 && r & IREG_SOFT3) l = 3;
      else if (l < 2 && r & IREG_SOFT2) l = 2;
      else if (l < 1 && r & IREG_SOFT1) l = 1;
      for (const line of this.lines) if (line.asserted && line.level > l) l = line.level;
    }
    this.level = l;
    this.cpu.setIPL(l);
  }
}
