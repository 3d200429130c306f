/**
 * TCP output (4.4BSD's netinet/tcp_output.c): decide whether a segment
 * should go now, and send it. Called whenever something changes that may
 * allow or require sending: data written, an ACK or window update in, the
 * receiver taking data, a timer.
 *
 * - How much: what the send buffer holds beyond snd_nxt, within the
 *   smaller of the peer's window and the congestion window, at most one
 *   maximum segment at a time (sendalot loops for more).
 * - Sender silly-window avoidance and Nagle: a full segment goes; a short
 *   one only if it empties the buffer and nothing is outstanding (or
 *   TCP_NODELAY), or it is at least half the largest window the peer has
 *   offered, or it is a retransmission or forced (a persist probe).
 * - Otherwise a segment goes for an ACK owed (TF_ACKNOW), a SYN, RST or
 *   FIN, or a window update worth sending (the window opened by two
 *   segments, or by half the buffer; none once the peer's FIN is in); else, with data waiting and no timer
 *   running, the persist timer is started.
 * - The receive window is never shrunk, and not offered in slivers
 *   (receiver silly-window avoidance: less than a segment and a quarter of
 *   the buffer is offered as 0).
 * - The first unacknowledged transmission is timed (t_rtt, t_rtseq) and
 *   the retransmission timer started; snd_max records the furthest sent.
 */
import { EHOSTUNREACH, ENETDOWN, ENOBUFS, Errno } from '../errno.js';
import { ip_output } from './ip_output.js';
import { SO_DEBUG, SO_DONTROUTE } from './socket.js';
import { TCP_MAXWIN, TCPOLEN_MAXSEG, TCPOPT_MAXSEG, TH_FIN, TH_PUSH, TH_RST, TH_SYN } from './tcp.js';
import { TA_OUTPUT, tcp_trace } from './tcp_debug.js';
import { TCPS_HAVERCVDFIN, TCPS_HAVERCVDSYN, tcp_outflags } from './tcp_fsm.js';
import { tcp_mss } from './tcp_input.js';
import { SEQ_GT, SEQ_LT, seqAdd, seqDiff } from './tcp_seq.js';
import { tcp_quench, tcp_segment } from './tcp_subr.js';
import { TCP_MAXRXTSHIFT, TCPT_RANGESET, TCPTV_PERSMAX, TCPTV_PERSMIN, tcp_backoff } from './tcp_timer.js';
import {
  TCPT_PERSIST,
  TCPT_REXMT,
  type Tcpcb,
  TF_ACKNOW,
  TF_DELACK,
  TF_NODELAY,
  TF_NOOPT,
  TF_SENTFIN,
} from './tcp_var.js';

