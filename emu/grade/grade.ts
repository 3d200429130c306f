/**
 * The grader (`sun3lab grade LAB [--kernel DIR]`, docs/labs/README.md):
 * runs a lab's checks on a student's working tree and gives points per
 * check, as OS/161's test161 does, with a one-line reason for every point
 * lost.
 *
 * A lab's checks are a YAML file, docs/labs/grade/LAB.yaml, read from the
 * grader's own tree (a student cannot change what is checked). Each check
 * runs one deterministic scenario with the student's tree's own `sun3lab`
 * (DIR/emu/cli/sun3lab.js, so its kernel, its userland and its image):
 *
 *   - name: the release names the lab
 *     points: 2
 *     run: /bin/uname -r          # sun3lab run PROGRAM ARGS (words split at blanks)
 *     # or boot: [ "ls /", "ps" ]  # sun3lab boot, these lines typed at the shell
 *     input: "text"               # run: piped to the program (optional)
 *     options: [--mem, "4"]       # more machine options (optional)
 *     timeout: 30s                # emulated time the scenario may take (default 60 s)
 *     expect:
 *       status: 0                 # the program's exit status (run)
 *       output: [ "4.1.1-lab" ]   # lines the output must contain, whole, in this order
 *       contains: [ "text" ]      # text the output must contain anywhere
 *       absent: [ "panic" ]       # text it must not contain
 *       matches: "^4\\.1\\.1-"    # a regular expression (multi-line) it must match
 *       within: 2s                # a bound on the emulated time (the statistics line)
 *       after: 1s                 # ... and a lower bound
 *
 * Emulated time comes from the run's statistics line, so a check gives the
 * same verdict every time on the same tree. A check passes when every one of
 * its expectations holds; else it scores 0 and says, in one line, the first
 * that failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { rootPath } from '../root.js';

export class GradeError extends Error {}

export interface Expect {
  status?: number;
  output?: string[];
  contains?: string[];
  absent?: string[];
  matches?: string;
  /** Bounds on emulated seconds. */
  within?: number;
  after?: number;
}

export interface Check {
  name: string;
  points: number;
  /** `run`: program and arguments; `boot`: lines typed at the shell. */
  kind: 'run' | 'boot';
  words: string[];
  input?: string;
  options: string[];
  /** Emulated seconds allowed (--timeout). */
  timeout: number;
  expect: Expect;
}

export interface Lab {
  name: string;
  title: string;
  checks: Check[];
}

export interface Result {
  check: Check;
  score: number;
  /** Why points were lost (null: none were). */
  reason: string | null;
  /** Emulated seconds the scenario took (null: no statistics line). */
  seconds: number | null;
}

/** Where the labs' checks are. */
export function labFile(name: string): string {
  return rootPath('docs', 'labs', 'grade', `${name}.yaml`);
}

