/**
 * Migration tests in a booted lab: find a program's pid, migrate it from
 * the shell of the machine it is on, wait for the migration to end, and
 * gather what a program printed across the consoles it ran on.
 */
import type { LabEvent } from '../../emu/lab/events.js';
import type { LabInput } from '../../emu/lab/lab-config.js';
import type { NfsMount } from '../../kernel/fs/nfs/nfs_vfsops.js';
import { execs, type LabRun, SECOND, startLab } from '../lab/helpers.js';

export const MS = SECOND / 1000;

/** The pid of the first process that exec'd `comm` on `machine`, once it has. */
export function pidOf(run: LabRun, machine: string, comm: string, seconds = 60): number {
  const find = () => run.events.find((e) => e.type === 'exec' && e.machine === machine && e.comm === comm);
  run.runUntil(() => find() !== undefined, seconds);
  return find()?.pid as number;
}

/** The migrate events of `pid`, in order. */
export function migrations(run: LabRun, pid: number): LabEvent[] {
  return run.events.filter((e) => e.type === 'migrate' && e.pid === pid);
}

/** Its exit event, if it has exited. */
export function exitOf(run: LabRun, pid: number): LabEvent | undefined {
  return run.events.find((e) => e.type === 'exit' && e.pid === pid);
}

/**
 * Type `migrate PID TO` at machine `from`'s shell and run until the
 * migration ends: resumed on `to`, or failed at the source (refuse, abort).
 * Returns the last event of it.
 */
export function migrateCmd(run: LabRun, from: number, pid: number, to: string, seconds = 60): LabEvent {
  const before = migrations(run, pid).length;
  run.lab.exec(from, `migrate ${pid} ${to}`);
  const end = () =>
    migrations(run, pid)
      .slice(before)
      .find(
        (e) =>
          (e.phase === 'resume' && e.machine === to) ||
          (e.machine === run.lab.machines[from].name && (e.phase === 'refuse' || e.phase === 'abort')),
      );
  run.runUntil(() => end() !== undefined, seconds);
  return end() as LabEvent;
}

/** Let `ms` of emulated time pass. */
export function pass(run: LabRun, ms: number): void {
  const until = run.lab.now + ms * MS;
  run.runUntil(() => run.lab.now >= until, ms / 1000 + 1);
}

/**
 * The lines a program printed, gathered from every console in the order
 * they came, the shell's prompt taken off the front of a line (a program
 * that goes on on a machine whose shell waits starts its line after the
 * prompt), keeping only the lines `keep` accepts.
 */
export function programLines(run: LabRun, keep: (line: string) => boolean): string[] {
  return run.lines.map((l) => l.slice(l.indexOf('| ') + 2).replace(/^(# )+/, '')).filter(keep);
}

/** A small seeded generator (an LCG): the same instants for the same seed. */
export function seeded(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

/** Run `pmstat ARGS` on machine i and return the rows it printed (after its header), once it has. */
export function pmstatRows(run: LabRun, i: number, args = ''): string[] {
  const name = run.lab.machines[i].name;
  const before = run.console(name).length;
  run.lab.exec(i, `pmstat ${args}; echo pmstat-done`);
  const out = () => run.console(name).slice(before);
  run.runUntil(() => out().some((l) => l.endsWith('pmstat-done') && !l.includes('echo')), 60);
  const lines = out();
  const head = lines.findIndex((l) => /PID HOME/.test(l));
  const end = lines.findIndex((l, j) => j > head && l.endsWith('pmstat-done'));
  return lines.slice(head + 1, end).filter((l) => /^ *\d+ /.test(l));
}

/** A lab whose rc is done everywhere, sun1 and sun2 with sun0:/home mounted; `exec` as startLab's (machine:command). */
export function nfsLab(seed: string, ...exec: string[]): LabRun {
  return nfsLabOf(exec.length > 0 ? { seed, exec: execs(...exec) } : { seed });
}

/** The same, from a lab's whole input (machines of less memory, say). */
export function nfsLabOf(input: LabInput): LabRun {
  const run = startLab(input);
  const mounted = (i: number) =>
    run.lab.machines[i].station.kernel.mounts.some((m) => (m.fs as NfsMount).fstype === 'nfs');
  run.runUntil(
    () => run.events.filter((e) => e.type === 'ready').length === 3 && mounted(1) && mounted(2),
    120,
  );
  return run;
}

/** Run `command` at machine i's shell until the shell has it done; its exit status. */
export function typed(run: LabRun, i: number, command: string, seconds = 120): number {
  const name = run.lab.machines[i].name;
  const from = run.events.length;
  run.lab.exec(i, command);
  const done = () =>
    run.events
      .slice(from)
      .find((e) => e.type === 'command' && e.phase === 'done' && e.machine === name && e.text === command);
  run.runUntil(() => done() !== undefined, seconds);
  pass(run, 500); // the console's last lines drain
  return done()?.status as number;
}
