/**
 * TCP's trace (4.4BSD's netinet/tcp_debug.c and tcp_debug.h): for a
 * socket with SO_DEBUG, every segment in and out, user request and drop is
 * recorded in a ring of TCP_NDEBUG records (what trpt(8) printed), which
 * netinfo(NI_TCPDEBUG) reads. A kernel hook (Net.tcpTrace) also sees every
 * state change of every connection, whatever its options: tests and the
 * lab's event stream follow connections through it.
 */
import type { Net } from './net.js';
import type { Tcpcb } from './tcp_var.js';

/** What happened (TA_*). */
export const TA_INPUT = 0;
export const TA_OUTPUT = 1;
export const TA_USER = 2;
export const TA_RESPOND = 3;
export const TA_DROP = 4;
export const tanames = ['input', 'output', 'user', 'respond', 'drop'];

/** Records kept. */
export const TCP_NDEBUG = 100;

/** One trace record (struct tcp_debug, with the segment's fields rather than the segment). */
export interface TcpDebug {
  /** Milliseconds since boot (td_time). */
  time: number;
  act: number;
  /** The state before and after. */
  ostate: number;
  state: number;
  /** The connection's ends, for matching the record to a connection. */
  laddr: number;
  lport: number;
  faddr: number;
  fport: number;
  snd_una: number;
  snd_nxt: number;
  snd_max: number;
  rcv_nxt: number;
  snd_wnd: number;
  snd_cwnd: number;
  /** The segment: sequence, acknowledgment, data length, flags (0 for a user request). */
  seq: number;
  ack: number;
  len: number;
  flags: number;
  /** A user request's PRU_ number, or a timer's. */
  req: number;
}

/** A segment's fields, for the trace. */
export interface SegInfo {
  seq: number;
  ack: number;
  len: number;
  flags: number;
}

/** Record an event of connection `tp` (tcp_trace): in the ring if the socket has SO_DEBUG, and to the hook. */
export function tcp_trace(
  net: Net,
  act: number,
  ostate: number,
  tp: Tcpcb,
  seg: SegInfo | null,
  req: number,
  debug: boolean,
): void {
  const inp = tp.t_inpcb;
  const td: TcpDebug = {
    time: Math.floor((net.ticks * 1000) / 100),
    act,
    ostate,
    state: tp.t_state,
    laddr: inp.laddr,
    lport: inp.lport,
    faddr: inp.faddr,
    fport: inp.fport,
    snd_una: tp.snd_una,
    snd_nxt: tp.snd_nxt,
    snd_max: tp.snd_max,
    rcv_nxt: tp.rcv_nxt,
    snd_wnd: tp.snd_wnd,
    snd_cwnd: tp.snd_cwnd,
    seq: seg?.seq ?? 0,
    ack: seg?.ack ?? 0,
    len: seg?.len ?? 0,
    flags: seg?.flags ?? 0,
    req,
  };
  if (debug) {
    net.tcp_debug.push(td);
    if (net.tcp_debug.length > TCP_NDEBUG) net.tcp_debug.shift();
  }
  if (ostate !== tp.t_state || act === TA_DROP) net.tcpTrace?.(td);
}
