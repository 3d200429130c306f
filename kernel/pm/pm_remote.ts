/**
 * What the machines say to each other about a process that has moved —
 * an interim for the thesis's global process table (§4.3.8, §5.3), kept
 * with the process's parent. When a process leaves the machine its parent
 * is on, that machine keeps its entry as SMIGR (pm_migrate.ts): still the
 * parent's child, holding its pid, never run. Then, over the migration
 * protocol (connect to migd there, authenticate as for a migration, one
 * message, READY):
 * - PM_MOVED: a machine the process moves on from tells the parent's
 *   machine where it went, so that the entry knows its current host;
 * - PM_SIGNAL: a signal for the SMIGR entry (kill, or the terminal's ^C to
 *   its process group) is sent on to the current host and posted there;
 * - PM_EXIT: the machine the process ends on reports its exit status and
 *   its whole usage (on every machine, and its children's); the entry
 *   becomes a zombie, so that the parent's wait4 returns them as if the
 *   child had never left.
 * - PM_STOPPED, PM_CONTINUED: the process stopped (^Z, SIGTTIN...) or went
 *   on again where it runs; the entry shows it to the parent's wait4 with
 *   WUNTRACED, as a stopped child here (the shell's "Stopped", fg, bg).
 * The kernel cannot wait where these happen (exit, psignal), so each is
 * sent by a kernel process (kproc.ts), tried PMNOTE_TRIES times a second
 * apart; if the other machine never answers, it is lost (logged, and an
 * abort event): the global table will keep such state.
 */
import { EPROTO, Errno, ESRCH } from '../errno.js';
import type { MigratePhase } from '../events.js';
import type { Kernel } from '../kernel.js';
import { AF_INET, SOCK_STREAM } from '../net/socket.js';
import { soclose, socreate } from '../net/uipc_socket.js';
import { PZERO } from '../param.js';
import { kproc_start } from '../proc/kproc.js';
import { type Proc, SMIGR, SSYS, SZOMB } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';
import { NSIG, psignal, SIGCHLD } from '../proc/signal.js';
import { reap } from '../proc/wait.js';
import { PmRefusal } from './pm_auth.js';
import { pmConnect, pmEvent } from './pm_migrate.js';
import {
  PM_CONTINUED,
  PM_EXIT,
  PM_MOVED,
  PM_READY,
  PM_SIGNAL,
  PM_STOPPED,
  type PmChannel,
} from './pm_proto.js';
import { setRusage } from './pm_state.js';
import { myaddr } from './pm_struct.js';

const PMNOTE_TRIES = 5;

/** Send one message about process `pid` to the machine at `dest`, from a kernel process. */
function pmnote(
  k: Kernel,
  dest: number,
  pid: number,
  uid: number,
  kind: string,
  type: number,
  body: object,
): void {
  kproc_start(k, `pm${kind}`, function* (kp) {
    for (let attempt = 1; ; attempt++) {
      const so = socreate(k.net, AF_INET, SOCK_STREAM, 0, kp.cred);
      try {
        const ch = yield* pmConnect(k, kp, so, dest, { pid, uid, kind });
        yield* ch.sendJson(type, body);
        yield* ch.expect(PM_READY);
        pmEvent(k, pid, kind as MigratePhase, dest, { bytes: ch.sent });
        return;
      } catch (e) {
        if (!(e instanceof Errno)) throw e;
        if (e instanceof PmRefusal || attempt >= PMNOTE_TRIES) {
          pmEvent(k, pid, 'abort', dest, {
            errno: e.errno,
            reason: `the ${kind} message could not be given (${e instanceof PmRefusal ? e.reason : e.message})`,
          });
          return;
        }
      } finally {
        soclose(so);
      }
      yield* tsleep(k.sched, kp, k.sched.lbolt, PZERO + 1, 'pmnote');
    }
  });
}

/** Called by exit() once p is a zombie: report to the parent's machine if it is elsewhere. */
export function pmexit(k: Kernel, p: Proc, status: number): void {
  const pm = p.u.pm;
  if (!pm || pm.parentHost === 0 || pm.parentHost === myaddr(k) || pm.viaTable) return;
  pmnote(k, pm.parentHost, p.pid, p.cred.uid, 'exit', PM_EXIT, { pid: p.pid, status, rusage: { ...p.ru } });
}

/** After a migration from here: tell the parent's machine, if it is a third one, where the process went. */
export function pmmoved(k: Kernel, pid: number, uid: number, parentHost: number, host: number): void {
  if (parentHost === 0 || parentHost === myaddr(k) || parentHost === host) return;
  pmnote(k, parentHost, pid, uid, 'moved', PM_MOVED, { pid, host, source: myaddr(k) });
}

/** psignal for an SMIGR entry: the signal goes to where the process runs. */
export function pmsignal(k: Kernel, p: Proc, sig: number): void {
  pmsignalTo(k, p.u.pm?.host ?? 0, p.pid, p.cred.uid, sig);
}

