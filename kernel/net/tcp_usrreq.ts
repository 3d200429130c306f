/**
 * TCP's user requests (4.4BSD's netinet/tcp_usrreq.c): what the socket
 * layer asks of TCP — attach, bind, listen, connect, accept, send, the
 * receiver took data (a window update may be due), shutdown, disconnect,
 * abort — and TCP's options (TCP_NODELAY, TCP_MAXSEG).
 *
 * Closing is graceful: detach (the last close) or shutdown sends a FIN
 * after what is buffered (tcp_usrclosed moves ESTABLISHED to FIN_WAIT_1,
 * CLOSE_WAIT to LAST_ACK), and the connection lives on without its socket
 * until TCP is done with it. SO_LINGER with a time of 0 resets it instead.
 * Urgent data (MSG_OOB) is not supported: EOPNOTSUPP.
 */

import { ECONNABORTED, EINVAL, EISCONN, ENOPROTOOPT, Errno } from '../errno.js';
import type { Proc } from '../proc/proc.js';
import { IPPROTO_TCP } from './in.js';
import {
  type Inpcb,
  in_pcballoc,
  in_pcbbind,
  in_pcbconnect,
  in_pcbdetach,
  in_setpeeraddr,
} from './in_pcb.js';
import { InUsrreqBase } from './in_usrreq.js';
import type { Mbuf } from './mbuf.js';
import { rip_ctloutput } from './raw_ip.js';
import { SO_DEBUG, SO_LINGER, TCP_MAXSEG, TCP_NODELAY } from './socket.js';
import { TA_USER, tcp_trace } from './tcp_debug.js';
import {
  TCPS_CLOSE_WAIT,
  TCPS_CLOSED,
  TCPS_ESTABLISHED,
  TCPS_FIN_WAIT_1,
  TCPS_FIN_WAIT_2,
  TCPS_LAST_ACK,
  TCPS_LISTEN,
  TCPS_SYN_RECEIVED,
  TCPS_SYN_SENT,
} from './tcp_fsm.js';
import { tcp_sendseqinit } from './tcp_input.js';
import { tcp_output } from './tcp_output.js';
import { tcp_close, tcp_drop, tcp_newiss, tcp_newtcpcb } from './tcp_subr.js';
import { TCP_LINGERTIME, TCPTV_KEEP_INIT } from './tcp_timer.js';
import { intotcpcb, TCPT_KEEP, type Tcpcb, TF_NODELAY } from './tcp_var.js';
import { type Socket, SS_NOFDREF } from './uipc_socket.js';
import {
  socantsendmore,
  soisconnecting,
  soisdisconnected,
  soisdisconnecting,
  soreserve,
} from './uipc_socket2.js';

/** The default buffer sizes (4.3BSD-Reno's tcp_sendspace and tcp_recvspace). */
export const TCP_SENDSPACE = 4096;
export const TCP_RECVSPACE = 4096;

/** The PRU_ numbers, for the trace. */
const PRU = {
  attach: 0,
  detach: 1,
  bind: 2,
  listen: 3,
  connect: 4,
  accept: 5,
  disconnect: 6,
  shutdown: 7,
  rcvd: 8,
  send: 9,
  abort: 10,
};

function tpOf(so: Socket): Tcpcb {
  const inp = so.pcb as Inpcb | null;
  const tp = inp !== null ? intotcpcb(inp) : null;
  if (tp === null) throw new Errno(EINVAL);
  return tp;
}

/** After a user request: trace it if the socket asks for it, or if the state changed. */
function traced(so: Socket, tp: Tcpcb | null, ostate: number, req: number): void {
  if (tp !== null) tcp_trace(so.net, TA_USER, ostate, tp, null, req, (so.options & SO_DEBUG) !== 0);
}

/** Fail with the errno tcp_output returned, if any. */
function output(tp: Tcpcb): void {
  const e = tcp_output(tp);
  if (e) throw new Errno(e);
}

/**
 * The user is done sending (tcp_usrclosed): before a connection is made,
 * it is closed; after, a FIN follows the data (FIN_WAIT_1, or LAST_ACK if
 * the peer has closed already).
 */
export function tcp_usrclosed(tp: Tcpcb): Tcpcb | null {
  switch (tp.t_state) {
    case TCPS_CLOSED:
    case TCPS_LISTEN:
    case TCPS_SYN_SENT:
      tp.t_state = TCPS_CLOSED;
      return tcp_close(tp);
    case TCPS_SYN_RECEIVED:
    case TCPS_ESTABLISHED:
      tp.t_state = TCPS_FIN_WAIT_1;
      break;
    case TCPS_CLOSE_WAIT:
      tp.t_state = TCPS_LAST_ACK;
      break;
  }
  if (tp.t_state >= TCPS_FIN_WAIT_2) soisdisconnected(tp.t_inpcb.so);
  return tp;
}

/**
 * Disconnect (tcp_disconnect): before a connection is made it just goes;
 * with SO_LINGER and no time it is reset; otherwise what the user has not
 * read is thrown away and the FIN is sent after the data.
 */
export function tcp_disconnect(tp: Tcpcb): Tcpcb | null {
  const so = tp.t_inpcb.so;
  if (tp.t_state < TCPS_ESTABLISHED) return tcp_close(tp);
  if (so.options & SO_LINGER && so.linger === 0) return tcp_drop(tp, 0);
  soisdisconnecting(so);
  so.rcv.flush();
  const t = tcp_usrclosed(tp);
  if (t !== null) tcp_output(t);
  return t;
}

