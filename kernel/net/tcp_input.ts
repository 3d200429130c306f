/**
 * TCP input (4.4BSD's netinet/tcp_input.c, without timestamps, window
 * scaling or urgent data): one segment through the state machine.
 *
 * 1. Check the header (length, checksum, data offset) and find the
 *    connection (in_pcblookup; a listening socket makes a new one,
 *    sonewconn, bounded by its backlog). No connection: answer with RST.
 * 2. Header prediction: on an established connection, the common cases — a
 *    pure ACK for outstanding data, or the next in-order data with nothing
 *    queued — take a short path.
 * 3. LISTEN and SYN_SENT handle a SYN (the MSS option, the initial
 *    sequence numbers); a SYN answering ours makes the connection, a SYN
 *    alone in SYN_SENT is a simultaneous open (SYN_RECEIVED).
 * 4. Other states: trim the segment to the receive window (what is before
 *    rcv_nxt is a duplicate; what is beyond the window is dropped, and
 *    acknowledged); RST closes (RFC 793's rules by state); a SYN in the
 *    window resets the connection; then the ACK: duplicate ACKs (three
 *    trigger fast retransmit, more inflate the window: fast recovery), new
 *    data acknowledged (RTT sample, congestion window opened — slow start
 *    below ssthresh, else congestion avoidance — send buffer dropped, and
 *    the FIN_WAIT_1, CLOSING, LAST_ACK and TIME_WAIT transitions).
 * 5. Window update, data (in order: to the receive buffer with a delayed
 *    ACK; out of order: to the reassembly queue with an immediate ACK), and
 *    the FIN (CLOSE_WAIT, CLOSING, TIME_WAIT).
 *
 * The exits keep their BSD names: drop (nothing sent), dropafterack (an
 * ACK of the current state) and dropwithreset (an RST).
 */
