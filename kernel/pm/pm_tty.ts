/**
 * The terminal stays at home. A migrated process's terminal descriptors
 * (the console, /dev/tty, a pseudo-terminal) do not mean the terminal of
 * the machine it runs on: its reads, writes and ioctls go back to the
 * terminal at its home machine, as Sprite and MOSIX forwarded them (the
 * thesis left the terminal where the process went).
 *
 * On the machine the process runs on (not its home), such a descriptor is
 * an RttyVnode: each operation becomes a PM_TTY request on a terminal
 * session, one TCP connection per process to migd at home, authenticated
 * as a migration is (pmConnect, kind "tty"), made at the first use. A
 * kernel process (kproc.ts) holds the receiving end: it hands each
 * PM_TTYREPLY to the process waiting for it, and when the line is quiet it
 * pings home; if home stops answering (it crashed, or the network is cut)
 * or the connection breaks, the terminal is hung up: the process gets
 * SIGHUP, reads end of file, writes fail with EIO — as with a modem line
 * whose carrier dropped.
 *
 * At home, migd's child (pmrcv) serves the session (pmttyServe): it does
 * each operation on the real terminal, and job control as ttread, ttwrite
 * and ttioctl would for the process itself — if the terminal is the
 * process's controlling terminal and its process group is not the
 * foreground one, the group is sent SIGTTIN (or SIGTTOU), which its
 * parent's entry here (SMIGR) sends on to where it runs, and the request
 * waits until it is continued in the foreground. ^C, ^Z and the rest
 * reach the process the same way: the terminal signals its foreground
 * group here, and the entry sends the signal on (pm_remote.ts).
 */

import { ConsoleDevice } from '../dev/cons.js';
import { major, minor } from '../dev/devsw.js';
import { TOSTOP, VMIN } from '../dev/termios.js';
import { MODE_CHANGES, type Tty } from '../dev/tty.js';
import { EINTR, EIO, ENXIO, EPROTO, Errno, ETIMEDOUT } from '../errno.js';
import { File, FNBIOMODES } from '../fs/file.js';
import { lookupVnode } from '../fs/namei.js';
import { kwait, S_IFCHR, type Vattr, VCHR, Vnode } from '../fs/vnode.js';
import { timeout, untimeout } from '../kern_clock.js';
import type { Kernel } from '../kernel.js';
import { AF_INET, SOCK_STREAM } from '../net/socket.js';
import { type Socket, soclose, socreate, sosend, soshutdown, uioOf } from '../net/uipc_socket.js';
import { HZ, PZERO, TTIPRI, TTOPRI } from '../param.js';
import { kproc_start } from '../proc/kproc.js';
import type { Proc } from '../proc/proc.js';
import { SZOMB } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';
import { psignal, SIGHUP, SIGTTIN, SIGTTOU, sigmask } from '../proc/signal.js';
import type { FileDesc } from './pm_files.js';
import { pmConnect, pmEvent } from './pm_migrate.js';
import { PM_TTY, PM_TTYREPLY, type PmChannel } from './pm_proto.js';
import { pmsignalTo } from './pm_remote.js';
import { myaddr } from './pm_struct.js';

/** The terminals that stay at home, by their names in /dev. */
const TERMINAL = /^\/dev\/(console|tty|ttyp[0-9a-f])$/;

/**
 * A quiet session is pinged every PMTTY_IDLE; home is given up after
 * PMTTY_DEAD quiet periods in a row (30 s: TCP's retransmissions on a
 * lossy network take seconds, a crashed machine never answers), and the
 * home side gives a silent session up after twice as long.
 */
const PMTTY_IDLE = 5 * HZ;
const PMTTY_DEAD = 6;
/** How often a read waiting at home looks for the process's cancel (a tenth of a second). */
const PMTTY_POLL = HZ / 10;
/** The most data one request or reply carries. */
const PMTTY_CHUNK = 4096;

