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

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

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
{
  // small4: the regions of every period decision of the thesis's runs.
  const d = csv('small4', 'decisions.csv').filter(
    (r) => r.kind === 'period' && r.label.startsWith('thesis '),
  );
  quote('small4', `${d.filter((r) => r.region === '1').length} of ${d.length} period decisions in region I`);
  // The mean per-migration bytes in the 8-machine thesis runs.
  const s = csv('sweep8', 'summary.csv').filter((r) => r.policy === 'thesis');
  const kb = mean(s.map((r) => Number(r.bytes) / Number(r.migrations) / 1000));
  quote('sweep8', `about ${Math.round(kb)} KB a migration`);
}
