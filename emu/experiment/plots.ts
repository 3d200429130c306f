/**
 * The experiment's plots: vega-lite specifications, compiled to vega and
 * rendered to SVG by vega's headless view (no canvas, no browser). The
 * data are the rows the CSV files hold.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type Row = Record<string, string | number>;

/** A vega-lite spec with its data inlined, as an SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return `${svg}\n`;
}

const base = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', background: 'white' } as const;

/** Mean slowdown per policy (bars), completed jobs only. */
export function slowdownSpec(summary: Row[]): TopLevelSpec {
  return {
    ...base,
    title: 'Mean slowdown (response time / CPU demand) by policy',
    data: { values: summary },
    mark: 'bar',
    encoding: {
      x: { field: 'label', type: 'nominal', title: 'policy', sort: null, axis: { labelAngle: -30 } },
      y: { field: 'mean_slowdown', type: 'quantitative', title: 'mean slowdown' },
    },
    width: 360,
    height: 220,
  };
}

/** The distribution of response times: one cumulative curve per policy. */
export function responseSpec(jobs: Row[]): TopLevelSpec {
  return {
    ...base,
    title: 'Response time distribution (completed jobs)',
    data: { values: jobs.filter((j) => j.outcome === 'done') },
    transform: [
      { sort: [{ field: 'response_s' }], window: [{ op: 'cume_dist', as: 'fraction' }], groupby: ['label'] },
    ],
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'response_s', type: 'quantitative', title: 'response time (s)', scale: { type: 'log' } },
      y: { field: 'fraction', type: 'quantitative', title: 'fraction of jobs done within' },
      color: { field: 'label', type: 'nominal', title: 'policy' },
    },
    width: 420,
    height: 240,
  };
}

/** One value per machine over time, a line per machine and a panel per run. */
function perMachineSpec(
  title: string,
  values: Row[],
  field: string,
  axis: string,
  step: boolean,
): TopLevelSpec {
  return {
    ...base,
    title,
    data: { values },
    facet: { row: { field: 'label', type: 'nominal', title: null } },
    spec: {
      mark: step ? { type: 'line', interpolate: 'step-after' } : 'line',
      encoding: {
        x: { field: 't_s', type: 'quantitative', title: 'time (s)' },
        y: { field, type: 'quantitative', title: axis },
        color: { field: 'machine', type: 'nominal' },
      },
      width: 420,
      height: 110,
    },
  };
}

/** Per-machine 1-minute load over time, one panel per policy. */
export function loadSpec(load: Row[]): TopLevelSpec {
  return perMachineSpec('Load (1-minute average) on each machine', load, 'load', 'load', false);
}

/** LoadThreshold over time on each machine (loadd's period decisions), one panel per policy. */
export function thresholdSpec(decisions: Row[]): TopLevelSpec {
  const periods = decisions.filter((d) => d.kind === 'period');
  return perMachineSpec('LoadThreshold after each period', periods, 'lt_after', 'LoadThreshold', true);
}
