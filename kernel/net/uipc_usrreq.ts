/**
 * Unix-domain sockets (4.4BSD's kern/uipc_usrreq.c): sockets between the
 * processes of one machine, named in the file system. bind makes a file of
 * type socket (S_IFSOCK, "s" in ls -l) at the path of a sockaddr_un; connect
 * finds the socket bound to a path (ENOENT: no such file, ECONNREFUSED:
 * nobody bound to it or listening, EPROTOTYPE: a socket of the other type,
 * EACCES: no write permission on the file); socketpair connects two sockets
 * directly. The name stays in the file system after the socket is closed,
 * until it is removed (unlink), as in 4.3BSD.
 *
 * - Stream sockets: what one end sends goes straight into the other's
 *   receive buffer; the sender's send buffer only counts what the receiver
 *   holds (its cc mirrors the peer's), so a writer waits while the reader
 *   has PIPSIZ (4 KB) unread, as with a pipe. A connection to a listening
 *   socket is queued for accept like a TCP one.
 * - Datagram sockets: each send is one record in the receiver's buffer,
 *   with the sender's address (its name if bound); a full receiver is
 *   ENOBUFS. A socket connected to one that goes away gets ECONNRESET.
 * Passing descriptors (access rights) is not supported.
 */
import {
  EACCES,
  EADDRINUSE,
  ECONNABORTED,
  ECONNREFUSED,
  ECONNRESET,
  EINVAL,
  EISCONN,
  ENOBUFS,
  ENOENT,
  ENOTCONN,
  ENOTSOCK,
  EOPNOTSUPP,
  EPIPE,
  EPROTOTYPE,
  Errno,
} from '../errno.js';
import { namei } from '../fs/namei.js';
import { kdone, S_IFSOCK, type Vnode, VSOCK } from '../fs/vnode.js';
import type { Proc } from '../proc/proc.js';
import type { Mbuf } from './mbuf.js';
import { UsrreqBase } from './protosw.js';
import {
  AF_UNIX,
  SO_ACCEPTCONN,
  SOCK_STREAM,
  SUN_PATHLEN,
  sa_family,
  sockaddr_un,
  sun_path,
} from './socket.js';
import { type Socket, SS_CANTSENDMORE, SS_ISCONNECTED, sofree } from './uipc_socket.js';
import {
  socantrcvmore,
  socantsendmore,
  soisconnected,
  soisdisconnected,
  sonewconn,
  soreserve,
  sorwakeup,
  sowwakeup,
} from './uipc_socket2.js';

/** Buffer sizes (4.3BSD's: a pipe's 4 KB for streams; 2 KB datagrams into a 4 KB buffer). */
export const PIPSIZ = 4096;
export const UNPST_SENDSPACE = PIPSIZ;
export const UNPST_RECVSPACE = PIPSIZ;
export const UNPDG_SENDSPACE = 2 * 1024;
export const UNPDG_RECVSPACE = 4 * 1024;

/** A Unix-domain socket's control block (struct unpcb). */
export class Unpcb {
  /** The file it is bound to, held, and its name. */
  vnode: Vnode | null = null;
  addr: Uint8Array | null = null;
  /** The socket it is connected to. */
  conn: Unpcb | null = null;
  /** The datagram sockets connected to this one. */
  readonly refs: Unpcb[] = [];

  constructor(readonly so: Socket) {}
}

/** The socket bound to each socket file (the vnode's v_socket). */
const bound = new WeakMap<Vnode, Socket>();

/** The unnamed address (a socket that has not bound). */
const noname = () => sockaddr_un('');

function unpOf(so: Socket): Unpcb {
  const unp = so.pcb as Unpcb | null;
  if (unp === null) throw new Errno(EINVAL);
  return unp;
}

/** The path of a sockaddr_un argument. */
function pathOf(nam: Uint8Array): string {
  if (nam.length < 3 || sa_family(nam) !== AF_UNIX) throw new Errno(EINVAL);
  if (nam.length - 2 > SUN_PATHLEN && nam.subarray(2, 2 + SUN_PATHLEN).indexOf(0) < 0)
    throw new Errno(EINVAL);
  const path = sun_path(nam);
  if (path.length === 0) throw new Errno(ENOENT);
  return path;
}

