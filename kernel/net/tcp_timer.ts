/**
 * TCP's timers (4.4BSD's netinet/tcp_timer.c and tcp_timer.h). Each
 * connection has four, counted in slow ticks (500 ms) by tcp_slowtimo —
 * one pass over every connection, not a callout each:
 *
 * - REXMT, retransmission: started when data (or a SYN or FIN) is sent
 *   and nothing is outstanding; on expiry the first unacknowledged segment
 *   goes again and the timeout doubles (exponential backoff, tcp_backoff),
 *   up to TCP_MAXRXTSHIFT (12) times, then the connection is dropped with
 *   ETIMEDOUT. The congestion window falls to one segment, the threshold
 *   to half the window. Karn: a retransmitted segment is never timed.
 * - PERSIST: the peer's window is zero and data waits: a probe of one
 *   byte is forced out, at growing intervals (5 s to 60 s); a peer that
 *   answers none for as long as retransmission would try is dropped.
 * - KEEP: while connecting, the connection-establishment limit (75 s:
 *   ETIMEDOUT); afterwards, with SO_KEEPALIVE, a probe after 2 hours idle
 *   and then every 75 s; the connection is dropped (ETIMEDOUT) once it has
 *   been idle 10 minutes (8 × 75 s) more: 9 probes unanswered.
 * - 2MSL: TIME_WAIT lasts 2 × MSL (MSL is 30 s), then the block goes; it
 *   also ends FIN_WAIT_2 after 10 minutes of silence once the socket is
 *   closed.
 *
 * tcp_fasttimo, every 200 ms, sends the ACKs that were delayed.
 */
import { ETIMEDOUT } from '../errno.js';
import { in_losing } from './in_pcb.js';
import type { Net } from './net.js';
import { PR_SLOWHZ } from './protosw.js';
import { SO_KEEPALIVE } from './socket.js';
import { TCPS_CLOSE_WAIT, TCPS_ESTABLISHED, TCPS_TIME_WAIT } from './tcp_fsm.js';
import { tcp_output, tcp_setpersist } from './tcp_output.js';
import { TCP_ISSINCR } from './tcp_seq.js';
import { tcp_close, tcp_drop, tcp_respond } from './tcp_subr.js';
import {
  intotcpcb,
  TCPT_2MSL,
  TCPT_KEEP,
  TCPT_NTIMERS,
  TCPT_PERSIST,
  TCPT_REXMT,
  type Tcpcb,
  TF_ACKNOW,
  TF_DELACK,
} from './tcp_var.js';

// Times in slow ticks (PR_SLOWHZ a second).
/** The maximum segment lifetime (30 s); TIME_WAIT is twice it. */
export const TCPTV_MSL = 30 * PR_SLOWHZ;
/** The smoothed RTT before any measurement (0: none), and the initial RTT guess (3 s). */
export const TCPTV_SRTTBASE = 0;
export const TCPTV_SRTTDFLT = 3 * PR_SLOWHZ;
/** Persist probes: between 5 s and 60 s apart. */
export const TCPTV_PERSMIN = 5 * PR_SLOWHZ;
export const TCPTV_PERSMAX = 60 * PR_SLOWHZ;
/** The connection-establishment limit (75 s), keepalive's idle time (2 h) and probe interval (75 s), probes before giving up (8). */
export const TCPTV_KEEP_INIT = 75 * PR_SLOWHZ;
export const TCPTV_KEEP_IDLE = 120 * 60 * PR_SLOWHZ;
export const TCPTV_KEEPINTVL = 75 * PR_SLOWHZ;
export const TCPTV_KEEPCNT = 8;
/** The retransmission timeout's bounds: 1 s and 64 s. */
export const TCPTV_MIN = 1 * PR_SLOWHZ;
export const TCPTV_REXMTMAX = 64 * PR_SLOWHZ;
/** Retransmissions before the connection is dropped. */
export const TCP_MAXRXTSHIFT = 12;
/** The backoff multipliers of successive retransmissions (tcp_backoff). */
export const tcp_backoff = [1, 2, 4, 8, 16, 32, 64, 64, 64, 64, 64, 64, 64];
/** SO_LINGER with no time given lingers this long (120 s). */
export const TCP_LINGERTIME = 120;

/** Idle time before keepalive gives up: the probes' span (tcp_maxidle). */
export const tcp_maxidle = TCPTV_KEEPCNT * TCPTV_KEEPINTVL;

