/**
 * The migration protocol's messages (thesis §4.3.2: a client-server
 * protocol on a TCP stream socket, which already gives framing-free,
 * reliable, ordered delivery). Every message is an 8-byte header — the
 * message type and the length of what follows, both 32-bit big-endian —
 * and its body. docs/migration.md lists the messages and their bodies.
 *
 * Both ends are kernel code running in a process's system call
 * (pm_migrate at the source, pmrcv at the destination): sending and
 * receiving sleep through the scheduler like any socket call, and every
 * receive has a deadline, so that a peer that dies or is cut off ends
 * the migration after PM_TIMEOUT of silence instead of hanging it.
 */
import { EPROTO, Errno, ETIMEDOUT, EWOULDBLOCK } from '../errno.js';
import { IPPROTO_TCP } from '../net/in.js';
import { SO_RCVBUF, SO_SNDBUF, SOL_SOCKET, TCP_NODELAY } from '../net/socket.js';
import { type Socket, SS_CANTSENDMORE, soreceive, sosend, sosetopt, uioOf } from '../net/uipc_socket.js';
import { sbwait } from '../net/uipc_socket2.js';
import { HZ } from '../param.js';
import type { Proc } from '../proc/proc.js';
import { PmRefusal } from './pm_auth.js';

/** Message types. */
export const PM_REQUEST = 1; // source: who wants to migrate (JSON)
export const PM_CHALLENGE = 2; // destination: a nonce (16 bytes)
export const PM_AUTH = 3; // source: HMAC(secret, nonce, session) (32 bytes)
export const PM_ACCEPT = 4; // destination: authenticated, send the process
export const PM_REFUSE = 5; // either side: no (JSON {errno, reason}); the session ends
export const PM_STRUCTS = 6; // source: proc, u-area, ucred, rusage, signals, pm_struct (JSON)
export const PM_SEGMENT = 7; // source: one memory segment (binary, pm_memory.ts)
export const PM_REGS = 8; // source: the user registers (binary: d0-d7, a0-a7, pc, sr)
export const PM_FILES = 9; // source: the open descriptors (JSON)
export const PM_END = 10; // source: that was all
export const PM_READY = 11; // destination: I hold the whole process, frozen
export const PM_COMMIT = 12; // source: it is yours; the source copy is gone
export const PM_EXIT = 13; // the machine a process ended on, to its parent's: its status and usage (JSON)
export const PM_SIGNAL = 14; // the parent's machine, to the process's: a signal for it (JSON {pid, sig})
export const PM_MOVED = 15; // a machine a process left, to its parent's: where it went (JSON {pid, host})
export const PM_FILECHAL = 16; // destination, migrations only: write this dummy file as the user (JSON {file})
export const PM_FILEDONE = 17; // source: written, or not (JSON {errno})
// The global process table (pm_gpt.ts, pm_gptdead.ts), on migd's page server: 20 and up.
export const PM_GETPAGE = 20; // asker: give me page n (JSON {page})
export const PM_PAGE = 21; // owner: here it is, it is yours once you say READY (JSON {page, slots})
export const PM_OWNER = 22; // not the owner: ask this machine (JSON {page, owner})
export const PM_DEAD = 23; // a machine is dead (JSON {host})
export const PM_SURVEY = 24; // the rebuilder asks a survivor what it knows (JSON {dead}); answered by PM_SURVEYED
export const PM_SURVEYED = 25; // pages owned, and the slots its own processes make (JSON {owned, slots})
export const PM_SIGKILL = 26; // a signal for a process by pid, to the machine the table says it runs on (JSON {pid, sig})

/** The terminal session (pm_tty.ts), and a migrated process's stop and continue (pm_remote.ts). Numbered apart from the rest. */
export const PM_TTY = 30; // the process's machine, to its home: a read, write or ioctl of its terminal (pm_tty.ts)
export const PM_TTYREPLY = 31; // home, to the process's machine: the answer
export const PM_STOPPED = 32; // the machine a process stopped on, to its parent's: its wait status (JSON)
export const PM_CONTINUED = 33; // the same, when it goes on again (JSON {pid})

export const PM_MSG_NAMES = [
  '',
  'request',
  'challenge',
  'auth',
  'accept',
  'refuse',
  'structs',
  'segment',
  'regs',
  'files',
  'end',
  'ready',
  'commit',
  'exit',
  'signal',
  'moved',
  'filechal',
  'filedone',
  '',
  '',
  'getpage',
  'page',
  'owner',
  'dead',
  'survey',
  'surveyed',
  'kill',
];
PM_MSG_NAMES[PM_TTY] = 'tty';
PM_MSG_NAMES[PM_TTYREPLY] = 'ttyreply';
PM_MSG_NAMES[PM_STOPPED] = 'stopped';
PM_MSG_NAMES[PM_CONTINUED] = 'continued';

/** The TCP port migd listens on (/etc/services: migd 1789/tcp). */
export const MIGD_PORT = 1789;

/**
 * How long either side waits for the other's next message, in clock ticks
 * (10 s), once the peer has acknowledged all this end sent; while TCP is
 * still delivering that, how long it waits for each acknowledgement.
 */
export const PM_TIMEOUT = 10 * HZ;

/**
 * How long the source waits for the connection (30 s): TCP sends its SYN
 * again after 6 s and then 12 s more, so one or two lost on a lossy
 * network do not fail the migration; a machine that is down still fails
 * it well before TCP's own 75 s.
 */
export const PM_CONNECT_TIMEOUT = 30 * HZ;

/** The socket buffers of a migration connection. */
const PM_SOCKBUF = 32 * 1024;

/** The largest message body accepted (a whole 16 MB address space and then some). */
const PM_MAXMSG = 20 * 1024 * 1024;

