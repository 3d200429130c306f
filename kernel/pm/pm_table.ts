/**
 * What the kernel does with the global process table (pm_gpt.ts): each
 * operation takes the pages it needs in increasing order, reads and
 * changes slots, and gives them back.
 *
 * - The hand-off (which copy runs): the source, once the destination
 *   holds the whole process (READY), records the destination as the
 *   process's host (gptHandoff) before its COMMIT; the destination runs
 *   the process only after confirming, under the page, that the table
 *   names it (gptConfirm) — and if the COMMIT never comes it decides by
 *   the table alone: it runs the process if the source wrote it, or if
 *   the source is dead and never did; otherwise it records a veto, which
 *   the source's hand-off respects. A source that loses the destination
 *   after its COMMIT takes the process back only if the destination never
 *   confirmed (gptReclaim). Every decision is made holding the page, so
 *   exactly one copy runs.
 * - The exit routine (§5.3.4): an exiting process's slot becomes a zombie
 *   with its status and usage — or is deleted if it is an orphan — and its
 *   children become orphans.
 * - The delete routine (§5.3.3), when a parent collects the zombie: its
 *   children become orphans, its zombie children are deleted too, the
 *   links to it go.
 * - kill by pid from any machine: the table says where the process is.
 * Exit and delete run in a kernel process that tries until the table
 * answers — like a hard NFS mount, a status is never dropped.
 */
import { EAGAIN, EPERM, EPROTO, Errno, ESRCH } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { AF_INET, SOCK_STREAM } from '../net/socket.js';
import { soclose, socreate } from '../net/uipc_socket.js';
import { PZERO } from '../param.js';
import { kproc_start } from '../proc/kproc.js';
import { type Proc, SMIGR, SSYS, SZOMB } from '../proc/proc.js';
import { Rusage } from '../proc/resource.js';
import { tsleep } from '../proc/sched.js';
import { NSIG, psignal, SIGCHLD } from '../proc/signal.js';
import { PmRefusal } from './pm_auth.js';
import {
  get_pm_page,
  gptOf,
  gptPeek,
  PMPAGE_CONNECT,
  PMPAGE_PORT,
  type PmProc,
  PS_RUN,
  PS_ZOMB,
  pm_lock,
  pm_release,
  pm_unlock,
  pmAside,
  pmpage,
  slotAdd,
  slotDelete,
  slotOf,
} from './pm_gpt.js';
import { pmConnect, pmEvent } from './pm_migrate.js';
import { PM_READY, PM_SIGKILL, type PmChannel } from './pm_proto.js';
import { setRusage } from './pm_state.js';
import { myaddr, type PmStruct, pidHome, pmstruct, todUs } from './pm_struct.js';

/** The processes here that have a slot as the parent of a migrated process (the thesis's Unix_parent). */
const unixParents = new WeakSet<Proc>();

/** Does p have a slot in the table? */
export function hasSlot(p: Proc): boolean {
  return p.u.pm !== null || unixParents.has(p);
}

function veto(dest: number, hops: number): string {
  return `${dest}/${hops}`;
}

function slotFor(t: Proc, pm: PmStruct): PmProc {
  return makeSlot(t.pid, pm, t.cred.ruid, t.u.comm);
}

/** A slot made from a process's pm_struct. */
export function makeSlot(pid: number, pm: PmStruct, uid: number, comm: string): PmProc {
  return {
    pid,
    ppid: pm.ppid,
    pphost: pm.parentHost,
    migrated: true,
    uid,
    home: pm.home,
    source: pm.source,
    host: pm.host,
    uqMachine: pm.uqpid.machine,
    uqTime: pm.uqpid.time,
    hops: pm.hops,
    stat: PS_RUN,
    orphan: false,
    xstat: 0,
    ru: null,
    comm,
    children: [],
    confirmed: true,
    veto: '',
  };
}

/**
 * The source's record of the hand-off, after READY: t's host is `dest`
 * now (out is the pm_struct sent). Refused if the destination has given
 * the process up meanwhile (its veto). A parent here gets a slot too.
 */
