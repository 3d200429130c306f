/**
 * `sun3lab experiment loadbalance`: one headless lab per policy, the same
 * workload (same seed) in each, and what happened to every job.
 *
 * The lab boots; with a policy, every machine starts `/sbin/loadd` with it
 * (the thesis's load daemon, docs/loadsharing.md); then each machine that
 * has jobs runs `/tests/loadgen`, which starts `pmrun /tests/jobk ID WORK`
 * for each at its arrival time and prints when it ended and its status.
 * Everything is read from the lab's event stream and consoles: which job
 * is which process (loadgen forks its jobs in order), where each ran
 * (jobk prints its host), its migrations (migrate events), loadd's
 * decisions (loadd events), the machines' loads (stats events).
 * Emulated time only, so the same seed gives the same numbers.
 */
import type { LabEvent } from '../lab/events.js';
import { Lab } from '../lab/lab.js';
import { resolveLab } from '../lab/lab-config.js';
import { decide } from './policy.js';
import { type RstatReply, RstatWire } from './rstat-wire.js';
import { type Job, makeWorkload, type WorkloadSpec } from './workload.js';

export const POLICIES = ['none', 'thesis', 'thesis-literal', 'placement', 'random'] as const;
export type Policy = (typeof POLICIES)[number];

const SECOND = 20_000_000;
const CHUNK = SECOND / 10;
/** The longest command line a console takes (MAX_CANON is 256, its newline included). */
const MAX_COMMAND = 240;
/** The length every loadd command is padded to. */
const LOADD_COMMAND = 80;

export interface RunSpec {
  workload: WorkloadSpec;
  policy: Policy;
  /** loadd's parameters: alpha and T0 (loads), the period (s), K. */
  alpha: number;
  t0: number;
  period: number;
  maxmig: number;
  /** Emulated seconds the run may take after the jobs start. */
  timeout: number;
  /** Power cuts: machine name and emulated second. */
  crashes: { machine: string; at: number }[];
}

export type Outcome = 'done' | 'bad' | 'lost' | 'unfinished';

export interface JobResult {
  id: number;
  home: string;
  ranOn: string;
  arrive: number;
  end: number;
  response: number;
  demand: number;
  slowdown: number;
  migrations: number;
  bytes: number;
  status: number;
  outcome: Outcome;
}

export interface RunResult {
  label: string;
  spec: RunSpec;
  jobs: JobResult[];
  /** Per machine and second: the 1-minute load (stats events). */
  load: { t: number; machine: string; load: number }[];
  /** loadd's decisions (the lab's loadd events). */
  decisions: LabEvent[];
  /** Every migration's arrival: the job's pid, the machine it resumed on, when. */
  arrivals: { pid: number; machine: string; t: number }[];
  /** Decisions whose logged outcome is not the decision function of their logged inputs. */
  inconsistent: LabEvent[];
  /** Every rstatd answer that crossed the wire (from one machine to another). */
  rstat: RstatReply[];
  /** Decisions with another machine's load that is not what its rstatd last told this one. */
  unreported: LabEvent[];
  /**
   * Decisions that never reached the event stream: per machine, the periods
   * missing from 1 to its last, and the jobs pmrun registered with no
   * placement decision.
   */
  missing: { machine: string; period?: number; pid?: number }[];
  /** CPU seconds loadd and rstatd used, over every machine. */
  loaddCpu: number;
  rstatdCpu: number;
  makespan: number;
  /** Lines of every console ("sun0| ..."), for a failing test to show. */
  lines: string[];
}

export function label(spec: RunSpec): string {
  if (spec.policy === 'none' || spec.policy === 'random') return spec.policy;
  return `${spec.policy} a=${spec.alpha} t0=${spec.t0}`;
}

/** The loadgen commands for one machine's jobs, each short enough for the console. */
function loadgenCommands(jobs: Job[]): Job[][] {
  const chunks: Job[][] = [];
  let cur: Job[] = [];
  let len = 0;
  const base = '/tests/loadgen'.length + 2;
  for (const j of jobs) {
    const arg = ` ${j.id}:${Math.round(j.arrive * 1000)}:${j.work}`.length;
    if (cur.length > 0 && base + len + arg > MAX_COMMAND) {
      chunks.push(cur);
      cur = [];
      len = 0;
    }
    cur.push(j);
    len += arg;
  }
  if (cur.length > 0) chunks.push(cur);
  return chunks;
}