/** A request's header (its data follows it in the message). */
interface TtyRequest {
  op: 'read' | 'write' | 'ioctl' | 'cancel' | 'ping';
  seq: number;
  name?: string;
  count?: number;
  flags?: number;
  cmd?: number;
  /** The calling process's group, and whether SIGTTIN / SIGTTOU could stop it (not ignored, not blocked). */
  pgrp?: number;
  ttin?: boolean;
  ttou?: boolean;
}

interface TtyReply {
  seq: number;
  errno: number;
  rv: number;
  /** An ioctl that returns nothing. */
  none?: boolean;
}

function frame(hdr: object, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const j = new TextEncoder().encode(JSON.stringify(hdr));
  const out = new Uint8Array(4 + j.length + data.length);
  new DataView(out.buffer).setUint32(0, j.length);
  out.set(j, 4);
  out.set(data, 4 + j.length);
  return out;
}

function unframe<T>(body: Uint8Array): { hdr: T; data: Uint8Array } {
  if (body.length < 4) throw new Errno(EPROTO);
  const n = new DataView(body.buffer, body.byteOffset, 4).getUint32(0);
  if (4 + n > body.length) throw new Errno(EPROTO);
  let hdr: T;
  try {
    hdr = JSON.parse(new TextDecoder().decode(body.subarray(4, 4 + n)));
  } catch {
    throw new Errno(EPROTO);
  }
  if (!hdr || typeof hdr !== 'object' || !Number.isInteger((hdr as { seq?: number }).seq))
    throw new Errno(EPROTO);
  return { hdr, data: body.slice(4 + n) };
}

/** One message on a socket, sent by process p (the migration protocol's framing, pm_proto.ts). */
function* sendMsg(so: Socket, p: Proc, type: number, body: Uint8Array): Generator<void, void, void> {
  const msg = new Uint8Array(8 + body.length);
  const dv = new DataView(msg.buffer);
  dv.setUint32(0, type);
  dv.setUint32(4, body.length);
  msg.set(body, 8);
  const n = yield* sosend(so, p, null, uioOf(msg), 0, 0);
  if (n !== msg.length) throw new Errno(EIO);
}

// ------------------------------------------------------------------ away from home

interface Waiter {
  done: boolean;
  reply: TtyReply | null;
  data: Uint8Array;
}

/** A process's terminal session with its home (on the machine it runs on). */
class TtySession {
  so: Socket | null = null;
  state: 'connecting' | 'up' | 'dead' | 'closed' = 'connecting';
  private seq = 0;
  readonly waiters = new Map<number, Waiter>();
  /** Someone is writing a message on the socket (whole messages must not interleave). */
  private sending = false;

  constructor(
    readonly k: Kernel,
    readonly proc: Proc,
    readonly home: number,
  ) {
    live.add(this);
    kproc_start(k, 'pmtty', (kp) => this.run(kp));
  }

  /** The kernel process: connect, then take the replies; ping when quiet; hang up when home is gone. */
  private *run(kp: Proc): Generator<void, void, void> {
    const { k } = this;
    const so = socreate(k.net, AF_INET, SOCK_STREAM, 0, kp.cred);
    let why = '';
    try {
      const ch: PmChannel = yield* pmConnect(k, kp, so, this.home, {
        pid: this.proc.pid,
        uid: this.proc.cred.uid,
        kind: 'tty',
      });
      so.rcv.timeo = PMTTY_IDLE;
      this.so = so;
      if (this.state === 'connecting') this.state = 'up';
      else soshutdown(so, 1); // closed while connecting
      k.sched.wakeup(this);
      let quiet = 0;
      for (;;) {
        let m: { type: number; body: Uint8Array };
        try {
          m = yield* ch.recv();
        } catch (e) {
          if (!(e instanceof Errno) || e.errno !== ETIMEDOUT || this.state !== 'up') throw e;
          if (!this.alive()) {
            this.close();
            continue;
          }
          if (++quiet >= PMTTY_DEAD) throw e;
          yield* this.send(kp, { op: 'ping', seq: 0 });
          continue;
        }
        quiet = 0;
        if (m.type !== PM_TTYREPLY) throw new Errno(EPROTO);
        const { hdr, data } = unframe<TtyReply>(m.body);
        const w = this.waiters.get(hdr.seq);
        if (!w) continue; // a pong, or the reply to a request given up
        this.waiters.delete(hdr.seq);
        w.reply = hdr;
        w.data = data;
        w.done = true;
        k.sched.wakeup(w);
      }
    } catch (e) {
      if (!(e instanceof Errno)) throw e;
      why = e.errno === ETIMEDOUT ? 'home does not answer' : `error ${e.errno}`;
    } finally {
      soclose(so);
      this.so = null;
      if (this.state !== 'closed') this.hangup(why);
    }
  }

