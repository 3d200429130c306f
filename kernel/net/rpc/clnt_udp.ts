/**
 * The kernel's RPC client over UDP (SunOS's clnt_kudp.c; 4.3BSD-Reno's
 * nfs_request in nfs_socket.c): send a call, wait for the reply with the
 * same transaction id, and send it again when none comes in time — the
 * first wait `timeo` clock ticks, each next one twice as long (backoff),
 * never more than a minute. After `retrans` sends without a reply a soft
 * call gives up with ETIMEDOUT; a hard one tells its owner the server is
 * not responding (NFS prints it on the console) and goes on for ever, and
 * says so again when the reply finally comes.
 *
 * A ClntUdp owns one UDP socket, bound to a reserved port (below 1024, as
 * SunOS's bindresvport does: servers may insist on it), and makes one call
 * at a time; a caller that needs several at once (NFS: a process and the
 * biods) keeps a pool of them, as SunOS's clget/clfree do. Calls are
 * generators, run by the process on whose behalf they are made: they
 * sleep in the scheduler (tsleep), interruptibly only if `intr` says so.
 *
 *   const cl = new ClntUdp(k, sockaddr_in(server, 2049), NFS_PROGRAM, NFS_VERSION);
 *   const res = yield* cl.call(p, NFSPROC_GETATTR, auth, args, { timeo: 70, retrans: 4 });
 */
import { EADDRINUSE, EINTR, EIO, Errno, ETIMEDOUT, EWOULDBLOCK } from '../../errno.js';
import type { Kernel } from '../../kernel.js';
import { HZ, PRIBIO } from '../../param.js';
import { Ucred } from '../../proc/cred.js';
import type { Proc } from '../../proc/proc.js';
import { AF_INET, SOCK_DGRAM, sin_addr, sin_port, sockaddr_in } from '../socket.js';
import { type Socket, sobind, soclose, socreate, soreceive, sosend, uioOf } from '../uipc_socket.js';
import { PSOCK, sosleep } from '../uipc_socket2.js';
import { decodeReply, encodeCall, NULL_AUTH, type OpaqueAuth, replyError, SUCCESS } from './rpc_msg.js';
import { XdrDecoder, XdrError } from './xdr.js';

/** The longest wait between two sends (SunOS's MAXTIMO: 60 s). */
export const MAXTIMO = 60 * HZ;

export interface CallOptions {
  /** The first wait for a reply, in clock ticks. */
  timeo: number;
  /** Sends before a soft call fails, or a hard one is reported as not responding. */
  retrans: number;
  /** Give up (ETIMEDOUT) after `retrans` sends; otherwise go on for ever. */
  soft?: boolean;
  /** A signal may interrupt the wait (EINTR); otherwise only the reply (or a soft time-out) ends it. */
  intr?: boolean;
  /** A hard call has gone `retrans` sends without a reply (once per call). */
  notResponding?: () => void;
  /** The reply came after notResponding. */
  responding?: () => void;
  /** Cannot wait at all (kdone, vnode.ts): EWOULDBLOCK instead of sleeping. */
  nowait?: () => boolean;
}

/** The RPC layer refused the call (the program, version or procedure is not served; the credential). */
export class RpcError extends Errno {
  constructor(readonly why: string) {
    super(EIO);
  }
}

/** The next transaction id of a machine: counting from its time of day at boot, so that ids differ across reboots. */
const xids = new WeakMap<Kernel, { next: number }>();
export function rpc_xid(k: Kernel): number {
  let x = xids.get(k);
  if (!x) {
    const [sec, usec] = k.timeOfDay();
    x = { next: ((sec << 8) ^ usec) >>> 0 };
    xids.set(k, x);
  }
  x.next = (x.next + 1) >>> 0;
  return x.next;
}

/** The first reserved port bindresvport tries, and the lowest. */
const RESVPORT_HIGH = 1023;
const RESVPORT_LOW = 600;

export class ClntUdp {
  private so: Socket | null = null;
  /** Calls made and retransmissions sent (nfsstat's client rpc counters). */
  calls = 0;
  retransmits = 0;

