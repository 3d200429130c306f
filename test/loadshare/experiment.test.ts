/**
 * The load-sharing experiment end to end, in 4-machine labs: 12 jobs
 * started on sun0 (the same seeded workload under each policy), loadd on
 * every machine, the jobs' own checks, their statuses collected by their
 * callers, every decision checked against the decision function and
 * against the machines' own loads, the same CSVs from the same seed, and a
 * machine crashing under the experiment.
 */
import { describe, expect, it } from 'vitest';
import { decisionRows, jobRows, toCsv } from '../../emu/experiment/csv.js';
import {
  asReported,
  type Policy,
  type RunResult,
  type RunSpec,
  runLoadBalance,
} from '../../emu/experiment/loadbalance.js';
import type { LabEvent } from '../../emu/lab/events.js';
import { rootImage } from '../kernel/helpers.js';

const image = rootImage();

function spec(policy: Policy, crashes: RunSpec['crashes'] = []): RunSpec {
  return {
    workload: { seed: '1', machines: 4, jobs: 12, busy: 1, busyShare: 1, meanGap: 4, cutoff: 2, cap: 30 },
    policy,
    alpha: 0.5,
    t0: 0.5,
    period: 2,
    maxmig: 2,
    timeout: 300,
    crashes,
  };
}

const SECOND = 20_000_000;

/** Each decision's SelfLoad is what its kernel's 1-minute average was (stats events, in hundredths) around then. */
function selfMatchesKernel(run: RunResult, events: LabEvent[]): boolean {
  return run.decisions.every((d) =>
    [d.machine as string].every((h) => {
      const l = d.self as number;
      const stats = events.filter((e) => e.type === 'stats' && e.machine === h);
      const before = stats.filter((e) => e.t <= d.t).at(-1);
      const after = stats.find((e) => e.t > d.t);
      return [before, after].some(
        (s) => s !== undefined && Math.abs((l * 100) / 256 - (s.load as number[])[0]) <= 1,
      );
    }),
  );
}

