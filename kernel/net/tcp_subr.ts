/**
 * TCP's shared routines (4.4BSD's netinet/tcp_subr.c): making a control
 * block (tcp_newtcpcb), building and sending a segment outside the state
 * machine (tcp_respond: resets, keepalive probes), dropping and closing a
 * connection (tcp_drop, tcp_close), and what ICMP tells TCP (tcp_ctlinput:
 * errors, source quench, redirects).
 */
import { EHOSTDOWN, EHOSTUNREACH, ENETUNREACH } from '../errno.js';
import { IPPROTO_TCP } from './in.js';
import { type Inpcb, in_ctlnotify, in_pcbdetach } from './in_pcb.js';
import { IP_HDRLEN, IpHeader } from './ip.js';
import { ip_output, type Route } from './ip_output.js';
import { Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import { inetctlerrmap, PRC_IS_REDIRECT, PRC_NCMDS, PRC_QUENCH } from './protosw.js';
import { SO_DEBUG } from './socket.js';
import { TCP_HDRLEN, TcpHeader, TH_ACK } from './tcp.js';
import { TA_DROP, TA_RESPOND, tcp_trace } from './tcp_debug.js';
import { TCPS_CLOSED, TCPS_HAVERCVDSYN, TCPS_SYN_SENT } from './tcp_fsm.js';
import { tcp_output } from './tcp_output.js';
import { TCP_ISSINCR } from './tcp_seq.js';
import { TCPT_RANGESET, TCPTV_MIN, TCPTV_REXMTMAX, TCPTV_SRTTBASE, TCPTV_SRTTDFLT } from './tcp_timer.js';
import { intotcpcb, Tcpcb } from './tcp_var.js';
import { pseudoSum } from './udp_usrreq.js';
import { soisdisconnected, sorwakeup, sowwakeup } from './uipc_socket2.js';

/** The TTL of TCP's segments (4.3BSD's TCP_TTL). */
export const TCP_TTL = 30;

/** A new control block for `inp` (tcp_newtcpcb): RTT unknown, first retransmission after 6 s. */
export function tcp_newtcpcb(inp: Inpcb): Tcpcb {
  const tp = new Tcpcb(inp);
  tp.t_srtt = TCPTV_SRTTBASE;
  tp.t_rttvar = TCPTV_SRTTDFLT << 2;
  tp.t_rttmin = TCPTV_MIN;
  tp.t_rxtcur = TCPT_RANGESET(
    ((TCPTV_SRTTBASE >> 2) + (TCPTV_SRTTDFLT << 2)) >> 1,
    TCPTV_MIN,
    TCPTV_REXMTMAX,
  );
  tp.snd_cwnd = 65535;
  tp.snd_ssthresh = 65535;
  inp.ppcb = tp;
  return tp;
}

/** The next initial send sequence number: tcp_iss, then moved on by half a second's worth and a random part. */
export function tcp_newiss(net: Net): number {
  const iss = net.tcp_iss;
  net.tcp_iss = (net.tcp_iss + TCP_ISSINCR / 2 + (net.random() & 0x7fff)) >>> 0;
  return iss;
}

/** The ends of a segment: its addresses and ports as it travels. */
export interface SegEnds {
  src: number;
  dst: number;
  sport: number;
  dport: number;
}

/**
 * A TCP segment in an IP datagram, checksummed: `opt` (whole words) and
 * `data` after the header. The IP header is filled in for ip_output.
 */
export function tcp_segment(
  net: Net,
  ends: SegEnds,
  seq: number,
  ack: number,
  flags: number,
  win: number,
  opt: Uint8Array,
  data: Uint8Array,
): Mbuf {
  const m = Mbuf.get(opt.length + data.length);
  m.data.set(opt, 0);
  m.data.set(data, opt.length);
  m.prepend(TCP_HDRLEN);
  const th = new TcpHeader(m, 0);
  th.th_sport = ends.sport;
  th.th_dport = ends.dport;
  th.th_seq = seq;
  th.th_ack = ack;
  th.th_off = (TCP_HDRLEN + opt.length) >> 2;
  th.th_flags = flags;
  th.th_win = win;
  th.th_sum = net.cksum(m.buf, m.off, m.len, pseudoSum(ends.src, ends.dst, IPPROTO_TCP, m.len));
  m.prepend(IP_HDRLEN);
  const ip = new IpHeader(m);
  ip.ip_len = m.len;
  ip.ip_p = IPPROTO_TCP;
  ip.ip_ttl = TCP_TTL;
  ip.ip_tos = 0;
  ip.ip_src = ends.src;
  ip.ip_dst = ends.dst;
  return m;
}

/**
 * Send a segment outside the state machine (tcp_respond): a reset, or an
 * ACK. `to` is the segment being answered (its ends are turned round); with
 * null it is a keepalive probe of `tp`'s connection (flags are then ACK).
 * Errors are ignored: the segment is lost, as it may be on the wire.
 */
export function tcp_respond(
  tp: Tcpcb | null,
  to: SegEnds | null,
  ack: number,
  seq: number,
  flags: number,
  net?: Net,
): void {
  const n = tp !== null ? tp.t_inpcb.so.net : (net as Net);
  let ends: SegEnds;
  let route: Route | null = null;
  if (to === null) {
    const inp = (tp as Tcpcb).t_inpcb;
    ends = { src: inp.laddr, dst: inp.faddr, sport: inp.lport, dport: inp.fport };
    flags = TH_ACK;
  } else ends = { src: to.dst, dst: to.src, sport: to.dport, dport: to.sport };
  if (tp !== null) route = tp.t_inpcb.route;
  const win = tp !== null ? Math.min(tp.t_inpcb.so.rcv.space, 65535) : 0;
  n.k.charge(n.k.cost.tcpOutput);
  const m = tcp_segment(n, ends, seq, ack, flags, win, new Uint8Array(0), new Uint8Array(0));
  if (tp !== null && tp.t_inpcb.so.options & SO_DEBUG)
    tcp_trace(n, TA_RESPOND, tp.t_state, tp, { seq, ack, len: 0, flags }, 0, true);
  try {
    ip_output(n, m, 0, route);
    n.tcpstat.tcps_sndtotal++;
  } catch {
    // No route, no buffer: like a segment lost on the wire.
  }
}

/**
 * Drop a connection (tcp_drop): a synchronized one is reset (tcp_output
 * in CLOSED sends RST). The socket gets `errno` — or the soft error an ICMP
 * message left, if the connection timed out.
 */
export function tcp_drop(tp: Tcpcb, errno: number): null {
  const so = tp.t_inpcb.so;
  const st = so.net.tcpstat;
  if (TCPS_HAVERCVDSYN(tp.t_state)) {
    tp.t_state = TCPS_CLOSED;
    tcp_output(tp);
    st.tcps_drops++;
  } else st.tcps_conndrops++;
  if (errno === 60 /* ETIMEDOUT */ && tp.t_softerror) errno = tp.t_softerror;
  so.error = errno;
  return tcp_close(tp);
}

/**
 * Close a connection (tcp_close): its reassembly queue goes, the socket is
 * told, and the control blocks go (the socket too if no descriptor holds
 * it).
 */
export function tcp_close(tp: Tcpcb): null {
  const inp = tp.t_inpcb;
  const so = inp.so;
  const ostate = tp.t_state;
  tp.segq = [];
  tp.segqBytes = 0;
  tp.t_state = TCPS_CLOSED;
  tcp_trace(so.net, TA_DROP, ostate, tp, null, 0, (so.options & SO_DEBUG) !== 0);
  inp.ppcb = null;
  soisdisconnected(so);
  in_pcbdetach(inp);
  so.net.tcpstat.tcps_closed++;
  return null;
}

/** Source quench: back to one segment of congestion window (tcp_quench). */
export function tcp_quench(inp: Inpcb): void {
  const tp = intotcpcb(inp);
  if (tp !== null) tp.snd_cwnd = tp.t_maxseg;
}

/**
 * An ICMP error reaches a connection (tcp_notify). While the connection is
 * being opened it fails at once with the error (as in 4.3BSD-Reno: connect
 * returns ECONNREFUSED, EHOSTUNREACH...). Once open, an unreachable host
 * or network is a soft error (RFC 1122): it is kept, and reported only if
 * the connection then times out; other errors are reported to the socket.
 */
function tcp_notify(inp: Inpcb, errno: number): void {
  const tp = intotcpcb(inp);
  if (tp === null) return;
  const so = inp.so;
  if (tp.t_state === TCPS_SYN_SENT) {
    tcp_drop(tp, errno);
    return;
  }
  if (
    TCPS_HAVERCVDSYN(tp.t_state) &&
    (errno === EHOSTUNREACH || errno === ENETUNREACH || errno === EHOSTDOWN)
  ) {
    tp.t_softerror = errno;
    return;
  }
  so.error = errno;
  so.net.k.sched.wakeup(so.timeo);
  sorwakeup(so);
  sowwakeup(so);
}

/** What ICMP (or the routing code) tells TCP about the path to `dst` (tcp_ctlinput). */
export function tcp_ctlinput(net: Net, cmd: number, dst: number, ip: Mbuf | null): void {
  if (cmd < 0 || cmd >= PRC_NCMDS) return;
  if (cmd === PRC_QUENCH) in_ctlnotify(net.tcb, cmd, dst, ip, 0, (inp) => tcp_quench(inp));
  else if (inetctlerrmap[cmd] || PRC_IS_REDIRECT(cmd))
    in_ctlnotify(net.tcb, cmd, dst, ip, inetctlerrmap[cmd], tcp_notify);
}

/** Memory is short: give up the segments waiting for reassembly (the peer sends them again). */
export function tcp_drain(net: Net): void {
  for (const inp of net.tcb) {
    const tp = intotcpcb(inp);
    if (tp === null) continue;
    tp.segq = [];
    tp.segqBytes = 0;
  }
}