interface Tracked {
  job: Job;
  pmrunPid?: number;
  pid?: number;
  /** Where it is now: its home, or where its last migration resumed it. */
  at: string;
  start?: number;
  /** Its home (and caller) crashed while it ran elsewhere. */
  orphan?: boolean;
  result?: JobResult;
}

export function runLoadBalance(spec: RunSpec, image: Uint8Array): RunResult {
  const w = spec.workload;
  const config = resolveLab({
    seed: w.seed,
    count: { value: w.machines, where: '--machines' },
    crashes: spec.crashes.map((c) => ({
      where: '--crash',
      machine: c.machine,
      at: Math.round(c.at * SECOND),
      until: null,
    })),
    // The consoles at a real Sun's 9600 baud, as the committed results (docs/experiments/) were measured.
    consoleBaud: { value: 9600, where: 'the experiment' },
  });
  const names = config.machines.map((m) => m.name);
  const lab = new Lab(config, { image });
  const lines: string[] = [];
  const events: LabEvent[] = [];
  lab.onLine((i, text) => lines.push(`${names[i]}| ${text}`));
  lab.onEvent((e) => events.push(e));
  const wire = new RstatWire(new Map(config.machines.map((m) => [m.address, m.name])));
  for (const seg of config.segments) lab.capture(seg.name, wire);

  const jobs = makeWorkload(w);
  const tracked = new Map<number, Tracked>(jobs.map((j) => [j.id, { job: j, at: names[j.home] }]));
  // Padded to one length: typing takes a character time each, and runs that
  // differ only in a parameter should start at the same instants.
  const loadd = `/sbin/loadd -p ${spec.policy} -a ${spec.alpha} -t ${spec.t0} -P ${spec.period} -k ${spec.maxmig}`;
  // (Without a policy, a command of the same length that does nothing, so the arrivals start alike.)
  const first = spec.policy === 'none' ? 'true' : loadd;
  for (let i = 0; i < names.length; i++) lab.exec(i, first.padEnd(LOADD_COMMAND));
  // Chunks of each machine, in the order their loadgens will exec.
  const chunks = new Map<string, Job[][]>();
  for (let i = 0; i < names.length; i++) {
    const mine = jobs.filter((j) => j.home === i);
    if (mine.length === 0) continue;
    const cs = loadgenCommands(mine);
    chunks.set(names[i], cs);
    for (const c of cs)
      lab.exec(
        i,
        `/tests/loadgen ${c.map((j) => `${j.id}:${Math.round(j.arrive * 1000)}:${j.work}`).join(' ')} &`,
      );
  }

  const loadgens = new Map<number, { machine: string; t: number; jobs: Job[]; forked: number }>();
  const pmruns = new Map<string, Tracked>(); // "machine:pid"
  const byPid = new Map<string, Tracked>(); // the job process, "home:pid"
  const seenLoadgens = new Map<string, number>();
  let seen = 0;
  const follow = () => {
    for (; seen < events.length; seen++) {
      const e = events[seen];
      const m = e.machine as string;
      if (e.type === 'exec' && e.comm === 'loadgen') {
        const k = seenLoadgens.get(m) ?? 0;
        seenLoadgens.set(m, k + 1);
        const c = chunks.get(m)?.[k];
        if (c) loadgens.set(e.pid as number, { machine: m, t: e.t, jobs: c, forked: 0 });
      } else if (e.type === 'fork') {
        const g = loadgens.get(e.ppid as number);
        if (g && g.machine === m && g.forked < g.jobs.length) {
          const tr = tracked.get(g.jobs[g.forked++].id) as Tracked;
          tr.pmrunPid = e.pid as number;
          tr.start = e.t;
          pmruns.set(`${m}:${e.pid}`, tr);
        }
        const tr = pmruns.get(`${m}:${e.ppid}`);
        if (tr && tr.pid === undefined) {
          tr.pid = e.pid as number;
          byPid.set(`${e.pid}`, tr);
        }
      } else if (e.type === 'migrate' && e.phase === 'resume') {
        const tr = byPid.get(`${e.pid}`);
        if (tr) tr.at = m;
      } else if (e.type === 'power' && e.on === false) {
        // The jobs on the machine are lost, and so are the ones waiting at
        // a home that went down; a job of that home running elsewhere goes
        // on, and is followed to its exit there (its caller is gone).
        for (const tr of tracked.values()) {
          if (tr.result) continue;
          if (tr.at === m || (names[tr.job.home] === m && tr.pid === undefined))
            tr.result = lostJob(tr, names, e.t);
          else if (names[tr.job.home] === m) tr.orphan = true;
        }
      } else if (e.type === 'exit') {
        const tr = byPid.get(`${e.pid}`);
        if (tr?.orphan && !tr.result && tr.at === m) tr.result = orphanEnd(tr, names, e);
      }
    }
    for (const l of lines.slice(parsedLines)) parseLine(l);
    parsedLines = lines.length;
  };
  let parsedLines = 0;
  const ranOn = new Map<number, { host: string; ok: boolean }>();
  const parseLine = (l: string) => {
    const text = l.slice(l.indexOf('| ') + 2).replace(/^(# )+/, '');
    let m = /^jobk (\d+) (ok|BAD) .*?(\S+)$/.exec(text);
    if (m) {
      ranOn.set(Number(m[1]), { host: m[3], ok: m[2] === 'ok' });
      return;
    }
    m = /^loadgen: job (\d+) pid (\d+) arrive (\d+) end (\d+) status (\d+)$/.exec(text);
    if (!m) return;
    const tr = tracked.get(Number(m[1]));
    if (!tr || tr.result) return;
    const g = [...loadgens.values()].find((x) => x.jobs.some((j) => j.id === tr.job.id));
    const base = g ? g.t / SECOND : 0;
    const arrive = base + Number(m[3]) / 1000;
    const end = base + Number(m[4]) / 1000;
    const status = Number(m[5]);
    // jobk's own line says where it ended and whether its check passed; if
    // another process's output was cut into it (a console is not atomic),
    // the migrate events say where it was, and its status (1: check failed).
    const ran = ranOn.get(tr.job.id);
    tr.result = {
      id: tr.job.id,
      home: names[tr.job.home],
      ranOn: ran?.host ?? tr.at,
      arrive,
      end,
      response: end - arrive,
      demand: tr.job.demand,
      slowdown: (end - arrive) / tr.job.demand,
      migrations: 0,
      bytes: 0,
      status,
      outcome: status === 0 && ran?.ok !== false ? 'done' : 'bad',
    };
  };

  let deadline = Number.POSITIVE_INFINITY;
  for (;;) {
    follow();
    const all = [...tracked.values()];
    if (all.every((tr) => tr.result)) break;
    if (deadline === Number.POSITIVE_INFINITY && all.some((tr) => tr.start !== undefined))
      deadline = lab.now + spec.timeout * SECOND;
    if (lab.now >= deadline || lab.now > (spec.timeout + 300) * SECOND) break;
    lab.runTo((Math.floor(lab.now / CHUNK) + 1) * CHUNK);
  }
  // loadd's and rstatd's own CPU time, before the machines stop.
  let loaddCpu = 0;
  let rstatdCpu = 0;
  for (let i = 0; i < names.length; i++)
    for (const p of lab.snapshot(i).processes) {
      if (/^(\/sbin\/)?loadd\b/.test(p.command)) loaddCpu += p.cpu / SECOND;
      if (/rpc\.rstatd/.test(p.command)) rstatdCpu += p.cpu / SECOND;
    }
  lab.finish('done');

  const results: JobResult[] = [];
  for (const tr of tracked.values()) {
    const r = tr.result ?? unfinished(tr, names);
    if (tr.pid !== undefined) {
      const mine = events.filter((e) => e.type === 'migrate' && e.pid === tr.pid);
      r.migrations = mine.filter((e) => e.phase === 'resume').length;
      r.bytes = mine.filter((e) => e.phase === 'commit').reduce((s, e) => s + ((e.bytes as number) ?? 0), 0);
    }
    results.push(r);
  }
  results.sort((a, b) => a.id - b.id);
  const done = results.filter((r) => r.outcome === 'done');
  const makespan =
    done.length === 0 ? 0 : Math.max(...done.map((r) => r.end)) - Math.min(...results.map((r) => r.arrive));
  const decisions = events.filter((e) => e.type === 'loadd');
  return {
    label: label(spec),
    spec,
    jobs: results,
    load: events
      .filter((e) => e.type === 'stats')
      .map((e) => ({ t: e.t / SECOND, machine: e.machine as string, load: (e.load as number[])[0] / 100 })),
    decisions,
    arrivals: events
      .filter((e) => e.type === 'migrate' && e.phase === 'resume')
      .map((e) => ({ pid: e.pid as number, machine: e.machine as string, t: e.t })),
    inconsistent: decisions.filter((e) => !consistent(e, spec)),
    rstat: wire.replies,
    unreported: decisions.filter((e) => !asReported(e, wire.replies, spec.period * SECOND)),
    missing: spec.policy === 'none' ? [] : missingDecisions(decisions, [...tracked.values()], names),
    loaddCpu,
    rstatdCpu,
    makespan,
    lines,
  };
}

function lostJob(tr: Tracked, names: string[], t: number): JobResult {
  return {
    id: tr.job.id,
    home: names[tr.job.home],
    ranOn: tr.at,
    arrive: tr.start !== undefined ? tr.start / SECOND : tr.job.arrive,
    end: t / SECOND,
    response: 0,
    demand: tr.job.demand,
    slowdown: 0,
    migrations: 0,
    bytes: 0,
    status: -1,
    outcome: 'lost',
  };
}

/** A job whose caller is gone, ended where it ran: its exit event says when and how. */
function orphanEnd(tr: Tracked, names: string[], e: LabEvent): JobResult {
  const arrive = (tr.start ?? 0) / SECOND;
  const status = ((e.status as number) >> 8) & 0xff;
  const response = e.t / SECOND - arrive;
  return {
    ...lostJob(tr, names, e.t),
    response,
    slowdown: response / tr.job.demand,
    status,
    outcome: e.status === 0 ? 'done' : 'bad',
  };
}

function unfinished(tr: Tracked, names: string[]): JobResult {
  return { ...lostJob(tr, names, 0), end: 0, outcome: 'unfinished' };
}

/** Is a loadd event's outcome the decision function of its own inputs (and are those inputs its loads)? */
export function consistent(e: LabEvent, spec: RunSpec): boolean {
  const loads = e.loads as number[];
  const hosts = e.hosts as string[];
  const live = loads.filter((l) => l >= 0);
  if (live.length === 0) return e.action === 'no-data';
  if (e.self !== loads[hosts.indexOf(e.machine as string)]) return false;
  if (e.loadMin !== Math.min(...live)) return false;
  const t0 = Math.round(spec.t0 * 256);
  const alpha = Math.round(spec.alpha * 256);
  const d = decide(
    e.self as number,
    e.loadMin as number,
    e.ltBefore as number,
    t0,
    alpha,
    spec.policy === 'thesis-literal',
  );
  if (e.region !== d.region) return false;
  if (e.kind === 'period' && spec.policy !== 'random' && e.ltAfter !== d.ltAfter) return false;
  const moved = ['migrate', 'would-migrate', 'refused', 'no-candidate', 'unmovable', 'busy'].includes(
    e.action as string,
  );
  if (moved !== d.migrate && !(e.action as string).startsWith('failed')) return false;
  // A destination is at or below the threshold it was chosen under (random: any live host).
  if (e.to !== undefined && spec.policy !== 'random') {
    const l = loads[hosts.indexOf(e.to as string)];
    if (l < 0 || l > (e.ltBefore as number)) return false;
  }
  return true;
}

/**
 * Are a decision's loads of the other machines what their rstatd told this
 * machine on the wire? A decision is timed when its last console line is
 * complete, which may be after the next round's first answers came (the
 * console drains at 9600 baud), so each load must be one of the last two
 * answers from that machine to this one within the last two periods (a
 * placement uses the last period's). A machine's own load goes by the
 * loopback, not the wire: `consistent` checks it is SelfLoad.
 */
export function asReported(e: LabEvent, replies: RstatReply[], period: number): boolean {
  const hosts = e.hosts as string[];
  const loads = e.loads as number[];
  return hosts.every((h, i) => {
    if (h === e.machine || loads[i] < 0) return true;
    const seen = replies.filter(
      (r) => r.from === h && r.to === e.machine && r.t <= e.t && e.t - r.t <= 2 * period,
    );
    return seen.slice(-2).some((r) => r.load === loads[i]);
  });
}

/** Periods and placements with no decision event (see RunResult.missing). */
function missingDecisions(decisions: LabEvent[], jobs: Tracked[], names: string[]) {
  const missing: RunResult['missing'] = [];
  for (const m of names) {
    const ns = new Set(
      decisions.filter((d) => d.machine === m && d.kind === 'period').map((d) => d.n as number),
    );
    const last = Math.max(0, ...ns);
    for (let n = 1; n <= last; n++) if (!ns.has(n)) missing.push({ machine: m, period: n });
  }
  for (const tr of jobs) {
    if (tr.pid === undefined) continue;
    const home = names[tr.job.home];
    const placed = decisions.filter((d) => d.machine === home && d.kind === 'place' && d.pid === tr.pid);
    if (placed.length !== 1) missing.push({ machine: home, pid: tr.pid });
  }
  return missing;
}

export function workloadJobs(w: WorkloadSpec): Job[] {
  return makeWorkload(w);
}
