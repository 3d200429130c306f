/**
 * The lab benchmark (`sun3lab bench-lab`, `npm run bench:lab`): what a lab
 * costs the host per emulated second, for labs of 1, 4, 16, 32 and 100
 * idle machines (booted, at their prompts, daemons ticking; the load
 * daemon is not started in a lab), with and without jumping over the
 * spans in which every machine waits, and for 1, 4, 8 and 16 machines each
 * running a compute-bound program (/tests/matmul), on `threads` worker
 * threads (1: all on the benchmark's own thread). For each: the host's
 * real time and CPU time (every thread's) per emulated second, the
 * real-time factor (emulated seconds per second of real time: at least 1
 * keeps up with real Sun-3/60s), and what each machine holds in memory.
 * It measures the host only; the machines never see the host's clock.
 * docs/performance.md records the figures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Engine } from '../cpu/engine.js';
import { Lab } from './lab.js';
import { type LabInput, resolveLab } from './lab-config.js';

const SECOND = 20_000_000;
const STEP = SECOND / 100;

export interface LabBenchCase {
  name: string;
  machines: number;
  /** Host CPU milliseconds (user + system, every thread) per emulated second. */
  cpuMsPerSecond: number;
  /** Host real-time milliseconds per emulated second. */
  wallMsPerSecond: number;
  /**
   * CPU milliseconds per emulated second of the busiest thread (Linux; null
   * elsewhere): about the real time the lab would take with a free core
   * for each of its threads.
   */
  busiestMsPerSecond: number | null;
  /** Worker threads the machines ran on (0: the benchmark's own thread). */
  threads: number;
  /** The process's resident memory at the end, MB, divided by the machines. */
  rssMBPerMachine: number;
  /** Emulated seconds measured. */
  seconds: number;
  /** Lockstep windows run and quiet spans jumped, per emulated second. */
  windowsPerSecond: number;
  skipsPerSecond: number;
  /** Runs of windows the threads came back to the lab's thread from, per emulated second (0 on one thread). */
  runsPerSecond: number;
  /** What each machine holds, on average at the end: RAM, the CPU's translation tables, its disk's own blocks, translated blocks. */
  memory: { ramKB: number; tlbKB: number; diskKB: number; blocks: number };
}