/** The labs that have checks (for a message). */
export function labNames(): string[] {
  const dir = rootPath('docs', 'labs', 'grade');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** "2s", "500ms", "1.5 s" or a number of seconds. */
function seconds(v: unknown, where: string): number {
  if (typeof v === 'number' && v > 0) return v;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(s|ms)?\s*$/.exec(v) : null;
  if (!m) throw new GradeError(`${where}: not a duration (such as 2s or 500ms)`);
  return Number(m[1]) / (m[2] === 'ms' ? 1000 : 1);
}

function strings(v: unknown, where: string): string[] {
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string' && typeof x !== 'number'))
    throw new GradeError(`${where}: must be a string or a list of strings`);
  return list.map(String);
}

const CHECK_KEYS = ['name', 'points', 'run', 'boot', 'input', 'options', 'timeout', 'expect'];
const EXPECT_KEYS = ['status', 'output', 'contains', 'absent', 'matches', 'within', 'after'];

function known(o: Record<string, unknown>, keys: string[], where: string): void {
  for (const k of Object.keys(o))
    if (!keys.includes(k))
      throw new GradeError(`${where}.${k}: unknown key (the keys are ${keys.join(', ')})`);
}

/** Read and check a lab's file. */
export function loadLab(name: string, file = labFile(name)): Lab {
  if (!existsSync(file))
    throw new GradeError(`no lab ${name} (the labs with checks: ${labNames().join(', ') || 'none'})`);
  const where = file;
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (typeof doc !== 'object' || doc === null || !Array.isArray(doc.checks))
    throw new GradeError(`${where}: needs a list of checks`);
  const checks = (doc.checks as Record<string, unknown>[]).map((c, i): Check => {
    const w = `${where}: checks[${i}]`;
    if (typeof c !== 'object' || c === null) throw new GradeError(`${w}: must be a map`);
    known(c, CHECK_KEYS, w);
    if (typeof c.name !== 'string' || c.name === '') throw new GradeError(`${w}.name: must be a string`);
    const points = c.points ?? 1;
    if (typeof points !== 'number' || !Number.isInteger(points) || points < 1)
      throw new GradeError(`${w}.points: must be a whole number, 1 or more`);
    if ((c.run === undefined) === (c.boot === undefined))
      throw new GradeError(`${w}: give either run (a program) or boot (lines to type)`);
    const e = (c.expect ?? {}) as Record<string, unknown>;
    known(e, EXPECT_KEYS, `${w}.expect`);
    const expect: Expect = {};
    if (e.status !== undefined) {
      if (typeof e.status !== 'number') throw new GradeError(`${w}.expect.status: must be a number`);
      expect.status = e.status;
    }
    for (const k of ['output', 'contains', 'absent'] as const)
      if (e[k] !== undefined) expect[k] = strings(e[k], `${w}.expect.${k}`);
    if (e.matches !== undefined) {
      if (typeof e.matches !== 'string') throw new GradeError(`${w}.expect.matches: must be a string`);
      try {
        new RegExp(e.matches, 'm');
      } catch (err) {
        throw new GradeError(`${w}.expect.matches: ${(err as Error).message}`);
      }
      expect.matches = e.matches;
    }
    if (e.within !== undefined) expect.within = seconds(e.within, `${w}.expect.within`);
    if (e.after !== undefined) expect.after = seconds(e.after, `${w}.expect.after`);
    return {
      name: c.name,
      points,
      kind: c.run !== undefined ? 'run' : 'boot',
      words: c.run !== undefined ? String(c.run).trim().split(/\s+/) : strings(c.boot, `${w}.boot`),
      input: c.input === undefined ? undefined : String(c.input),
      options: c.options === undefined ? [] : strings(c.options, `${w}.options`),
      timeout: c.timeout === undefined ? 60 : seconds(c.timeout, `${w}.timeout`),
      expect,
    };
  });
  return { name, title: typeof doc.title === 'string' ? doc.title : name, checks };
}

/** Check that DIR is a sun3lab working tree, and give its command. */
export function treeCommand(dir: string): string {
  const cmd = join(resolve(dir), 'emu', 'cli', 'sun3lab.js');
  if (!existsSync(cmd))
    throw new GradeError(`--kernel ${dir}: not a sun3lab working tree (no emu/cli/sun3lab.js)`);
  return cmd;
}

/** A string for a one-line message: quoted, at most 60 characters. */
function brief(s: string): string {
  const t = s.length > 60 ? `${s.slice(0, 57)}...` : s;
  return JSON.stringify(t);
}

/** Run one check's scenario on the tree and judge it. */
export function runCheck(cmd: string, check: Check): Result {
  const args =
    check.kind === 'run'
      ? ['run', '--timeout', String(check.timeout), ...check.options, ...check.words]
      : ['boot', '--timeout', String(check.timeout), ...check.options];
  const input = check.kind === 'run' ? (check.input ?? '') : `${check.words.join('\n')}\n`;
  const r = spawnSync(process.execPath, [cmd, ...args], {
    cwd: join(cmd, '..', '..', '..'),
    input,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 30 * 60 * 1000, // real time: a tree whose machine is stuck in the host, not in emulated time
  });
  const out = r.stdout ?? '';
  const err = r.stderr ?? '';
  const stats = /stats: (\d+(?:\.\d+)?) s emulated/.exec(err);
  const secs = stats ? Number(stats[1]) : null;
  const lost = (reason: string): Result => ({ check, score: 0, reason, seconds: secs });
  if (secs === null) {
    const last = err.trim().split('\n').pop() || `exit status ${r.status}`;
    return lost(`the machine did not run to the end: ${last.replace(/^sun3lab: /, '')}`);
  }
  const e = check.expect;
  if (check.kind === 'boot' && r.status !== 0)
    return lost(`the session did not end cleanly: ${err.trim().split('\n').pop()}`);
  if (e.status !== undefined && r.status !== e.status)
    return lost(`exit status ${r.status}, expected ${e.status}`);
  if (e.output) {
    const lines = out.split('\n');
    let at = 0;
    for (const want of e.output) {
      const i = lines.indexOf(want, at);
      if (i < 0)
        return lost(
          lines.includes(want)
            ? `the line ${brief(want)} came too early (out of order)`
            : `no line ${brief(want)} in the output`,
        );
      at = i + 1;
    }
  }
  for (const want of e.contains ?? [])
    if (!out.includes(want)) return lost(`the output lacks ${brief(want)}`);
  for (const bad of e.absent ?? [])
    if (out.includes(bad)) return lost(`the output has ${brief(bad)}, which it must not`);
  if (e.matches !== undefined && !new RegExp(e.matches, 'm').test(out))
    return lost(`the output does not match /${e.matches}/`);
  if (e.within !== undefined && secs > e.within)
    return lost(`it took ${secs.toFixed(3)} s of emulated time; the bound is ${e.within} s`);
  if (e.after !== undefined && secs < e.after)
    return lost(`it took only ${secs.toFixed(3)} s of emulated time; it must take at least ${e.after} s`);
  return { check, score: check.points, reason: null, seconds: secs };
}

/** Grade a lab on a tree: every check, in order. */
export function grade(lab: Lab, tree: string, progress?: (r: Result) => void): Result[] {
  const cmd = treeCommand(tree);
  return lab.checks.map((c) => {
    const r = runCheck(cmd, c);
    progress?.(r);
    return r;
  });
}

/** One check's line of the report: "  [2/2] name", then the reason of lost points. */
export function formatResult(r: Result): string {
  const head = `  [${r.score}/${r.check.points}] ${r.check.name}`;
  return r.reason === null ? head : `${head}: ${r.reason}`;
}

export function formatTotal(results: Result[]): string {
  const got = results.reduce((a, r) => a + r.score, 0);
  const max = results.reduce((a, r) => a + r.check.points, 0);
  return `total: ${got}/${max} points`;
}
