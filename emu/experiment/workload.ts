/**
 * The experiment's workload: compute-bound jobs with heavy-tailed CPU
 * demands arriving as a Poisson process, most of them at a few busy
 * machines. Lifetimes follow Harchol-Balter and Downey (SIGMETRICS 1996):
 * P(life > t) = cutoff / t for t >= cutoff (a Pareto tail of index 1),
 * capped so that a run stays short. Drawn from the seed alone, so the
 * same seed gives the same jobs.
 */
import { Random } from '../net/random.js';

export interface WorkloadSpec {
  seed: string;
  machines: number;
  jobs: number;
  /** Machines 0 .. busy-1 get `busyShare` of the jobs; the rest spread over every machine. */
  busy: number;
  busyShare: number;
  /** Mean time between arrivals (the whole lab), seconds. */
  meanGap: number;
  /** The tail's cutoff and cap, seconds of CPU. */
  cutoff: number;
  cap: number;
}

export interface Job {
  id: number;
  /** Machine index where it arrives. */
  home: number;
  /** Seconds after the workload starts. */
  arrive: number;
  /** CPU demand, seconds (as drawn), and the job kernel's WORK argument for it. */
  demand: number;
  work: number;
}

/**
 * jobk WORK per CPU second: WORK 1000 (a million steps) takes 3.25 s of
 * user time on the emulated 20 MHz 68020 (calibrated with `time`).
 */
export const WORK_PER_SECOND = 1000 / 3.25;

export function makeWorkload(w: WorkloadSpec): Job[] {
  const r = new Random(w.seed).stream('workload');
  const jobs: Job[] = [];
  let t = 0;
  for (let id = 1; id <= w.jobs; id++) {
    t += -Math.log(1 - r.float()) * w.meanGap;
    const home = r.float() < w.busyShare ? r.int(w.busy) : r.int(w.machines);
    const demand = Math.min(w.cap, w.cutoff / (1 - r.float()));
    const work = Math.max(1, Math.round(demand * WORK_PER_SECOND));
    jobs.push({ id, home, arrive: Math.round(t * 1000) / 1000, demand: work / WORK_PER_SECOND, work });
  }
  return jobs;
}