function rootOf(so: Socket): Vnode {
  const root = so.net.k.root;
  if (root === undefined) throw new Errno(EOPNOTSUPP);
  return root;
}

/** Bind to a new socket file (unp_bind): EADDRINUSE if the name exists. */
function unp_bind(unp: Unpcb, nam: Uint8Array, p: Proc): void {
  if (unp.vnode !== null) throw new Errno(EINVAL);
  const path = pathOf(nam);
  const r = kdone(namei(rootOf(unp.so), p, path, false));
  try {
    if (r.vnode !== null) throw new Errno(EADDRINUSE);
    if (r.dirOnly || r.name === '' || r.name === '.' || r.name === '..') throw new Errno(EINVAL);
    if (!r.dir.access(2, p.cred)) throw new Errno(EACCES);
    const vp = kdone(r.dir.mknod(r.name, S_IFSOCK | (0o777 & ~p.u.cmask), 0, p.cred)).hold();
    bound.set(vp, unp.so);
    unp.vnode = vp;
    unp.addr = sockaddr_un(path);
  } finally {
    r.vnode?.release();
    r.dir.release();
  }
}

/** The socket bound to `nam`'s file (the lookup of unp_connect). */
function lookup(so: Socket, nam: Uint8Array, p: Proc): Socket {
  const path = pathOf(nam);
  const r = kdone(namei(rootOf(so), p, path, true));
  r.dir.release();
  const vp = r.vnode;
  if (vp === null) throw new Errno(ENOENT);
  try {
    if (vp.type !== VSOCK) throw new Errno(ENOTSOCK);
    if (!vp.access(2, p.cred)) throw new Errno(EACCES);
    const so2 = bound.get(vp);
    if (so2 === undefined || so2.pcb === null) throw new Errno(ECONNREFUSED);
    if (so2.type !== so.type) throw new Errno(EPROTOTYPE);
    return so2;
  } finally {
    vp.release();
  }
}

/** Connect to the socket named `nam` (unp_connect): a stream one must be listening, and gets a new socket for us. */
function unp_connect(so: Socket, nam: Uint8Array, p: Proc): void {
  let so2 = lookup(so, nam, p);
  if (so.type === SOCK_STREAM) {
    if (!(so2.options & SO_ACCEPTCONN)) throw new Errno(ECONNREFUSED);
    const so3 = sonewconn(so2);
    if (so3 === null) throw new Errno(ECONNREFUSED);
    const unp2 = unpOf(so2);
    if (unp2.addr !== null) unpOf(so3).addr = Uint8Array.from(unp2.addr);
    so2 = so3;
  }
  unp_connect2(so, so2);
}

/** Join two sockets (unp_connect2): a stream pair both ways, a datagram socket to its destination. */
function unp_connect2(so: Socket, so2: Socket): void {
  if (so2.type !== so.type) throw new Errno(EPROTOTYPE);
  const unp = unpOf(so);
  const unp2 = unpOf(so2);
  unp.conn = unp2;
  if (so.type === SOCK_STREAM) {
    unp2.conn = unp;
    soisconnected(so2);
  } else unp2.refs.push(unp);
  soisconnected(so);
}

/** Break the connection (unp_disconnect). */
function unp_disconnect(unp: Unpcb): void {
  const unp2 = unp.conn;
  if (unp2 === null) return;
  unp.conn = null;
  if (unp.so.type === SOCK_STREAM) {
    soisdisconnected(unp.so);
    unp2.conn = null;
    soisdisconnected(unp2.so);
  } else {
    const i = unp2.refs.indexOf(unp);
    if (i >= 0) unp2.refs.splice(i, 1);
    unp.so.state &= ~SS_ISCONNECTED;
  }
}

/** The connection is lost with error `errno` (unp_drop). */
function unp_drop(unp: Unpcb, errno: number): void {
  unp.so.error = errno;
  unp_disconnect(unp);
  sorwakeup(unp.so);
  sowwakeup(unp.so);
}

