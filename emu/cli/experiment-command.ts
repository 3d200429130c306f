/**
 * `sun3lab experiment loadbalance`: the load-sharing experiment
 * (docs/experiments/loadbalance.md). One headless lab per policy (and per
 * alpha and T0 of the thesis's policies), the same seeded workload in each;
 * CSV files and SVG plots in --out.
 */
import type { CommandModule } from 'yargs';

export interface ExperimentArgs {
  name: string;
  machines: number;
  seed: string;
  policy: string;
  alpha: string;
  t0: string;
  period: number;
  maxmig: number;
  jobs: number;
  busy: number;
  share: number;
  gap: number;
  cutoff: number;
  cap: number;
  timeout: number;
  crash?: string[];
  out: string;
}

class ExperimentError extends Error {}

function numbers(s: string, what: string, lo: number, hi: number): number[] {
  const xs = s.split(',').map((x) => Number(x.trim()));
  for (const x of xs)
    if (!Number.isFinite(x) || x < lo || x > hi)
      throw new ExperimentError(`--${what} ${s}: each must be from ${lo} to ${hi}`);
  return xs;
}

export async function experimentCommand(a: ExperimentArgs): Promise<number> {
  if (a.name !== 'loadbalance') throw new ExperimentError(`no experiment ${a.name} (there is: loadbalance)`);
  const { POLICIES, runLoadBalance } = await import('../experiment/loadbalance.js');
  const { decisionRows, jobRows, loadRows, summaryRows, toCsv } = await import('../experiment/csv.js');
  const plots = await import('../experiment/plots.js');
  const { rootImage } = await import('./root-image.js');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');

  const policies = a.policy.split(',').map((p) => p.trim());
  for (const p of policies)
    if (!(POLICIES as readonly string[]).includes(p))
      throw new ExperimentError(`--policy ${p}: one of ${POLICIES.join(', ')}`);
  if (!Number.isInteger(a.machines) || a.machines < 2 || a.machines > 16)
    throw new ExperimentError('--machines must be from 2 to 16');
  const alphas = numbers(a.alpha, 'alpha', 0, 1);
  const t0s = numbers(a.t0, 't0', 0, 64);
  if (!(a.jobs >= 1 && a.jobs <= 500)) throw new ExperimentError('--jobs must be from 1 to 500');
  if (!(a.share >= 0 && a.share <= 1)) throw new ExperimentError('--share must be from 0 to 1');
  if (!(a.gap > 0 && a.cutoff > 0 && a.cap >= a.cutoff))
    throw new ExperimentError('--gap and --cutoff must be above 0, --cap at least --cutoff');
  const crashes = (a.crash ?? []).map((c) => {
    const m = /^([^@]+)@(\d+(?:\.\d+)?)$/.exec(c);
    if (!m) throw new ExperimentError(`--crash ${c}: NAME@SECONDS`);
    return { machine: m[1], at: Number(m[2]) };
  });
  const image = await rootImage();
  const workload = {
    seed: a.seed,
    machines: a.machines,
    jobs: a.jobs,
    busy: Math.min(a.busy, a.machines),
    busyShare: a.share,
    meanGap: a.gap,
    cutoff: a.cutoff,
    cap: a.cap,
  };
  const runs = [];
  for (const policy of policies) {
    const grid =
      policy === 'thesis' || policy === 'thesis-literal' || policy === 'placement'
        ? alphas.flatMap((alpha) => t0s.map((t0) => ({ alpha, t0 })))
        : [{ alpha: alphas[0], t0: t0s[0] }];
    for (const g of grid) {
      const run = runLoadBalance(
        {
          workload,
          policy: policy as (typeof POLICIES)[number],
          ...g,
          period: a.period,
          maxmig: a.maxmig,
          timeout: a.timeout,
          crashes,
        },
        image,
      );
      const s = summaryRows([run])[0];
      process.stderr.write(
        `${run.label}: ${s.done}/${s.jobs} done, ${s.lost} lost, mean slowdown ${s.mean_slowdown}, makespan ${s.makespan_s} s, ${s.migrations} migrations\n`,
      );
      runs.push(run);
    }
  }
  mkdirSync(a.out, { recursive: true });
  const jobs = jobRows(runs);
  const load = loadRows(runs);
  const decisions = decisionRows(runs);
  const summary = summaryRows(runs);
  writeFileSync(join(a.out, 'jobs.csv'), toCsv(jobs));
  writeFileSync(join(a.out, 'load.csv'), toCsv(load));
  writeFileSync(join(a.out, 'decisions.csv'), toCsv(decisions));
  writeFileSync(join(a.out, 'summary.csv'), toCsv(summary));
  writeFileSync(join(a.out, 'slowdown.svg'), await plots.renderSvg(plots.slowdownSpec(summary)));
  writeFileSync(join(a.out, 'response.svg'), await plots.renderSvg(plots.responseSpec(jobs)));
  writeFileSync(join(a.out, 'load.svg'), await plots.renderSvg(plots.loadSpec(load)));
  if (decisions.length > 0)
    writeFileSync(join(a.out, 'threshold.svg'), await plots.renderSvg(plots.thresholdSpec(decisions)));
  process.stdout.write(toCsv(summary));
  return 0;
}