  /** Is the process still here and alive? */
  private alive(): boolean {
    return this.k.procs.get(this.proc.pid) === this.proc && this.proc.stat !== SZOMB;
  }

  /** Home is gone: SIGHUP, and every waiter wakes to EIO (4.3BSD's ttymodem on a lost carrier). */
  private hangup(why: string): void {
    this.state = 'dead';
    sessions.delete(this.proc);
    live.delete(this);
    for (const w of this.waiters.values()) {
      w.done = true;
      this.k.sched.wakeup(w);
    }
    this.waiters.clear();
    this.k.sched.wakeup(this);
    if (!this.alive()) return;
    pmEvent(this.k, this.proc.pid, 'abort', this.home, { reason: `the home terminal is lost (${why})` });
    psignal(this.k, this.proc, SIGHUP);
  }

  /** No descriptor of the process needs home any more: end the session (home sees the end of the stream). */
  close(): void {
    if (this.state === 'dead' || this.state === 'closed') return;
    this.state = 'closed';
    sessions.delete(this.proc);
    live.delete(this);
    if (this.so) soshutdown(this.so, 1);
  }

  private *send(p: Proc, hdr: TtyRequest, data?: Uint8Array): Generator<void, void, void> {
    while (this.sending) yield* tsleep(this.k.sched, p, this.waiters, PZERO + 1, 'ttyfwd');
    this.sending = true;
    try {
      yield* sendMsg(this.so as Socket, p, PM_TTY, frame(hdr, data));
    } finally {
      this.sending = false;
      this.k.sched.wakeup(this.waiters);
    }
  }

  /** One operation, by process p: send it and wait for home's answer. */
  *call(p: Proc, hdr: Omit<TtyRequest, 'seq'>, data?: Uint8Array): Generator<void, Waiter, void> {
    while (this.state === 'connecting') yield* tsleep(this.k.sched, p, this, PZERO + 1, 'ttyconn');
    if (this.state !== 'up') throw new Errno(EIO);
    const seq = ++this.seq;
    const w: Waiter = { done: false, reply: null, data: new Uint8Array(0) };
    this.waiters.set(seq, w);
    const bits = p.sig.ignore | p.sig.mask;
    const req = {
      ...hdr,
      seq,
      pgrp: p.pgrp,
      ttin: !(bits & sigmask(SIGTTIN)),
      ttou: !(bits & sigmask(SIGTTOU)),
    };
    try {
      yield* this.send(p, req, data);
      // A stop signal stops the process here, still waiting; another ends the wait (EINTR).
      while (!w.done) yield* tsleep(this.k.sched, p, w, PZERO + 1, 'ttyfwd');
    } catch (e) {
      this.waiters.delete(seq);
      if (e instanceof Errno && e.errno === EINTR && this.state === 'up') {
        try {
          yield* this.send(p, { op: 'cancel', seq });
        } catch {
          // The session is going anyway.
        }
      }
      throw e;
    }
    if (!w.reply) throw new Errno(EIO); // hung up while waiting
    if (w.reply.errno) throw new Errno(w.reply.errno);
    return w;
  }
}

/** The sessions of the processes here whose terminals are at home. */
const sessions = new WeakMap<Proc, TtySession>();
const live = new Set<TtySession>();

