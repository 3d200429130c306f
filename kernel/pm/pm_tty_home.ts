/**
 * The home end of a terminal session (pm_tty.ts): migd's child, in pmrcv,
 * does each read, write and ioctl of a process that runs elsewhere on the
 * terminal here, with job control as ttread, ttwrite and ttioctl would do
 * it for the process itself (SIGTTIN, SIGTTOU to its group, which its
 * parent's entry here sends on), and passes the terminal's signals on to
 * the processes elsewhere that use it and have no entry here.
 */
import { ConsoleDevice } from '../dev/cons.js';
import { major, minor } from '../dev/devsw.js';
import { TOSTOP, VMIN } from '../dev/termios.js';
import { MODE_CHANGES, type Tty } from '../dev/tty.js';
import { EINTR, EIO, ENXIO, EPROTO, Errno, ETIMEDOUT } from '../errno.js';
import { FNBIOMODES } from '../fs/file.js';
import { lookupVnode } from '../fs/namei.js';
import { kwait } from '../fs/vnode.js';
import { timeout, untimeout } from '../kern_clock.js';
import type { Kernel } from '../kernel.js';
import { HZ, TTIPRI, TTOPRI } from '../param.js';
import type { Proc } from '../proc/proc.js';
import { SZOMB } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';
import { SIGTTIN, SIGTTOU } from '../proc/signal.js';
import { PM_TTY, PM_TTYREPLY, type PmChannel } from './pm_proto.js';
import { pmsignalTo } from './pm_remote.js';
import { frame, PMTTY_DEAD, PMTTY_IDLE, type TtyReply, type TtyRequest, unframe } from './pm_tty.js';

/** How often a read waiting here looks for the process's cancel (a tenth of a second). */
const PMTTY_POLL = HZ / 10;

/** The terminal a name means here, for a process of group pgrp (/dev/tty: its group's controlling terminal). */
function* homeTty(k: Kernel, p: Proc, name: string, pgrp: number): Generator<void, Tty, void> {
  if (name === '/dev/tty') {
    for (const q of k.procs.values())
      if (q.pgrp === pgrp && q.u.ttyp && q.stat !== SZOMB) return q.u.ttyp as Tty;
    throw new Errno(ENXIO);
  }
  const vp = yield* lookupVnode(k.root, p, name);
  let rdev: number;
  try {
    rdev = vp.getattr().rdev;
  } finally {
    vp.release();
  }
  const d = k.cdevsw.get(major(rdev)) as unknown as { ttyOf?: (m: number) => Tty | null };
  const tty = d instanceof ConsoleDevice ? d.tty : (d?.ttyOf?.(minor(rdev)) ?? null);
  if (!tty) throw new Errno(ENXIO);
  return tty;
}

/**
 * At home: the processes elsewhere that use a terminal here, by their
 * sessions — their group, where they run, their uid — so that the
 * terminal's signals reach those of them that have no entry here (a child
 * a migrated process forked where it runs; a process whose parent is not
 * here). The others' entries send the signals on themselves (pm_remote.ts).
 */
const away = new WeakMap<Kernel, Map<number, { pgrp: number; host: number; uid: number }>>();

/** gsignal's part for them (proc/signal.ts): signal sig for group pgrp. */
export function pmttyGsignal(k: Kernel, pgrp: number, sig: number): void {
  const m = away.get(k);
  if (!m) return;
  for (const [pid, a] of m) if (a.pgrp === pgrp && !k.procs.has(pid)) pmsignalTo(k, a.host, pid, a.uid, sig);
}

/** Is tty the controlling terminal of the process group (some member here has it, in its session)? */
function isCtty(k: Kernel, tty: Tty, pgrp: number): boolean {
  if (tty.sid === 0) return false;
  for (const q of k.procs.values()) if (q.pgrp === pgrp && q.sid === tty.sid && q.u.ttyp === tty) return true;
  return false;
}

