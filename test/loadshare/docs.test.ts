/**
 * docs/experiments/loadbalance.md reads the committed runs: every table
 * marked `<!-- summary: DIR -->` lists every run of DIR/summary.csv with
 * the CSV's figures (rounded as shown), and the figures quoted in the
 * text are the CSVs'. A re-run that changes the numbers (a new kernel or
 * image changes cycle counts) fails here until the reading is redone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DOC = 'docs/experiments/loadbalance.md';
const DIR = 'docs/experiments/loadbalance';
const doc = readFileSync(DOC, 'utf8');

type Row = Record<string, string>;

function csv(dir: string, file: string): Row[] {
  const [head, ...lines] = readFileSync(join(DIR, dir, file), 'utf8')
    .trim()
    .split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

/** How a table column shows a summary.csv column. */
const COLUMNS: Record<string, (r: Row) => string> = {
  'Mean response (s)': (r) => Number(r.mean_response_s).toFixed(1),
  'Mean slowdown': (r) => Number(r.mean_slowdown).toFixed(2),
  'Largest slowdown': (r) => Number(r.max_slowdown).toFixed(2),
  'Makespan (s)': (r) => Number(r.makespan_s).toFixed(1),
  Migrations: (r) => r.migrations,
  'MB moved': (r) => (Number(r.bytes) / 1e6).toFixed(2),
  'loadd CPU (s)': (r) => Number(r.loadd_cpu_s).toFixed(2),
  'rstatd CPU (s)': (r) => Number(r.rstatd_cpu_s).toFixed(2),
};