function sessionOf(k: Kernel, p: Proc, home: number): TtySession {
  let s = sessions.get(p);
  if (!s || s.home !== home) {
    s = new TtySession(k, p, home);
    sessions.set(p, s);
  }
  return s;
}

/**
 * A terminal descriptor of a process away from home: its operations go
 * home. It looks like the character device it stands for (fstat, isatty).
 */
export class RttyVnode extends Vnode {
  constructor(
    private readonly k: Kernel,
    /** The home machine, and the terminal's name there. */
    readonly home: number,
    readonly name: string,
    private readonly uid: number,
  ) {
    super(VCHR);
  }

  private get p(): Proc {
    return this.k.sched.curproc as Proc;
  }

  getattr(): Vattr {
    const t = this.k.timeAt(this.k.cpu.cycles)[0];
    return {
      type: VCHR,
      mode: S_IFCHR | 0o620,
      nlink: 1,
      uid: this.uid,
      gid: 0,
      size: 0,
      fsid: 0,
      fileid: 0,
      rdev: 0,
      atime: t,
      mtime: t,
      ctime: t,
      blocksize: 8192,
      blocks: 0,
    };
  }

  override *read(_offset: number, count: number, flags: number): Generator<void, Uint8Array, void> {
    const p = this.p;
    const s = sessions.get(p);
    if (s?.state === 'dead') return new Uint8Array(0); // hung up: end of file
    const w = yield* sessionOf(this.k, p, this.home).call(p, {
      op: 'read',
      name: this.name,
      count: Math.min(count, PMTTY_CHUNK),
      flags,
    });
    return w.data;
  }

  override *write(_offset: number, data: Uint8Array, flags: number): Generator<void, number, void> {
    const p = this.p;
    let done = 0;
    while (done < data.length) {
      const piece = data.subarray(done, done + PMTTY_CHUNK);
      try {
        const w = yield* sessionOf(this.k, p, this.home).call(
          p,
          { op: 'write', name: this.name, flags },
          piece,
        );
        done += (w.reply as TtyReply).rv;
        if ((w.reply as TtyReply).rv < piece.length) break;
      } catch (e) {
        if (done > 0 && e instanceof Errno) break;
        throw e;
      }
    }
    return done;
  }

  override *ioctl(cmd: number, arg: Uint8Array): Generator<void, Uint8Array | undefined, void> {
    const p = this.p;
    const w = yield* sessionOf(this.k, p, this.home).call(p, { op: 'ioctl', name: this.name, cmd }, arg);
    return (w.reply as TtyReply).none ? undefined : w.data;
  }

  /** select: the terminal is at home, and is said to be ready; the read or write itself waits. */
  override ready(): boolean {
    return true;
  }

  override close(): void {
    // A process with no descriptor left that goes home (it exited, or moved on): its session ends.
    for (const s of live)
      if (s.k === this.k && !s.proc.u.ofile.some((f) => f && f.vnode instanceof RttyVnode && f.refs > 0))
        s.close();
  }
}

/** Is this the name of a terminal that stays at home? */
export function isHomeTerminal(name: string): boolean {
  return TERMINAL.test(name);
}

/**
 * At reopening (pm_files.ts, on the destination): a terminal descriptor of
 * a process whose home is another machine becomes an RttyVnode; null for
 * anything else (opened by name as before).
 */
export function rttyOpen(k: Kernel, d: FileDesc, home: number, uid: number): File | null {
  if (home === 0 || home === myaddr(k) || !isHomeTerminal(d.name)) return null;
  k.files.room();
  const f = new File(k.files, new RttyVnode(k, home, d.name, uid).hold(), d.flags);
  f.offset = d.offset;
  return f;
}

/** At the source (pm_files.ts): the name to send for a descriptor that already goes home, or null. */
export function rttyName(f: File, home: number): string | null {
  const vp = f.vnode;
  return vp instanceof RttyVnode && vp.home === home ? vp.name : null;
}

// ------------------------------------------------------------------ at home

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
