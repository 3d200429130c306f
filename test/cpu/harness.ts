/**
 * A tiny bare 68020 system for CPU unit tests: code at 0x1000, data from
 * 0x3000, supervisor stack below 0x8000, every exception vector pointing at
 * its own handler stub 0x4000 + 16 * n (an RTE unless a test writes
 * something else there).
 */
import { type Bus, BusFault, FC_CPU_SPACE } from '../../emu/bus/bus.js';
import { FlatBus } from '../../emu/bus/ram.js';
import { SUPER_READ, type Tlb, USER_READ } from '../../emu/bus/tlb.js';
import { Cpu, type CpuOptions, type Engine } from '../../emu/cpu/cpu.js';
import type { TimingModel } from '../../emu/cpu/icache.js';

/**
 * CPU options for a test on `engine`: the block engine translates every
 * block the first time it runs, so that a test's few instructions run as
 * translated code. The timing is the manual's cache case, which the unit
 * tests' cycle counts are worked out from, unless `timing` says otherwise.
 */
export function engineOptions(engine: Engine, timing: TimingModel = 'cache-case'): CpuOptions {
  return { engine, blocks: { threshold: 1 }, timing };
}

export const CODE = 0x1000;
export const DATA = 0x3000;
export const STACK = 0x8000;
export const handlerFor = (vector: number) => 0x4000 + 16 * vector;
export const RTE = 0x4e73;
export const STOP_2700 = [0x4e72, 0x2700];

export function writeWords(mem: Uint8Array, addr: number, words: number[]): void {
  words.forEach((w, i) => {
    mem[addr + 2 * i] = (w >>> 8) & 0xff;
    mem[addr + 2 * i + 1] = w & 0xff;
  });
}

export function writeLong(mem: Uint8Array, addr: number, v: number): void {
  writeWords(mem, addr, [(v >>> 16) & 0xffff, v & 0xffff]);
}

export function readLong(mem: Uint8Array, addr: number): number {
  return ((mem[addr] << 24) | (mem[addr + 1] << 16) | (mem[addr + 2] << 8) | mem[addr + 3]) >>> 0;
}

export function readWord(mem: Uint8Array, addr: number): number {
  return (mem[addr] << 8) | mem[addr + 1];
}

/** Lay out vectors and handler stubs in `mem` and return a CPU in supervisor state at CODE. */
export function setup(bus: Bus, mem: Uint8Array, code: number[], sr = 0x2700, engine?: Engine): Cpu {
  for (let v = 0; v < 256; v++) {
    writeLong(mem, 4 * v, handlerFor(v));
    writeWords(mem, handlerFor(v), [RTE]);
  }
  writeLong(mem, 0, STACK);
  writeLong(mem, 4, CODE);
  writeWords(mem, CODE, code);
  const cpu = new Cpu(bus, engine === undefined ? { timing: 'cache-case' } : engineOptions(engine));
  cpu.reset();
  cpu.setSR(sr);
  return cpu;
}

/**
 * A CPU on a flat 64 KB RAM with `code` at `at`, supervisor, stack below
 * 0x8000, on the block engine translating every block the first time it runs.
 */
export function jitMachine(code: number[], at = 0x1000): { cpu: Cpu; bus: FlatBus } {
  const bus = new FlatBus(0x10000);
  writeWords(bus.flatRam, at, code);
  const cpu = new Cpu(bus, engineOptions('jit'));
  cpu.setSR(0x2700);
  cpu.setISP(0x8000);
  cpu.pc = at;
  return { cpu, bus };
}

/** A CPU on a flat 64 KB RAM (the fast path). */
export function flatMachine(code: number[], sr = 0x2700, engine?: Engine): { cpu: Cpu; mem: Uint8Array } {
  const bus = new FlatBus(0x10000);
  return { cpu: setup(bus, bus.flatRam, code, sr, engine), mem: bus.flatRam };
}

export interface Access {
  addr: number;
  size: number;
  write: boolean;
  fc: number;
}

/** Page size of FaultBus.readOnlyPage: small, so that an instruction's writes can land on different pages. */
export const FAULT_PAGE = 0x40;