/** Signal sig for process pid, which runs on the machine at `host`. */
export function pmsignalTo(k: Kernel, host: number, pid: number, uid: number, sig: number): void {
  if (host === 0 || host === myaddr(k)) return;
  pmnote(k, host, pid, uid, 'signal', PM_SIGNAL, { pid, sig });
}

/** Is p a migrated process whose parent is on another machine (not init here, whatever p.parent says)? */
export function pmParentAway(k: Kernel, p: Proc): boolean {
  const h = p.u.pm?.parentHost ?? 0;
  return h !== 0 && h !== myaddr(k);
}

/** Stops and continues of a process, counted, so that the parent's machine takes them in order. */
const stopSeq = new WeakMap<Proc, number>();

/** Called by stop() and by SIGCONT's continue: tell the parent's machine, if it is elsewhere. */
export function pmstopped(k: Kernel, p: Proc, stopped: boolean): void {
  if (!pmParentAway(k, p)) return;
  const seq = (stopSeq.get(p) ?? 0) + 1;
  stopSeq.set(p, seq);
  const pm = p.u.pm as NonNullable<typeof p.u.pm>;
  if (stopped)
    pmnote(k, pm.parentHost, p.pid, p.cred.uid, 'stopped', PM_STOPPED, { pid: p.pid, status: p.xstat, seq });
  else pmnote(k, pm.parentHost, p.pid, p.cred.uid, 'continued', PM_CONTINUED, { pid: p.pid, seq });
}

/** At the parent's machine: the last stop or continue taken for an SMIGR entry. */
const stopSeen = new WeakMap<Proc, number>();

/**
 * On the receiving machine (pmrcv, after authentication), a message about
 * process `pid` that is not a migration: check it is about what this
 * machine has, act, and answer READY.
 */
export function* pmnoteReceive(
  k: Kernel,
  ch: PmChannel,
  pid: number,
  type: number,
  body: Record<string, unknown>,
): Generator<void, MigratePhase, void> {
  const c = k.procs.get(pid);
  if (body.pid !== pid) throw new Errno(EPROTO);
  if (type === PM_SIGNAL) {
    const sig = body.sig as number;
    if (!c || c.stat === SZOMB || !Number.isInteger(sig) || sig <= 0 || sig >= NSIG)
      throw new PmRefusal(ESRCH, `no process ${pid} here for the signal`);
    yield* ch.send(PM_READY, new Uint8Array(0));
    psignal(k, c, sig);
    return 'signal';
  }
  if (!c || c.stat !== SMIGR)
    throw new PmRefusal(ESRCH, `pid ${pid} is not a migrated child of this machine`);
  if (type === PM_MOVED) {
    if (!Number.isInteger(body.host) || !Number.isInteger(body.source) || !c.u.pm) throw new Errno(EPROTO);
    c.u.pm.host = (body.host as number) >>> 0;
    c.u.pm.source = (body.source as number) >>> 0;
    c.u.pm.hops++;
    yield* ch.send(PM_READY, new Uint8Array(0));
    return 'moved';
  }
  if (type === PM_STOPPED || type === PM_CONTINUED) {
    const seq = body.seq as number;
    if (!Number.isInteger(seq) || (type === PM_STOPPED && !Number.isInteger(body.status)))
      throw new Errno(EPROTO);
    yield* ch.send(PM_READY, new Uint8Array(0));
    if (seq <= (stopSeen.get(c) ?? 0)) return type === PM_STOPPED ? 'stopped' : 'continued'; // older than what we know
    stopSeen.set(c, seq);
    c.stopUnreported = type === PM_STOPPED; // wait4 with WUNTRACED reports an SMIGR entry so marked
    if (type === PM_CONTINUED) return 'continued';
    c.xstat = (body.status as number) & 0xffff;
    const parent = c.parent;
    if (parent && !(parent.flag & SSYS)) {
      if (!parent.sig.nocldstop) psignal(k, parent, SIGCHLD);
      k.sched.wakeup(parent);
    }
    return 'stopped';
  }
  if (type !== PM_EXIT || !Number.isInteger(body.status)) throw new Errno(EPROTO);
  yield* pmexitReport(k, ch, c, body);
  return 'exit';
}

/** The exit of an SMIGR entry's process: the entry becomes a zombie, and its parent hears of it. */
function* pmexitReport(
  k: Kernel,
  ch: PmChannel,
  c: Proc,
  body: Record<string, unknown>,
): Generator<void, void, void> {
  if (body.rusage && typeof body.rusage === 'object') setRusage(c.ru, body.rusage as Record<string, number>);
  c.xstat = (body.status as number) & 0xffff;
  c.stat = SZOMB;
  yield* ch.send(PM_READY, new Uint8Array(0));
  const parent = c.parent;
  if (parent && !(parent.flag & SSYS)) {
    psignal(k, parent, SIGCHLD);
    k.sched.wakeup(parent);
  } else reap(k, c);
}