  constructor(
    readonly k: Kernel,
    /** The server (a sockaddr_in). */
    readonly server: Uint8Array,
    readonly prog: number,
    readonly vers: number,
  ) {}

  /** The socket, made and bound on first use. */
  private socket(p: Proc): Socket {
    if (this.so) return this.so;
    const so = socreate(this.k.net, AF_INET, SOCK_DGRAM, 0, new Ucred());
    for (let port = RESVPORT_HIGH; ; port--) {
      try {
        sobind(so, sockaddr_in(0, port), p);
        break;
      } catch (e) {
        if (!(e instanceof Errno && e.errno === EADDRINUSE) || port === RESVPORT_LOW) {
          soclose(so);
          throw e;
        }
      }
    }
    this.so = so;
    return so;
  }

  /**
   * Call procedure `proc` with the encoded arguments `args`; returns a
   * cursor at the results of a SUCCESS reply. RpcError for any other
   * reply; ETIMEDOUT for a soft call that got none; EINTR for a signal
   * (with intr).
   */
  *call(
    p: Proc,
    proc: number,
    cred: OpaqueAuth,
    args: Uint8Array,
    opts: CallOptions,
  ): Generator<void, XdrDecoder, void> {
    const k = this.k;
    const so = this.socket(p);
    const xid = rpc_xid(k);
    const e = encodeCall({ xid, prog: this.prog, vers: this.vers, proc, cred, verf: NULL_AUTH });
    e.fopaque(args);
    const msg = e.bytes();
    k.charge(k.cost.rpcCall);
    k.chargeCopy(msg.length);
    this.calls++;
    // Replies to an earlier call of this socket that came too late are of no use now.
    so.rcv.flush();
    let timeo = Math.max(1, opts.timeo);
    let tries = 0;
    let reported = false;
    const pri = opts.intr ? PSOCK : PRIBIO;
    for (;;) {
      // A send that fails (no route, no ARP answer yet) is a datagram lost: the wait below times out.
      so.error = 0;
      try {
        yield* sosend(so, p, this.server, uioOf(msg), 0, 0);
      } catch (err) {
        if (!(err instanceof Errno) || err.errno === EINTR) throw err;
      }
      const deadline = k.ticks + timeo;
      for (;;) {
        const reply = yield* this.take(p, xid);
        if (reply) {
          if (reported) opts.responding?.();
          return reply;
        }
        if (k.ticks >= deadline) break;
        if (opts.nowait?.()) throw new Errno(EWOULDBLOCK);
        yield* sosleep(k.net, p, so.rcv, 'nfsreq', deadline - k.ticks, pri);
      }
      tries++;
      if (tries >= opts.retrans) {
        if (opts.soft) throw new Errno(ETIMEDOUT);
        if (!reported) {
          reported = true;
          opts.notResponding?.();
        }
      }
      this.retransmits++;
      timeo = Math.min(timeo * 2, MAXTIMO);
    }
  }

  /**
   * The reply to `xid` if one has come (datagrams from elsewhere, or to
   * other calls, are dropped); null if none is waiting.
   */
  private *take(p: Proc, xid: number): Generator<void, XdrDecoder | null, void> {
    const so = this.so as Socket;
    while (so.rcv.first() !== undefined) {
      const r = yield* soreceive(so, p, 65535, 0, 0);
      const from = r.from;
      if (!from || sin_addr(from) !== sin_addr(this.server) || sin_port(from) !== sin_port(this.server))
        continue;
      const d = new XdrDecoder(r.data);
      let h: ReturnType<typeof decodeReply>;
      try {
        h = decodeReply(d);
      } catch (err) {
        if (err instanceof XdrError) continue; // not a reply we can read: as if lost
        throw err;
      }
      if (h.xid !== xid) continue;
      this.k.chargeCopy(r.data.length);
      if (!h.status.accepted || h.status.stat !== SUCCESS) throw new RpcError(replyError(h.status));
      return d;
    }
    return null;
  }

  /** Give the socket back (an unmount). */
  destroy(): void {
    if (this.so) soclose(this.so);
    this.so = null;
  }
}
