/** The 4.3BSD scheduler: CPU use and niceness decide who runs; equals take turns. */
import { describe, expect, it } from 'vitest';
import { Ucred } from '../../kernel/proc/cred.js';
import { Proc } from '../../kernel/proc/proc.js';
import { Scheduler } from '../../kernel/proc/sched.js';
import type { AddressSpace } from '../../kernel/vm/as.js';

/** Run `procs` (all CPU-bound) for `seconds`, a tick at a time; CPU ticks each got. */
function share(procs: Proc[], seconds: number): number[] {
  const s = new Scheduler();
  for (const p of procs) s.setrun(p);
  const got = procs.map(() => 0);
  for (let t = 1; t <= seconds * 100; t++) {
    const p = s.pick();
    if (p) got[procs.indexOf(p)]++;
    s.tick();
    if (t % 100 === 0) s.schedcpu(procs, procs.length);
  }
  return got;
}

const proc = (pid: number, nice = 0) => {
  const p = new Proc(pid, new Ucred(), {} as AddressSpace);
  p.nice = nice;
  return p;
};

describe('scheduler', () => {
  it('shares the CPU evenly between equals', () => {
    const [a, b] = share([proc(2), proc(3)], 20);
    expect(Math.abs(a - b)).toBeLessThan(100); // within a second of 20
  });

  it('gives a niced process less of the CPU', () => {
    const [normal, niced] = share([proc(2), proc(3, 10)], 20);
    expect(normal).toBeGreaterThan(niced * 1.5);
    expect(niced).toBeGreaterThan(0); // but it is not starved
  });

  it('a process woken with a better priority preempts the running one', () => {
    const s = new Scheduler();
    const hog = proc(2);
    hog.cpu = 200;
    hog.usrpri = 100;
    s.setrun(hog);
    expect(s.pick()).toBe(hog);
    const reader = proc(3);
    s.sleep(reader, 'chan', 28, 'ttyin');
    reader.kthread = { gen: (function* () {})() };
    s.wakeup('chan');
    expect(s.pick()).toBe(reader);
  });
});
