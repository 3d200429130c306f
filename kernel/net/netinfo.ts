/**
 * netinfo (sun3lab's call 223): what SunOS's netstat read from /dev/kmem
 * — the protocols' counters, the sockets and their connections, the
 * routing table, TCP's trace — copied out in documented records, as
 * procinfo does for ps (4.3BSD-Reno's getkerninfo did the same for the
 * routing table). <sys/sun3lab.h> and <netinet/*_var.h> describe them.
 *
 *   netinfo(what, buf, size): copies at most `size` bytes of the answer to
 *   `buf` (nothing if buf is null) and returns the whole answer's size.
 *
 * - NI_IPSTAT, NI_ICMPSTAT, NI_UDPSTAT, NI_TCPSTAT: the counters, longs in
 *   the order of struct ipstat, icmpstat, udpstat, tcpstat.
 * - NI_SOCKETS: one 48-byte struct sockinfo per Internet and Unix-domain
 *   socket (netstat -a).
 * - NI_ROUTES: one 56-byte struct rtinfo per route (netstat -r).
 * - NI_TCPDEBUG: the SO_DEBUG trace, 76-byte struct tcpdebug records (trpt).
 */
import { EINVAL, Errno } from '../errno.js';
import type { SysCtx } from '../syscall.js';
import { copyout } from '../vm/copyio.js';
import type { Inpcb } from './in_pcb.js';
import type { Net } from './net.js';
import { RawCb } from './raw_ip.js';
import { rtinfo } from './route.js';
import { AF_INET, AF_UNIX, sun_path } from './socket.js';
import { intotcpcb } from './tcp_var.js';
import type { Unpcb } from './uipc_usrreq.js';

export const NI_IPSTAT = 1;
export const NI_ICMPSTAT = 2;
export const NI_UDPSTAT = 3;
export const NI_TCPSTAT = 4;
export const NI_SOCKETS = 5;
export const NI_ROUTES = 6;
export const NI_TCPDEBUG = 7;

/** A counters object as longs, in field order (arrays flattened). */
export function statLongs(st: object): number[] {
  const out: number[] = [];
  for (const v of Object.values(st)) {
    if (Array.isArray(v)) out.push(...v);
    else out.push(v as number);
  }
  return out;
}

function longsOf(xs: number[]): Uint8Array {
  const b = new Uint8Array(4 * xs.length);
  const v = new DataView(b.buffer);
  xs.forEach((x, i) => {
    v.setUint32(4 * i, x >>> 0);
  });
  return b;
}

/**
 * struct sockinfo, 48 bytes:
 *   0 family  4 type  8 protocol  12 TCP state (-1 if none)
 *  16 local address  20 local port  24 foreign address  28 foreign port
 *  32 bytes in the receive buffer  36 in the send buffer  40 so_options
 *  44 so_state
 * and for AF_UNIX sockets, 108 bytes of path (the bound name) follow: the
 * record is then 156 bytes (its family says which).
 */
export const SOCKINFO_SIZE = 48;
export const SOCKINFO_UN_SIZE = SOCKINFO_SIZE + 108;

export function sockinfo(net: Net): Uint8Array[] {
  const recs: Uint8Array[] = [];
  for (const so of net.sockets) {
    const pcb = so.pcb;
    if (pcb === null) continue;
    const unix = so.proto.family === AF_UNIX;
    const b = new Uint8Array(unix ? SOCKINFO_UN_SIZE : SOCKINFO_SIZE);
    const v = new DataView(b.buffer);
    v.setInt32(0, so.proto.family);
    v.setInt32(4, so.type);
    v.setInt32(8, so.proto.protocol);
    v.setInt32(12, -1);
    v.setInt32(32, so.rcv.cc);
    v.setInt32(36, so.snd.cc);
    v.setInt32(40, so.options);
    v.setInt32(44, so.state);
    if (so.proto.family === AF_INET) {
      if (pcb instanceof RawCb) {
        v.setUint32(16, pcb.laddr);
        v.setUint32(24, pcb.faddr);
        v.setInt32(8, pcb.proto);
      } else {
        const inp = pcb as Inpcb;
        v.setUint32(16, inp.laddr);
        v.setInt32(20, inp.lport);
        v.setUint32(24, inp.faddr);
        v.setInt32(28, inp.fport);
        const tp = intotcpcb(inp);
        if (tp !== null) v.setInt32(12, tp.t_state);
      }
    } else {
      const addr = (pcb as Unpcb).addr;
      if (addr !== null) b.set(new TextEncoder().encode(sun_path(addr)).subarray(0, 107), SOCKINFO_SIZE);
    }
    recs.push(b);
  }
  return recs;
}

/** struct tcpdebug, 76 bytes: the fields of a TcpDebug record (tcp_debug.ts), longs in order. */
export const TCPDEBUG_SIZE = 76;

/** The answer to a netinfo question. */
export function netinfo(net: Net, what: number): Uint8Array {
  let recs: Uint8Array[];
  switch (what) {
    case NI_IPSTAT:
      return longsOf(statLongs(net.ipstat));
    case NI_ICMPSTAT:
      return longsOf(statLongs(net.icmpstat));
    case NI_UDPSTAT:
      return longsOf(statLongs(net.udpstat));
    case NI_TCPSTAT:
      return longsOf(statLongs(net.tcpstat));
    case NI_SOCKETS:
      recs = sockinfo(net);
      break;
    case NI_ROUTES:
      recs = net.rt.routes.map(rtinfo);
      break;
    case NI_TCPDEBUG:
      recs = net.tcp_debug.map((td) => longsOf(Object.values(td) as number[]));
      break;
    default:
      throw new Errno(EINVAL);
  }
  const out = new Uint8Array(recs.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const r of recs) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}

/** netinfo(what, buf, size): see above. */
export function sysNetinfo(ctx: SysCtx): void {
  const [what, buf, size] = ctx.args;
  if ((size | 0) < 0) throw new Errno(EINVAL);
  const out = netinfo(ctx.k.net, what);
  if (buf !== 0 && size > 0) copyout(ctx.p.vm, buf, out.subarray(0, Math.min(size, out.length)));
  ctx.rv = [out.length, ctx.rv[1]];
}
