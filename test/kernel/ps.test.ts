/**
 * Process 0 and ps: the swapper is process 0, a system process with no
 * memory and no terminal, the parent of init; ps shows it with -x (as
 * SunOS's `ps -ax`), and shows each process's ids, state, terminal and
 * times, priorities with -l, and memory counters with -v that add up over
 * the whole life of a process, across exec.
 */
import { describe, expect, it } from 'vitest';
import { SSYS } from '../../kernel/proc/proc.js';
import { rootImage, runOn } from './helpers.js';

function sh(cmd: string) {
  return runOn(rootImage(), '/bin/sh', ['sh', '-c', cmd]);
}

/** The columns of the line of `out` for process `pid` (under a header with those names). */
function row(out: string, pid: number): Record<string, string> {
  const lines = out.split('\n');
  const head = lines.findIndex((l) => /^\s*(F\s+UID\s+)?PID/.test(l));
  const names = lines[head].trim().split(/\s+/);
  const idx = names.indexOf('PID');
  for (const l of lines.slice(head + 1)) {
    const cols = l.trim().split(/\s+/);
    if (Number(cols[idx]) === pid) return Object.fromEntries(names.map((n, i) => [n, cols[i] ?? '']));
  }
  throw new Error(`no process ${pid} in:\n${out}`);
}

describe('process 0', () => {
  it('is the swapper: a system process, parent of init, with no memory', () => {
    const r = sh('true');
    const k = r.station.kernel;
    const p0 = k.proc0;
    expect(p0.pid).toBe(0);
    expect(p0.u.comm).toBe('swapper');
    expect(p0.flag & SSYS).toBe(SSYS);
    expect(p0.vm.rss).toBe(0);
    expect(p0.u.ttyd).toBe(-1);
    expect(k.procs.get(0)).toBe(p0);
  });

  it('ps -ax shows the swapper as process 0 and init with parent 0; plain ps does not', () => {
    const all = sh('ps -ax').output;
    expect(row(all, 0)).toMatchObject({ PPID: '0', PGRP: '0', STAT: 'D', TT: '?', COMMAND: 'swapper' });
    expect(row(all, 1)).toMatchObject({ PPID: '0', PGRP: '1', TT: 'co', COMMAND: 'sh' });
    expect(row(all, 2)).toMatchObject({ PPID: '1', STAT: 'R', TT: 'co', COMMAND: 'ps' });
    const mine = sh('ps').output;
    expect(mine).not.toMatch(/swapper/);
    expect(row(mine, 1).COMMAND).toBe('sh');
  });
});

/**
 * Right-aligned columns must end where their header word ends. `names` are
 * counted from the left, so they must come before any column that may be
 * empty (WCHAN); `time` also checks the first m:ss value of each row.
 */
function misaligned(out: string, names: string[], time?: string): string[] {
  const lines = out.split('\n').filter((l) => l.trim() !== '');
  const head = lines[0];
  const bad: string[] = [];
  const ends = (l: string) => [...l.matchAll(/\S+/g)].map((m) => (m.index ?? 0) + m[0].length);
  const headEnds = ends(head);
  const all = head.trim().split(/\s+/);
  for (const l of lines.slice(1)) {
    const rowEnds = ends(l);
    for (const name of names) {
      const i = all.indexOf(name);
      if (rowEnds[i] !== headEnds[i])
        bad.push(`${name} ends at ${rowEnds[i]}, its header at ${headEnds[i]}: ${l}`);
    }
    if (time) {
      const m = /\d+:\d\d(\.\d\d)?/.exec(l);
      const want = headEnds[all.indexOf(time)];
      const got = m ? (m.index ?? 0) + m[0].length : -1;
      if (got !== want) bad.push(`${time} ends at ${got}, its header at ${want}: ${l}`);
    }
  }
  return bad;
}

describe('ps', () => {
  it('lines each right-aligned column up under its header, in every format', () => {
    expect(misaligned(sh('ps -x').output, ['PID', 'PPID', 'PGRP', 'UTIME', 'STIME'])).toEqual([]);
    const long = ['F', 'UID', 'PID', 'PPID', 'PGRP', 'CP', 'PRI', 'NI', 'SZ', 'RSS'];
    expect(misaligned(sh('ps -axl').output, long, 'TIME')).toEqual([]);
    expect(
      misaligned(sh('ps -xv').output, [
        'PID',
        'TIME',
        'SZ',
        'RSS',
        'TSIZ',
        'MINFLT',
        'COW',
        'CTXST',
        'PMEGST',
      ]),
    ).toEqual([]);
  });

  it('shows PID PPID PGRP STAT TT UTIME STIME COMMAND', () => {
    const out = sh('ps -x').output;
    expect(out.split('\n')[0].trim().split(/\s+/)).toEqual([
      'PID',
      'PPID',
      'PGRP',
      'STAT',
      'TT',
      'UTIME',
      'STIME',
      'COMMAND',
    ]);
    expect(row(out, 1).UTIME).toMatch(/^\d+:\d\d\.\d\d$/);
  });

  it('-l shows priority, nice, size and what a sleeper waits for', () => {
    const out = sh('nice -5 sleep 3 & sleep 1; ps -l').output;
    const me = row(out, 1);
    expect(me.PRI).toBe('30'); // the shell sleeps in wait4 at PWAIT
    expect(me.NI).toBe('0');
    expect(me.WCHAN).toBe('wait');
    expect(Number(me.SZ)).toBeGreaterThan(0);
    const sleeper = out.split('\n').find((l) => /\bsleep$/.test(l)) ?? '';
    expect(sleeper).toMatch(/\s5\s/); // nice 5
    expect(sleeper).toMatch(/\sSN\s/);
  });

  it('-v shows page faults and copy-on-write copies, kept across exec', () => {
    // The shell forks for a built-in in a pipeline, then writes: copy-on-write copies.
    const out = sh('cd / | cat; ps -xv').output;
    const me = row(out, 1);
    expect(Number(me.MINFLT)).toBeGreaterThan(0);
    expect(Number(me.COW)).toBeGreaterThan(0);
    expect(me).toHaveProperty('CTXST');
    expect(me).toHaveProperty('PMEGST');
    // The same counts after the shell execs ps: they belong to the process.
    const fresh = row(runOn(rootImage(), '/bin/ps', ['ps', '-xv']).output, 1);
    const execd = row(sh('cd / | cat; exec /bin/ps -xv').output, 1);
    expect(execd.COMMAND).toBe('ps');
    expect(Number(execd.MINFLT)).toBeGreaterThan(Number(fresh.MINFLT));
    expect(Number(execd.COW)).toBeGreaterThan(0);
  });
});
