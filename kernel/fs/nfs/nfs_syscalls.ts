/**
 * nfssvc(sock) — SunOS 4's system call 155 — makes the calling process an
 * NFS server: /usr/etc/nfsd opens a UDP socket on port 2049, forks as many
 * servers as it is asked for, and each calls nfssvc on the shared socket
 * and never comes back (a signal ends the call with EINTR: kill stops an
 * nfsd). Inside, the process takes one datagram at a time, has
 * svc_dispatch (svc.ts) run the call through the duplicate-request cache
 * (nfs_srvcache.ts) and the NFS procedures (nfs_serv.ts), and sends the
 * reply back to where the call came from. A file operation never waits
 * here (the disks are synchronous), so the servers share the work a call
 * at a time.
 *
 * The machine's server state — the cache, the counters — is kept here,
 * one per kernel (a reboot starts afresh, as a real server's memory does).
 */
import { EINVAL, ENOTSOCK, Errno } from '../../errno.js';
import type { Kernel } from '../../kernel.js';
import { svc_dispatch } from '../../net/rpc/svc.js';
import { AF_INET, SO_RCVBUF, SO_SNDBUF, SOCK_DGRAM, SOL_SOCKET } from '../../net/socket.js';
import { SockVnode } from '../../net/sys_socket.js';
import { SB_MAX, soreceive, sosend, sosetopt, uioOf } from '../../net/uipc_socket.js';
import { suser } from '../../proc/cred.js';
import type { SysCtx } from '../../syscall.js';
import { getf } from '../file.js';
import { NFS_SVC } from './nfs_serv.js';
import { NfsSrvCache } from './nfs_srvcache.js';

export interface NfsServer {
  readonly cache: NfsSrvCache;
  /** Calls taken, and replies sent. */
  calls: number;
  replies: number;
}

const servers = new WeakMap<Kernel, NfsServer>();
export function nfsserver(k: Kernel): NfsServer {
  let s = servers.get(k);
  if (!s) {
    s = { cache: new NfsSrvCache(), calls: 0, replies: 0 };
    servers.set(k, s);
  }
  return s;
}

function int32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v);
  return b;
}

/** nfssvc(sock): serve NFS on the UDP socket open on descriptor `sock`, for ever. The super-user's. */
export function* sysNfssvc(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  suser(p.cred);
  const f = getf(p, ctx.args[0]);
  if (!(f.vnode instanceof SockVnode)) throw new Errno(ENOTSOCK);
  const so = f.vnode.so;
  if (so.type !== SOCK_DGRAM || so.proto.family !== AF_INET) throw new Errno(EINVAL);
  // Room for several clients' 8 KB writes at once, and a whole READ reply.
  sosetopt(so, SOL_SOCKET, SO_RCVBUF, int32(SB_MAX));
  sosetopt(so, SOL_SOCKET, SO_SNDBUF, int32(16 * 1024));
  const srv = nfsserver(k);
  for (;;) {
    const r = yield* soreceive(so, p, SB_MAX, 0, 0);
    if (!r.from) continue;
    srv.calls++;
    const reply = yield* svc_dispatch(k, p, [NFS_SVC], r.data, r.from, srv.cache);
    if (!reply) continue;
    try {
      yield* sosend(so, p, r.from, uioOf(reply), 0, 0);
      srv.replies++;
    } catch (e) {
      // A reply that cannot go (no route back, for now) is a reply lost: the client sends again.
      if (!(e instanceof Errno)) throw e;
    }
  }
}