/**
 * Serve a terminal session (migd's child p, in pmrcv, after the
 * authentication) until the process's machine closes it or falls silent.
 */
export function* pmttyServe(
  k: Kernel,
  p: Proc,
  ch: PmChannel,
  who: { pid: number; uid: number; host: number },
): Generator<void, void, void> {
  let users = away.get(k);
  if (!users) {
    users = new Map();
    away.set(k, users);
  }
  try {
    yield* serve(k, p, ch, (pgrp) => users.set(who.pid, { pgrp, host: who.host, uid: who.uid }));
  } finally {
    users.delete(who.pid);
  }
}

/** The session's requests, one after another; `seen` hears the process group of each. */
function* serve(
  k: Kernel,
  p: Proc,
  ch: PmChannel,
  seen: (pgrp: number) => void,
): Generator<void, void, void> {
  // The server reads and writes the terminal for another: never as itself (no job control of its own).
  p.u.ttyp = null;
  p.u.ttyd = -1;
  ch.so.rcv.timeo = PMTTY_IDLE;
  const ttys = new Map<string, Tty>();
  const server = new TtyServer(k, p, ch);
  let quiet = 0;
  for (;;) {
    let m: { type: number; body: Uint8Array };
    if (server.queued.length > 0) m = server.queued.shift() as typeof m;
    else
      try {
        m = yield* ch.recv();
      } catch (e) {
        if (e instanceof Errno && e.errno === ETIMEDOUT && ++quiet < 2 * PMTTY_DEAD) continue;
        if (e instanceof Errno && e.errno === EPROTO) return; // the end of the session
        throw e;
      }
    quiet = 0;
    if (m.type !== PM_TTY) throw new Errno(EPROTO);
    const { hdr, data } = unframe<TtyRequest>(m.body);
    if (Number.isInteger(hdr.pgrp)) seen(hdr.pgrp as number);
    if (hdr.op === 'ping' || hdr.op === 'cancel') {
      if (hdr.op === 'ping') yield* server.reply({ seq: hdr.seq, errno: 0, rv: 0 });
      continue;
    }
    let reply: TtyReply = { seq: hdr.seq, errno: 0, rv: 0 };
    let out: Uint8Array | undefined;
    try {
      const name = String(hdr.name);
      let tty = ttys.get(name);
      if (!tty) {
        tty = yield* homeTty(k, p, name, hdr.pgrp ?? 0);
        ttys.set(name, tty);
      }
      out = yield* server.perform(tty, hdr, data);
      if (hdr.op === 'write') reply.rv = data.length;
      if (hdr.op === 'ioctl' && out === undefined) reply.none = true;
    } catch (e) {
      if (!(e instanceof Errno)) throw e;
      if (e.errno === EINTR && server.cancelled === hdr.seq) continue; // the process gave up: no answer
      reply = { seq: hdr.seq, errno: e.errno, rv: -1 };
    }
    yield* server.reply(reply, out);
  }
}

/** The home end of one session: the operations, with job control for the distant process. */
class TtyServer {
  /** Requests that came while one was waiting (a ping, as a rule). */
  readonly queued: { type: number; body: Uint8Array }[] = [];
  /** The request the process gave up (cancel). */
  cancelled = -1;

  constructor(
    private readonly k: Kernel,
    private readonly p: Proc,
    private readonly ch: PmChannel,
  ) {}

  *reply(r: TtyReply, data?: Uint8Array): Generator<void, void, void> {
    yield* this.ch.send(PM_TTYREPLY, frame(r, data));
  }

  /** Messages that have come meanwhile: a cancel of request seq ends it (EINTR), a ping is answered. */
  private *look(seq: number): Generator<void, void, void> {
    while (this.ch.so.rcv.cc > 0) {
      const m = yield* this.ch.recv();
      const { hdr } = unframe<TtyRequest>(m.body);
      if (hdr.op === 'cancel' && hdr.seq === seq) {
        this.cancelled = seq;
        throw new Errno(EINTR);
      }
      if (hdr.op === 'ping') yield* this.reply({ seq: 0, errno: 0, rv: 0 });
      else if (hdr.op !== 'cancel') this.queued.push(m);
    }
  }