/** The memory a machine of `lab` holds, on average (the shared root image and translations not counted). */
function memory(lab: Lab): LabBenchCase['memory'] {
  let ram = 0;
  let tlb = 0;
  let disk = 0;
  let blocks = 0;
  for (const m of lab.members) {
    const x = m.memory();
    ram += x.ram;
    tlb += x.tlb;
    disk += x.disk;
    blocks += x.blocks;
  }
  const n = lab.members.length * 1024;
  return { ramKB: ram / n, tlbKB: tlb / n, diskKB: disk / n, blocks: (blocks * 1024) / n };
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Each of the process's threads' CPU time so far, ms, by thread id (Linux's /proc; null elsewhere). */
function threadCpuMs(): Map<string, number> | null {
  try {
    const out = new Map<string, number>();
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
      // utime and stime, in clock ticks (1/100 s), are fields 14 and 15, after the name in parentheses.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(f[11]) + Number(f[12])) * 10);
    }
    return out;
  } catch {
    return null;
  }
}

/** The most CPU time one thread took between two readings, ms. */
function busiest(before: Map<string, number> | null, after: Map<string, number> | null): number | null {
  if (!before || !after) return null;
  let most = 0;
  for (const [tid, ms] of after) most = Math.max(most, ms - (before.get(tid) ?? 0));
  return most;
}

interface How {
  engine?: Engine;
  threads: number;
}

function bootLab(input: LabInput, image: Uint8Array, skipQuiet: boolean, how: How): Lab {
  const lab = new Lab(resolveLab(input), { image, skipQuiet, engine: how.engine, threads: how.threads });
  while (!lab.settled) {
    if (lab.now > 60 * SECOND) throw new Error('the lab did not boot');
    lab.runTo(lab.now + STEP);
  }
  return lab;
}

/** Run `lab` for `seconds` of emulated time and measure the host's CPU. */
function measure(name: string, lab: Lab, seconds: number): LabBenchCase {
  const counts = { ...lab.lockstep.counts };
  const runs = lab.pool?.runs ?? 0;
  const c0 = cpuMs();
  const t0 = threadCpuMs();
  const w0 = performance.now();
  const end = lab.now + seconds * SECOND;
  while (lab.now < end) lab.runTo(Math.min(end, lab.now + STEP));
  const ms = cpuMs() - c0;
  const most = busiest(t0, threadCpuMs());
  const wall = performance.now() - w0;
  const mem = memory(lab);
  const rss = process.memoryUsage().rss / 2 ** 20;
  lab.finish('done');
  return {
    name,
    machines: lab.members.length,
    cpuMsPerSecond: ms / seconds,
    wallMsPerSecond: wall / seconds,
    busiestMsPerSecond: most === null ? null : most / seconds,
    threads: lab.pool?.threads ?? 0,
    rssMBPerMachine: rss / lab.members.length,
    seconds,
    windowsPerSecond: (lab.lockstep.counts.windows - counts.windows) / seconds,
    skipsPerSecond: (lab.lockstep.counts.skips - counts.skips) / seconds,
    runsPerSecond: ((lab.pool?.runs ?? 0) - runs) / seconds,
    memory: mem,
  };
}

function count(n: number): LabInput {
  return { count: { value: n, where: 'bench' } };
}

/** A lab of `n` machines, each just started /tests/matmul. */
function computing(n: number, image: Uint8Array, how: How): Lab {
  const lab = bootLab(count(n), image, true, how);
  for (let i = 0; i < n; i++) lab.exec(i, '/tests/matmul > /dev/null');
  while (!lab.members.every((m) => m.pendingCommands === 1 && m.runnable > 0)) lab.runTo(lab.now + STEP / 10);
  return lab;
}

/** Every case, one after the other (each reported as soon as it is measured), on `threads` worker threads. */
export function runLabBench(
  image: Uint8Array,
  report: (c: LabBenchCase) => void,
  idleSeconds = 10,
  engine?: Engine,
  threads = 1,
  only?: (name: string) => boolean,
): LabBenchCase[] {
  const how = { engine, threads };
  const out: LabBenchCase[] = [];
  const add = (name: string, make: () => Lab, seconds: number) => {
    if (only && !only(name)) return;
    const c = measure(name, make(), seconds);
    out.push(c);
    report(c);
  };
  // Warm up (the first lab to run pays for compiling the emulator's hot paths).
  measure('warm-up', bootLab(count(2), image, true, how), 5);
  for (const n of [1, 4, 16, 32, 100])
    add(`${n} idle`, () => bootLab(count(n), image, true, how), idleSeconds);
  add('4 idle, every window run', () => bootLab(count(4), image, false, how), idleSeconds);
  // Machines computing: matmul runs for about 3.9 s of emulated time; measure 3 s of it. A
  // first run warms up (the block engine translates matmul's loops once for every machine).
  if (!only || only('computing')) measure('warm-up', computing(1, image, how), 3);
  for (const n of [1, 4, 8, 16]) add(`${n} computing (matmul)`, () => computing(n, image, how), 3);
  return out;
}

/** The benchmark's report, a line per case. */
export function formatLabBench(c: LabBenchCase): string {
  const where = c.threads === 0 ? '1 thread' : `${c.threads} threads`;
  return (
    `lab: ${c.name.padEnd(26)} ${c.wallMsPerSecond.toFixed(1).padStart(7)} ms real, ` +
    `${c.cpuMsPerSecond.toFixed(1).padStart(7)} ms CPU per emulated second on ${where} ` +
    `(${(1000 / c.wallMsPerSecond).toFixed(2)}x real time, ${(1000 / c.cpuMsPerSecond).toFixed(2)}x per core of CPU; ` +
    `${(c.cpuMsPerSecond / c.machines).toFixed(2)} ms CPU per machine; ` +
    (c.threads > 1 && c.busiestMsPerSecond !== null
      ? `busiest thread ${c.busiestMsPerSecond.toFixed(1)} ms CPU; `
      : '') +
    `${Math.round(c.windowsPerSecond)} windows/s, ${Math.round(c.skipsPerSecond)} jumps/s` +
    (c.threads > 1 ? `, back to the lab ${Math.round(c.runsPerSecond)}/s)` : ')') +
    `\n     each machine: ${c.memory.ramKB / 1024} MB RAM, ${Math.round(c.memory.tlbKB)} KB of MMU translation tables, ` +
    `${Math.round(c.memory.diskKB)} KB of its own disk blocks, translated blocks: ${Math.round(c.memory.blocks)}; ` +
    `process resident ${Math.round(c.rssMBPerMachine * c.machines)} MB (${c.rssMBPerMachine.toFixed(1)} per machine, with what earlier cases left to the GC)`
  );
}
