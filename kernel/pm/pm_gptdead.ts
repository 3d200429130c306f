/**
 * The global process table when a machine dies (beyond the thesis, which
 * left failures out). A machine is dead when it does not take a page
 * request's connection (PMPAGE_CONNECT, 9 s): whoever finds it
 *
 *   1. marks it dead, resets every probable-owner link through it to the
 *      lowest live machine of the pool, and looks for the processes that
 *      its entries (SMIGR, pm_migrate.ts) last placed there: a process may
 *      have been handed off just before the machine died, its word about
 *      where it went lost with it, so every live machine is asked whether
 *      it runs or holds it (findMoved); an entry whose process nobody has
 *      becomes a zombie killed by SIGKILL, so that its parent's wait
 *      returns;
 *   2. tells every other live machine (PM_DEAD), which do the same;
 *   3. the lowest live machine rebuilds the pages nobody alive owns: it
 *      surveys every survivor (PM_SURVEY) for the pages it owns and the
 *      slots its own processes make — from their pm_structs — and owns
 *      the rest of the pages from then on, made of those slots; a
 *      process the table had on the dead machine is a zombie killed by
 *      SIGKILL.
 * Page requests for the pages being rebuilt wait until it is done.
 */
import { EPROTO, Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { AF_INET, SOCK_STREAM } from '../net/socket.js';
import { SS_ISCONNECTED, soclose, socreate } from '../net/uipc_socket.js';
import { PZERO } from '../param.js';
import { kproc_start } from '../proc/kproc.js';
import { type Proc, SMIGR, SSYS, SZOMB } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';
import { psignal, SIGCHLD } from '../proc/signal.js';
import { reap } from '../proc/wait.js';
import { PmRefusal } from './pm_auth.js';
import {
  type Gpt,
  gptOf,
  NPMPAGE,
  type PmProc,
  PS_RUN,
  PS_ZOMB,
  pageConnect,
  pmAside,
  pmpage,
} from './pm_gpt.js';
import { pmEvent } from './pm_migrate.js';
import { PM_DEAD, PM_READY, PM_SURVEY, PM_SURVEYED, type PmChannel, parseJson } from './pm_proto.js';
import { myaddr } from './pm_struct.js';

/** The wait status of a process killed by SIGKILL. */
export const KILLED = 9;

/** The lowest machine of the pool not known dead. */
function lowestLive(g: Gpt): number {
  return g.pool.find((a) => !g.dead.has(a)) ?? g.me;
}

/** Machine `who` did not answer: the table goes on without it. */
export function* pm_dead(k: Kernel, p: Proc, who: number): Generator<void, void, void> {
  const g = yield* gptOf(k, p);
  if (who === g.me) return;
  if (!g.dead.has(who)) {
    if (!(yield* quorum(k, p, g, who))) {
      // Cut off from most of the pool: it may be this machine that is alone. Wait, as a hard mount does.
      yield* tsleep(k.sched, p, k.sched.lbolt, PZERO, 'pmquorum');
      return;
    }
    markDead(k, g, who);
    for (const a of g.pool) if (a !== g.me && !g.dead.has(a)) tellDead(k, a, who);
  }
  if (lowestLive(g) === g.me) yield* rebuild(k, p, g);
}

/**
 * May this machine call `who` dead? Only if it reaches a majority of the
 * pool (itself included): a machine cut off alone by a partition cannot
 * tell that from the others' deaths, and must not take their pages or
 * their processes. A pool of two cannot have a majority without both: it
 * favours going on (a partition of a two-machine pool may then run a
 * migrating process on both sides — docs/migration.md).
 */
function* quorum(k: Kernel, p: Proc, g: Gpt, who: number): Generator<void, boolean, void> {
  if (g.pool.length <= 2) return true;
  let reached = 1;
  for (const a of g.pool)
    if (a !== g.me && a !== who && !g.dead.has(a) && (yield* reachable(k, p, a))) reached++;
  return 2 * reached > g.pool.length;
}

/** Does machine `who` take a connection to its page server (and authenticate)? */
function* reachable(k: Kernel, p: Proc, who: number): Generator<void, boolean, void> {
  return yield* pmAside(k, p, 'pmprobe', (kp) => probe(k, kp, who));
}

function* probe(k: Kernel, p: Proc, who: number): Generator<void, boolean, void> {
  const so = socreate(k.net, AF_INET, SOCK_STREAM, 0, p.cred);
  try {
    yield* pageConnect(k, p, so, who);
    return true;
  } catch (e) {
    if (!(e instanceof Errno)) throw e;
    return (so.state & SS_ISCONNECTED) !== 0 || e instanceof PmRefusal; // it answered
  } finally {
    soclose(so);
  }
}

/**
 * The processes this machine holds in the hand-off (pm_receive.ts): the
 * whole process received, not yet running. They are the destination's
 * once the source has committed, so a survey counts them as running here.
 */
const held = new WeakMap<Kernel, Map<number, PmProc>>();

/** The destination holds the whole of process `slot.pid` (its END came). */
export function pmHolding(k: Kernel, slot: PmProc): void {
  let m = held.get(k);
  if (!m) held.set(k, (m = new Map()));
  m.set(slot.pid, slot);
}

/** It runs here now, or was thrown away. */
export function pmLetGo(k: Kernel, pid: number): void {
  held.get(k)?.delete(pid);
}

/** Steps 1: the links, and the entries of processes that ran there. */
function markDead(k: Kernel, g: Gpt, who: number): void {
  g.dead.add(who);
  pmEvent(k, 0, 'dead', who);
  const low = lowestLive(g);
  for (const pg of g.pages) if (!pg.owner && g.dead.has(pg.probowner)) pg.probowner = low;
  const lost = [...k.procs.values()].filter((c) => c.stat === SMIGR && c.u.pm?.host === who);
  if (lost.length > 0) kproc_start(k, 'pmfind', (kp) => findMoved(k, kp, g, lost));
}

/**
 * Entries whose process ran on a dead machine. After its commit a process
 * belongs to its destination, but the source's word to this machine
 * (PM_MOVED) may have died with the source: ask every live machine
 * whether it runs the process or holds it in the hand-off, and follow it
 * there; an entry whose process nobody has is a zombie killed by SIGKILL.
 */
function* findMoved(k: Kernel, p: Proc, g: Gpt, lost: Proc[]): Generator<void, void, void> {
  const found = new Map<number, PmProc>();
  for (const a of g.pool) {
    if (a === g.me || g.dead.has(a)) continue;
    const r = yield* pmAside(k, p, 'pmsurvey', (kp) => askSurvey(k, kp, a, g));
    for (const s of r?.slots ?? []) if (s.stat === PS_RUN && s.host === a) found.set(s.pid, s);
  }
  for (const c of lost) {
    const pm = c.u.pm;
    if (c.stat !== SMIGR || !pm || !g.dead.has(pm.host)) continue; // it came back, or spoke, meanwhile
    const s = found.get(c.pid) ?? held.get(k)?.get(c.pid);
    if (s && !g.dead.has(s.host)) {
      Object.assign(pm, { host: s.host, source: s.source, hops: s.hops });
      pmEvent(k, c.pid, 'moved', s.host);
      continue;
    }
    c.xstat = KILLED;
    c.stat = SZOMB;
    const parent = c.parent;
    if (parent && !(parent.flag & SSYS)) {
      psignal(k, parent, SIGCHLD);
      k.sched.wakeup(parent);
    } else reap(k, c);
  }
}

/** Step 2, from a kernel process: one try (a machine that does not answer is found by its own next request). */
function tellDead(k: Kernel, to: number, who: number): void {
  kproc_start(k, 'pmdead', function* (kp) {
    const so = socreate(k.net, AF_INET, SOCK_STREAM, 0, kp.cred);
    try {
      const ch = yield* pageConnect(k, kp, so, to);
      yield* ch.sendJson(PM_DEAD, { host: who });
      yield* ch.expect(PM_READY);
    } catch (e) {
      if (!(e instanceof Errno)) throw e;
    } finally {
      soclose(so);
    }
  });
}

/** Step 3, on the lowest live machine. */
function* rebuild(k: Kernel, p: Proc, g: Gpt): Generator<void, void, void> {
  if (g.rebuilding) return;
  g.rebuilding = true;
  try {
    const owned = new Map<number, number>();
    const known: PmProc[] = survey(k, g);
    g.pages.forEach((pg, n) => {
      if (pg.owner) owned.set(n, g.me);
    });
    for (const a of g.pool) {
      if (a === g.me || g.dead.has(a)) continue;
      const r = yield* pmAside(k, p, 'pmsurvey', (kp) => askSurvey(k, kp, a, g));
      if (r === null) {
        markDead(k, g, a);
        continue;
      }
      for (const n of r.owned) owned.set(n, a);
      known.push(...r.slots);
    }
    for (let n = 0; n < NPMPAGE; n++) {
      const pg = g.pages[n];
      const by = owned.get(n);
      if (by !== undefined) {
        if (by !== g.me) pg.probowner = by;
        continue;
      }
      pg.owner = true;
      pg.probowner = g.me;
      pg.slots = merge(
        known.filter((s) => pmpage(s.pid) === n),
        g.dead,
      );
      for (const s of pg.slots)
        if (s.stat === PS_RUN && g.dead.has(s.host)) {
          s.stat = PS_ZOMB;
          s.xstat = KILLED;
        }
      pmEvent(k, 0, 'page', g.me, { part: `rebuilt ${n}`, bytes: 0 });
    }
  } finally {
    g.rebuilding = false;
    k.sched.wakeup(g);
  }
}

/**
 * One slot per pid: the process's own machine's word over its parent's —
 * and a live machine that runs or holds it over an entry that last saw it
 * on a dead one.
 */
function merge(slots: PmProc[], dead: Set<number>): PmProc[] {
  const by = new Map<number, PmProc>();
  for (const s of slots) {
    const had = by.get(s.pid);
    const found = had !== undefined && dead.has(had.host) && s.stat === PS_RUN && !dead.has(s.host);
    if (!had || found || (had.migrated === false && s.migrated) || (s.stat === PS_RUN && s.host === s.source))
      by.set(s.pid, { ...s, children: [...new Set([...(had?.children ?? []), ...s.children])] });
    else had.children = [...new Set([...had.children, ...s.children])];
  }
  return [...by.values()];
}

/**
 * What this machine knows of the table from its own processes: a slot for
 * each migrated process here (running, or a zombie not yet collected) from
 * its pm_struct, a zombie killed by SIGKILL for each SMIGR entry whose
 * process ran on a dead machine, and each parent of one.
 */
export function survey(k: Kernel, g: Gpt): PmProc[] {
  const me = myaddr(k);
  const out: PmProc[] = [];
  for (const c of k.procs.values()) {
    const pm = c.u.pm;
    if (!pm || c.flag & SSYS) continue;
    const parentHere = c.parent !== null && c.parent.pid !== 1 && !(c.parent.flag & SSYS);
    out.push({
      pid: c.pid,
      ppid: pm.parentHost !== 0 ? pm.ppid : c.ppid,
      pphost: pm.parentHost !== 0 ? pm.parentHost : parentHere ? me : 0,
      migrated: true,
      uid: c.cred.ruid,
      home: pm.home,
      source: pm.source,
      host: c.stat === SMIGR || c.stat === SZOMB ? pm.host : me,
      uqMachine: pm.uqpid.machine,
      uqTime: pm.uqpid.time,
      hops: pm.hops,
      stat: c.stat === SZOMB || (c.stat === SMIGR && g.dead.has(pm.host)) ? PS_ZOMB : PS_RUN,
      orphan: !parentHere && pm.parentHost === 0,
      xstat: c.xstat,
      ru: null,
      comm: c.u.comm,
      children: [...c.children].filter((x) => x.u.pm !== null).map((x) => x.pid),
      confirmed: true,
      veto: '',
    });
    if (parentHere && c.parent && !c.parent.u.pm)
      out.push({
        ...out[out.length - 1],
        pid: c.parent.pid,
        ppid: c.parent.ppid,
        pphost: 0,
        migrated: false,
        home: me,
        source: me,
        host: me,
        hops: 0,
        stat: PS_RUN,
        orphan: false,
        comm: c.parent.u.comm,
        children: [c.pid],
      });
  }
  for (const s of held.get(k)?.values() ?? []) out.push({ ...s, host: me, stat: PS_RUN, confirmed: false });
  return out;
}

function* askSurvey(
  k: Kernel,
  p: Proc,
  to: number,
  g: Gpt,
): Generator<void, { owned: number[]; slots: PmProc[] } | null, void> {
  const so = socreate(k.net, AF_INET, SOCK_STREAM, 0, p.cred);
  try {
    const ch = yield* pageConnect(k, p, so, to);
    yield* ch.sendJson(PM_SURVEY, { dead: [...g.dead] });
    const r = parseJson(yield* ch.expect(PM_SURVEYED));
    if (!Array.isArray(r.owned) || !Array.isArray(r.slots)) throw new Errno(EPROTO);
    return { owned: r.owned as number[], slots: r.slots as PmProc[] };
  } catch (e) {
    if (!(e instanceof Errno)) throw e;
    return null;
  } finally {
    soclose(so);
  }
}

/** The page server's answers to the recovery's messages (putpmpage). */
export function* pm_deadServe(
  k: Kernel,
  p: Proc,
  ch: PmChannel,
  type: number,
  body: Record<string, unknown>,
): Generator<void, void, void> {
  const g = yield* gptOf(k, p);
  if (type === PM_DEAD && Number.isInteger(body.host)) {
    yield* ch.send(PM_READY, new Uint8Array(0));
    const who = (body.host as number) >>> 0;
    if (!g.dead.has(who) && who !== g.me) markDead(k, g, who);
    if (lowestLive(g) === g.me) yield* rebuild(k, p, g);
    return;
  }
  if (type === PM_SURVEY && Array.isArray(body.dead)) {
    for (const d of body.dead as number[]) if (!g.dead.has(d) && d !== g.me) markDead(k, g, d >>> 0);
    const owned = g.pages.flatMap((pg, n) => (pg.owner ? [n] : []));
    yield* ch.sendJson(PM_SURVEYED, { owned, slots: survey(k, g) });
    return;
  }
  throw new Errno(EPROTO);
}

/** Is machine `who` dead? It is if it does not take a connection to its page server within PMPAGE_CONNECT (and this machine has a quorum to say so). */
export function* pm_probeDead(k: Kernel, p: Proc, who: number): Generator<void, boolean, void> {
  const g = yield* gptOf(k, p);
  if (g.dead.has(who)) return true;
  if (yield* reachable(k, p, who)) return false;
  yield* pm_dead(k, p, who);
  return g.dead.has(who);
}
