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
 * At home, migd's child (pmrcv) serves the session (pmttyServe, in
 * pm_tty_home.ts): it does
 * each operation on the real terminal, and job control as ttread, ttwrite
 * and ttioctl would for the process itself — if the terminal is the
 * process's controlling terminal and its process group is not the
 * foreground one, the group is sent SIGTTIN (or SIGTTOU), which its
 * parent's entry here (SMIGR) sends on to where it runs, and the request
 * waits until it is continued in the foreground. ^C, ^Z and the rest
 * reach the process the same way: the terminal signals its foreground
 * group here, and the entry sends the signal on (pm_remote.ts).
 */
import { EINTR, EIO, EPROTO, Errno, ETIMEDOUT } from '../errno.js';
import { File } from '../fs/file.js';
import { S_IFCHR, type Vattr, VCHR, Vnode } from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import { AF_INET, SOCK_STREAM } from '../net/socket.js';
import { type Socket, soclose, socreate, sosend, soshutdown, uioOf } from '../net/uipc_socket.js';
import { HZ, PZERO } from '../param.js';
import { kproc_start } from '../proc/kproc.js';
import type { Proc } from '../proc/proc.js';
import { SZOMB } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';
import { psignal, SIGHUP, SIGTTIN, SIGTTOU, sigmask } from '../proc/signal.js';
import type { FileDesc } from './pm_files.js';
import { pmConnect, pmEvent } from './pm_migrate.js';
import { PM_TTY, PM_TTYREPLY, type PmChannel } from './pm_proto.js';
import { myaddr } from './pm_struct.js';

/** The terminals that stay at home, by their names in /dev. */
const TERMINAL = /^\/dev\/(console|tty|ttyp[0-9a-f])$/;

/**
 * A quiet session is pinged every PMTTY_IDLE; home is given up after
 * PMTTY_DEAD quiet periods in a row (30 s: TCP's retransmissions on a
 * lossy network take seconds, a crashed machine never answers), and the
 * home side gives a silent session up after twice as long.
 */
export const PMTTY_IDLE = 5 * HZ;
export const PMTTY_DEAD = 6;
/** The most data one request or reply carries. */
const PMTTY_CHUNK = 4096;

/** A request's header (its data follows it in the message). */
export interface TtyRequest {
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

export interface TtyReply {
  seq: number;
  errno: number;
  rv: number;
  /** An ioctl that returns nothing. */
  none?: boolean;
}

export function frame(hdr: object, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const j = new TextEncoder().encode(JSON.stringify(hdr));
  const out = new Uint8Array(4 + j.length + data.length);
  new DataView(out.buffer).setUint32(0, j.length);
  out.set(j, 4);
  out.set(data, 4 + j.length);
  return out;
}

export function unframe<T>(body: Uint8Array): { hdr: T; data: Uint8Array } {
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
