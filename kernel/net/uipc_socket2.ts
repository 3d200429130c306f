/**
 * Socket buffers and the calls protocols make on sockets (4.4BSD's
 * kern/uipc_socket2.c): a SockBuf holds what a socket has received (or
 * has to send) as a queue of records — for a datagram protocol, each with
 * its sender's address — counted in bytes against a high-water mark.
 * Protocols append from the interrupt side (sbappendaddr) and wake the
 * sleepers (sorwakeup, sowwakeup); processes wait in sbwait.
 */

import { PZERO } from '../param.js';
import type { Proc } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';
import type { Socket } from './uipc_socket.js';

/** Sleep priority of a process waiting on a socket (4.3BSD's PZERO+1: signals interrupt it). */
export const PSOCK = PZERO + 1;

/** One record: a datagram and, for PR_ADDR protocols, its sender's sockaddr. */
export interface SbRecord {
  from: Uint8Array | null;
  data: Uint8Array;
}

export class SockBuf {
  /** Bytes held, and the most the buffer takes (sb_cc, sb_hiwat). */
  cc = 0;
  hiwat = 0;
  readonly records: SbRecord[] = [];
  /** Records refused because the buffer was full. */
  dropped = 0;

  /** Room left (sbspace). */
  get space(): number {
    return Math.max(0, this.hiwat - this.cc);
  }

  /** Append a datagram with its sender's address (sbappendaddr); false (and nothing kept) if it does not fit. */
  appendaddr(from: Uint8Array | null, data: Uint8Array): boolean {
    if (data.length > this.space) {
      this.dropped++;
      return false;
    }
    this.records.push({ from, data });
    this.cc += data.length;
    return true;
  }

  /** Take the first record off (sbdroprecord). */
  droprecord(): void {
    const r = this.records.shift();
    if (r) this.cc -= r.data.length;
  }

  /** Throw everything away (sbflush). */
  flush(): void {
    this.records.length = 0;
    this.cc = 0;
  }
}

/** Set the high-water marks of both buffers (soreserve). */
export function soreserve(so: Socket, sndcc: number, rcvcc: number): void {
  so.snd.hiwat = sndcc;
  so.rcv.hiwat = rcvcc;
}

/** Wait for something to happen to a socket buffer (sbwait); a signal makes it EINTR. */
export function* sbwait(so: Socket, sb: SockBuf, p: Proc): Generator<void, void, void> {
  yield* tsleep(so.net.k.sched, p, sb, PSOCK, 'netio');
}

/** Something arrived or room was made: wake those in sbwait and in select (sowakeup). */
export function sowakeup(so: Socket, sb: SockBuf): void {
  so.net.k.sched.wakeup(sb);
  so.net.k.selwakeup();
}

export function sorwakeup(so: Socket): void {
  sowakeup(so, so.rcv);
}

export function sowwakeup(so: Socket): void {
  sowakeup(so, so.snd);
}