export function* gptHandoff(
  k: Kernel,
  r: Proc,
  t: Proc,
  dest: number,
  out: PmStruct,
): Generator<void, void, void> {
  const me = myaddr(k);
  const parent = t.parent !== null && t.parent.pid !== 1 && !(t.parent.flag & SSYS) ? t.parent : null;
  const kids = [...t.children].filter((c) => !(c.flag & SSYS));
  const family = parent ? [t.pid, parent.pid] : [t.pid];
  let held = yield* pm_lock(k, r, family);
  const known = slotOf(held, t.pid)?.children ?? [];
  if (kids.length > 0 || known.length > 0) {
    // Its children's slots too, all pages in increasing order.
    pm_unlock(k, held);
    held = yield* pm_lock(k, r, [...family, ...kids.map((c) => c.pid), ...known]);
  }
  try {
    let s = slotOf(held, t.pid);
    if (s?.veto === veto(dest, out.hops)) throw new PmRefusal(EPROTO, 'the destination gave the process up');
    if (s && s.host === dest && s.hops === out.hops) return; // it claimed it: the source was thought dead
    if (!s) {
      s = slotFor(t, out);
      if (!slotAdd(held, s)) throw new PmRefusal(EAGAIN, 'the global process table is full');
    }
    Object.assign(s, {
      host: dest,
      source: me,
      hops: out.hops,
      pphost: out.parentHost,
      ppid: out.ppid,
      stat: PS_RUN,
      confirmed: false,
      veto: '',
      comm: t.u.comm,
    });
    if (parent) {
      let ps = slotOf(held, parent.pid);
      if (!ps) {
        ps = { ...slotFor(parent, out), pid: parent.pid, ppid: parent.ppid, pphost: 0, migrated: false };
        Object.assign(ps, {
          uqMachine: me,
          uqTime: todUs(k, parent.startCycles),
          home: me,
          source: me,
          host: me,
          hops: 0,
          uid: parent.cred.ruid,
          comm: parent.u.comm,
        });
        if (!slotAdd(held, ps)) throw new PmRefusal(EAGAIN, 'the global process table is full');
        unixParents.add(parent);
      }
      if (!ps.children.includes(t.pid)) ps.children.push(t.pid);
    }
    adoptAcross(k, held, s, kids, dest);
  } finally {
    pm_unlock(k, held);
  }
}

/**
 * A parent leaves with children: they stay its children, through the
 * table. Each child here gets a slot (a zombie with its status and usage,
 * or running here, its pm_struct saying where its parent went); every
 * child's slot says the parent's machine is now `dest`.
 */
function adoptAcross(k: Kernel, held: Map<number, PmProc[]>, s: PmProc, kids: Proc[], dest: number): void {
  const me = myaddr(k);
  for (const c of kids) {
    let cs = slotOf(held, c.pid);
    if (!cs) {
      const pm = c.u.pm ?? pmstruct(k, c);
      cs = { ...slotFor(c, pm), migrated: c.u.pm !== null && pm.hops > 0, host: me, hops: pm.hops };
      if (!slotAdd(held, cs)) continue; // a full table: it goes to init, as before
    }
    if (c.stat === SZOMB) Object.assign(cs, { stat: PS_ZOMB, xstat: c.xstat, ru: { ...c.ru } });
    else if (c.stat !== SMIGR && c.u.pm)
      Object.assign(c.u.pm, { parentHost: dest, ppid: s.pid, viaTable: true });
    if (!s.children.includes(c.pid)) s.children.push(c.pid);
  }
  for (const pid of s.children) {
    const cs = slotOf(held, pid);
    if (cs && cs.ppid === s.pid) Object.assign(cs, { ppid: s.pid, pphost: dest, orphan: false });
  }
}

/**
 * The destination's decision, with the COMMIT (`committed`) or without it
 * (the source went silent): true if the process is to run here, recorded
 * as confirmed; false with a veto recorded otherwise. `sourceDead` is
 * asked only when it matters (a probe takes up to 9 s).
 */
