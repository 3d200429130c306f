/**
 * pm_migrate(pid, host) — system call 200, the source's side of a
 * migration (thesis §4.3.5 and §5.5, "control abstraction of migrate"):
 *
 *   1. check what can be checked here: the pool, the process, its files;
 *   2. connect to migd on the destination, send the request, answer the
 *      destination's challenge with the shared secret (pm_auth.ts);
 *   3. freeze the process and send its kernel structures (pm_state.ts),
 *      its memory image through the memory strategy (pm_memory.ts), its
 *      registers and its open files (pm_files.ts);
 *   4. wait for the destination's READY — it then holds the whole process,
 *      frozen — and only then COMMIT and let the source copy go.
 *
 * Until the COMMIT nothing at the source has been torn down: on any
 * failure (a refusal, the destination crashing or cut off — no message
 * within PM_TIMEOUT — a signal for the process) the process is thawed and
 * goes on exactly as before, and the call fails with the errno. On
 * success the caller of migrate(host) never returns here: its call
 * returns 0 on the destination. pid 0 means the caller; another pid (its
 * owner or the super-user may) is frozen at the point where it last left
 * user state, and the call returns 0 to the caller on success.
 */
import { EBUSY, EINTR, EINVAL, EPERM, EPROTO, Errno, ESRCH, ETIMEDOUT } from '../errno.js';
import type { MigratePhase } from '../events.js';
import type { Kernel } from '../kernel.js';
import { SR_C } from '../machdep.js';
import { inet_ntoa } from '../net/in.js';
import type { Inpcb } from '../net/in_pcb.js';
import { AF_INET, SOCK_STREAM, sockaddr_in } from '../net/socket.js';
import { type Socket, SS_ISCONNECTING, soclose, soconnect, socreate } from '../net/uipc_socket.js';
import { sosleep } from '../net/uipc_socket2.js';
import { HZ, NBPG, PSWP, PZERO } from '../param.js';
import type { Ucred } from '../proc/cred.js';
import { type Proc, SMIGR, SSLEEP, SSTOP, SSYS, SVFORK, SZOMB } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';
import type { SysCtx } from '../syscall.js';
import { copyin } from '../vm/copyio.js';
import { checkPool, loginName, PmRefusal, pmProveFile, pmResponse, readSecret } from './pm_auth.js';
import { describeCwd, describeFiles, flushFiles, mapsBar, refreshFiles } from './pm_files.js';
import { eagerStrategy, type MemoryStrategy, vmLayout } from './pm_memory.js';
import { describeMaps, mapFiles, syncMaps } from './pm_mmap.js';

import {
  MIGD_PORT,
  PM_ACCEPT,
  PM_AUTH,
  PM_CHALLENGE,
  PM_COMMIT,
  PM_CONNECT_TIMEOUT,
  PM_END,
  PM_FILECHAL,
  PM_FILES,
  PM_READY,
  PM_REFUSE,
  PM_REGS,
  PM_REQUEST,
  PM_STRUCTS,
  PmChannel,
} from './pm_proto.js';
import { pmmoved, pmsignal } from './pm_remote.js';
import { packStructs } from './pm_state.js';
import { myaddr, PM_AWAY, PM_HOME, PM_LEAVING, pidHome, pmstruct } from './pm_struct.js';
import { gptHandoff, gptReclaim } from './pm_table.js';

/** The memory strategy migrations use (the seam for pre-copy and the others). */
export let memoryStrategy: MemoryStrategy = eagerStrategy;
export function setMemoryStrategy(s: MemoryStrategy): void {
  memoryStrategy = s;
}

/** Report a step of a migration (an event and, for failures, a console line). */
export function pmEvent(
  k: Kernel,
  pid: number,
  phase: MigratePhase,
  peer: number,
  extra: { part?: string; bytes?: number; errno?: number; reason?: string } = {},
): void {
  k.events?.({ type: 'migrate', pid, phase, peer: inet_ntoa(peer), ...extra });
  if (phase === 'refuse' || phase === 'abort')
    k.log(
      `migrate: pid ${pid} ${phase === 'refuse' ? 'refused' : 'failed'}: ${extra.reason ?? `error ${extra.errno}`}\n`,
    );
}

