/**
 * `sun3lab experiment loadbalance` on the command line: its files (CSVs and
 * vega-rendered SVG plots) for a tiny workload, and one-line errors for
 * bad arguments.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sun3lab } from '../cli/spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'sun3lab-experiment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sun3lab experiment loadbalance', () => {
  it('writes the CSVs and the plots', async () => {
    const out = join(dir, 'run');
    const r = await sun3lab([
      'experiment',
      'loadbalance',
      '--machines',
      '2',
      '--jobs',
      '4',
      '--gap',
      '0.5',
      '--cap',
      '4',
      '--policy',
      'none,thesis',
      '--out',
      out,
    ]);
    expect(r.stderr).toMatch(/^none: 4\/4 done/m);
    expect(r.code).toBe(0);
    const summary = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n');
    expect(summary[0]).toMatch(/^label,policy,alpha,t0,jobs,done,/);
    expect(summary.slice(1).map((l) => l.split(',')[0])).toEqual(['none', 'thesis a=0.5 t0=1']);
    expect(r.stdout).toBe(`${summary.join('\n')}\n`);
    const jobs = readFileSync(join(out, 'jobs.csv'), 'utf8').trim().split('\n');
    expect(jobs).toHaveLength(9);
    expect(jobs.slice(1).every((l) => l.endsWith(',0,done'))).toBe(true);
    for (const f of ['slowdown', 'response', 'load', 'threshold']) {
      const svg = readFileSync(join(out, `${f}.svg`), 'utf8');
      expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).toMatch(/<\/svg>\n$/);
    }
    expect(readFileSync(join(out, 'slowdown.svg'), 'utf8')).toContain('thesis a=0.5 t0=1');
  }, 120_000);

  it('refuses bad arguments in one line', async () => {
    const bad = await sun3lab(['experiment', 'loadbalance', '--policy', 'greedy', '--out', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'sun3lab: --policy greedy: one of none, thesis, thesis-literal, placement, random\n',
    );
    const other = await sun3lab(['experiment', 'nosuch', '--out', dir]);
    expect(other.code).toBe(1);
    expect(other.stderr).toBe('sun3lab: no experiment nosuch (there is: loadbalance)\n');
  }, 60_000);
});