export function* gptConfirm(
  k: Kernel,
  p: Proc,
  t: { pid: number; pm: PmStruct; uid: number; comm: string },
  committed: boolean,
  sourceDead: () => Generator<void, boolean, void>,
): Generator<void, boolean, void> {
  const me = myaddr(k);
  const h = t.pm.hops;
  const dead = committed ? false : yield* sourceDead();
  const slots = yield* get_pm_page(k, p, pmpage(t.pid));
  try {
    let s = slots.find((x) => x.pid === t.pid);
    if (s?.veto === veto(me, h)) return false;
    const ours = s !== undefined && s.host === me && s.hops === h;
    // Without a COMMIT: it is ours if the source wrote so, or if the source is dead and never moved it on.
    if (!committed && !ours && !(dead && (s === undefined || s.host === t.pm.source))) {
      if (s) s.veto = veto(me, h);
      else slots.push({ ...slotAfter(t), host: t.pm.source, hops: h - 1, veto: veto(me, h) });
      return false;
    }
    if (!s) {
      s = slotAfter(t);
      slots.push(s);
    }
    Object.assign(s, { host: me, hops: h, confirmed: true, stat: PS_RUN });
    pmEvent(k, t.pid, 'confirm', t.pm.source);
    return true;
  } finally {
    pm_release(k, pmpage(t.pid));
  }
}

function slotAfter(t: { pid: number; pm: PmStruct; uid: number; comm: string }): PmProc {
  return makeSlot(t.pid, t.pm, t.uid, t.comm);
}

/**
 * The source after a failure past its END: true if the process is the
 * destination's (the source wrote it there, or the destination claimed it,
 * and did not give it up) — the source copy must then go; false if it
 * stays: a veto keeps the destination from taking it later.
 */
export function* gptReclaim(
  k: Kernel,
  r: Proc,
  t: Proc,
  dest: number,
  hops: number,
): Generator<void, boolean, void> {
  const me = myaddr(k);
  const slots = yield* get_pm_page(k, r, pmpage(t.pid));
  try {
    const s = slots.find((x) => x.pid === t.pid);
    if (s && s.host === dest && s.hops === hops && s.confirmed) return true;
    if (s) Object.assign(s, { host: me, veto: veto(dest, hops), confirmed: true });
    else if (t.u.pm) slots.push({ ...slotFor(t, t.u.pm), host: me, veto: veto(dest, hops) });
    pmEvent(k, t.pid, 'reclaim', dest);
    return false;
  } finally {
    pm_release(k, pmpage(t.pid));
  }
}

/** Run a table operation in a kernel process, again each second until the table answers. */
function background(k: Kernel, name: string, op: (kp: Proc) => Generator<void, void, void>): void {
  if (!gptPeek(k)) return; // this machine has no table: nothing of it can have a slot
  kproc_start(k, name, function* (kp) {
    for (;;) {
      try {
        yield* op(kp);
        return;
      } catch (e) {
        if (!(e instanceof Errno)) throw e;
      }
      yield* tsleep(k.sched, kp, k.sched.lbolt, PZERO, name);
    }
  });
}

/** Take a slot's page, read its children, then all their pages in order. */
function* lockFamily(k: Kernel, kp: Proc, pid: number): Generator<void, Map<number, PmProc[]>, void> {
  const first = yield* get_pm_page(k, kp, pmpage(pid));
  const s = first.find((x) => x.pid === pid);
  const family = s ? [pid, s.ppid, ...s.children] : [pid];
  pm_release(k, pmpage(pid));
  return yield* pm_lock(k, kp, family);
}

/** The exit routine (§5.3.4), for a process with a slot that exits here. */
export function gptExit(k: Kernel, p: Proc, status: number): void {
  if (!hasSlot(p)) return;
  const pid = p.pid;
  const ru = { ...p.ru } as unknown as Record<string, number>;
  const viaTable = p.u.pm?.viaTable === true;
  background(k, 'pmexit', function* (kp) {
    const held = yield* lockFamily(k, kp, pid);
    try {
      const s = slotOf(held, pid);
      if (!s) return;
      orphanChildren(k, held, s);
      if (s.orphan || s.pphost === 0) deleteSlot(held, s);
      else {
        Object.assign(s, { stat: PS_ZOMB, xstat: status, ru });
        // Its parent, wherever it is, may be asleep in wait.
        // (A parent that never left hears of it by its SMIGR entry, pm_remote.ts.)
        const ps = slotOf(held, s.ppid);
        if (ps && (viaTable || ps.migrated)) {
          if (ps.host === myaddr(k)) wakeParent(k, s.ppid);
          else note(k, ps.host, { pid: s.ppid, sig: SIGCHLD, wake: true });
        }
      }
    } finally {
      pm_unlock(k, held);
    }
  });
}

