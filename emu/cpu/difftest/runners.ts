/**
 * The two sides of the differential test: qemu-m68k running the batch
 * executable as a Linux process, and sun3lab's CPU core running the same
 * executable on a flat RAM bus with the two system calls it makes (write and
 * exit) serviced here.
 *
 * In sun3lab the program runs in user state. Every exception vector points
 * at a STOP instruction, so an exception ends Cpu.run(); the runner then
 * reads the exception frame, and either services `trap #0` and returns to
 * the program, or (any other exception: the core disagrees about some
 * instruction) notes the exception against the case that raised it and
 * carries on with the next case.
 */
import { spawn } from 'node:child_process';
import { FlatBus } from '../../bus/ram.js';
import { Cpu, DEFAULT_ENGINE, type Engine } from '../cpu.js';
import { parseElf32be } from './elf.js';
import { CASETAB_BASE, SYS_EXIT, SYS_WRITE } from './layout.js';

export const QEMU = 'qemu-m68k';

export interface QemuResult {
  stdout: Buffer;
  stderr: string;
  code: number | null;
  signal: string | null;
}

/** Run the executable under `qemu-m68k -cpu m68020`. */
export function runQemu(path: string, timeoutMs = 120_000): Promise<QemuResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(QEMU, ['-cpu', 'm68020', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code, signal });
    });
  });
}

const HANDLER = 0x1000;
const ISP_TOP = 0x1f00;
/** Cycles a case may run without reaching its write system call. */
const RUNAWAY_CYCLES = 50_000_000;

const VECTOR_NAMES: Record<number, string> = {
  2: 'bus error',
  3: 'address error',
  4: 'illegal instruction',
  5: 'zero divide',
  6: 'CHK',
  7: 'TRAPV',
  8: 'privilege violation',
  9: 'trace',
  10: 'line 1010',
  11: 'line 1111',
  14: 'format error',
};

export function vectorName(v: number): string {
  if (v >= 32 && v < 48) return `TRAP #${v - 32}`;
  return VECTOR_NAMES[v] ?? `vector ${v}`;
}

export interface CaseAddresses {
  /** Start of the case's setup code, first instruction under test, end of them. */
  start: number;
  first: number;
  end: number;
}

export interface Sun3labResult {
  stdout: Uint8Array;
  /** Cases that raised an exception (or ran away) in sun3lab: message by case number. */
  faults: Map<number, string>;
  /** Addresses of each case, by position in the batch. */
  addresses: CaseAddresses[];
  /** The loaded memory (for showing instruction encodings). */
  ram: Uint8Array;
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

/**
 * Run the executable in sun3lab's core. `caseNumbers` are the batch's cases
 * in order. Each case runs once, so the block engine translates every block
 * the first time it runs (threshold 1). `fpu` gives the CPU an MC68881.
 */
export function runSun3lab(
  elf: Uint8Array,
  caseNumbers: number[],
  engine: Engine = DEFAULT_ENGINE,
  fpu = false,
): Sun3labResult {
  const image = parseElf32be(elf);
  let top = 0x10000;
  for (const s of image.segments) top = Math.max(top, s.vaddr + s.memsz);
  const bus = new FlatBus((Math.ceil(top / 0x10000) + 1) * 0x10000);
  const ram = bus.flatRam;
  for (const s of image.segments) ram.set(s.data, s.vaddr);
  const dv = new DataView(ram.buffer);
  for (let v = 0; v < 256; v++) dv.setUint32(v * 4, HANDLER);
  dv.setUint16(HANDLER, 0x4e72); // stop #$2700
  dv.setUint16(HANDLER + 2, 0x2700);

  const addresses: CaseAddresses[] = [];
  for (let k = 0; k <= caseNumbers.length; k++) {
    const p = CASETAB_BASE + 12 * k;
    addresses.push({ start: dv.getUint32(p), first: dv.getUint32(p + 4), end: dv.getUint32(p + 8) });
  }

  const cpu = new Cpu(bus, { engine, blocks: { threshold: 1 }, fpu, timing: 'cache-case' });
  const toUser = (pc: number): void => {
    cpu.setSR(0x2700);
    cpu.a[7] = ISP_TOP;
    cpu.setSR(0x0000);
    cpu.pc = pc;
    cpu.stopped = false;
    cpu.halted = false;
  };
  toUser(image.entry);

  const chunks: Uint8Array[] = [];
  const faults = new Map<number, string>();
  /** Note a fault against the case containing `pc` and go on with the next case. */
  const caseFault = (pc: number, message: string): boolean => {
    let k = addresses.findIndex(
      (a, i) => i < caseNumbers.length && pc >= a.start && pc < addresses[i + 1].start,
    );
    if (k < 0) k = addresses.findIndex((_a, i) => i < caseNumbers.length && pc === addresses[i + 1].start);
    if (k < 0) throw new Error(`sun3lab: ${message} outside the test cases`);
    faults.set(caseNumbers[k], message);
    toUser(addresses[k + 1].start);
    return true;
  };

  let sinceSyscall = 0;
  for (;;) {
    const before = cpu.cycles;
    cpu.lastException = -1;
    try {
      cpu.run(1_000_000);
    } catch (e) {
      // A JavaScript exception out of the core is a sun3lab bug too; pin it on the case.
      caseFault(cpu.ppc, `core threw ${(e as Error).message}`);
      sinceSyscall = 0;
      continue;
    }
    sinceSyscall += cpu.cycles - before;
    if (cpu.halted) {
      caseFault(cpu.ppc, `halted: ${cpu.haltReason}`);
      sinceSyscall = 0;
      continue;
    }
    if (!cpu.stopped) {
      if (sinceSyscall > RUNAWAY_CYCLES) {
        caseFault(cpu.pc, `ran ${RUNAWAY_CYCLES} cycles without finishing (pc ${hex(cpu.pc)})`);
        sinceSyscall = 0;
      }
      continue;
    }
    const vec = cpu.lastException;
    const sp = cpu.a[7];
    const sr = cpu.rd16(sp);
    const pc = cpu.rd32(sp + 2) >>> 0;
    const format = cpu.rd16(sp + 6) >> 12;
    if (vec !== 32) {
      const at = format === 2 ? cpu.rd32(sp + 8) >>> 0 : pc;
      caseFault(at, `took exception ${vec} (${vectorName(vec)}) at pc ${hex(at)}`);
      sinceSyscall = 0;
      continue;
    }
    cpu.stopped = false;
    cpu.a[7] = sp + 8;
    cpu.setSR(sr);
    cpu.pc = pc;
    sinceSyscall = 0;
    const call = cpu.d[0];
    if (call === SYS_EXIT) break;
    if (call !== SYS_WRITE) throw new Error(`sun3lab: unexpected system call ${call} at pc ${hex(pc)}`);
    const addr = cpu.d[2] >>> 0;
    const len = cpu.d[3] >>> 0;
    chunks.push(ram.slice(addr, addr + len));
    cpu.d[0] = len;
  }
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const stdout = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    stdout.set(c, o);
    o += c.length;
  }
  return { stdout, faults, addresses, ram };
}