/** Send what should be sent (tcp_output). Returns 0, or the errno of a send that failed and matters. */
export function tcp_output(tp: Tcpcb): number {
  const inp = tp.t_inpcb;
  const so = inp.so;
  const net = so.net;
  const st = net.tcpstat;
  // Nothing outstanding and idle for a retransmission time: slow start again.
  const idle = tp.snd_max === tp.snd_una;
  if (idle && tp.t_idle >= tp.t_rxtcur) tp.snd_cwnd = tp.t_maxseg;
  for (;;) {
    let sendalot = false;
    const off = seqDiff(tp.snd_nxt, tp.snd_una);
    let win = Math.min(tp.snd_wnd, tp.snd_cwnd);
    let flags = tcp_outflags[tp.t_state];
    if (tp.t_force) {
      if (win === 0) {
        // A probe into a closed window: one byte (and no FIN before the last byte).
        if (off < so.snd.cc) flags &= ~TH_FIN;
        win = 1;
      } else {
        tp.t_timer[TCPT_PERSIST] = 0;
        tp.t_rxtshift = 0;
      }
    }
    let len = flags & TH_RST ? 0 : Math.min(so.snd.cc, win) - off;
    if (len < 0) {
      // The window shrank (or a FIN was sent): go back to what is acknowledged, and wait for it to open.
      len = 0;
      if (win === 0) {
        tp.t_timer[TCPT_REXMT] = 0;
        tp.snd_nxt = tp.snd_una;
      }
    }
    if (len > tp.t_maxseg) {
      len = tp.t_maxseg;
      sendalot = true;
    }
    if (SEQ_LT(seqAdd(tp.snd_nxt, len), seqAdd(tp.snd_una, so.snd.cc))) flags &= ~TH_FIN;
    let rwin = so.rcv.space;

    const send = (): boolean => {
      if (len) {
        if (len === tp.t_maxseg) return true;
        if ((idle || tp.t_flags & TF_NODELAY) && len + off >= so.snd.cc) return true;
        if (tp.t_force) return true;
        if (len >= tp.max_sndwnd / 2) return true;
        if (SEQ_LT(tp.snd_nxt, tp.snd_max)) return true;
      }
      // A window update, if the window has opened enough to be worth telling — and only while the
      // peer may still send: after its FIN it never will, and an update the reader's draining sends
      // then may reach a peer that has closed and forgotten the connection, which answers with a RST.
      if (rwin > 0 && !TCPS_HAVERCVDFIN(tp.t_state)) {
        const adv = Math.min(rwin, TCP_MAXWIN) - seqDiff(tp.rcv_adv, tp.rcv_nxt);
        if (adv >= 2 * tp.t_maxseg) return true;
        if (2 * adv >= so.rcv.hiwat) return true;
      }
      if (tp.t_flags & TF_ACKNOW) return true;
      if (flags & (TH_SYN | TH_RST)) return true;
      if (flags & TH_FIN && (!(tp.t_flags & TF_SENTFIN) || tp.snd_nxt === tp.snd_una)) return true;
      return false;
    };
    if (!send()) {
      // Data waits, nothing is outstanding: the peer's window is closed; probe it from time to time.
      if (so.snd.cc && tp.t_timer[TCPT_REXMT] === 0 && tp.t_timer[TCPT_PERSIST] === 0) {
        tp.t_rxtshift = 0;
        tcp_setpersist(tp);
      }
      return 0;
    }

    // Build the segment: the MSS option on a SYN.
    let opt: Uint8Array = new Uint8Array(0);
    if (flags & TH_SYN) {
      tp.snd_nxt = tp.iss;
      if (!(tp.t_flags & TF_NOOPT)) {
        const mss = tcp_mss(tp, 0);
        opt = Uint8Array.of(TCPOPT_MAXSEG, TCPOLEN_MAXSEG, mss >> 8, mss & 0xff);
      }
    }
    if (len > tp.t_maxseg - opt.length) {
      len = tp.t_maxseg - opt.length;
      sendalot = true;
      flags &= ~TH_FIN;
    }
    let data: Uint8Array = new Uint8Array(0);
    if (len) {
      if (tp.t_force && len === 1) st.tcps_sndprobe++;
      else if (SEQ_LT(tp.snd_nxt, tp.snd_max)) {
        st.tcps_sndrexmitpack++;
        st.tcps_sndrexmitbyte += len;
      } else {
        st.tcps_sndpack++;
        st.tcps_sndbyte += len;
      }
      data = so.snd.copy(off, len);
      if (off + len === so.snd.cc) flags |= TH_PUSH;
    } else if (tp.t_flags & TF_ACKNOW) st.tcps_sndacks++;
    else if (flags & (TH_SYN | TH_FIN | TH_RST)) st.tcps_sndctrl++;
    else st.tcps_sndwinup++;

    // A FIN sent again keeps its sequence number.
    if (flags & TH_FIN && tp.t_flags & TF_SENTFIN && tp.snd_nxt === tp.snd_max)
      tp.snd_nxt = (tp.snd_nxt - 1) >>> 0;
    const seq = len || flags & (TH_SYN | TH_FIN) || tp.t_timer[TCPT_PERSIST] ? tp.snd_nxt : tp.snd_max;
    // The receive window: not in slivers, never shrinking what was offered.
    if (rwin < so.rcv.hiwat / 4 && rwin < tp.t_maxseg) rwin = 0;
    if (rwin > TCP_MAXWIN) rwin = TCP_MAXWIN;
    if (rwin < seqDiff(tp.rcv_adv, tp.rcv_nxt)) rwin = seqDiff(tp.rcv_adv, tp.rcv_nxt);

    net.k.charge(net.k.cost.tcpOutput);
    const m = tcp_segment(
      net,
      { src: inp.laddr, dst: inp.faddr, sport: inp.lport, dport: inp.fport },
      seq,
      tp.rcv_nxt,
      flags,
      rwin,
      opt,
      data,
    );

    // Time the transmission and start the retransmission timer — unless this is a persist probe.
    if (tp.t_force === 0 || tp.t_timer[TCPT_PERSIST] === 0) {
      const startseq = tp.snd_nxt;
      if (flags & TH_SYN) tp.snd_nxt = seqAdd(tp.snd_nxt, 1);
      if (flags & TH_FIN) {
        tp.snd_nxt = seqAdd(tp.snd_nxt, 1);
        tp.t_flags |= TF_SENTFIN;
      }
      tp.snd_nxt = seqAdd(tp.snd_nxt, len);
      if (SEQ_GT(tp.snd_nxt, tp.snd_max)) {
        tp.snd_max = tp.snd_nxt;
        if (tp.t_rtt === 0) {
          tp.t_rtt = 1;
          tp.t_rtseq = startseq;
          st.tcps_segstimed++;
        }
      }
      if (tp.t_timer[TCPT_REXMT] === 0 && tp.snd_nxt !== tp.snd_una) {
        tp.t_timer[TCPT_REXMT] = tp.t_rxtcur;
        if (tp.t_timer[TCPT_PERSIST]) {
          tp.t_timer[TCPT_PERSIST] = 0;
          tp.t_rxtshift = 0;
        }
      }
    } else if (SEQ_GT(seqAdd(tp.snd_nxt, len), tp.snd_max)) tp.snd_max = seqAdd(tp.snd_nxt, len);

    tcp_trace(
      net,
      TA_OUTPUT,
      tp.t_state,
      tp,
      { seq, ack: tp.rcv_nxt, len, flags },
      0,
      (so.options & SO_DEBUG) !== 0,
    );
    try {
      ip_output(net, m, so.options & SO_DONTROUTE, inp.route);
    } catch (e) {
      if (!(e instanceof Errno)) throw e;
      if (e.errno === ENOBUFS) {
        tcp_quench(inp);
        return 0;
      }
      if ((e.errno === EHOSTUNREACH || e.errno === ENETDOWN) && TCPS_HAVERCVDSYN(tp.t_state)) {
        tp.t_softerror = e.errno;
        return 0;
      }
      return e.errno;
    }
    st.tcps_sndtotal++;
    // The furthest window offered, and no ACK is owed any more.
    if (rwin > 0 && SEQ_GT(seqAdd(tp.rcv_nxt, rwin), tp.rcv_adv)) tp.rcv_adv = seqAdd(tp.rcv_nxt, rwin);
    tp.last_ack_sent = tp.rcv_nxt;
    tp.t_flags &= ~(TF_ACKNOW | TF_DELACK);
    if (!sendalot) return 0;
  }
}

/**
 * Start the persist timer (tcp_setpersist): the retransmission time,
 * backed off with each probe, kept between 5 and 60 seconds.
 */
export function tcp_setpersist(tp: Tcpcb): void {
  const t = ((tp.t_srtt >> 2) + tp.t_rttvar) >> 1;
  tp.t_timer[TCPT_PERSIST] = TCPT_RANGESET(t * tcp_backoff[tp.t_rxtshift], TCPTV_PERSMIN, TCPTV_PERSMAX);
  if (tp.t_rxtshift < TCP_MAXRXTSHIFT) tp.t_rxtshift++;
}