describe('sun3lab experiment loadbalance', () => {
  const none = runLoadBalance(spec('none'), image);
  const thesis = runLoadBalance(spec('thesis'), image);

  it('runs every job to a correct end under both, with its status collected', () => {
    for (const run of [none, thesis]) {
      expect(run.jobs.map((j) => j.outcome)).toEqual(Array(12).fill('done'));
      expect(run.jobs.every((j) => j.status === 0)).toBe(true);
    }
    expect(new Set(none.jobs.map((j) => j.ranOn))).toEqual(new Set(['sun0']));
  });

  it('with the thesis policy, runs jobs on every machine and ends sooner', () => {
    expect(new Set(thesis.jobs.map((j) => j.ranOn))).toEqual(new Set(['sun0', 'sun1', 'sun2', 'sun3']));
    // Each job's own output (its check, and where it ran) came back to its caller's terminal at home.
    for (const j of thesis.jobs) expect(thesis.lines).toContain(`sun0| jobk ${j.id} ok ${j.ranOn}`);
    expect(thesis.makespan).toBeLessThan(none.makespan);
    const mean = (r: RunResult) => r.jobs.reduce((s, j) => s + j.slowdown, 0) / r.jobs.length;
    expect(mean(thesis)).toBeLessThan(mean(none));
    expect(thesis.jobs.every((j) => j.migrations <= 2)).toBe(true);
    expect(thesis.jobs.filter((j) => j.migrations > 0).every((j) => j.bytes > 0)).toBe(true);
  });

  it('logs every decision as an event equal to the decision function of its inputs', () => {
    expect(thesis.decisions.length).toBeGreaterThan(50);
    expect(thesis.decisions.some((d) => d.action === 'migrate')).toBe(true);
    expect(thesis.inconsistent).toEqual([]);
  });

  it('puts every decision in the event stream: one per period and one per job placed', () => {
    expect(thesis.missing).toEqual([]);
    for (const m of ['sun0', 'sun1', 'sun2', 'sun3']) {
      const periods = thesis.decisions.filter((d) => d.machine === m && d.kind === 'period');
      expect(periods.map((d) => d.n)).toEqual(periods.map((_, i) => i + 1));
      // One period every P = 2 s, from the first to the last: loadd never stalled, nothing lost.
      const span = ((periods.at(-1)?.t ?? 0) - (periods[0]?.t ?? 0)) / SECOND;
      expect(Math.abs(span / 2 - (periods.length - 1))).toBeLessThanOrEqual(1);
    }
    const placed = thesis.decisions.filter((d) => d.kind === 'place');
    expect(placed.length).toBe(12);
    expect(new Set(placed.map((d) => d.pid)).size).toBe(12);
  });

  it("takes each decision's loads from what the machines' rstatd reported (on the wire) and its kernel", () => {
    expect(thesis.rstat.length).toBeGreaterThan(100);
    expect(thesis.unreported).toEqual([]);
    // Not vacuous: with a load changed, the check fails.
    const d = thesis.decisions.find((x) =>
      (x.loads as number[]).some((l, i) => l > 0 && (x.hosts as string[])[i] !== x.machine),
    );
    expect(d).toBeDefined();
    if (d) {
      const i = (d.loads as number[]).findIndex((l, j) => l > 0 && (d.hosts as string[])[j] !== d.machine);
      const loads = [...(d.loads as number[])];
      loads[i] += 1;
      expect(asReported({ ...d, loads }, thesis.rstat, 2 * SECOND)).toBe(false);
      expect(asReported(d, thesis.rstat, 2 * SECOND)).toBe(true);
    }
    // Its own load (by the loopback, not the wire) is what its kernel's average was.
    const events = thesis.decisions.concat(
      thesis.load.map((l) => ({
        v: 1,
        t: Math.round(l.t * SECOND),
        machine: l.machine,
        type: 'stats',
        load: [Math.round(l.load * 100)],
      })) as LabEvent[],
    );
    expect(selfMatchesKernel(thesis, events)).toBe(true);
  });

  it('gives the same CSVs for the same seed', () => {
    const again = runLoadBalance(spec('thesis'), image);
    expect(toCsv(jobRows([again]))).toBe(toCsv(jobRows([thesis])));
    expect(toCsv(decisionRows([again]))).toBe(toCsv(decisionRows([thesis])));
  });

  it('loses only the job on a machine that crashes, never runs one twice, and stops choosing it', () => {
    // Job 10 runs on sun1 from about 32 s to 35 s in this workload (see the run above).
    const on1 = thesis.jobs.find((j) => j.ranOn === 'sun1');
    expect(on1).toBeDefined();
    const at = Math.round(((on1?.arrive ?? 0) + 1) * 10) / 10;
    const run = runLoadBalance(spec('thesis', [{ machine: 'sun1', at }]), image);
    const lost = run.jobs.filter((j) => j.outcome === 'lost');
    expect(lost.map((j) => j.id)).toEqual([on1?.id]);
    expect(run.jobs.filter((j) => j.outcome === 'done').length).toBe(11);
    for (let id = 1; id <= 12; id++)
      expect(run.lines.filter((l) => new RegExp(`jobk ${id} ok`).test(l)).length).toBeLessThanOrEqual(1);
    const after = run.decisions.filter((d) => d.t > (at + 2) * 20_000_000);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((d) => d.to !== 'sun1')).toBe(true);
    expect(after.every((d) => (d.loads as number[])[(d.hosts as string[]).indexOf('sun1')] === -1)).toBe(
      true,
    );
    expect(run.inconsistent).toEqual([]);
    // rstat calls to the dead machine time out within the period: loadd never stalls.
    expect(run.missing).toEqual([]);
    for (const m of ['sun0', 'sun2', 'sun3']) {
      const ts = run.decisions.filter((d) => d.machine === m && d.kind === 'period').map((d) => d.t / SECOND);
      const gaps = ts.slice(1).map((t, i) => t - ts[i]);
      expect(Math.max(...gaps)).toBeLessThan(2 * 1.5);
    }
  });

  it("keeps a job running elsewhere when its home crashes, losing only home's", () => {
    // Job 11 runs on sun2 from about 35.6 s to 39.3 s; sun0 (every job's home) goes down in between.
    const away = thesis.jobs.find((j) => j.ranOn === 'sun2');
    expect(away).toBeDefined();
    const at = Math.round(((away?.arrive ?? 0) + 1) * 10) / 10;
    const run = runLoadBalance(spec('thesis', [{ machine: 'sun0', at }]), image);
    const job = run.jobs.find((j) => j.id === away?.id);
    expect(job?.outcome).toBe('done');
    expect(job?.ranOn).toBe('sun2');
    // Every other job was on sun0 or had not arrived, unless it had ended before the crash.
    for (const j of run.jobs) if (j.id !== away?.id) expect(j.outcome === 'lost' || j.end < at).toBe(true);
  });
});
