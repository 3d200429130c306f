/**
 * The TCP control block and TCP's counters (4.4BSD's netinet/tcp_var.h).
 * A Tcpcb is one connection's state, with RFC 793's variables under their
 * BSD names:
 *
 *   send:    snd_una <= snd_nxt <= snd_max; snd_wnd (the peer's window),
 *            snd_wl1/snd_wl2 (the segment that last updated it), iss
 *   receive: rcv_nxt, rcv_wnd, rcv_adv (the right edge advertised), irs
 *   congestion (Jacobson): snd_cwnd, snd_ssthresh, t_dupacks
 *   timing: t_rtt (slow ticks since t_rtseq was sent, 0 if nothing is
 *            timed), t_srtt (×8) and t_rttvar (×4), t_rxtcur, t_rxtshift
 *   timers: t_timer[] in slow ticks (500 ms), counted down by tcp_slowtimo
 *
 * The reassembly queue holds segments that came ahead of rcv_nxt, in order,
 * without overlaps, at most the receive buffer's high-water mark in bytes.
 */
import type { Inpcb } from './in_pcb.js';
import { TCP_MSS } from './tcp.js';
import { TCPS_CLOSED } from './tcp_fsm.js';

/** Timers (tcp_timer.h). */
export const TCPT_NTIMERS = 4;
export const TCPT_REXMT = 0;
export const TCPT_PERSIST = 1;
export const TCPT_KEEP = 2;
export const TCPT_2MSL = 3;

// t_flags.
/** Send an ACK at once. */
export const TF_ACKNOW = 0x01;
/** An ACK is owed; the 200 ms timer sends it if nothing else does (delayed ACK). */
export const TF_DELACK = 0x02;
/** TCP_NODELAY: no Nagle. */
export const TF_NODELAY = 0x04;
/** Send no options. */
export const TF_NOOPT = 0x08;
/** A FIN has been sent. */
export const TF_SENTFIN = 0x10;

/** A segment waiting in the reassembly queue. */
export interface ReassSeg {
  seq: number;
  data: Uint8Array;
  fin: boolean;
}

export class Tcpcb {
  /** Segments received out of order, by sequence number, and their bytes. */
  segq: ReassSeg[] = [];
  segqBytes = 0;
  t_state = TCPS_CLOSED;
  readonly t_timer = [0, 0, 0, 0];
  t_rxtshift = 0;
  t_rxtcur = 0;
  t_dupacks = 0;
  t_maxseg = TCP_MSS;
  /** Send a byte even into a zero window (a persist probe). */
  t_force = 0;
  t_flags = 0;

  snd_una = 0;
  snd_nxt = 0;
  snd_up = 0;
  snd_wl1 = 0;
  snd_wl2 = 0;
  iss = 0;
  snd_wnd = 0;
  rcv_wnd = 0;
  rcv_nxt = 0;
  rcv_up = 0;
  irs = 0;
  rcv_adv = 0;
  snd_max = 0;
  snd_cwnd = 0;
  snd_ssthresh = 0;

  /** Slow ticks since the last segment came (for keepalive and the idle restart of slow start). */
  t_idle = 0;
  t_rtt = 0;
  t_rtseq = 0;
  t_srtt = 0;
  t_rttvar = 0;
  t_rttmin = 0;
  /** The largest window the peer has offered. */
  max_sndwnd = 0;
  /** The last error an ICMP message or a failed send left (reported if the connection times out). */
  t_softerror = 0;
  last_ack_sent = 0;

  constructor(readonly t_inpcb: Inpcb) {}
}

/** The Tcpcb of a control block (intotcpcb), null once TCP has let go of it. */
export function intotcpcb(inp: Inpcb): Tcpcb | null {
  return (inp.ppcb as Tcpcb | null) ?? null;
}

/**
 * TCP's counters (struct tcpstat), in 4.4BSD-Lite's order, then two of
 * sun3lab's: segments dropped because the reassembly queue was full, and
 * connections refused because a listener's queue was.
 */
export class Tcpstat {
  tcps_connattempt = 0;
  tcps_accepts = 0;
  tcps_connects = 0;
  tcps_drops = 0;
  tcps_conndrops = 0;
  tcps_closed = 0;
  tcps_segstimed = 0;
  tcps_rttupdated = 0;
  tcps_delack = 0;
  tcps_timeoutdrop = 0;
  tcps_rexmttimeo = 0;
  tcps_persisttimeo = 0;
  tcps_keeptimeo = 0;
  tcps_keepprobe = 0;
  tcps_keepdrops = 0;

  tcps_sndtotal = 0;
  tcps_sndpack = 0;
  tcps_sndbyte = 0;
  tcps_sndrexmitpack = 0;
  tcps_sndrexmitbyte = 0;
  tcps_sndacks = 0;
  tcps_sndprobe = 0;
  tcps_sndurg = 0;
  tcps_sndwinup = 0;
  tcps_sndctrl = 0;

  tcps_rcvtotal = 0;
  tcps_rcvpack = 0;
  tcps_rcvbyte = 0;
  tcps_rcvbadsum = 0;
  tcps_rcvbadoff = 0;
  tcps_rcvshort = 0;
  tcps_rcvduppack = 0;
  tcps_rcvdupbyte = 0;
  tcps_rcvpartduppack = 0;
  tcps_rcvpartdupbyte = 0;
  tcps_rcvoopack = 0;
  tcps_rcvoobyte = 0;
  tcps_rcvpackafterwin = 0;
  tcps_rcvbyteafterwin = 0;
  tcps_rcvafterclose = 0;
  tcps_rcvwinprobe = 0;
  tcps_rcvdupack = 0;
  tcps_rcvacktoomuch = 0;
  tcps_rcvackpack = 0;
  tcps_rcvackbyte = 0;
  tcps_rcvwinupd = 0;
  tcps_pawsdrop = 0;
  tcps_predack = 0;
  tcps_preddat = 0;
  tcps_pcbcachemiss = 0;
  tcps_rcvreassfull = 0;
  tcps_listendrop = 0;
}