/** One end of a migration session: a connected socket and the process whose call drives it. */
export class PmChannel {
  /** Bytes received but not yet consumed. */
  private buf = new Uint8Array(0);
  /** Bytes sent and received, headers included. */
  sent = 0;
  received = 0;

  constructor(
    readonly so: Socket,
    readonly p: Proc,
  ) {
    so.rcv.timeo = PM_TIMEOUT;
    so.snd.timeo = PM_TIMEOUT;
    // Each message goes as soon as it is written: the protocol is a
    // conversation, and Nagle's rule would hold a message's tail back for
    // the peer's (delayed) acknowledgement.
    sosetopt(so, IPPROTO_TCP, TCP_NODELAY, Uint8Array.of(0, 0, 0, 1));
    // Room for a whole window of an image in flight (the default is 4 KB).
    const big = new Uint8Array(4);
    new DataView(big.buffer).setInt32(0, PM_SOCKBUF);
    sosetopt(so, SOL_SOCKET, SO_SNDBUF, big);
    sosetopt(so, SOL_SOCKET, SO_RCVBUF, big);
  }

  /** Send one message; returns its size on the wire. */
  *send(type: number, body: Uint8Array): Generator<void, number, void> {
    const msg = new Uint8Array(8 + body.length);
    const dv = new DataView(msg.buffer);
    dv.setUint32(0, type);
    dv.setUint32(4, body.length);
    msg.set(body, 8);
    // sosend returns short when a wait for room timed out after some went: the peer is not taking it.
    const n = yield* timed(sosend(this.so, this.p, null, uioOf(msg), 0, 0));
    if (n !== msg.length) throw new Errno(ETIMEDOUT);
    this.sent += msg.length;
    return msg.length;
  }

  *sendJson(type: number, value: unknown): Generator<void, number, void> {
    return yield* this.send(type, new TextEncoder().encode(JSON.stringify(value)));
  }

  /** Receive the next message. The peer closing the connection first is EPROTO. */
  *recv(): Generator<void, { type: number; body: Uint8Array }, void> {
    const head = yield* this.take(8);
    const dv = new DataView(head.buffer, head.byteOffset, 8);
    const type = dv.getUint32(0);
    const len = dv.getUint32(4);
    if (len > PM_MAXMSG || type === 0 || !PM_MSG_NAMES[type]) throw new Errno(EPROTO);
    const body = yield* this.take(len);
    return { type, body };
  }

  /** Receive a message that must be of type `want` (a PM_REFUSE instead becomes the peer's errno). */
  *expect(want: number): Generator<void, Uint8Array, void> {
    return (yield* this.expectOneOf([want])).body;
  }

  /** Receive a message of one of the types `want` (a PM_REFUSE instead becomes the peer's errno). */
  *expectOneOf(want: number[]): Generator<void, { type: number; body: Uint8Array }, void> {
    const m = yield* this.recv();
    if (m.type === PM_REFUSE) {
      const r = parseJson(m.body) as { errno?: number; reason?: string };
      const errno = typeof r.errno === 'number' && r.errno > 0 ? r.errno : EPROTO;
      throw new PmRefusal(
        errno,
        `the peer refused: ${typeof r.reason === 'string' ? r.reason : 'no reason given'}`,
      );
    }
    if (!want.includes(m.type)) throw new Errno(EPROTO);
    return m;
  }

  /** Exactly n bytes from the stream. */
  private *take(n: number): Generator<void, Uint8Array, void> {
    const parts: Uint8Array[] = [this.buf];
    let have = this.buf.length;
    while (have < n) {
      let r: { data: Uint8Array };
      try {
        yield* this.acknowledged();
        r = yield* timed(soreceive(this.so, this.p, Math.max(n - have, 8192), 0, 0));
      } catch (e) {
        this.buf = concat(parts, have).slice(); // what came stays for the next try (a quiet terminal session times out and goes on)
        throw e;
      }
      if (r.data.length === 0) throw new Errno(EPROTO); // the peer closed the connection
      parts.push(r.data);
      have += r.data.length;
      this.received += r.data.length;
    }
    const all = parts.length === 1 ? parts[0] : concat(parts, have);
    this.buf = all.slice(n);
    return all.subarray(0, n);
  }

  /**
   * Until the peer has acknowledged everything this end sent (or the
   * connection ends, or its answer is here), each wait ending with an
   * acknowledgement, as sosend's waits for room do: ETIMEDOUT after
   * PM_TIMEOUT without one. A send returns once its message is buffered, so
   * without this the wait for the answer would start with up to a socket
   * buffer still to cross, and on a lossy network TCP's backed-off
   * retransmissions can take longer than PM_TIMEOUT to deliver it.
   */
  private *acknowledged(): Generator<void, void, void> {
    const so = this.so;
    while (so.snd.cc > 0 && so.rcv.cc === 0 && !(so.state & SS_CANTSENDMORE) && so.error === 0)
      yield* timed(sbwait(so, so.snd, this.p));
  }
}

/** A socket wait that ran out of time (EWOULDBLOCK from the buffer's timeout) is ETIMEDOUT. */
function* timed<T>(g: Generator<void, T, void>): Generator<void, T, void> {
  try {
    return yield* g;
  } catch (e) {
    if (e instanceof Errno && e.errno === EWOULDBLOCK) throw new Errno(ETIMEDOUT);
    throw e;
  }
}

function concat(parts: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A JSON body, or a protocol error. */
export function parseJson(body: Uint8Array): Record<string, unknown> {
  try {
    const v = JSON.parse(new TextDecoder().decode(body));
    if (v === null || typeof v !== 'object') throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch {
    throw new Errno(EPROTO);
  }
}
