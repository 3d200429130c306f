/**
 * The lab benchmark (`sun3lab bench-lab`, `npm run bench:lab`): host CPU
 * time per emulated second for labs of 1, 4, 16 and 32 idle machines
 * (booted, at their prompts, daemons ticking), with and without jumping
 * over the spans in which every machine waits, and for 1, 4, 8 and 16
 * machines each running a compute-bound program (/tests/matmul), with the
 * real-time factor (emulated seconds per second of host CPU: at least 1
 * keeps up with real Sun-3/60s on one core). It measures the host only;
 * the machines never see the host's clock. docs/performance.md records
 * the figures.
 */
import type { Engine } from '../cpu/engine.js';
import { CowDisk } from './cow-disk.js';
import { Lab } from './lab.js';
import { type LabInput, resolveLab } from './lab-config.js';

const SECOND = 20_000_000;
const STEP = SECOND / 100;

export interface LabBenchCase {
  name: string;
  machines: number;
  /** Host CPU milliseconds (user + system) per emulated second. */
  cpuMsPerSecond: number;
  /** Emulated seconds measured. */
  seconds: number;
  /** Lockstep windows run and quiet spans jumped, per emulated second. */
  windowsPerSecond: number;
  skipsPerSecond: number;
  /** What each machine holds, on average at the end: RAM, the CPU's translation tables, its disk's own blocks, translated blocks. */
  memory: { ramKB: number; tlbKB: number; diskKB: number; blocks: number };
}

/** The memory a machine of `lab` holds, on average (the shared root image and translations not counted). */
function memory(lab: Lab): LabBenchCase['memory'] {
  let ram = 0;
  let tlb = 0;
  let disk = 0;
  let blocks = 0;
  for (const m of lab.machines) {
    const cpu = m.station.machine.cpu;
    ram += m.station.machine.ram.length;
    tlb += cpu.tlb.tables.reduce((n, t) => n + t.byteLength, 0) + cpu.tlb.codeFrames.byteLength;
    if (m.disk instanceof CowDisk) disk += m.disk.ownBytes;
    blocks += cpu.blocks?.stats.blocks ?? 0;
  }
  const n = lab.machines.length * 1024;
  return { ramKB: ram / n, tlbKB: tlb / n, diskKB: disk / n, blocks: (blocks * 1024) / n };
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function bootLab(input: LabInput, image: Uint8Array, skipQuiet: boolean, engine?: Engine): Lab {
  const lab = new Lab(resolveLab(input), { image, skipQuiet, engine });
  while (!lab.settled) {
    if (lab.now > 60 * SECOND) throw new Error('the lab did not boot');
    lab.runTo(lab.now + STEP);
  }
  return lab;
}

/** Run `lab` for `seconds` of emulated time and measure the host's CPU. */
function measure(name: string, lab: Lab, seconds: number): LabBenchCase {
  const counts = { ...lab.lockstep.counts };
  const c0 = cpuMs();
  const end = lab.now + seconds * SECOND;
  while (lab.now < end) lab.runTo(Math.min(end, lab.now + STEP));
  const ms = cpuMs() - c0;
  return {
    name,
    machines: lab.machines.length,
    cpuMsPerSecond: ms / seconds,
    seconds,
    windowsPerSecond: (lab.lockstep.counts.windows - counts.windows) / seconds,
    skipsPerSecond: (lab.lockstep.counts.skips - counts.skips) / seconds,
    memory: memory(lab),
  };
}

function count(n: number): LabInput {
  return { count: { value: n, where: 'bench' } };
}

/** A lab of `n` machines, each just started /tests/matmul. */
function computing(n: number, image: Uint8Array, engine?: Engine): Lab {
  const lab = bootLab(count(n), image, true, engine);
  for (let i = 0; i < n; i++) lab.exec(i, '/tests/matmul > /dev/null');
  while (!lab.machines.every((m) => m.script.pendingCommands === 1 && m.station.kernel.sched.runnable > 0))
    lab.runTo(lab.now + STEP / 10);
  return lab;
}

/** Every case, one after the other (each reported as soon as it is measured). */
export function runLabBench(
  image: Uint8Array,
  report: (c: LabBenchCase) => void,
  idleSeconds = 10,
  engine?: Engine,
): LabBenchCase[] {
  const out: LabBenchCase[] = [];
  const add = (c: LabBenchCase) => {
    out.push(c);
    report(c);
  };
  // Warm up (the first lab to run pays for compiling the emulator's hot paths).
  measure('warm-up', bootLab(count(2), image, true, engine), 5);
  for (const n of [1, 4, 16, 32])
    add(measure(`${n} idle`, bootLab(count(n), image, true, engine), idleSeconds));
  add(measure('4 idle, every window run', bootLab(count(4), image, false, engine), idleSeconds));
  // Machines computing: matmul runs for about 3.9 s of emulated time; measure 3 s of it. A
  // first run warms up (the block engine translates matmul's loops once for every machine).
  measure('warm-up', computing(1, image, engine), 3);
  for (const n of [1, 4, 8, 16]) add(measure(`${n} computing (matmul)`, computing(n, image, engine), 3));
  return out;
}

/** The benchmark's report, a line per case. */
export function formatLabBench(c: LabBenchCase): string {
  return (
    `lab: ${c.name.padEnd(26)} ${c.cpuMsPerSecond.toFixed(1).padStart(7)} ms of host CPU per emulated second ` +
    `(${(c.cpuMsPerSecond / c.machines).toFixed(2)} per machine; ${Math.round(c.windowsPerSecond)} windows/s, ` +
    `${Math.round(c.skipsPerSecond)} jumps/s; ${(1000 / c.cpuMsPerSecond).toFixed(1)}x real time)` +
    `\n     each machine: ${c.memory.ramKB / 1024} MB RAM, ${Math.round(c.memory.tlbKB)} KB of MMU translation tables, ` +
    `${Math.round(c.memory.diskKB)} KB of its own disk blocks; translated blocks: ${Math.round(c.memory.blocks)}`
  );
}
