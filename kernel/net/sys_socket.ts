/**
 * A socket as an open file (4.4BSD's kern/sys_socket.c, the socketops of
 * its struct file; here a vnode of type VSOCK, as pipes are vnodes of
 * their own): read and write become soreceive and sosend (a write on a
 * socket that can send no more also raises SIGPIPE), select asks whether
 * the socket is readable or writable, the last close is soclose (after
 * lingering, SO_LINGER), fstat reports a socket, and ioctl reaches the
 * socket (FIONREAD, FIOASYNC, the owner of SIGIO), the interfaces
 * (ifconfig), the routing table, the protocol family's address ioctls and
 * ARP (arp).
 */
import { EFAULT, EINVAL, ENOTTY, EPIPE, Errno } from '../errno.js';
import { S_IFSOCK, type Vattr, Vnode, VSOCK } from '../fs/vnode.js';
import type { Proc } from '../proc/proc.js';
import { SIGPIPE } from '../proc/signal.js';
import { copyout } from '../vm/copyio.js';
import { ifconf, ifioctl, SIOCGIFCONF } from './if.js';
import { arpioctl, arptabList, SIOCGARPTAB } from './if_ether.js';
import {
  type Socket,
  SS_ASYNC,
  soclose,
  solinger,
  soreadable,
  soreceive,
  sosend,
  sowriteable,
  uioOf,
} from './uipc_socket.js';
import { SB_ASYNC } from './uipc_socket2.js';

const IOR = (g: number, n: number) => (0x40000000 | (4 << 16) | (g << 8) | n) >>> 0;
const IOW = (g: number, n: number) => (0x80000000 | (4 << 16) | (g << 8) | n) >>> 0;
/** FIONREAD: bytes waiting to be read (an int). FIOASYNC: SIGIO on or off. FIOSETOWN/FIOGETOWN: who gets it. */
export const FIONREAD = IOR(0x66, 127);
export const FIOASYNC = IOW(0x66, 125);
export const FIOSETOWN = IOW(0x66, 124);
export const FIOGETOWN = IOR(0x66, 123);
/** The socket ioctls of the same (sys/sockio.h): SIOCSPGRP, SIOCGPGRP, SIOCATMARK. */
export const SIOCATMARK = IOR(0x73, 7);
export const SIOCSPGRP = IOW(0x73, 8);
export const SIOCGPGRP = IOR(0x73, 9);

function int32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v);
  return b;
}

function argInt(arg: Uint8Array): number {
  if (arg.length < 4) throw new Errno(EINVAL);
  return new DataView(arg.buffer, arg.byteOffset, 4).getInt32(0);
}

export class SockVnode extends Vnode {
  constructor(readonly so: Socket) {
    super(VSOCK);
  }

  private get p(): Proc {
    return this.so.net.k.sched.curproc as Proc;
  }

  getattr(): Vattr {
    return {
      type: VSOCK,
      mode: S_IFSOCK | 0o666,
      nlink: 0,
      uid: 0,
      gid: 0,
      size: this.so.rcv.cc,
      fsid: 0,
      fileid: 0,
      rdev: 0,
      atime: 0,
      mtime: 0,
      ctime: 0,
      blocksize: this.so.snd.hiwat,
      blocks: 0,
    };
  }

  override *read(_offset: number, count: number, flags: number): Generator<void, Uint8Array, void> {
    return (yield* soreceive(this.so, this.p, count, 0, flags)).data;
  }

  override *write(_offset: number, data: Uint8Array, flags: number): Generator<void, number, void> {
    return yield* sowrite(this.so, this.p, null, data, 0, flags);
  }

  override ready(write: boolean): boolean {
    return write ? sowriteable(this.so) : soreadable(this.so);
  }

  /** Before the last close: linger, if SO_LINGER asks for it (the wait of 4.3BSD's soclose). */
  override *drain(flags: number): Generator<void, void, void> {
    yield* solinger(this.so, this.p, flags);
  }