/** The delete routine (§5.3.3), when the parent has collected the zombie. */
export function gptDelete(k: Kernel, p: Proc): void {
  if (p.u.pm === null) return;
  const pid = p.pid;
  const by = p.parent?.pid ?? 0;
  background(k, 'pmdelete', function* (kp) {
    const held = yield* lockFamily(k, kp, pid);
    try {
      const s = slotOf(held, pid);
      // (init here collecting the entry of a child whose parent has left: the parent collects it, through the table)
      if (!s || (s.ppid !== by && !s.orphan)) return;
      orphanChildren(k, held, s);
      deleteSlot(held, s);
    } finally {
      pm_unlock(k, held);
    }
  });
}

/** Wake a parent here that may sleep in wait for a child elsewhere. */
function wakeParent(k: Kernel, ppid: number): void {
  const q = k.procs.get(ppid);
  if (!q || q.stat === SZOMB || q.stat === SMIGR) return;
  psignal(k, q, SIGCHLD);
  k.sched.wakeup(q);
}

/**
 * wait4's look at p's children elsewhere (those of its slot that are not
 * its children here): a zombie among them is collected — its slot goes
 * (the delete routine, §5.3.3) and its status and usage are returned;
 * else 'running' if one matching is alive, 'none' if none matches.
 * Process groups (pid 0, < -1) are this machine's affair alone.
 */
export function* gptWait(
  k: Kernel,
  p: Proc,
  pid: number,
): Generator<void, { pid: number; xstat: number; ru: Rusage } | 'running' | 'none', void> {
  if (!hasSlot(p) || !gptPeek(k) || (pid !== -1 && pid <= 0)) return 'none';
  const mine = yield* get_pm_page(k, p, pmpage(p.pid));
  const kids = (mine.find((x) => x.pid === p.pid)?.children ?? []).filter(
    (c) => (pid === -1 || c === pid) && !(k.procs.get(c)?.parent === p),
  );
  pm_release(k, pmpage(p.pid));
  if (kids.length === 0) return 'none';
  const held = yield* pm_lock(k, p, [p.pid, ...kids]);
  try {
    let running = false;
    for (const c of kids) {
      const cs = slotOf(held, c);
      if (!cs || cs.ppid !== p.pid) continue;
      if (cs.stat !== PS_ZOMB) {
        running = true;
        continue;
      }
      const ru = new Rusage();
      if (cs.ru) setRusage(ru, cs.ru);
      deleteSlot(held, cs);
      return { pid: c, xstat: cs.xstat, ru };
    }
    return running ? 'running' : 'none';
  } finally {
    pm_unlock(k, held);
  }
}

/** Its children become orphans (and are told, for getppid); its zombie children go. */
function orphanChildren(k: Kernel, held: Map<number, PmProc[]>, s: PmProc): void {
  for (const c of s.children) {
    const cs = slotOf(held, c);
    if (!cs || cs.ppid !== s.pid) continue;
    cs.orphan = true;
    cs.pphost = 0;
    cs.ppid = 1;
    if (cs.stat === PS_ZOMB) deleteSlot(held, cs);
    else if (cs.host !== myaddr(k)) note(k, cs.host, { pid: c, sig: 0, orphan: true });
    else orphaned(k, c);
  }
}

function deleteSlot(held: Map<number, PmProc[]>, s: PmProc): void {
  const ps = slotOf(held, s.ppid);
  if (ps) ps.children = ps.children.filter((c) => c !== s.pid);
  slotDelete(held, s.pid);
}

/** A process here whose parent elsewhere has exited: init is its parent now (getppid). */
function orphaned(k: Kernel, pid: number): void {
  const c = k.procs.get(pid);
  if (c?.u.pm && c.stat !== SMIGR) {
    c.u.pm.parentHost = 0;
    c.u.pm.ppid = 1;
    c.u.pm.viaTable = false;
  }
}