/** The tables after each marker: its folder, header and rows of cells. */
function tables(): { dir: string; head: string[]; rows: string[][] }[] {
  const out = [];
  for (const m of doc.matchAll(/<!-- summary: (\S+) -->\n((?:\|.*\|\n)+)/g)) {
    const [head, , ...rows] = m[2]
      .trim()
      .split('\n')
      .map((l) =>
        l
          .slice(1, -1)
          .split('|')
          .map((c) => c.trim().replace(/\*\*/g, '').replace(/`/g, '')),
      );
    out.push({ dir: m[1], head, rows });
  }
  return out;
}

describe('docs/experiments/loadbalance.md', () => {
  it('has a summary table for each committed folder', () => {
    expect(tables().map((t) => t.dir)).toEqual(['small4', 'saturated4', 'sweep8']);
  });

  it("quotes every run's figures as the summary.csv has them", () => {
    for (const t of tables()) {
      const summary = csv(t.dir, 'summary.csv');
      expect(t.rows.map((r) => r[0])).toEqual(summary.map((r) => r.label));
      for (const row of t.rows) {
        const s = summary.find((r) => r.label === row[0]) as Row;
        t.head.slice(1).forEach((h, i) => {
          const show = COLUMNS[h];
          expect(show, `column ${h}`).toBeDefined();
          expect(`${t.dir} ${row[0]} ${h}: ${row[i + 1]}`).toBe(`${t.dir} ${row[0]} ${h}: ${show(s)}`);
        });
      }
    }
  });

  it('has every run correct, consistent, and with no decision missing', () => {
    for (const dir of ['small4', 'saturated4', 'sweep8'])
      for (const r of csv(dir, 'summary.csv')) {
        expect([dir, r.label, r.bad, r.lost, r.unfinished]).toEqual([dir, r.label, '0', '0', '0']);
        expect([dir, r.label, r.inconsistent, r.unreported, r.missing]).toEqual([
          dir,
          r.label,
          '0',
          '0',
          '0',
        ]);
      }
  });

  it('quotes the text figures from the CSVs', () => {
    for (const [dir, phrase] of QUOTED) expect(doc, `${dir}: ${phrase}`).toContain(phrase);
  });
});

/** Figures of the text, each computed from the CSVs. */
const QUOTED: [string, string][] = [];
function quote(dir: string, phrase: string) {
  QUOTED.push([dir, phrase]);
}
const run = (dir: string, label: string) => csv(dir, 'summary.csv').find((r) => r.label === label) as Row;
const f = (x: string | number, d: number) => Number(x).toFixed(d);
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
{
  // small4: no loadd against the thesis's policy at T0 0.5.
  const none = run('small4', 'none');
  const th = run('small4', 'thesis a=0.25 t0=0.5');
  const cut = Math.round((1 - Number(th.mean_slowdown) / Number(none.mean_slowdown)) * 100);
  quote('small4', `by ${cut}% (${f(none.mean_slowdown, 2)} to ${f(th.mean_slowdown, 2)})`);
  const jobs = csv('small4', 'jobs.csv');
  const moved = jobs.filter((j) => j.label === th.label && Number(j.migrations) > 0).length;
  const kb = Math.round(Number(th.bytes) / Number(th.migrations) / 1000);
  quote('small4', `with ${th.migrations} migrations of ${moved} of the ${th.jobs} jobs, about ${kb} KB`);
  const resp = (label: string) => jobs.filter((j) => j.label === label).map((j) => Number(j.response_s));
  quote(
    'small4',
    `the median falls from ${f(median(resp('none')), 1)} s\nto ${f(median(resp(th.label)), 1)} s`,
  );
  const d = csv('small4', 'decisions.csv').filter(
    (r) => r.kind === 'period' && r.label.startsWith('thesis '),
  );
  quote('small4', `${d.filter((r) => r.region === '1').length} of ${d.length} period decisions in region I`);
}
{
  // saturated4: when the literal rule's runs migrate.
  const m = csv('saturated4', 'decisions.csv').filter(
    (r) => r.label.startsWith('thesis-literal') && r.action === 'migrate',
  );
  const ts = m.map((r) => Number(r.t_s));
  const per = csv('saturated4', 'summary.csv')
    .filter((r) => r.policy === 'thesis-literal')
    .map((r) => r.migrations);
  expect(new Set(per).size).toBe(1);
  quote(
    'saturated4',
    `Its runs make ${per[0]} migrations each, all between\n${f(Math.min(...ts), 1)} s and ${f(Math.max(...ts), 1)} s`,
  );
}
{
  // sweep8.
  const s = csv('sweep8', 'summary.csv');
  quote('sweep8', `(${f(run('sweep8', 'none').mean_slowdown, 2)} without loadd;`);
  const literal = 'thesis-literal a=0.25 t0=0.5';
  const decided = csv('sweep8', 'decisions.csv').filter((r) => r.label === literal);
  const lit = decided.filter((r) => r.kind === 'period');
  quote(
    'sweep8',
    `\`${literal}\` has ${lit.filter((r) => r.region === '3').length} of its ${lit.length} periods`,
  );
  const moves = decided.filter((r) => r.action === 'migrate').map((r) => Number(r.t_s));
  quote('sweep8', `no migration after ${f(Math.max(...moves), 1)} s`);
  const low = s.filter((r) => r.t0 === '0.5' && r.policy !== 'none');
  const longest = Math.max(...low.map((r) => Number(r.makespan_s)));
  expect(Number(run('sweep8', literal).makespan_s)).toBe(longest);
  quote('sweep8', `longest makespan\nof the T0 0.5 runs (${f(longest, 1)} s)`);
  const family = s.filter((r) => r.policy.startsWith('thesis'));
  const best = run('sweep8', 'thesis-literal a=1 t0=0.5');
  expect(Math.min(...family.map((r) => Number(r.mean_slowdown)))).toBe(Number(best.mean_slowdown));
  expect(Math.min(...s.map((r) => Number(r.makespan_s)))).toBe(Number(best.makespan_s));
  quote(
    'sweep8',
    `(${f(best.mean_slowdown, 2)}, and the shortest makespan of the sweep, ${f(best.makespan_s, 1)} s)`,
  );
  const random = run('sweep8', 'random');
  expect(Math.max(...s.map((r) => Number(r.migrations)))).toBe(Number(random.migrations));
  quote(
    'sweep8',
    `\`random\` (${f(random.mean_slowdown, 2)}, ${random.migrations} migrations, the most of any run)`,
  );
  const t1 = run('sweep8', 'thesis a=0.25 t0=1');
  const cpu = Number(t1.loadd_cpu_s) + Number(t1.rstatd_cpu_s);
  const share = (cpu / (8 * Number(t1.makespan_s))) * 100;
  quote(
    'sweep8',
    `${f(cpu, 1)} s of CPU (${f(t1.loadd_cpu_s, 2)} s and\n${f(t1.rstatd_cpu_s, 2)} s) over 8 machines and ${f(t1.makespan_s, 1)} s, ${f(share, 1)}% of the lab`,
  );
}
