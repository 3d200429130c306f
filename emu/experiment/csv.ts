/**
 * The experiment's results as CSV rows and files: jobs, load, decisions,
 * summary. Numbers are rounded to fixed decimals so that the same run gives
 * the same bytes.
 */

import type { RunResult } from './loadbalance.js';
import type { Row } from './plots.js';

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export function jobRows(runs: RunResult[]): Row[] {
  return runs.flatMap((run) =>
    run.jobs.map((j) => ({
      label: run.label,
      job: j.id,
      home: j.home,
      ran_on: j.ranOn,
      arrive_s: r3(j.arrive),
      end_s: r3(j.end),
      response_s: r3(j.response),
      demand_s: r3(j.demand),
      slowdown: r3(j.slowdown),
      migrations: j.migrations,
      bytes: j.bytes,
      status: j.status,
      outcome: j.outcome,
    })),
  );
}

export function loadRows(runs: RunResult[]): Row[] {
  return runs.flatMap((run) =>
    run.load.map((l) => ({ label: run.label, t_s: r3(l.t), machine: l.machine, load: l.load })),
  );
}

export function decisionRows(runs: RunResult[]): Row[] {
  return runs.flatMap((run) =>
    run.decisions.map((e) => ({
      label: run.label,
      t_s: r3(e.t / 20_000_000),
      machine: e.machine as string,
      kind: e.kind as string,
      n: e.n as number,
      action: e.action as string,
      pid: (e.pid as number | undefined) ?? '',
      to: (e.to as string | undefined) ?? '',
      self: r3((e.self as number) / 256),
      load_min: r3((e.loadMin as number) / 256),
      min_host: e.minHost as string,
      lt_before: r3((e.ltBefore as number) / 256),
      lt_after: r3((e.ltAfter as number) / 256),
      region: e.region as number,
    })),
  );
}

export function summaryRows(runs: RunResult[]): Row[] {
  return runs.map((run) => {
    const done = run.jobs.filter((j) => j.outcome === 'done');
    const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
    return {
      label: run.label,
      policy: run.spec.policy,
      alpha: run.spec.alpha,
      t0: run.spec.t0,
      jobs: run.jobs.length,
      done: done.length,
      bad: run.jobs.filter((j) => j.outcome === 'bad').length,
      lost: run.jobs.filter((j) => j.outcome === 'lost').length,
      unfinished: run.jobs.filter((j) => j.outcome === 'unfinished').length,
      mean_response_s: r3(mean(done.map((j) => j.response))),
      mean_slowdown: r3(mean(done.map((j) => j.slowdown))),
      max_slowdown: r3(Math.max(0, ...done.map((j) => j.slowdown))),
      makespan_s: r3(run.makespan),
      migrations: run.jobs.reduce((s, j) => s + j.migrations, 0),
      bytes: run.jobs.reduce((s, j) => s + j.bytes, 0),
      machines_used: new Set(done.map((j) => j.ranOn)).size,
      decisions: run.decisions.length,
      inconsistent: run.inconsistent.length,
      unreported: run.unreported.length,
      missing: run.missing.length,
      loadd_cpu_s: r3(run.loaddCpu),
      rstatd_cpu_s: r3(run.rstatdCpu),
    };
  });
}

export function toCsv(rows: Row[]): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0]);
  const cell = (v: string | number) =>
    typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v);
  return `${[cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n')}\n`;
}