class TcpUsrreq extends InUsrreqBase {
  /** A control block and the default buffers (tcp_attach); CLOSED. */
  override attach(so: Socket): void {
    if (so.pcb !== null) throw new Errno(EISCONN);
    if (so.snd.hiwat === 0 || so.rcv.hiwat === 0) soreserve(so, TCP_SENDSPACE, TCP_RECVSPACE);
    const inp = in_pcballoc(so, so.net.tcb);
    const tp = tcp_newtcpcb(inp);
    if (so.options & SO_LINGER && so.linger === 0) so.linger = TCP_LINGERTIME;
    tp.t_state = TCPS_CLOSED;
  }

  override detach(so: Socket): void {
    const tp = tpOf(so);
    const ostate = tp.t_state;
    const t = tp.t_state > TCPS_LISTEN ? tcp_disconnect(tp) : tcp_close(tp);
    traced(so, t, ostate, PRU.detach);
  }

  override bind(so: Socket, nam: Uint8Array, _p: Proc): void {
    in_pcbbind(so.pcb as Inpcb, nam);
  }

  override listen(so: Socket): void {
    const tp = tpOf(so);
    const inp = so.pcb as Inpcb;
    if (inp.lport === 0) in_pcbbind(inp, null);
    const ostate = tp.t_state;
    tp.t_state = TCPS_LISTEN;
    traced(so, tp, ostate, PRU.listen);
  }

  /** Active open: an ephemeral port if none, the SYN out, the establishment timer (75 s) running. */
  override connect(so: Socket, nam: Uint8Array, _p: Proc): void {
    const tp = tpOf(so);
    const inp = so.pcb as Inpcb;
    if (inp.lport === 0) in_pcbbind(inp, null);
    in_pcbconnect(inp, nam);
    soisconnecting(so);
    so.net.tcpstat.tcps_connattempt++;
    const ostate = tp.t_state;
    tp.t_state = TCPS_SYN_SENT;
    tp.t_timer[TCPT_KEEP] = TCPTV_KEEP_INIT;
    tp.iss = tcp_newiss(so.net);
    tcp_sendseqinit(tp);
    traced(so, tp, ostate, PRU.connect);
    output(tp);
  }

  override accept(so: Socket): Uint8Array {
    return in_setpeeraddr(so.pcb as Inpcb);
  }

  override disconnect(so: Socket): void {
    const tp = tpOf(so);
    const ostate = tp.t_state;
    traced(so, tcp_disconnect(tp), ostate, PRU.disconnect);
  }

  override shutdown(so: Socket): void {
    const tp = tpOf(so);
    const ostate = tp.t_state;
    socantsendmore(so);
    const t = tcp_usrclosed(tp);
    traced(so, t, ostate, PRU.shutdown);
    if (t !== null) output(t);
  }

  /** The receiver took data: the window may have opened enough to say so. */
  override rcvd(so: Socket): void {
    const inp = so.pcb as Inpcb | null;
    const tp = inp !== null ? intotcpcb(inp) : null;
    if (tp !== null) tcp_output(tp);
  }

  override send(so: Socket, m: Mbuf): void {
    const tp = tpOf(so);
    so.net.k.charge(so.net.k.cost.usrreq);
    so.snd.append(m.data);
    output(tp);
  }

  override abort(so: Socket): void {
    const inp = so.pcb as Inpcb | null;
    const tp = inp !== null ? intotcpcb(inp) : null;
    if (tp !== null) tcp_drop(tp, ECONNABORTED);
    else if (inp !== null) {
      so.state |= SS_NOFDREF;
      in_pcbdetach(inp);
    }
  }
}

export const tcp_usrreq = new TcpUsrreq();

/**
 * TCP's options (tcp_ctloutput): TCP_NODELAY (on or off) and TCP_MAXSEG
 * (read; set to a smaller size). Other levels go to IP, which has none.
 */
export function tcp_ctloutput(
  op: 'set' | 'get',
  so: Socket,
  level: number,
  name: number,
  val?: Uint8Array,
): Uint8Array | undefined {
  if (level !== IPPROTO_TCP) return rip_ctloutput();
  const tp = tpOf(so);
  if (op === 'get') {
    const out = new Uint8Array(4);
    const v = new DataView(out.buffer);
    if (name === TCP_NODELAY) v.setInt32(0, tp.t_flags & TF_NODELAY ? 1 : 0);
    else if (name === TCP_MAXSEG) v.setInt32(0, tp.t_maxseg);
    else throw new Errno(ENOPROTOOPT);
    return out;
  }
  if (val === undefined || val.length < 4) throw new Errno(EINVAL);
  const x = new DataView(val.buffer, val.byteOffset, 4).getInt32(0);
  if (name === TCP_NODELAY) {
    if (x) tp.t_flags |= TF_NODELAY;
    else tp.t_flags &= ~TF_NODELAY;
  } else if (name === TCP_MAXSEG) {
    if (x <= 0 || x > tp.t_maxseg) throw new Errno(EINVAL);
    tp.t_maxseg = x;
  } else throw new Errno(ENOPROTOOPT);
  return undefined;
}