/** pm_migrate(pid or 0, host address in network order). */
export function* sysPmMigrate(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const pid = ctx.args[0] | 0;
  const t = pid === 0 || pid === p.pid ? p : k.procs.get(pid);
  if (!t || t.stat === SZOMB) throw new Errno(ESRCH);
  if (t !== p && !p.cred.isSuperuser() && p.cred.uid !== t.cred.uid && p.cred.ruid !== t.cred.ruid)
    throw new Errno(EPERM);
  yield* pm_migrate(k, p, t, ctx.args[1] >>> 0);
  ctx.rv = [0, 0];
  if (t === p) ctx.noReturn = true; // it goes on at the destination
}

/** The channel processes frozen for migration sleep on (uninterruptibly: a signal stays pending). */
const frozen = new WeakMap<Proc, object>();

function freeze(k: Kernel, t: Proc): void {
  const chan = {};
  frozen.set(t, chan);
  k.sched.remove(t);
  k.sched.sleep(t, chan, PSWP, 'pmfrz');
}

function thaw(k: Kernel, t: Proc): void {
  const chan = frozen.get(t);
  frozen.delete(t);
  if (chan) k.sched.wakeup(chan);
}

/**
 * Migrate process t to `dest`, driven by process r (t itself, or the
 * process that asked). Returns when t is running on the destination;
 * throws, with t as it was, otherwise.
 */