export function experimentCommandModule(
  done: (status: number) => void,
): CommandModule<object, ExperimentArgs> {
  return {
    command: 'experiment <name>',
    describe:
      'Run an experiment headless and write CSVs and SVG plots: loadbalance (load sharing, docs/experiments/loadbalance.md)',
    builder: (y) =>
      y
        .positional('name', { describe: 'the experiment: loadbalance', type: 'string', demandOption: true })
        .option('machines', {
          describe: 'machines in the lab',
          type: 'number',
          default: 4,
          requiresArg: true,
        })
        .option('seed', {
          describe: 'seed of the workload and the lab',
          type: 'string',
          default: '1',
          requiresArg: true,
        })
        .option('policy', {
          describe: 'policies, comma-separated: none, thesis, thesis-literal, placement, random',
          type: 'string',
          default: 'none,thesis,placement',
          requiresArg: true,
        })
        .option('alpha', {
          describe: 'alpha values (comma-separated), 0-1',
          type: 'string',
          default: '0.5',
          requiresArg: true,
        })
        .option('t0', {
          describe: 'T0 values (comma-separated), loads',
          type: 'string',
          default: '1',
          requiresArg: true,
        })
        .option('period', {
          describe: "loadd's period P, seconds",
          type: 'number',
          default: 2,
          requiresArg: true,
        })
        .option('maxmig', {
          describe: 'K: migrations a job may make',
          type: 'number',
          default: 2,
          requiresArg: true,
        })
        .option('jobs', { describe: 'jobs in the workload', type: 'number', default: 12, requiresArg: true })
        .option('busy', {
          describe: 'busy machines (80% of arrivals)',
          type: 'number',
          default: 1,
          requiresArg: true,
        })
        .option('share', {
          describe: 'share of the arrivals at the busy machines (0-1)',
          type: 'number',
          default: 0.8,
          requiresArg: true,
        })
        .option('gap', {
          describe: 'mean time between arrivals, s',
          type: 'number',
          default: 2,
          requiresArg: true,
        })
        .option('cutoff', {
          describe: 'CPU demand cutoff of the 1/t tail, s',
          type: 'number',
          default: 2,
          requiresArg: true,
        })
        .option('cap', { describe: 'largest CPU demand, s', type: 'number', default: 30, requiresArg: true })
        .option('timeout', {
          describe: 'emulated seconds a run may take',
          type: 'number',
          default: 300,
          requiresArg: true,
        })
        .option('crash', {
          describe: "cut a machine's power: NAME@SECONDS (repeatable)",
          type: 'string',
          array: true,
          requiresArg: true,
        })
        .option('out', {
          describe: 'directory for the CSVs and plots',
          type: 'string',
          demandOption: true,
          requiresArg: true,
        }),
    handler: async (a) => {
      try {
        done(await experimentCommand(a as unknown as ExperimentArgs));
      } catch (err) {
        if (!(err instanceof ExperimentError)) throw err;
        process.stderr.write(`sun3lab: ${err.message}\n`);
        done(1);
      }
    },
  };
}