/** The socket goes (unp_detach): its name is let go, its peers disconnected. */
function unp_detach(unp: Unpcb): void {
  if (unp.vnode !== null) {
    bound.delete(unp.vnode);
    unp.vnode.release();
    unp.vnode = null;
  }
  unp_disconnect(unp);
  for (const ref of [...unp.refs]) unp_drop(ref, ECONNRESET);
  unp.so.pcb = null;
  sofree(unp.so);
}

class UipcUsrreq extends UsrreqBase {
  override attach(so: Socket): void {
    if (so.pcb !== null) throw new Errno(EISCONN);
    if (so.snd.hiwat === 0 || so.rcv.hiwat === 0) {
      if (so.type === SOCK_STREAM) soreserve(so, UNPST_SENDSPACE, UNPST_RECVSPACE);
      else soreserve(so, UNPDG_SENDSPACE, UNPDG_RECVSPACE);
    }
    so.pcb = new Unpcb(so);
  }

  override detach(so: Socket): void {
    unp_detach(unpOf(so));
  }

  override abort(so: Socket): void {
    const unp = unpOf(so);
    unp_drop(unp, ECONNABORTED);
    unp_detach(unp);
  }

  override bind(so: Socket, nam: Uint8Array, p: Proc): void {
    unp_bind(unpOf(so), nam, p);
  }

  override listen(so: Socket): void {
    if (so.type !== SOCK_STREAM) throw new Errno(EOPNOTSUPP);
    if (unpOf(so).vnode === null) throw new Errno(EINVAL);
  }

  override connect(so: Socket, nam: Uint8Array, p: Proc): void {
    unp_connect(so, nam, p);
  }

  override connect2(so1: Socket, so2: Socket): void {
    unp_connect2(so1, so2);
  }

  override accept(so: Socket): Uint8Array {
    const unp = unpOf(so);
    return unp.conn?.addr ? Uint8Array.from(unp.conn.addr) : noname();
  }

  override disconnect(so: Socket): void {
    unp_disconnect(unpOf(so));
  }

  override shutdown(so: Socket): void {
    socantsendmore(so);
    const peer = unpOf(so).conn;
    if (so.type === SOCK_STREAM && peer !== null) socantrcvmore(peer.so);
  }

  /** The reader took data: the writer's room grows by as much (its snd.cc mirrors our rcv.cc). */
  override rcvd(so: Socket): void {
    const peer = unpOf(so).conn;
    if (so.type !== SOCK_STREAM || peer === null) return;
    peer.so.snd.cc = so.rcv.cc;
    sowwakeup(peer.so);
  }

  override send(so: Socket, m: Mbuf, nam: Uint8Array | null, p: Proc): void {
    const unp = unpOf(so);
    so.net.k.charge(so.net.k.cost.unixSend);
    if (so.type === SOCK_STREAM) {
      if (so.state & SS_CANTSENDMORE) throw new Errno(EPIPE);
      const peer = unp.conn;
      if (peer === null) throw new Errno(ENOTCONN);
      peer.so.rcv.append(m.data);
      so.snd.cc = peer.so.rcv.cc;
      sorwakeup(peer.so);
      return;
    }
    let to: Socket;
    if (nam !== null) {
      if (unp.conn !== null) throw new Errno(EISCONN);
      to = lookup(so, nam, p);
    } else {
      if (unp.conn === null) throw new Errno(ENOTCONN);
      to = unp.conn.so;
    }
    const from = unp.addr !== null ? Uint8Array.from(unp.addr) : noname();
    if (!to.rcv.appendaddr(from, Uint8Array.from(m.data))) throw new Errno(ENOBUFS);
    sorwakeup(to);
  }

  override sockaddr(so: Socket): Uint8Array {
    const unp = unpOf(so);
    return unp.addr !== null ? Uint8Array.from(unp.addr) : noname();
  }

  override peeraddr(so: Socket): Uint8Array {
    const peer = unpOf(so).conn;
    return peer?.addr ? Uint8Array.from(peer.addr) : noname();
  }
}

export const uipc_usrreq = new UipcUsrreq();
