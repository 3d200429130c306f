/**
 * A lab's machines on worker threads (Lab option `threads`) give the run
 * of one thread, byte for byte and cycle for cycle: four machines with
 * traffic on the wire (pings), NFS (sun0 serves /home, a client writes and
 * another reads) and a process migration, on 2 and 3 threads and on 1,
 * the threads meeting the lab only to carry frames, not once a window;
 * and the machine options (timing, trace classes, the console's speed)
 * reach the machines on the workers as they do those of the lab's thread.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LabOptions } from '../../emu/lab/lab.js';
import type { LabInput } from '../../emu/lab/lab-config.js';
import { execs, startLab } from './helpers.js';

const WORK: LabInput = {
  seed: 'threads',
  count: { value: 4, where: '--machines' },
  memoryMB: { value: 24, where: '--memory' },
  exec: execs(
    "sun1:su alice -c '/tests/nfsfile write /home/alice/f 60000 3'",
    'sun2:ping -c 4 sun3',
    "sun0:su alice -c '/tests/migself -n sun3 64 1 /home/alice'",
    "sun2:su bob -c '/tests/nfsfile check /home/alice/f 60000 3'",
    'sun3:netstat -i',
  ),
};

function outcome(threads: number, work = WORK, opts: Partial<LabOptions> = {}) {
  const run = startLab(work, { ...opts, threads });
  run.runUntil(() => run.lab.settled, 300);
  // Each machine's own counters (cycles, instructions, system calls, faults), asked before the end.
  const stats = run.lab.members.map((m) => m.statsLine());
  run.lab.finish('done');
  return {
    end: run.lab.now,
    lines: run.lines.join('\n'),
    events: run.eventText(),
    pcap: createHash('sha256').update(run.pcap()).digest('hex'),
    stats,
    onWorkers: run.lab.pool?.threads ?? 0,
    windows: run.lab.lockstep.counts.windows,
    runs: run.lab.pool?.runs ?? 0,
  };
}

type Outcome = ReturnType<typeof outcome>;

/** The same lab, byte for byte and cycle for cycle: its end, each machine's counters, consoles, events, capture. */
function expectSameLab(threaded: Outcome, one: Outcome): void {
  expect(threaded.end).toBe(one.end);
  expect(threaded.stats).toEqual(one.stats);
  expect(threaded.lines).toBe(one.lines);
  expect(threaded.events).toBe(one.events);
  expect(threaded.pcap).toBe(one.pcap);
}

describe('a lab on worker threads', () => {
  it('4 machines with traffic, NFS and a migration: the same consoles, events, capture and cycle counts on 2 and 3 threads as on 1', () => {
    const one = outcome(1);
    const two = outcome(2);
    const three = outcome(3);
    expect(one.onWorkers).toBe(0);
    expect(two.onWorkers).toBe(2);
    expect(three.onWorkers).toBe(3);
    // The threads ran the windows among themselves, coming back to the lab only to carry frames.
    // (31,600 windows, 2,800 runs: this lab talks a lot on the wire.)
    expect(two.runs).toBeLessThan(two.windows / 4);
    expect(three.runs).toBeLessThan(three.windows / 4);
    // The work really happened: NFS, the wire, a migration.
    expect(one.lines).toContain('sun1| wrote 60000');
    expect(one.lines).toContain('sun2| ok 60000');
    expect(one.events).toMatch(/"type":"migrate".*"phase":"resume"/);
    expect(one.lines).toMatch(/4 packets received/);
    expectSameLab(two, one);
    expectSameLab(three, one);
  }, 600_000);

  it('--timing cache-case, --trace-what net and a 9600-baud console reach the workers: the same lab on 2 threads as on 1', () => {
    const work: LabInput = {
      seed: 'threads-options',
      count: { value: 2, where: '--machines' },
      consoleBaud: { value: 9600, where: '--console-baud' },
      exec: execs('sun0:rsh sun1 echo hi'),
    };
    const opts: Partial<LabOptions> = { timing: 'cache-case', traceWhat: ['net'] };
    const one = outcome(1, work, opts);
    const two = outcome(2, work, opts);
    expect(two.onWorkers).toBe(2);
    // sun1 runs on the worker: its own trace lines are there, and the options changed the lab.
    const traced = one.events.split('\n').filter((l) => l.includes('"type":"trace"'));
    expect(traced.some((l) => l.includes('"machine":"sun1"') && l.includes('"class":"net"'))).toBe(true);
    const plain = outcome(1, work);
    expect(plain.stats).not.toEqual(one.stats);
    expectSameLab(two, one);
  }, 600_000);
});