import { ECONNREFUSED, ECONNRESET } from '../errno.js';
import { IPPROTO_TCP, in_broadcast, in_classmask, in_localaddr } from './in.js';
import { INPLOOKUP_WILDCARD, type Inpcb, in_pcbconnect, in_pcblookup } from './in_pcb.js';
import { IpHeader } from './ip.js';
import { ip_route } from './ip_output.js';
import { M_BCAST, M_MCAST, type Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import { SO_ACCEPTCONN, SO_DEBUG, sockaddr_in } from './socket.js';
import {
  TCP_DEFAULT_PEER_MSS,
  TCP_HDRLEN,
  TCP_MAXWIN,
  TCP_MSS,
  TCPOLEN_MAXSEG,
  TCPOPT_EOL,
  TCPOPT_MAXSEG,
  TCPOPT_NOP,
  TcpHeader,
  TH_ACK,
  TH_FIN,
  TH_PUSH,
  TH_RST,
  TH_SYN,
  TH_URG,
} from './tcp.js';
import { TA_DROP, TA_INPUT, tcp_trace } from './tcp_debug.js';
import {
  TCPS_CLOSE_WAIT,
  TCPS_CLOSED,
  TCPS_CLOSING,
  TCPS_ESTABLISHED,
  TCPS_FIN_WAIT_1,
  TCPS_FIN_WAIT_2,
  TCPS_HAVERCVDFIN,
  TCPS_HAVERCVDSYN,
  TCPS_LAST_ACK,
  TCPS_LISTEN,
  TCPS_SYN_RECEIVED,
  TCPS_SYN_SENT,
  TCPS_TIME_WAIT,
} from './tcp_fsm.js';
import { tcp_output } from './tcp_output.js';
import { SEQ_GT, SEQ_LEQ, SEQ_LT, seqAdd, seqDiff, TCP_ISSINCR } from './tcp_seq.js';
import { tcp_close, tcp_drop, tcp_newiss, tcp_respond } from './tcp_subr.js';
import {
  TCP_REXMTVAL,
  TCP_RTT_SHIFT,
  TCP_RTTVAR_SHIFT,
  TCPT_RANGESET,
  TCPTV_KEEP_IDLE,
  TCPTV_KEEP_INIT,
  TCPTV_MSL,
  TCPTV_REXMTMAX,
  tcp_canceltimers,
  tcp_maxidle,
} from './tcp_timer.js';
import {
  intotcpcb,
  TCPT_2MSL,
  TCPT_KEEP,
  TCPT_PERSIST,
  TCPT_REXMT,
  type Tcpcb,
  TF_ACKNOW,
  TF_DELACK,
} from './tcp_var.js';
import { pseudoSum } from './udp_usrreq.js';
import { type Socket, SS_CANTRCVMORE, SS_NOFDREF, soabort } from './uipc_socket.js';
import {
  socantrcvmore,
  soisconnected,
  soisdisconnected,
  sonewconn,
  sorwakeup,
  sowwakeup,
} from './uipc_socket2.js';

/** Duplicate ACKs that mean a segment was lost (tcprexmtthresh). */
export const tcprexmtthresh = 3;

/** A segment as tcp_input works on it: its sequence space, flags, window and data (trimmed as it goes). */
interface Seg {
  seq: number;
  ack: number;
  flags: number;
  win: number;
  data: Uint8Array;
}

/** A TCP segment came in datagram `m` (tcp_input); its IP header is `iphlen` bytes. */
export function tcp_input(net: Net, m: Mbuf, iphlen: number): undefined {
  const st = net.tcpstat;
  st.tcps_rcvtotal++;
  net.k.charge(net.k.cost.tcpInput);
  const ip = new IpHeader(m);
  const tlen = ip.ip_len - iphlen;
  if (tlen < TCP_HDRLEN) {
    st.tcps_rcvshort++;
    return;
  }
  const src = ip.ip_src;
  const dst = ip.ip_dst;
  if (net.cksum(m.buf, m.off + iphlen, tlen, pseudoSum(src, dst, IPPROTO_TCP, tlen)) !== 0) {
    st.tcps_rcvbadsum++;
    return;
  }
  const th = new TcpHeader(m, iphlen);
  const off = th.th_off << 2;
  if (off < TCP_HDRLEN || off > tlen) {
    st.tcps_rcvbadoff++;
    return;
  }
  const ends = { src, dst, sport: th.th_sport, dport: th.th_dport };
  const opts = m.data.subarray(iphlen + TCP_HDRLEN, iphlen + off);
  const seg: Seg = {
    seq: th.th_seq,
    ack: th.th_ack,
    flags: th.th_flags,
    win: th.th_win,
    data: m.data.subarray(iphlen + off, iphlen + tlen),
  };
  const bcast = (m.flags & (M_BCAST | M_MCAST)) !== 0 || in_broadcast(net, dst) || in_classmask(dst) === 0;
  let iss = 0;
  let dropsocket: Socket | null = null;
  let tp: Tcpcb | null = null;
  let ostate = TCPS_CLOSED;
  let debug = false;
  let needoutput = false;
  const trace = () => ({ seq: seg.seq, ack: seg.ack, len: seg.data.length, flags: seg.flags });

  /** The segment is dropped; nothing is sent. */
  const drop = (): undefined => {
    if (tp !== null && debug) tcp_trace(net, TA_DROP, ostate, tp, trace(), 0, true);
    if (dropsocket !== null) soabort(dropsocket);
  };
  /** The segment is dropped and answered with an ACK of where this end is. */
  const dropafterack = (): undefined => {
    if (seg.flags & TH_RST || tp === null) return drop();
    tp.t_flags |= TF_ACKNOW;
    tcp_output(tp);
  };
  /** The segment is answered with a reset the sender will accept; never for a broadcast or a reset. */
  const dropwithreset = (): undefined => {
    if (seg.flags & TH_RST || bcast) return drop();
    if (seg.flags & TH_ACK) tcp_respond(tp, ends, 0, seg.ack, TH_RST, net);
    else {
      const len = seg.data.length + (seg.flags & TH_SYN ? 1 : 0) + (seg.flags & TH_FIN ? 1 : 0);
      tcp_respond(tp, ends, seqAdd(seg.seq, len), 0, TH_RST | TH_ACK, net);
    }
    if (dropsocket !== null) soabort(dropsocket);
  };

  // Find the connection; a new connection request in TIME_WAIT comes back here.
  let inp: Inpcb | null;
  let so: Socket;
  for (;;) {
    inp = in_pcblookup(net.tcb, src, ends.sport, dst, ends.dport, INPLOOKUP_WILDCARD);
    if (inp === null) return dropwithreset();
    tp = intotcpcb(inp);
    if (tp === null) return dropwithreset();
    if (tp.t_state === TCPS_CLOSED) return drop();
    so = inp.so;
    debug = (so.options & SO_DEBUG) !== 0;
    ostate = tp.t_state;
    if (so.options & SO_ACCEPTCONN) {
      // A listener: anything but a lone SYN is answered now; a SYN gets a socket of its own, if the queue has room.
      if (seg.flags & TH_RST) return drop();
      if (seg.flags & TH_ACK) return dropwithreset();
      if (!(seg.flags & TH_SYN) || bcast) return drop();
      const so2 = sonewconn(so);
      if (so2 === null) {
        st.tcps_listendrop++;
        return drop();
      }
      so = so2;
      dropsocket = so;
      inp = so.pcb as Inpcb;
      inp.laddr = dst;
      inp.lport = ends.dport;
      tp = intotcpcb(inp) as Tcpcb;
      tp.t_state = TCPS_LISTEN;
      debug = (so.options & SO_DEBUG) !== 0;
    }
    // Segment received: the connection is not idle (keepalive starts over once established).
    tp.t_idle = 0;
    if (tp.t_state >= TCPS_ESTABLISHED) tp.t_timer[TCPT_KEEP] = TCPTV_KEEP_IDLE;

    // Header prediction: the common cases of an established connection, the short way.
    if (
      tp.t_state === TCPS_ESTABLISHED &&
      (seg.flags & (TH_SYN | TH_FIN | TH_RST | TH_URG | TH_ACK)) === TH_ACK &&
      seg.seq === tp.rcv_nxt &&
      seg.win !== 0 &&
      seg.win === tp.snd_wnd &&
      tp.snd_nxt === tp.snd_max
    ) {
      if (seg.data.length === 0) {
        if (SEQ_GT(seg.ack, tp.snd_una) && SEQ_LEQ(seg.ack, tp.snd_max) && tp.snd_cwnd >= tp.snd_wnd) {
          // A pure ACK for outstanding data.
          st.tcps_predack++;
          if (tp.t_rtt && SEQ_GT(seg.ack, tp.t_rtseq)) tcp_xmit_timer(tp, tp.t_rtt);
          const acked = seqDiff(seg.ack, tp.snd_una);
          st.tcps_rcvackpack++;
          st.tcps_rcvackbyte += acked;
          so.snd.drop(acked);
          tp.snd_una = seg.ack;
          if (tp.snd_una === tp.snd_max) tp.t_timer[TCPT_REXMT] = 0;
          else if (tp.t_timer[TCPT_PERSIST] === 0) tp.t_timer[TCPT_REXMT] = tp.t_rxtcur;
          sowwakeup(so);
          if (so.snd.cc) tcp_output(tp);
          return;
        }
      } else if (seg.ack === tp.snd_una && tp.segq.length === 0 && seg.data.length <= so.rcv.space) {
        // The next data in order, nothing waiting to be reassembled, and room for it.
        st.tcps_preddat++;
        tp.rcv_nxt = seqAdd(tp.rcv_nxt, seg.data.length);
        st.tcps_rcvpack++;
        st.tcps_rcvbyte += seg.data.length;
        so.rcv.append(seg.data);
        sorwakeup(so);
        tp.t_flags |= TF_DELACK;
        return;
      }
    }

    // The receive window: the room in the buffer, but never less than what was offered.
    tp.rcv_wnd = Math.max(so.rcv.space, seqDiff(tp.rcv_adv, tp.rcv_nxt));

    if (tp.t_state === TCPS_LISTEN) {
      // A SYN for a listener (its own socket now): answer with our SYN.
      const laddr = inp.laddr;
      if (inp.laddr === 0) inp.laddr = dst;
      try {
        in_pcbconnect(inp, sockaddr_in(src, ends.sport));
      } catch {
        inp.laddr = laddr;
        return drop();
      }
      tcp_dooptions(tp, opts, seg.flags);
      tp.iss = iss !== 0 ? iss : tcp_newiss(net);
      tp.irs = seg.seq;
      tcp_sendseqinit(tp);
      tcp_rcvseqinit(tp);
      tp.t_flags |= TF_ACKNOW;
      tp.t_state = TCPS_SYN_RECEIVED;
      tp.t_timer[TCPT_KEEP] = TCPTV_KEEP_INIT;
      dropsocket = null; // committed to the new socket
      st.tcps_accepts++;
      trimthenstep6(tp, seg, st);
    } else if (tp.t_state === TCPS_SYN_SENT) {
      // Waiting for the answer to our SYN.
      if (seg.flags & TH_ACK && (SEQ_LEQ(seg.ack, tp.iss) || SEQ_GT(seg.ack, tp.snd_max)))
        return dropwithreset();
      if (seg.flags & TH_RST) {
        if (seg.flags & TH_ACK) tp = tcp_drop(tp, ECONNREFUSED);
        return drop();
      }
      if (!(seg.flags & TH_SYN)) return drop();
      tcp_dooptions(tp, opts, seg.flags);
      if (seg.flags & TH_ACK) {
        tp.snd_una = seg.ack;
        if (SEQ_LT(tp.snd_nxt, tp.snd_una)) tp.snd_nxt = tp.snd_una;
      }
      tp.t_timer[TCPT_REXMT] = 0;
      tp.irs = seg.seq;
      tcp_rcvseqinit(tp);
      tp.t_flags |= TF_ACKNOW;
      if (seg.flags & TH_ACK && SEQ_GT(tp.snd_una, tp.iss)) {
        st.tcps_connects++;
        soisconnected(so);
        tp.t_state = TCPS_ESTABLISHED;
        tp.t_timer[TCPT_KEEP] = TCPTV_KEEP_IDLE;
        tcp_reass(tp, null);
        // The SYN was not sent again: its round trip is the first sample.
        if (tp.t_rtt) tcp_xmit_timer(tp, tp.t_rtt);
      } else tp.t_state = TCPS_SYN_RECEIVED; // simultaneous open
      trimthenstep6(tp, seg, st);
    } else {
      // Trim what is before rcv_nxt (duplicates; a SYN already seen).
      let todrop = seqDiff(tp.rcv_nxt, seg.seq);
      if (todrop > 0) {
        if (seg.flags & TH_SYN) {
          seg.flags &= ~TH_SYN;
          seg.seq = seqAdd(seg.seq, 1);
          todrop--;
        }
        if (todrop >= seg.data.length) {
          st.tcps_rcvduppack++;
          st.tcps_rcvdupbyte += seg.data.length;
          if (seg.flags & TH_FIN && todrop === seg.data.length + 1) {
            // Only a FIN we have seen already: acknowledge it again, and go on for the ACK.
            // In TIME_WAIT its retransmission starts the 2MSL wait over (RFC 793).
            todrop = seg.data.length;
            seg.flags &= ~TH_FIN;
            tp.t_flags |= TF_ACKNOW;
            if (tp.t_state === TCPS_TIME_WAIT) tp.t_timer[TCPT_2MSL] = 2 * TCPTV_MSL;
          } else if (todrop !== 0 || !(seg.flags & TH_ACK)) return dropafterack();
        } else {
          st.tcps_rcvpartduppack++;
          st.tcps_rcvpartdupbyte += todrop;
        }
        seg.data = seg.data.subarray(todrop);
        seg.seq = seqAdd(seg.seq, todrop);
      }
      // Data after the last process has closed the socket: nobody will read it.
      if (so.state & SS_NOFDREF && tp.t_state > TCPS_CLOSE_WAIT && seg.data.length) {
        tp = tcp_close(tp);
        st.tcps_rcvafterclose++;
        return dropwithreset();
      }
      // Trim what is beyond the window.
      todrop = seqDiff(seqAdd(seg.seq, seg.data.length), seqAdd(tp.rcv_nxt, tp.rcv_wnd));
      if (todrop > 0) {
        st.tcps_rcvpackafterwin++;
        if (todrop >= seg.data.length) {
          st.tcps_rcvbyteafterwin += seg.data.length;
          // A new connection request on a connection in TIME_WAIT: start over, if its numbers are past the old ones.
          if (seg.flags & TH_SYN && tp.t_state === TCPS_TIME_WAIT && SEQ_GT(seg.seq, tp.rcv_nxt)) {
            iss = seqAdd(tp.rcv_nxt, TCP_ISSINCR);
            tp = tcp_close(tp);
            continue;
          }
          // A closed window takes only a probe at its edge (acknowledged, its data dropped).
          if (tp.rcv_wnd === 0 && seg.seq === tp.rcv_nxt) {
            tp.t_flags |= TF_ACKNOW;
            st.tcps_rcvwinprobe++;
          } else return dropafterack();
        } else st.tcps_rcvbyteafterwin += todrop;
        seg.data = seg.data.subarray(0, Math.max(0, seg.data.length - todrop));
        seg.flags &= ~(TH_PUSH | TH_FIN);
      }

      // RST, by state (RFC 793).
      if (seg.flags & TH_RST) {
        switch (tp.t_state) {
          case TCPS_SYN_RECEIVED:
            so.error = ECONNREFUSED;
            tp.t_state = TCPS_CLOSED;
            st.tcps_drops++;
            tcp_close(tp);
            return;
          case TCPS_ESTABLISHED:
          case TCPS_FIN_WAIT_1:
          case TCPS_FIN_WAIT_2:
          case TCPS_CLOSE_WAIT:
            so.error = ECONNRESET;
            tp.t_state = TCPS_CLOSED;
            st.tcps_drops++;
            tcp_close(tp);
            return;
          default:
            // CLOSING, LAST_ACK, TIME_WAIT: the connection simply goes.
            tcp_close(tp);
            return;
        }
      }
      // A SYN in the window is an error: reset the connection.
      if (seg.flags & TH_SYN) {
        tp = tcp_drop(tp, ECONNRESET);
        return dropwithreset();
      }
      if (!(seg.flags & TH_ACK)) return drop();

      // The ACK.
      if (tp.t_state === TCPS_SYN_RECEIVED) {
        if (SEQ_GT(tp.snd_una, seg.ack) || SEQ_GT(seg.ack, tp.snd_max)) return dropwithreset();
        st.tcps_connects++;
        soisconnected(so);
        tp.t_state = TCPS_ESTABLISHED;
        tp.t_timer[TCPT_KEEP] = TCPTV_KEEP_IDLE;
        tcp_reass(tp, null);
        tp.snd_wl1 = (seg.seq - 1) >>> 0;
      }
      if (SEQ_LEQ(seg.ack, tp.snd_una)) {
        if (seg.data.length === 0 && seg.win === tp.snd_wnd) {
          st.tcps_rcvdupack++;
          if (tp.t_timer[TCPT_REXMT] === 0 || seg.ack !== tp.snd_una) tp.t_dupacks = 0;
          else if (++tp.t_dupacks === tcprexmtthresh) {
            // Fast retransmit: send the segment the peer is missing, halve the window...
            const onxt = tp.snd_nxt;
            const win = Math.max(2, Math.floor(Math.min(tp.snd_wnd, tp.snd_cwnd) / 2 / tp.t_maxseg));
            tp.snd_ssthresh = win * tp.t_maxseg;
            tp.t_timer[TCPT_REXMT] = 0;
            tp.t_rtt = 0;
            tp.snd_nxt = seg.ack;
            tp.snd_cwnd = tp.t_maxseg;
            tcp_output(tp);
            // ...and fast recovery: the duplicates are segments that left the network.
            tp.snd_cwnd = tp.snd_ssthresh + tp.t_maxseg * tp.t_dupacks;
            if (SEQ_GT(onxt, tp.snd_nxt)) tp.snd_nxt = onxt;
            return drop();
          } else if (tp.t_dupacks > tcprexmtthresh) {
            tp.snd_cwnd = Math.min(tp.snd_cwnd + tp.t_maxseg, TCP_MAXWIN);
            tcp_output(tp);
            return drop();
          }
        } else tp.t_dupacks = 0;
      } else {
        // New data acknowledged. Leaving fast recovery: the window deflates to the threshold.
        if (tp.t_dupacks > tcprexmtthresh && tp.snd_cwnd > tp.snd_ssthresh) tp.snd_cwnd = tp.snd_ssthresh;
        tp.t_dupacks = 0;
        if (SEQ_GT(seg.ack, tp.snd_max)) {
          st.tcps_rcvacktoomuch++;
          return dropafterack();
        }
        const acked = seqDiff(seg.ack, tp.snd_una);
        st.tcps_rcvackpack++;
        st.tcps_rcvackbyte += acked;
        // A round-trip sample, unless what was timed was sent again (Karn).
        if (tp.t_rtt && SEQ_GT(seg.ack, tp.t_rtseq)) tcp_xmit_timer(tp, tp.t_rtt);
        if (seg.ack === tp.snd_max) {
          tp.t_timer[TCPT_REXMT] = 0;
          needoutput = true;
        } else if (tp.t_timer[TCPT_PERSIST] === 0) tp.t_timer[TCPT_REXMT] = tp.t_rxtcur;
        // The congestion window opens: a segment per ACK in slow start, about a segment per window after.
        {
          const cw = tp.snd_cwnd;
          let incr = tp.t_maxseg;
          if (cw > tp.snd_ssthresh) incr = Math.floor((incr * incr) / cw) + Math.floor(incr / 8);
          tp.snd_cwnd = Math.min(cw + incr, TCP_MAXWIN);
        }
        let ourfinisacked = false;
        if (acked > so.snd.cc) {
          tp.snd_wnd -= so.snd.cc;
          so.snd.drop(so.snd.cc);
          ourfinisacked = true;
        } else {
          so.snd.drop(acked);
          tp.snd_wnd -= acked;
        }
        sowwakeup(so);
        tp.snd_una = seg.ack;
        if (SEQ_LT(tp.snd_nxt, tp.snd_una)) tp.snd_nxt = tp.snd_una;
        switch (tp.t_state) {
          case TCPS_FIN_WAIT_1:
            if (ourfinisacked) {
              // Nothing more will be read: the closing process may go; don't wait for ever for the FIN.
              if (so.state & SS_CANTRCVMORE) {
                soisdisconnected(so);
                tp.t_timer[TCPT_2MSL] = tcp_maxidle;
              }
              tp.t_state = TCPS_FIN_WAIT_2;
            }
            break;
          case TCPS_CLOSING:
            if (ourfinisacked) {
              tcp_timewait(tp);
            }
            break;
          case TCPS_LAST_ACK:
            if (ourfinisacked) {
              tp = tcp_close(tp);
              return drop();
            }
            break;
          case TCPS_TIME_WAIT:
            // Only a retransmitted FIN comes now: acknowledge it, and wait 2MSL again.
            tp.t_timer[TCPT_2MSL] = 2 * TCPTV_MSL;
            return dropafterack();
        }
      }
    }
    break;
  }
  if (tp === null) return;

  // Step 6: the window update, if this segment is newer than the last that set it.
  if (
    seg.flags & TH_ACK &&
    (SEQ_LT(tp.snd_wl1, seg.seq) ||
      (tp.snd_wl1 === seg.seq &&
        (SEQ_LT(tp.snd_wl2, seg.ack) || (tp.snd_wl2 === seg.ack && seg.win > tp.snd_wnd))))
  ) {
    if (seg.data.length === 0 && tp.snd_wl2 === seg.ack && seg.win > tp.snd_wnd) st.tcps_rcvwinupd++;
    tp.snd_wnd = seg.win;
    tp.snd_wl1 = seg.seq;
    tp.snd_wl2 = seg.ack;
    if (tp.snd_wnd > tp.max_sndwnd) tp.max_sndwnd = tp.snd_wnd;
    needoutput = true;
  }
  if (SEQ_GT(tp.rcv_nxt, tp.rcv_up)) tp.rcv_up = tp.rcv_nxt;

  // The data, and the FIN.
  if ((seg.data.length || seg.flags & TH_FIN) && !TCPS_HAVERCVDFIN(tp.t_state)) {
    if (seg.seq === tp.rcv_nxt && tp.segq.length === 0 && tp.t_state === TCPS_ESTABLISHED) {
      tp.t_flags |= TF_DELACK;
      tp.rcv_nxt = seqAdd(tp.rcv_nxt, seg.data.length);
      st.tcps_rcvpack++;
      st.tcps_rcvbyte += seg.data.length;
      so.rcv.append(seg.data);
      sorwakeup(so);
      seg.flags &= TH_FIN | TH_ACK;
    } else {
      const fin = tcp_reass(tp, seg);
      seg.flags = (seg.flags & ~TH_FIN) | (fin ? TH_FIN : 0);
      tp.t_flags |= TF_ACKNOW;
    }
  } else seg.flags &= ~TH_FIN;

  if (seg.flags & TH_FIN) {
    if (!TCPS_HAVERCVDFIN(tp.t_state)) {
      socantrcvmore(so);
      tp.t_flags |= TF_ACKNOW;
      tp.rcv_nxt = seqAdd(tp.rcv_nxt, 1);
    }
    switch (tp.t_state) {
      case TCPS_SYN_RECEIVED:
      case TCPS_ESTABLISHED:
        tp.t_state = TCPS_CLOSE_WAIT;
        break;
      case TCPS_FIN_WAIT_1:
        // Our FIN is not acknowledged yet: both closed at once.
        tp.t_state = TCPS_CLOSING;
        break;
      case TCPS_FIN_WAIT_2:
        tcp_timewait(tp);
        break;
      case TCPS_TIME_WAIT:
        tp.t_timer[TCPT_2MSL] = 2 * TCPTV_MSL;
        break;
    }
  }
  tcp_trace(net, TA_INPUT, ostate, tp, trace(), 0, debug);
  if (needoutput || tp.t_flags & TF_ACKNOW) tcp_output(tp);
}

/**
 * SYN_SENT and LISTEN, after the SYN: step past it (it takes a sequence
 * number), keep the data within the window (dropping a FIN beyond it),
 * and note where window updates start from.
 */
function trimthenstep6(tp: Tcpcb, seg: Seg, st: Net['tcpstat']): void {
  seg.seq = seqAdd(seg.seq, 1);
  if (seg.data.length > tp.rcv_wnd) {
    const todrop = seg.data.length - tp.rcv_wnd;
    seg.data = seg.data.subarray(0, tp.rcv_wnd);
    seg.flags &= ~TH_FIN;
    st.tcps_rcvpackafterwin++;
    st.tcps_rcvbyteafterwin += todrop;
  }
  tp.snd_wl1 = (seg.seq - 1) >>> 0;
  tp.rcv_up = seg.seq;
}

/** Start the send side at iss (tcp_sendseqinit). */
/** Both FINs are sent and acknowledged: TIME_WAIT, 2MSL on its clock and nothing else running; the socket is disconnected. */
function tcp_timewait(tp: Tcpcb): void {
  tp.t_state = TCPS_TIME_WAIT;
  tcp_canceltimers(tp);
  tp.t_timer[TCPT_2MSL] = 2 * TCPTV_MSL;
  soisdisconnected(tp.t_inpcb.so);
}

export function tcp_sendseqinit(tp: Tcpcb): void {
  tp.snd_una = tp.snd_nxt = tp.snd_max = tp.snd_up = tp.iss;
}

/** Start the receive side after the peer's SYN (tcp_rcvseqinit). */
export function tcp_rcvseqinit(tp: Tcpcb): void {
  tp.rcv_adv = tp.rcv_nxt = seqAdd(tp.irs, 1);
}

/**
 * Put a segment that did not come in order into the reassembly queue, and
 * give the receive buffer whatever is now in order (tcp_reass). With a null
 * segment, only the latter (the connection has just become established).
 * Returns whether a FIN was reached. Overlaps are trimmed: data already
 * queued before wins, later queued data the new segment covers goes. The
 * queue holds at most the receive buffer's size; a segment beyond is
 * dropped (the peer sends it again).
 */
export function tcp_reass(tp: Tcpcb, seg: Seg | null): boolean {
  const so = tp.t_inpcb.so;
  const st = so.net.tcpstat;
  if (seg !== null) {
    let seq = seg.seq;
    let data = seg.data;
    const q = tp.segq;
    let i = 0;
    while (i < q.length && !SEQ_GT(q[i].seq, seq)) i++;
    // The segment before may hold some of it already.
    const prev = q[i - 1];
    if (prev !== undefined) {
      const over = seqDiff(seqAdd(prev.seq, prev.data.length), seq);
      if (over > 0) {
        if (over >= data.length && !(seg.flags & TH_FIN && !prev.fin)) {
          st.tcps_rcvduppack++;
          st.tcps_rcvdupbyte += data.length;
          return present(tp, so);
        }
        const cut = Math.min(over, data.length);
        data = data.subarray(cut);
        seq = seqAdd(seq, cut);
      }
    }
    // Later segments it covers go; one it partly covers is trimmed.
    while (i < q.length) {
      const next = q[i];
      const over = seqDiff(seqAdd(seq, data.length), next.seq);
      if (over <= 0) break;
      if (over < next.data.length) {
        next.data = next.data.subarray(over);
        next.seq = seqAdd(next.seq, over);
        tp.segqBytes -= over;
        break;
      }
      q.splice(i, 1);
      tp.segqBytes -= next.data.length;
    }
    if (tp.segqBytes + data.length > so.rcv.hiwat) {
      st.tcps_rcvreassfull++;
      return present(tp, so);
    }
    st.tcps_rcvoopack++;
    st.tcps_rcvoobyte += data.length;
    q.splice(i, 0, { seq, data: Uint8Array.from(data), fin: (seg.flags & TH_FIN) !== 0 });
    tp.segqBytes += data.length;
  }
  return present(tp, so);
}

/** Give the receive buffer what the queue holds in order from rcv_nxt; whether a FIN came with it. */
function present(tp: Tcpcb, so: Socket): boolean {
  if (!TCPS_HAVERCVDSYN(tp.t_state)) return false;
  const q = tp.segq;
  if (q.length === 0 || q[0].seq !== tp.rcv_nxt) return false;
  if (tp.t_state === TCPS_SYN_RECEIVED && q[0].data.length) return false;
  let fin = false;
  while (q.length > 0 && q[0].seq === tp.rcv_nxt) {
    const s = q.shift() as (typeof q)[0];
    tp.segqBytes -= s.data.length;
    tp.rcv_nxt = seqAdd(tp.rcv_nxt, s.data.length);
    fin = s.fin;
    if (!(so.state & SS_CANTRCVMORE)) so.rcv.append(s.data);
    if (fin) break;
  }
  sorwakeup(so);
  return fin;
}

/** The options of a SYN: the peer's maximum segment size (tcp_dooptions). */
function tcp_dooptions(tp: Tcpcb, opts: Uint8Array, flags: number): void {
  let offer = 0;
  for (let i = 0; i < opts.length; ) {
    const opt = opts[i];
    if (opt === TCPOPT_EOL) break;
    if (opt === TCPOPT_NOP) {
      i++;
      continue;
    }
    const optlen = i + 1 < opts.length ? opts[i + 1] : 0;
    if (optlen < 2 || i + optlen > opts.length) break;
    if (opt === TCPOPT_MAXSEG && optlen === TCPOLEN_MAXSEG && flags & TH_SYN)
      offer = (opts[i + 2] << 8) | opts[i + 3];
    i += optlen;
  }
  if (flags & TH_SYN) tcp_mss(tp, offer === 0 ? TCP_DEFAULT_PEER_MSS : offer);
}

/**
 * The segment size of a connection (tcp_mss): the MTU of the interface the
 * route goes out of, less the headers, for a peer on an attached network,
 * else 512 (TCP_MSS); never more than the peer offered (`offer`, 0 when
 * asking what to offer). The congestion window starts at one segment.
 */
export function tcp_mss(tp: Tcpcb, offer: number): number {
  const inp = tp.t_inpcb;
  const net = inp.so.net;
  const hop = ip_route(net, inp.faddr, 0, inp.route);
  if (hop === null) return TCP_MSS;
  let mss = hop.ifp.mtu - 40;
  if (!in_localaddr(net, inp.faddr) && hop.ifp !== net.loif) mss = Math.min(mss, TCP_MSS);
  if (offer) mss = Math.min(mss, offer);
  mss = Math.max(mss, 32);
  if (offer) {
    // Never more than the send buffer holds.
    if (inp.so.snd.hiwat < mss) mss = inp.so.snd.hiwat;
    tp.t_maxseg = mss;
    tp.snd_cwnd = mss;
  }
  return mss;
}

/**
 * A round-trip sample of `rtt` slow ticks (tcp_xmit_timer): Jacobson's
 * estimator — srtt += (rtt - srtt)/8, rttvar += (|err| - rttvar)/4, in
 * the scaled fixed point — and the retransmission timeout recomputed;
 * the backoff is over (Karn).
 */
export function tcp_xmit_timer(tp: Tcpcb, rtt: number): void {
  tp.t_inpcb.so.net.tcpstat.tcps_rttupdated++;
  if (tp.t_srtt !== 0) {
    let delta = rtt - 1 - (tp.t_srtt >> TCP_RTT_SHIFT);
    if ((tp.t_srtt += delta) <= 0) tp.t_srtt = 1;
    if (delta < 0) delta = -delta;
    delta -= tp.t_rttvar >> TCP_RTTVAR_SHIFT;
    if ((tp.t_rttvar += delta) <= 0) tp.t_rttvar = 1;
  } else {
    // The first sample: srtt is it, rttvar half of it.
    tp.t_srtt = rtt << TCP_RTT_SHIFT;
    tp.t_rttvar = rtt << (TCP_RTTVAR_SHIFT - 1);
  }
  tp.t_rtt = 0;
  tp.t_rxtshift = 0;
  tp.t_rxtcur = TCPT_RANGESET(TCP_REXMTVAL(tp), tp.t_rttmin, TCPTV_REXMTMAX);
  tp.t_softerror = 0;
}