  override close(): void {
    soclose(this.so);
  }

  /**
   * soo_ioctl: FIONREAD, FIOASYNC, the SIGIO owner; the interface list
   * (SIOCGIFCONF) and the ARP table (SIOCGARPTAB), copied out to the buffer
   * their struct points at; the interface, ARP, routing and address ioctls.
   */
  override ioctl(cmd: number, arg: Uint8Array): Uint8Array | undefined {
    const so = this.so;
    const net = so.net;
    const p = this.p;
    switch (cmd) {
      case FIONREAD:
        return int32(so.atomic ? (so.rcv.first()?.data.length ?? 0) : so.rcv.cc);
      case FIOASYNC:
        if (argInt(arg)) {
          so.state |= SS_ASYNC;
          so.rcv.flags |= SB_ASYNC;
          so.snd.flags |= SB_ASYNC;
        } else {
          so.state &= ~SS_ASYNC;
          so.rcv.flags &= ~SB_ASYNC;
          so.snd.flags &= ~SB_ASYNC;
        }
        return undefined;
      case SIOCSPGRP:
        // 4.3BSD: a positive number is a process group, a negative one minus a process.
        so.pgid = -argInt(arg);
        return undefined;
      case SIOCGPGRP:
        return int32(-so.pgid);
      case FIOSETOWN:
        so.pgid = argInt(arg);
        return undefined;
      case FIOGETOWN:
        return int32(so.pgid);
      case SIOCATMARK:
        return int32(0);
    }
    if (cmd === SIOCGIFCONF || cmd === SIOCGARPTAB) {
      if (arg.length < 8) throw new Errno(EINVAL);
      const v = new DataView(arg.buffer, arg.byteOffset, 8);
      const space = v.getInt32(0);
      const buf = v.getUint32(4);
      if (space < 0) throw new Errno(EINVAL);
      const bytes = cmd === SIOCGIFCONF ? ifconf(net, space) : listUpTo(arptabList(net), space);
      if (bytes.length > 0 && buf === 0) throw new Errno(EFAULT);
      copyout(p.vm, buf, bytes);
      const out = Uint8Array.from(arg);
      new DataView(out.buffer).setInt32(0, bytes.length);
      return out;
    }
    const cred = p.cred;
    const out =
      ifioctl(net, cmd, arg, cred) ??
      arpioctl(net, cmd, arg, cred) ??
      so.proto.usrreq?.control(so, cmd, arg, cred);
    // An 'i' (interface) or 'r' (routing) ioctl nobody knows is a bad argument; anything else is not for sockets.
    const group = (cmd >>> 8) & 0xff;
    if (out === null || out === undefined)
      throw new Errno(group === 0x69 || group === 0x72 ? EINVAL : ENOTTY);
    return out;
  }
}

/**
 * A process writes to a socket (write, send, sendto, sendmsg): sosend, and
 * SIGPIPE when the socket can send no more (4.3BSD's rwuio and sendit).
 */
export function* sowrite(
  so: Socket,
  p: Proc,
  nam: Uint8Array | null,
  data: Uint8Array,
  flags: number,
  fflags: number,
): Generator<void, number, void> {
  try {
    return yield* sosend(so, p, nam, uioOf(data), flags, fflags);
  } catch (e) {
    if (e instanceof Errno && e.errno === EPIPE) so.net.k.psignal(p, SIGPIPE);
    throw e;
  }
}

/** As many whole records as fit in `space` bytes, one after the other. */
function listUpTo(records: Uint8Array[], space: number): Uint8Array {
  const n = records.length > 0 ? Math.min(records.length, Math.floor(space / records[0].length)) : 0;
  const out = new Uint8Array(n > 0 ? n * records[0].length : 0);
  for (let i = 0; i < n; i++) out.set(records[i], i * records[0].length);
  return out;
}
