/**
 * A socket as an open file (4.4BSD's kern/sys_socket.c, the socketops of
 * its struct file; here a vnode of type VSOCK, as pipes are vnodes of
 * their own): read and write become soreceive and sosend, select asks
 * whether the socket is readable or writable, the last close is soclose,
 * and ioctl reaches the socket, the interfaces (ifconfig), the protocol
 * family's address ioctls and ARP (arp).
 */
import { EFAULT, EINVAL, ENOTTY, Errno } from '../errno.js';
import { S_IFSOCK, type Vattr, Vnode, VSOCK } from '../fs/vnode.js';
import type { Proc } from '../proc/proc.js';
import { copyout } from '../vm/copyio.js';
import { ifconf, ifioctl, SIOCGIFCONF } from './if.js';
import { arpioctl, arptabList, SIOCGARPTAB } from './if_ether.js';
import { type Socket, soclose, soreadable, soreceive, sosend, sowriteable } from './uipc_socket.js';

/** FIONREAD: bytes waiting to be read (an int). */
export const FIONREAD = 0x4004667f;

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
    return yield* sosend(this.so, this.p, null, data.length, () => data, flags);
  }

  override ready(write: boolean): boolean {
    return write ? sowriteable(this.so) : soreadable(this.so);
  }

  override close(): void {
    soclose(this.so);
  }

  /**
   * soo_ioctl: FIONREAD; the interface list (SIOCGIFCONF) and the ARP
   * table (SIOCGARPTAB), copied out to the buffer their struct points at;
   * the interface, ARP and address ioctls.
   */
  override ioctl(cmd: number, arg: Uint8Array): Uint8Array | undefined {
    const so = this.so;
    const net = so.net;
    const p = this.p;
    if (cmd === FIONREAD) {
      const out = new Uint8Array(4);
      new DataView(out.buffer).setInt32(0, so.rcv.records[0]?.data.length ?? 0);
      return out;
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
    // An 'i' (interface) ioctl nobody knows is a bad argument; anything else is not for sockets.
    if (out === null || out === undefined) throw new Errno(((cmd >>> 8) & 0xff) === 0x69 ? EINVAL : ENOTTY);
    return out;
  }
}

/** As many whole records as fit in `space` bytes, one after the other. */
function listUpTo(records: Uint8Array[], space: number): Uint8Array {
  const n = records.length > 0 ? Math.min(records.length, Math.floor(space / records[0].length)) : 0;
  const out = new Uint8Array(n > 0 ? n * records[0].length : 0);
  for (let i = 0; i < n; i++) out.set(records[i], i * records[0].length);
  return out;
}