/**
 * RAM behind the bus interface only (no fast path), which records every
 * access (not the write checks, `probe`) and can refuse one, as an MMU
 * would until the fault handler fixes the page. Each kind of fault happens
 * once and is then cleared, as if the handler had mapped the page:
 *
 * - `faultAt`: the first access or write check that touches this byte
 *   address (a page that is not there);
 * - `faultIndex`: the access that would be `log[faultIndex]`, whatever it
 *   is, read or write (write checks before it pass: this is the harshest
 *   case, a write that fails although it was checked);
 * - `readOnlyPage`: the first write or write check that touches page
 *   `readOnlyPage` (FAULT_PAGE bytes); reads of it succeed. This is what a
 *   copy-on-write page looks like.
 *
 * Nothing answers in CPU space (function code 7): such a cycle ends in a
 * bus error, as on a board with no coprocessor or access-control hardware.
 *
 * With `fastCode`, the first 8 KB (the vectors and CODE) are also read
 * directly through the CPU's translation cache, as the block engine needs
 * to find its code there; their reads are then neither logged nor faulted.
 */
export class FaultBus implements Bus {
  readonly mem = new Uint8Array(0x10000);
  readonly addressBits = 16;
  private tlb: Tlb | null = null;

  constructor(private readonly fastCode = false) {}

  attachTlb(tlb: Tlb): void {
    tlb.ram = this.mem;
    this.tlb = tlb;
    if (!this.fastCode) return;
    tlb.fill(USER_READ, 0, 0);
    tlb.fill(SUPER_READ, 0, 0);
  }
  readonly log: Access[] = [];
  faultAt = -1;
  faultIndex = -1;
  readOnlyPage = -1;
  faults = 0;

  private touch(addr: number, size: number, write: boolean, fc: number, record = true): void {
    const a = addr >>> 0;
    const fault = () => {
      this.faults++;
      return new BusFault(a, fc, write, size as 1 | 2 | 4);
    };
    if (fc === FC_CPU_SPACE) throw new BusFault(a, fc, write, size as 1 | 2 | 4);
    if (this.faultAt >= 0 && this.faultAt >= a && this.faultAt < a + size) {
      this.faultAt = -1;
      throw fault();
    }
    if (record && this.faultIndex >= 0 && this.log.length === this.faultIndex) {
      this.faultIndex = -1;
      throw fault();
    }
    if (write && this.readOnlyPage >= 0) {
      const start = this.readOnlyPage * FAULT_PAGE;
      if (a < start + FAULT_PAGE && a + size > start) {
        this.readOnlyPage = -1;
        throw fault();
      }
    }
    if (a + size > this.mem.length) throw new BusFault(a, fc, write, size as 1 | 2 | 4);
    if (record) this.log.push({ addr: a, size, write, fc });
  }
  probe(addr: number, size: number, fc: number, write: boolean): void {
    this.touch(addr, size, write, fc, false);
  }
  read8(addr: number, fc: number): number {
    this.touch(addr, 1, false, fc);
    return this.mem[addr >>> 0];
  }
  read16(addr: number, fc: number): number {
    this.touch(addr, 2, false, fc);
    return readWord(this.mem, addr >>> 0);
  }
  read32(addr: number, fc: number): number {
    this.touch(addr, 4, false, fc);
    return readLong(this.mem, addr >>> 0) | 0;
  }
  write8(addr: number, v: number, fc: number): void {
    this.touch(addr, 1, true, fc);
    this.mem[addr >>> 0] = v;
    this.tlb?.written(addr >>> 0, 1);
  }
  write16(addr: number, v: number, fc: number): void {
    this.touch(addr, 2, true, fc);
    writeWords(this.mem, addr >>> 0, [v & 0xffff]);
    this.tlb?.written(addr >>> 0, 2);
  }
  write32(addr: number, v: number, fc: number): void {
    this.touch(addr, 4, true, fc);
    writeLong(this.mem, addr >>> 0, v);
    this.tlb?.written(addr >>> 0, 4);
  }
}