  /** Sleep on chan until it is woken or a poll interval passes, then look at the connection. */
  private *nap(
    seq: number,
    chan: object,
    ticks: number,
    pri: number,
    wmesg: string,
  ): Generator<void, void, void> {
    const c = timeout(this.k, () => this.k.sched.wakeup(chan), ticks);
    try {
      yield* tsleep(this.k.sched, this.p, chan, pri, wmesg);
    } finally {
      untimeout(this.k, c);
    }
    yield* this.look(seq);
  }

  /**
   * Job control for a process of group pgrp outside the terminal's
   * foreground group, as if it made the call itself: its group gets sig
   * and the request waits (a second at a time) until it is in the
   * foreground. EIO if sig could not stop it, or its group is orphaned.
   */
  private *background(tty: Tty, hdr: TtyRequest, sig: number, canStop: boolean): Generator<void, void, void> {
    const pgrp = hdr.pgrp ?? 0;
    while (tty.pgrp !== 0 && pgrp !== tty.pgrp && isCtty(this.k, tty, pgrp)) {
      if (!canStop || tty.orphaned(pgrp)) throw new Errno(EIO);
      tty.signalGroup(pgrp, sig);
      yield* this.nap(hdr.seq, this.k.sched.lbolt, HZ, sig === SIGTTIN ? TTIPRI : TTOPRI, 'ttybg');
    }
  }

  *perform(tty: Tty, hdr: TtyRequest, data: Uint8Array): Generator<void, Uint8Array | undefined, void> {
    const flags = hdr.flags ?? 0;
    switch (hdr.op) {
      case 'read':
        // It sleeps as a reader of the terminal would ('ttyin' on its queue: ps, and the lab's typing, see it).
        for (let first = true; ; first = false) {
          if (!tty.carrier) return new Uint8Array(0);
          yield* this.background(tty, hdr, SIGTTIN, hdr.ttin === true);
          if (tty.readable() || flags & FNBIOMODES || tty.t.cc[VMIN] === 0 || !tty.carrier) {
            // cc[VMIN] 0 (non-canonical polling) reads at once as well.
            return yield* tty.read(this.p, Math.max(0, hdr.count ?? 0), flags);
          }
          if (first) tty.readWait(this.p);
          yield* this.nap(hdr.seq, tty.readChannel, PMTTY_POLL, TTIPRI, 'ttyin');
        }
      case 'write':
        if (tty.t.lflag & TOSTOP) yield* this.background(tty, hdr, SIGTTOU, hdr.ttou === true);
        yield* tty.write(this.p, data, flags);
        return undefined;
      case 'ioctl': {
        const cmd = (hdr.cmd ?? 0) >>> 0;
        if (MODE_CHANGES.has(cmd)) yield* this.background(tty, hdr, SIGTTOU, hdr.ttou === true);
        yield* kwait(tty.ioctlCheck(this.p, cmd));
        // The request as the process would make it: its group, its session, its terminal.
        const p = this.p;
        const saved = { ttyp: p.u.ttyp, pgrp: p.pgrp, sid: p.sid };
        const ctty = isCtty(this.k, tty, hdr.pgrp ?? 0);
        p.u.ttyp = ctty ? tty : null;
        p.pgrp = hdr.pgrp ?? 0;
        if (ctty) p.sid = tty.sid;
        try {
          return tty.ioctl(cmd, data, p);
        } finally {
          p.u.ttyp = saved.ttyp;
          p.pgrp = saved.pgrp;
          p.sid = saved.sid;
        }
      }
      default:
        throw new Errno(EPROTO);
    }
  }
}