/** A note's body: a signal (with the sender's ids), an orphaning, a wake-up for a parent in wait. */
interface NoteBody {
  pid: number;
  sig: number;
  orphan?: boolean;
  wake?: boolean;
  uid?: number;
  ruid?: number;
  su?: boolean;
}

/** A one-way note to machine `to`'s page server (a signal, an orphaning), tried until it is taken. */
function note(
  k: Kernel,
  to: number,
  body: { pid: number; sig: number; orphan?: boolean; wake?: boolean },
): void {
  background(k, 'pmnote', function* (kp) {
    yield* sendNote(k, kp, to, body);
  });
}

function* sendNote(k: Kernel, p: Proc, to: number, body: NoteBody): Generator<void, void, void> {
  const so = socreate(k.net, AF_INET, SOCK_STREAM, 0, p.cred);
  try {
    const ch = yield* pmConnect(k, p, so, to, { pid: 0, uid: 0, kind: 'page' }, PMPAGE_PORT, PMPAGE_CONNECT);
    yield* ch.sendJson(PM_SIGKILL, body);
    yield* ch.expect(PM_READY);
  } finally {
    soclose(so);
  }
}

/**
 * kill(pid, sig) for a pid that is not here. A process that has migrated
 * is where the table says; one that never has is on the machine its pid
 * was given out by (pids are split by machine, pm_struct.ts). A process
 * the table has in flight (its host does not have it yet) is asked for
 * again a second later, so the signal arrives once it has landed.
 */
export function* gptKill(k: Kernel, p: Proc, pid: number, sig: number): Generator<void, void, void> {
  const g = yield* gptOf(k, p);
  const me = myaddr(k);
  const c = p.cred;
  for (let tries = 0; ; tries++) {
    const slots = yield* get_pm_page(k, p, pmpage(pid));
    const s = slots.find((x) => x.pid === pid && x.migrated);
    pm_release(k, pmpage(pid));
    const where = s
      ? s.stat === PS_RUN
        ? s.host
        : 0
      : (g.pool.find((a) => (a & 0xff) === pidHome(pid)) ?? 0);
    if (where === 0 || (!s && where === me)) throw new Errno(ESRCH);
    if (s && !c.isSuperuser() && c.ruid !== s.uid && c.uid !== s.uid) throw new Errno(EPERM);
    try {
      if (where === me) {
        const q = k.procs.get(pid);
        if (!q || q.stat === SZOMB) throw new Errno(ESRCH);
        if (sig) psignal(k, q, sig);
      } else {
        const body = { pid, sig, uid: c.uid, ruid: c.ruid, su: c.isSuperuser() };
        yield* pmAside(k, p, 'pmkill', (kp) => sendNote(k, kp, where, body));
      }
      return;
    } catch (e) {
      if (!(e instanceof Errno) || e.errno !== ESRCH || tries >= (s ? 20 : 2)) throw e;
    }
    yield* tsleep(k.sched, p, k.sched.lbolt, PZERO, 'pmkill');
  }
}

/** The page server's side of a note: post the signal, or mark the orphan. */
export function* pm_noteServe(
  k: Kernel,
  ch: PmChannel,
  body: Record<string, unknown>,
): Generator<void, void, void> {
  const pid = body.pid as number;
  const sig = body.sig as number;
  if (!Number.isInteger(pid) || !Number.isInteger(sig) || sig < 0 || sig >= NSIG) throw new Errno(EPROTO);
  if (body.orphan === true) orphaned(k, pid);
  else if (body.wake === true) wakeParent(k, pid);
  else {
    // (An SMIGR entry here passes the signal on to where the process runs.)
    const q = k.procs.get(pid);
    if (!q || q.stat === SZOMB || q.flag & SSYS) throw new PmRefusal(ESRCH, `no process ${pid} here`);
    const t = q.cred;
    const { uid, ruid } = body as { uid?: number; ruid?: number };
    if (body.su !== true && ![t.ruid, t.svuid].some((x) => x === uid || x === ruid))
      throw new PmRefusal(EPERM, `not the owner of ${pid}`);
    if (sig) psignal(k, q, sig);
  }
  yield* ch.send(PM_READY, new Uint8Array(0));
}
