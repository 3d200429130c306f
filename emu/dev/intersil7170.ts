/**
 * Intersil ICM7170 real-time clock at OBIO 0x60000 (docs/machine.md, devices).
 *
 * Registers (bytes):
 *   0x00-0x07 counters: hundredths, hour, minute, second, month (1-12),
 *             day (1-31), year (0-99, 0 = 1968), weekday (0-6, 0 = Sunday).
 *             Reading the hundredths latches the other seven.
 *   0x08-0x0F compare RAM (alarm); 0x80 in a byte (0x40 for the hour) = ignore it
 *   0x10      interrupt: writing sets the mask (0x01 alarm, 0x02 1/100 s,
 *             0x04 1/10 s, 0x08 second, 0x10 minute, 0x20 hour, 0x40 day);
 *             reading returns the status (0x80 = an enabled interrupt
 *             occurred) and clears it
 *   0x11      command: 0x03 crystal, 0x04 24-hour, 0x08 run, 0x10 interrupt enable
 *
 * Time is never read from the host: the counters are the configured epoch
 * plus the CPU's cycle count, in hundredths of a second (200,000 cycles at
 * 20 MHz). The hundredths roll over exactly at cycle multiples of
 * `cyclesPerTick`, and that is also when the periodic interrupts happen, so
 * a tick arrives every 200,000 cycles to the cycle.
 */
import type { Scheduler, Timer } from '../machine/scheduler.js';
import type { ObioDevice } from './obio.js';

export const ISIL_INTR = 0x10;
export const ISIL_CMD = 0x11;

// Interrupt mask / status bits.
export const ISIL_INT_ALARM = 0x01;
export const ISIL_INT_HUNDREDTH = 0x02;
export const ISIL_INT_TENTH = 0x04;
export const ISIL_INT_SECOND = 0x08;
export const ISIL_INT_MINUTE = 0x10;
export const ISIL_INT_HOUR = 0x20;
export const ISIL_INT_DAY = 0x40;
export const ISIL_INT_PENDING = 0x80;

// Command register bits.
export const ISIL_CMD_24H = 0x04;
export const ISIL_CMD_RUN = 0x08;
export const ISIL_CMD_INTENA = 0x10;

/** The 7170's year 0. */
export const ISIL_YEAR0 = 1968;

const CENTIS_PER_DAY = 8_640_000;

export interface Intersil7170Options {
  /** Time of day at cycle 0, in milliseconds since 1970-01-01 UTC. */
  epochMs: number;
  /** CPU cycles per hundredth of a second (200,000 at 20 MHz). */
  cyclesPerTick: number;
}

export class Intersil7170 implements ObioDevice {
  readonly name = 'clock';
  readonly size = 0x20;
  /** The interrupt output fired (an enabled interrupt occurred with INTENA set). */
  onInterrupt: () => void = () => {};
  /** The interrupt register was read (the machine drops its clock latch). */
  onStatusRead: () => void = () => {};

  command = 0;
  mask = 0;
  status = 0;
  readonly compare = new Uint8Array(8);
  private readonly latched = new Uint8Array(8);
  /** Hundredths since 1970 = offset + tick number, while running. */
  private offset = 0;
  /** Hundredths since 1970 while stopped (run bit clear). */
  private frozen = 0;
  private readonly cyclesPerTick: number;
  private readonly timer: Timer;
  /** Interrupts raised since power-on (diagnostics). */
  interrupts = 0;

  constructor(
    private readonly scheduler: Scheduler,
    opts: Intersil7170Options,
  ) {
    this.cyclesPerTick = opts.cyclesPerTick;
    this.timer = scheduler.timer('7170 tick', (when) => this.tick(when));
    this.offset = Math.floor(opts.epochMs / 10) - this.tickNumber(scheduler.now());
    this.frozen = this.offset + this.tickNumber(scheduler.now());
  }

  /** Power-on state as the PROM leaves it: running, 24-hour, interrupts off. */
  powerOn(): void {
    this.mask = 0;
    this.status = 0;
    this.compare.fill(0x80);
    this.compare[1] = 0x40;
    this.setCommand(ISIL_CMD_RUN | ISIL_CMD_24H);
    this.timer.at((this.tickNumber(this.scheduler.now()) + 1) * this.cyclesPerTick);
    this.latch();
  }

  private tickNumber(cycle: number): number {
    return Math.floor(cycle / this.cyclesPerTick);
  }

  /** Hundredths of a second since 1970-01-01 UTC, as the counters hold it now. */
  centis(): number {
    return this.command & ISIL_CMD_RUN ? this.offset + this.tickNumber(this.scheduler.now()) : this.frozen;
  }

  /** Time of day in milliseconds since 1970 (10 ms resolution). */
  timeMs(): number {
    return this.centis() * 10;
  }