export function* pm_migrate(k: Kernel, r: Proc, t: Proc, dest: number): Generator<void, void, void> {
  const me = myaddr(k);
  const pid = t.pid;
  pmEvent(k, pid, 'request', dest);
  const self = t === r;
  let thawed = true;
  const hadPm = t.u.pm !== null;
  const pm = pmstruct(k, t);
  const oldStat = pm.stat;
  let ended = false; // the destination may hold the whole process: the table decides (pm_table.ts)
  let sigsAtFreeze = 0;
  try {
    // 1. What the source can check alone.
    if (t.flag & SSYS) throw new PmRefusal(EPERM, 'a system process does not migrate');
    if (pidHome(pid) === 0 || me === 0)
      throw new PmRefusal(EPERM, 'a process of the boot range (pid < 1000) does not migrate');
    if (dest === me || dest === 0) throw new PmRefusal(EINVAL, 'the destination is this machine');
    if (t.flag & SVFORK) throw new PmRefusal(EBUSY, 'a vfork child does not migrate until it execs');
    // mmap regions: a file reachable by name on the destination, or memory no one else shares (pm_mmap.ts).
    const maps = mapsBar(k, t);
    if (maps) throw maps;
    if (!self) {
      // It moves from a clean point: user state, or the interruptible sleep
      // of a call that can start again on the destination. Else wait (a little).
      for (let i = 0; t.kthread !== null && restartable(t) === null && i < 10; i++)
        yield* tsleep(k.sched, r, k.sched.lbolt, PZERO + 1, 'pmwait');
      if ((t.kthread !== null && restartable(t) === null) || t.stat === SSTOP)
        throw new PmRefusal(EBUSY, 'the process is busy in a system call or stopped');
      if (t.stat === SZOMB || !k.procs.has(pid)) throw new Errno(ESRCH);
    }
    yield* checkPool(k, r, me, dest, 'destination');
    const files = yield* describeFiles(k, t);
    const cwd = yield* describeCwd(k, t);
    const mapsAsked = yield* describeMaps(k, t);
    const openAt = [...t.u.ofile];
    pm.fmap = [];
    pm.dmap = [];
    for (const d of files) {
      pm.fmap[d.fd] = d.name;
      pm.dmap[d.fd] = d.next;
    }

    // 2. Connect and authenticate.
    const so = socreate(k.net, AF_INET, SOCK_STREAM, 0, r.cred);
    try {
      const ch = yield* pmConnect(
        k,
        r,
        so,
        dest,
        {
          pid,
          uid: t.cred.uid,
          // Who the user is, by name: the destination's dummy file is that name's there (pm_auth.ts).
          user: yield* loginName(k, r, t.cred.uid),
          ruid: t.cred.ruid,
          comm: t.u.comm,
          home: pm.home,
          uqpid: pm.uqpid,
          // For the destination's check of the files before it accepts (pm_files.ts).
          gid: t.cred.gid,
          rgid: t.cred.rgid,
          groups: t.cred.groups,
          files,
          cwd,
          // The mapped files, checked like the open ones (pm_mmap.ts).
          mapfiles: mapFiles(mapsAsked),
        },
        MIGD_PORT,
        PM_CONNECT_TIMEOUT,
        t.cred.clone(),
      );
      pmEvent(k, pid, 'auth', dest);

      // 3. Freeze and send. (Whether it sleeps in a call to make again is seen before the freeze changes its sleep.)
      // It was at a clean point before the connection; a select sleeper woken meanwhile (every socket's
      // activity wakes them all, this connection's too) is given the moment it needs to look and sleep again.
      if (!self) {
        for (let i = 0; t.kthread !== null && restartable(t) === null && i < PM_CLEAN_WAIT; i++)
          yield* sosleep(k.net, r, {}, 'pmwait', 1);
        if ((t.kthread !== null && restartable(t) === null) || t.stat === SSTOP)
          throw new PmRefusal(EBUSY, 'the process is busy in a system call or stopped');
        if (t.stat === SZOMB || !k.procs.has(pid)) throw new Errno(ESRCH);
      }
      const restart = !self && restartable(t) !== null;
      if (!self) {
        freeze(k, t);
        thawed = false;
      }
      pm.stat = PM_LEAVING;
      sigsAtFreeze = t.sig.pending;
      pmEvent(k, pid, 'freeze', dest);
      // Its parent here keeps it as a child (SMIGR) and must hear of its exit.
      const parentHere = t.parent !== null && t.parent.pid !== 1 && !(t.parent.flag & SSYS);
      const out = {
        ...pm,
        source: me,
        host: dest,
        stat: dest === pm.home ? PM_HOME : PM_AWAY,
        hops: pm.hops + 1,
        parentHost: parentHere ? me : pm.parentHost,
        ppid: parentHere && t.parent ? t.parent.pid : pm.ppid,
      };
      yield* flushFiles(t);
      yield* syncMaps(k, r, t);
      const filesNow = yield* refreshFiles(k, t, files, openAt);
      const structs = packStructs(k, t, vmLayout(t.vm, t.u.exdata), out);
      structs.vm.maps = yield* describeMaps(k, t);
      structs.u.cwd = cwd;
      if (restart && t.sig.oldMask !== null) structs.sig.mask = t.sig.oldMask; // from before sigpause
      const layout = structs.vm;
      let bytes = yield* ch.sendJson(PM_STRUCTS, structs);
      pmEvent(k, pid, 'part', dest, { part: 'structs', bytes });
      yield* memoryStrategy.send(k, ch, t.vm, layout, (s) =>
        pmEvent(k, pid, 'part', dest, { part: s.part, bytes: s.bytes }),
      );
      bytes = yield* ch.send(PM_REGS, packRegs(t, self, restart));
      pmEvent(k, pid, 'part', dest, { part: 'regs', bytes });
      bytes = yield* ch.sendJson(PM_FILES, filesNow);
      pmEvent(k, pid, 'part', dest, { part: 'files', bytes });
      yield* ch.send(PM_END, new Uint8Array(0));
      ended = true;

      // 4. The hand-off: the destination holds it all before the source lets go.
      yield* ch.expect(PM_READY);
      if (t.sig.pending !== sigsAtFreeze) {
        // A signal came for the frozen source copy: deliver it here, do not lose it.
        yield* ch.sendJson(PM_REFUSE, { errno: EINTR, reason: 'a signal arrived during the transfer' });
        throw new PmRefusal(EINTR, 'a signal arrived during the transfer');
      }
      // The commit point: the global table names the destination from now on.
      yield* gptHandoff(k, r, t, dest, out);
      yield* ch.send(PM_COMMIT, new Uint8Array(0));
      pmEvent(k, pid, 'commit', dest, { bytes: ch.sent });
      // The destination confirms, in the table, that it runs the process, and says so.
      yield* expectConfirm(ch);
    } finally {
      soclose(so);
    }
  } catch (e) {
    // Past the END, the table says whose the process is: if the destination's, the source copy goes.
    if (ended && e instanceof Errno && (yield* gptReclaim(k, r, t, dest, pm.hops + 1))) {
      settle(k, t, me, dest, sigsAtFreeze);
      return;
    }
    pm.stat = oldStat;
    if (!hadPm) t.u.pm = null; // a process that never left has none
    if (!thawed) thaw(k, t);
    if (e instanceof Errno)
      pmEvent(k, pid, e instanceof PmRefusal ? 'refuse' : 'abort', dest, {
        errno: e.errno,
        reason: e instanceof PmRefusal ? e.reason : e.message,
      });
    throw e;
  }
  settle(k, t, me, dest, sigsAtFreeze);
}

