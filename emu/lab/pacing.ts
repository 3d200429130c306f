/**
 * Pacing a lab to the wall clock, for someone watching it: emulated time
 * may run ahead of real time by at most one lockstep window, never more;
 * when the host cannot keep up, the lab runs as fast as it can, and once it
 * is more than a tenth of a second behind it gives up the lost time rather
 * than hurrying to catch up later. Only how long the host waits depends on
 * the clock: what the machines do does not (the lab's windows lie on a
 * fixed grid, whatever steps it is run in).
 */
import { CPU_HZ } from '../machine/sun3.js';

/** How far behind the wall clock a lab may fall before it forgets the lost time: 100 ms. */
const MAX_LAG = CPU_HZ / 10;

export class Pacer {
  /** The real time (ms) at which emulated time was `baseCycles`. */
  private baseMs: number;
  private baseCycles: number;

  constructor(
    /** How far emulated time may run ahead of real time, in cycles. */
    private readonly lead: number,
    start: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.baseMs = clock();
    this.baseCycles = start;
  }

  /** The emulated instant the wall clock has reached. */
  private realCycles(): number {
    return this.baseCycles + Math.floor(((this.clock() - this.baseMs) * CPU_HZ) / 1000);
  }

  /**
   * How far the lab (now at `now`) may run at this moment: the wall clock
   * plus the lead. A lab that has fallen more than MAX_LAG behind is taken
   * to be only that far behind from here on.
   */
  allowed(now: number): number {
    const real = this.realCycles();
    if (real - now > MAX_LAG) {
      this.baseCycles = now + MAX_LAG;
      this.baseMs = this.clock();
      return now + MAX_LAG + this.lead;
    }
    return real + this.lead;
  }

  /** Milliseconds until the wall clock has caught up with the lab (at `now`), when it may run a lead's worth again (at least 1). */
  waitMs(now: number): number {
    return Math.max(1, Math.ceil(((now - this.realCycles()) * 1000) / CPU_HZ));
  }
}
