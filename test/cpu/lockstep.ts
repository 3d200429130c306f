/**
 * The two CPU engines side by side on a booted machine: the same workload
 * runs once on the block engine, which records the state at every block
 * end and the cycle of every interrupt taken, device-register access and
 * bus error; then on the interpreter, which is checked against that record
 * after every instruction. Both are deterministic, so they must agree
 * everywhere: at each block end the instruction count, cycle count, PC, SR,
 * the sixteen registers and the stack pointers; and in the end the event
 * logs, the console output and all of RAM.
 */
import { type Cpu, type Engine, EVENT_FAULT, EVENT_INTERRUPT } from '../../emu/cpu/cpu.js';
import { Station } from '../../emu/lab/station.js';

const EVENT_DEVICE_READ = 3;
const EVENT_DEVICE_WRITE = 4;

/** Drives a station: what it types and how long it runs (in emulated time only). */
export type Workload = (st: Station, output: () => string) => void;

/** A hash of the CPU state that an instruction boundary shows. */
function stateHash(cpu: Cpu): number {
  let h = 0x811c9dc5;
  const mix = (v: number) => {
    h = Math.imul(h ^ (v | 0), 0x01000193);
  };
  mix(cpu.pc);
  mix(cpu.getSR());
  for (let i = 0; i < 16; i++) mix(cpu.r[i]);
  mix(cpu.getUSP());
  mix(cpu.getISP());
  mix(cpu.getMSP());
  mix(cpu.stopped ? 1 : 0);
  return h >>> 0;
}

function describe(cpu: Cpu): string {
  const r = Array.from(cpu.r, (v) => (v >>> 0).toString(16)).join(' ');
  return `pc ${cpu.pc.toString(16)} sr ${cpu.getSR().toString(16)} usp ${cpu.getUSP().toString(16)} r ${r}`;
}

/** A growable array of 32-bit unsigned numbers (millions of block ends fit). */
class Words {
  a = new Float64Array(1 << 16);
  n = 0;
  push(...v: number[]): void {
    if (this.n + v.length > this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    for (const x of v) this.a[this.n++] = x;
  }
}

export interface EngineRun {
  output: string;
  events: number[];
  ram: Uint8Array;
  instructions: number;
  cycles: number;
  blockEnds: number;
  translations: number;
}

function boot(engine: Engine, disk: Uint8Array, opts: Partial<ConstructorParameters<typeof Station>[0]>) {
  let out = '';
  const st = new Station({
    disk: new Uint8Array(disk),
    engine,
    consoleSink: (b) => {
      out += String.fromCharCode(b);
    },
    ...opts,
  });
  const events: number[] = [];
  const cpu = st.machine.cpu;
  cpu.onEvent = (kind, a, b) => events.push(kind, cpu.cycles, a, b);
  st.machine.bus.onDeviceAccess = (pa, size, write) =>
    events.push(write ? EVENT_DEVICE_WRITE : EVENT_DEVICE_READ, cpu.cycles, pa, size);
  return { st, events, output: () => out };
}

/**
 * Run `workload` on both engines; returns the two runs and the first
 * disagreement found at a block end (null if none).
 */
export function lockstep(
  disk: Uint8Array,
  workload: Workload,
  opts: Partial<ConstructorParameters<typeof Station>[0]> = {},
): { jit: EngineRun; interp: EngineRun; mismatch: string | null } {
  // The block engine: record every block end.
  const ends = new Words();
  const j = boot('jit', disk, opts);
  const jcpu = j.st.machine.cpu;
  const blocks = jcpu.blocks;
  if (blocks === null) throw new Error('no block engine');
  blocks.onBlockEnd = (cpu) => ends.push(cpu.instructions, cpu.cycles, stateHash(cpu));
  workload(j.st, j.output);
  const jit: EngineRun = {
    output: j.output(),
    events: j.events,
    ram: j.st.machine.ram,
    instructions: jcpu.instructions,
    cycles: jcpu.cycles,
    blockEnds: ends.n / 3,
    translations: blocks.stats.translations,
  };

  // The interpreter, checked after every instruction against those records.
  let at = 0;
  let mismatch: string | null = null;
  const i = boot('interp', disk, opts);
  const icpu = i.st.machine.cpu;
  icpu.stepHook = (cpu) => {
    while (at < ends.n && ends.a[at] === cpu.instructions) {
      if (mismatch === null && (ends.a[at + 1] !== cpu.cycles || ends.a[at + 2] !== stateHash(cpu)))
        mismatch =
          `at instruction ${cpu.instructions}: the block engine had cycles ${ends.a[at + 1]}, ` +
          `the interpreter ${cpu.cycles} (${describe(cpu)})`;
      at += 3;
    }
  };
  workload(i.st, i.output);
  if (mismatch === null && at < ends.n)
    mismatch = `the interpreter stopped at instruction ${icpu.instructions}, before block end ${at / 3} of ${ends.n / 3}`;
  const interp: EngineRun = {
    output: i.output(),
    events: i.events,
    ram: i.st.machine.ram,
    instructions: icpu.instructions,
    cycles: icpu.cycles,
    blockEnds: 0,
    translations: 0,
  };
  return { jit, interp, mismatch };
}

/** The first place two event logs differ, or null. */
export function eventDifference(a: number[], b: number[]): string | null {
  const names = ['', 'interrupt', 'bus error', 'device read', 'device write'];
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k += 4) {
    if (a[k] === b[k] && a[k + 1] === b[k + 1] && a[k + 2] === b[k + 2] && a[k + 3] === b[k + 3]) continue;
    const show = (x: number[]) =>
      `${names[x[k]]} at cycle ${x[k + 1]} (${x[k + 2].toString(16)}, ${x[k + 3]})`;
    return `event ${k / 4}: block engine ${show(a)}, interpreter ${show(b)}`;
  }
  return a.length === b.length ? null : `the logs have ${a.length / 4} and ${b.length / 4} events`;
}

export { EVENT_FAULT, EVENT_INTERRUPT };