/** The destination runs the process: the source copy goes; signals that came for it since the freeze follow it. */
function settle(k: Kernel, t: Proc, me: number, dest: number, sigsAtFreeze: number): void {
  const pm = pmstruct(k, t);
  frozen.delete(t);
  pm.host = dest;
  pm.source = me;
  pm.hops++;
  pm.stat = PM_AWAY;
  const late = t.sig.pending & ~sigsAtFreeze;
  const pages = leave(k, t);
  pmmoved(k, t.pid, t.cred.uid, pm.parentHost, dest);
  pmEvent(k, t.pid, 'cleanup', dest, { bytes: pages * NBPG });
  for (let sig = 1; sig < 32; sig++) if (late & (1 << (sig - 1))) pmsignal(k, t, sig);
}

/** The destination's word, after the COMMIT, that it runs the process (it may first wait for the table: 30 s). */
function* expectConfirm(ch: PmChannel): Generator<void, void, void> {
  for (let i = 0; ; i++) {
    try {
      yield* ch.expect(PM_READY);
      return;
    } catch (e) {
      if (!(e instanceof Errno) || e.errno !== ETIMEDOUT || i >= 2) throw e;
    }
  }
}

/**
 * Connect to migd at `dest` and authenticate (protocol steps 1-4): the
 * request, the destination's challenge, the answer with the pool's
 * secret, its acceptance. Returns the channel, ready for what follows.
 */
export function* pmConnect(
  k: Kernel,
  r: Proc,
  so: Socket,
  dest: number,
  request: { pid: number; uid: number } & Record<string, unknown>,
  port = MIGD_PORT,
  timeout = PM_CONNECT_TIMEOUT,
  /** A migration: the process's credentials, to answer the dummy-file challenge with. */
  writer: Ucred | null = null,
): Generator<void, PmChannel, void> {
  const secret = yield* readSecret(k, r);
  soconnect(so, sockaddr_in(dest, port), r);
  while (so.state & SS_ISCONNECTING && so.error === 0)
    if (yield* sosleep(k.net, r, so.timeo, 'pmconn', timeout)) throw new Errno(ETIMEDOUT);
  if (so.error) throw new Errno(so.error);
  const src = (so.pcb as Inpcb).laddr >>> 0;
  const ch = new PmChannel(so, r);
  yield* ch.sendJson(PM_REQUEST, request);
  const nonce = yield* ch.expect(PM_CHALLENGE);
  yield* ch.send(PM_AUTH, pmResponse(secret, nonce, src, dest, request.pid, request.uid));
  const m = yield* ch.expectOneOf([PM_ACCEPT, PM_FILECHAL]);
  if (m.type === PM_FILECHAL) {
    if (!writer) throw new Errno(EPROTO); // only a migration is asked for the dummy file
    yield* pmProveFile(k, r, ch, writer, secret, nonce, m.body);
    yield* ch.expect(PM_ACCEPT);
    pmEvent(k, request.pid, 'challenge', dest);
  }
  return ch;
}

