/**
 * The end of a migrated process whose parent is on another machine (an
 * interim for the thesis's global process table, §5.3.4). The machine the
 * parent is on kept the process's entry as SMIGR — still the parent's
 * child — when it left (pm_migrate.ts); the machine the process ends on
 * reports the exit there, and the entry becomes a zombie with the exit
 * status and the whole usage (the process's on every machine, and its
 * children's), so that the parent's wait4 returns them as if the child
 * had never left.
 *
 * exit() cannot wait, so the report is sent by a kernel process
 * (kproc.ts), over the migration protocol: connect to migd on the
 * parent's machine, authenticate as for a migration, send PM_EXIT, and
 * wait for READY. It tries PMEXIT_TRIES times, a second apart; if the
 * parent's machine never answers, the status is lost (logged, and an
 * abort event): the global table will keep it.
 */
import { Errno, ESRCH } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { AF_INET, SOCK_STREAM } from '../net/socket.js';
import { soclose, socreate } from '../net/uipc_socket.js';
import { PZERO } from '../param.js';
import { kproc_start } from '../proc/kproc.js';
import { type Proc, SMIGR, SSYS, SZOMB } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';
import { psignal, SIGCHLD } from '../proc/signal.js';
import { reap } from '../proc/wait.js';
import { PmRefusal } from './pm_auth.js';
import { pmConnect, pmEvent } from './pm_migrate.js';
import { PM_EXIT, PM_READY, type PmChannel } from './pm_proto.js';
import { setRusage } from './pm_state.js';
import { myaddr } from './pm_struct.js';

const PMEXIT_TRIES = 5;

/** Called by exit() once p is a zombie: report to the parent's machine if it is elsewhere. */
export function pmexit(k: Kernel, p: Proc, status: number): void {
  const pm = p.u.pm;
  if (!pm || pm.parentHost === 0 || pm.parentHost === myaddr(k)) return;
  const home = pm.parentHost;
  const { pid } = p;
  const uid = p.cred.uid;
  const rusage = { ...p.ru };
  kproc_start(k, 'pmexit', function* (kp) {
    for (let attempt = 1; ; attempt++) {
      const so = socreate(k.net, AF_INET, SOCK_STREAM, 0, kp.cred);
      try {
        const ch = yield* pmConnect(k, kp, so, home, { pid, uid, exit: true });
        yield* ch.sendJson(PM_EXIT, { pid, status, rusage });
        yield* ch.expect(PM_READY);
        pmEvent(k, pid, 'exit', home, { bytes: ch.sent });
        return;
      } catch (e) {
        if (!(e instanceof Errno)) throw e;
        if (e instanceof PmRefusal || attempt >= PMEXIT_TRIES) {
          pmEvent(k, pid, 'abort', home, {
            errno: e.errno,
            reason: `its exit could not be reported to its parent's machine (${e instanceof PmRefusal ? e.reason : e.message})`,
          });
          return;
        }
      } finally {
        soclose(so);
      }
      yield* tsleep(k.sched, kp, k.sched.lbolt, PZERO + 1, 'pmexit');
    }
  });
}

/**
 * On the parent's machine (pmrcv, after authentication): the SMIGR entry
 * of `pid` becomes a zombie with the status and usage reported, and its
 * parent hears of it as of any child's exit.
 */
export function* pmexitReport(
  k: Kernel,
  ch: PmChannel,
  pid: number,
  body: Record<string, unknown>,
): Generator<void, void, void> {
  const c = k.procs.get(pid);
  if (!c || c.stat !== SMIGR || body.pid !== pid || !Number.isInteger(body.status))
    throw new PmRefusal(ESRCH, `pid ${pid} is not a migrated child of this machine`);
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