/** `value` kept within [min, max] (TCPT_RANGESET). */
export function TCPT_RANGESET(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/** Stop every timer of a connection (tcp_canceltimers). */
export function tcp_canceltimers(tp: Tcpcb): void {
  tp.t_timer.fill(0);
}

/** Every 200 ms: send the ACKs that were delayed (tcp_fasttimo). */
export function tcp_fasttimo(net: Net): void {
  for (const inp of [...net.tcb]) {
    const tp = intotcpcb(inp);
    net.k.charge(net.k.cost.tcpTimer);
    if (tp !== null && tp.t_flags & TF_DELACK) {
      tp.t_flags &= ~TF_DELACK;
      tp.t_flags |= TF_ACKNOW;
      net.tcpstat.tcps_delack++;
      tcp_output(tp);
    }
  }
}

/**
 * Every 500 ms (tcp_slowtimo): count down every connection's timers and
 * act on those that run out; count idle time and the round trip being
 * timed; advance the initial sequence number.
 */
export function tcp_slowtimo(net: Net): void {
  for (const inp of [...net.tcb]) {
    let tp = intotcpcb(inp);
    if (tp === null) continue;
    net.k.charge(net.k.cost.tcpTimer);
    for (let i = 0; i < TCPT_NTIMERS && tp !== null; i++) {
      if (tp.t_timer[i] && --tp.t_timer[i] === 0) tp = tcp_timers(tp, i);
    }
    if (tp === null) continue;
    tp.t_idle++;
    if (tp.t_rtt) tp.t_rtt++;
  }
  net.tcp_iss = (net.tcp_iss + TCP_ISSINCR / PR_SLOWHZ) >>> 0;
}

/** A timer of `tp` ran out (tcp_timers); returns the connection, or null if it was dropped or closed. */
export function tcp_timers(tp: Tcpcb, timer: number): Tcpcb | null {
  const so = tp.t_inpcb.so;
  const st = so.net.tcpstat;
  switch (timer) {
    case TCPT_2MSL:
      // TIME_WAIT is over; or FIN_WAIT_2 has waited long enough without a word.
      if (tp.t_state !== TCPS_TIME_WAIT && tp.t_idle <= tcp_maxidle) {
        tp.t_timer[TCPT_2MSL] = TCPTV_KEEPINTVL;
        return tp;
      }
      return tcp_close(tp);

    case TCPT_REXMT: {
      if (++tp.t_rxtshift > TCP_MAXRXTSHIFT) {
        tp.t_rxtshift = TCP_MAXRXTSHIFT;
        st.tcps_timeoutdrop++;
        return tcp_drop(tp, tp.t_softerror || ETIMEDOUT);
      }
      st.tcps_rexmttimeo++;
      tp.t_rxtcur = TCPT_RANGESET(TCP_REXMTVAL(tp) * tcp_backoff[tp.t_rxtshift], tp.t_rttmin, TCPTV_REXMTMAX);
      tp.t_timer[TCPT_REXMT] = tp.t_rxtcur;
      // After several tries the route may be bad, and the estimate too: start timing afresh.
      if (tp.t_rxtshift > TCP_MAXRXTSHIFT / 4) {
        in_losing(tp.t_inpcb);
        tp.t_rttvar += tp.t_srtt >> TCP_RTT_SHIFT;
        tp.t_srtt = 0;
      }
      tp.snd_nxt = tp.snd_una;
      tp.t_rtt = 0; // Karn: the retransmission is not timed
      // Slow start again from one segment; congestion avoidance from half the window.
      const win = Math.max(2, Math.floor(Math.min(tp.snd_wnd, tp.snd_cwnd) / 2 / tp.t_maxseg));
      tp.snd_cwnd = tp.t_maxseg;
      tp.snd_ssthresh = win * tp.t_maxseg;
      tp.t_dupacks = 0;
      tcp_output(tp);
      return tp;
    }

    case TCPT_PERSIST:
      // A peer that answers no probe at all, for as long as retransmissions would have
      // tried, is given up (RFC 1122 allows it; 4.3BSD probed for ever).
      if (tp.t_rxtshift === TCP_MAXRXTSHIFT && tp.t_idle >= tcp_rexmttime(tp)) {
        st.tcps_timeoutdrop++;
        return tcp_drop(tp, ETIMEDOUT);
      }
      st.tcps_persisttimeo++;
      tcp_setpersist(tp);
      tp.t_force = 1;
      tcp_output(tp);
      tp.t_force = 0;
      return tp;

    case TCPT_KEEP:
      st.tcps_keeptimeo++;
      if (tp.t_state < TCPS_ESTABLISHED) {
        st.tcps_keepdrops++;
        return tcp_drop(tp, ETIMEDOUT);
      }
      if (so.options & SO_KEEPALIVE && tp.t_state <= TCPS_CLOSE_WAIT) {
        if (tp.t_idle >= TCPTV_KEEP_IDLE + tcp_maxidle) {
          st.tcps_keepdrops++;
          return tcp_drop(tp, ETIMEDOUT);
        }
        // A probe: an old sequence number, which the peer must acknowledge.
        st.tcps_keepprobe++;
        tcp_respond(tp, null, tp.rcv_nxt, (tp.snd_una - 1) >>> 0, 0);
        tp.t_timer[TCPT_KEEP] = TCPTV_KEEPINTVL;
      } else tp.t_timer[TCPT_KEEP] = TCPTV_KEEP_IDLE;
      return tp;
  }
  return tp;
}

/** The smoothed RTT is kept ×8, its variance ×4 (tcp_var.h). */
export const TCP_RTT_SHIFT = 3;
export const TCP_RTTVAR_SHIFT = 2;

/**
 * How long retransmission tries before it gives up, in slow ticks, with the
 * connection's estimate: every backed-off timeout, each within its bounds
 * (1 to 64 s), added up — about 8 minutes on a LAN.
 */
export function tcp_rexmttime(tp: Tcpcb): number {
  let t = 0;
  for (const b of tcp_backoff) t += TCPT_RANGESET(TCP_REXMTVAL(tp) * b, tp.t_rttmin, TCPTV_REXMTMAX);
  return t;
}

/** The retransmission timeout: srtt + 4 × rttvar (TCP_REXMTVAL). */
export function TCP_REXMTVAL(tp: Tcpcb): number {
  return (tp.t_srtt >> TCP_RTT_SHIFT) + tp.t_rttvar;
}