  /** Set the counters to `ms` since 1970 (as writing them would). */
  setTimeMs(ms: number): void {
    this.setCentis(Math.floor(ms / 10));
  }

  private setCentis(c: number): void {
    if (this.command & ISIL_CMD_RUN) this.offset = c - this.tickNumber(this.scheduler.now());
    else this.frozen = c;
  }

  private setCommand(v: number): void {
    const was = this.command & ISIL_CMD_RUN;
    const c = this.centis();
    this.command = v & 0x3f;
    if (was && !(v & ISIL_CMD_RUN)) this.frozen = c;
    else if (!was && v & ISIL_CMD_RUN) this.offset = c - this.tickNumber(this.scheduler.now());
  }

  /** The eight counter fields for hundredths-since-1970 `c`. */
  fields(c: number, out: Uint8Array): void {
    const d = new Date(Math.floor(c / 100) * 1000);
    const h = d.getUTCHours();
    out[0] = c % 100;
    if (this.command & ISIL_CMD_24H) out[1] = h;
    else out[1] = (h % 12 === 0 ? 12 : h % 12) | (h >= 12 ? 0x80 : 0);
    out[2] = d.getUTCMinutes();
    out[3] = d.getUTCSeconds();
    out[4] = d.getUTCMonth() + 1;
    out[5] = d.getUTCDate();
    out[6] = (d.getUTCFullYear() - ISIL_YEAR0) % 100;
    out[7] = d.getUTCDay();
  }

  private latch(): void {
    this.fields(this.centis(), this.latched);
  }

  private tick(when: number): void {
    this.timer.at(when + this.cyclesPerTick);
    if (!(this.command & ISIL_CMD_RUN)) return;
    const c = this.offset + this.tickNumber(when);
    let s = ISIL_INT_HUNDREDTH;
    if (c % 10 === 0) s |= ISIL_INT_TENTH;
    if (c % 100 === 0) s |= ISIL_INT_SECOND;
    if (c % 6000 === 0) s |= ISIL_INT_MINUTE;
    if (c % 360_000 === 0) s |= ISIL_INT_HOUR;
    if (c % CENTIS_PER_DAY === 0) s |= ISIL_INT_DAY;
    if (this.mask & ISIL_INT_ALARM && this.alarmMatches(c)) s |= ISIL_INT_ALARM;
    this.status |= s;
    if (s & this.mask) {
      this.status |= ISIL_INT_PENDING;
      if (this.command & ISIL_CMD_INTENA) {
        this.interrupts++;
        this.onInterrupt();
      }
    }
  }

  private readonly now8 = new Uint8Array(8);
  private alarmMatches(c: number): boolean {
    this.fields(c, this.now8);
    let any = false;
    for (let i = 0; i < 7; i++) {
      const cmp = this.compare[i];
      if (cmp & (i === 1 ? 0x40 : 0x80)) continue;
      any = true;
      const have = i === 1 && !(this.command & ISIL_CMD_24H) ? this.now8[1] : this.now8[i];
      if (have !== cmp) return false;
    }
    return any;
  }

  /** Read and clear the interrupt status, as a read of register 0x10 does. */
  readStatus(): number {
    const s = this.status;
    this.status = 0;
    this.onStatusRead();
    return s;
  }

  read8(offset: number): number {
    if (offset === 0) {
      this.latch();
      return this.latched[0];
    }
    if (offset < 8) return this.latched[offset];
    if (offset < 0x10) return this.compare[offset - 8];
    if (offset === ISIL_INTR) return this.readStatus();
    if (offset === ISIL_CMD) return this.command;
    return 0xff;
  }

  write8(offset: number, value: number): void {
    if (offset < 8) this.writeCounter(offset, value);
    else if (offset < 0x10) this.compare[offset - 8] = value;
    else if (offset === ISIL_INTR) this.mask = value & 0x7f;
    else if (offset === ISIL_CMD) this.setCommand(value);
  }

  private writeCounter(i: number, v: number): void {
    const f = this.now8;
    const c = this.centis();
    this.fields(c, f);
    if (i === 7) return; // the weekday follows from the date
    let hour = f[1];
    if (!(this.command & ISIL_CMD_24H)) hour = ((hour & 0x1f) % 12) + (hour & 0x80 ? 12 : 0);
    if (i === 1) hour = this.command & ISIL_CMD_24H ? v % 24 : ((v & 0x1f) % 12) + (v & 0x80 ? 12 : 0);
    else f[i] = v;
    const year = ISIL_YEAR0 + (f[6] % 100);
    const ms = Date.UTC(year, f[4] - 1, f[5], hour, f[2], f[3]);
    if (Number.isNaN(ms)) return;
    this.setCentis(Math.floor(ms / 10) + (f[0] % 100));
  }
}