/** How long, in clock ticks, the source waits after the connection for the process to be at a clean point again (1 s). */
const PM_CLEAN_WAIT = HZ;

/**
 * System calls a process may be taken out of while it sleeps in them, to
 * make them again on the destination (4.3BSD's restart of an interrupted
 * call): they sleep before doing anything, so making them again from the
 * start changes nothing — reading a terminal, a pipe or a socket that has
 * nothing yet, select (its timeout starts again), sigpause.
 */
const RESTARTABLE = new Set([3, 93, 102, 111, 113, 120, 125]);

/** The number of the call t sleeps in, if it may be restarted elsewhere; else null. */
function restartable(t: Proc): number | null {
  if (t.kthread === null || t.kthread.pagein || t.stat !== SSLEEP || t.pri <= PZERO) return null;
  try {
    const code = new DataView(copyin(t.vm, (t.pcb.regs[15] - 4) >>> 0, 4).buffer).getInt32(0);
    return RESTARTABLE.has(code) ? code : null;
  } catch {
    return null;
  }
}

/**
 * The user registers. The caller's own pm_migrate returns 0 at the
 * destination. A process taken out of a sleeping call is sent as it was
 * at its trap — the pc back on the `trap #0` (2 bytes), the call number
 * back on its stack, where the stub pushed it and it still is — so that
 * it makes the call again there; its signal mask is the one from before a
 * sigpause (as syscall.ts restarts a call a signal interrupted).
 */
function packRegs(t: Proc, self: boolean, restart: boolean): Uint8Array {
  const b = new Uint8Array(16 * 4 + 8);
  const dv = new DataView(b.buffer);
  for (let i = 0; i < 16; i++) dv.setInt32(4 * i, t.pcb.regs[i]);
  dv.setUint32(64, t.pcb.pc);
  dv.setUint32(68, self ? t.pcb.sr & ~SR_C : t.pcb.sr);
  if (self) dv.setInt32(0, 0);
  if (restart) {
    dv.setUint32(64, (t.pcb.pc - 2) >>> 0);
    dv.setInt32(60, t.pcb.regs[15] - 4);
  }
  return b;
}

/**
 * The source copy goes (after the COMMIT): memory, descriptors and
 * directories are released. If its parent is here, the entry stays, as
 * SMIGR: still the parent's child, holding its pid, never run, until the
 * machine where it ends reports its exit (pm_exit.ts) or it comes back.
 * Otherwise it leaves this machine's tables without a zombie (it has not
 * exited; its parent, init here, has nothing to collect). Its children
 * here go to init either way. Returns the pages released.
 */
function leave(k: Kernel, t: Proc): number {
  const pages = t.vm.rss;
  for (const it of t.itimers) it.value = it.interval = 0;
  k.pmap.release(t.vm);
  t.vm.clear();
  k.closeAll?.(t);
  k.sched.remove(t);
  t.kthread = null;
  const init = k.procs.get(1);
  for (const c of t.children) {
    c.parent = init ?? null;
    init?.children.add(c);
    if (c.stat === SZOMB && init) k.sched.wakeup(init);
  }
  t.children.clear();
  const parent = t.parent;
  if (parent !== null && parent.pid !== 1 && !(parent.flag & SSYS)) {
    t.stat = SMIGR;
    return pages;
  }
  t.stat = SZOMB;
  k.procs.delete(t.pid);
  if (parent) {
    parent.children.delete(t);
    k.sched.wakeup(parent);
  }
  return pages;
}
