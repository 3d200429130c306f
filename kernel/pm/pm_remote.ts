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
import { PM_EXIT, PM_MOVED, PM_READY, PM_SIGNAL, type PmChannel } from './pm_proto.js';
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
  const host = p.u.pm?.host ?? 0;
  if (host === 0 || host === myaddr(k)) return;
  pmnote(k, host, p.pid, p.cred.uid, 'signal', PM_SIGNAL, { pid: p.pid, sig });
}

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
