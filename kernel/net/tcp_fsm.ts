/**
 * TCP's states (4.4BSD's netinet/tcp_fsm.h, RFC 793's diagram), with the
 * flags tcp_output sends in each (tcp_outflags).
 *
 *   CLOSED --connect--> SYN_SENT --SYN,ACK--> ESTABLISHED
 *   LISTEN --SYN--> SYN_RECEIVED --ACK--> ESTABLISHED
 *   SYN_SENT --SYN--> SYN_RECEIVED                         (simultaneous open)
 *   ESTABLISHED --close--> FIN_WAIT_1 --ACK--> FIN_WAIT_2 --FIN--> TIME_WAIT
 *   FIN_WAIT_1 --FIN--> CLOSING --ACK--> TIME_WAIT          (simultaneous close)
 *   ESTABLISHED --FIN--> CLOSE_WAIT --close--> LAST_ACK --ACK--> CLOSED
 *   TIME_WAIT --2MSL--> CLOSED
 */
import { TH_ACK, TH_FIN, TH_RST, TH_SYN } from './tcp.js';

export const TCPS_CLOSED = 0;
export const TCPS_LISTEN = 1;
export const TCPS_SYN_SENT = 2;
export const TCPS_SYN_RECEIVED = 3;
export const TCPS_ESTABLISHED = 4;
export const TCPS_CLOSE_WAIT = 5;
export const TCPS_FIN_WAIT_1 = 6;
export const TCPS_CLOSING = 7;
export const TCPS_LAST_ACK = 8;
export const TCPS_FIN_WAIT_2 = 9;
export const TCPS_TIME_WAIT = 10;
export const TCP_NSTATES = 11;

export const tcpstates = [
  'CLOSED',
  'LISTEN',
  'SYN_SENT',
  'SYN_RCVD',
  'ESTABLISHED',
  'CLOSE_WAIT',
  'FIN_WAIT_1',
  'CLOSING',
  'LAST_ACK',
  'FIN_WAIT_2',
  'TIME_WAIT',
];

/** The connection has received a SYN (is synchronized): SYN_RECEIVED and every state after. */
export function TCPS_HAVERCVDSYN(s: number): boolean {
  return s >= TCPS_SYN_RECEIVED;
}

/** The peer's FIN has come: no data may follow it. */
export function TCPS_HAVERCVDFIN(s: number): boolean {
  return s === TCPS_CLOSE_WAIT || s === TCPS_CLOSING || s === TCPS_LAST_ACK || s === TCPS_TIME_WAIT;
}

/** The flags a segment carries in each state (tcp_outflags). */
export const tcp_outflags = [
  TH_RST | TH_ACK,
  0,
  TH_SYN,
  TH_SYN | TH_ACK,
  TH_ACK,
  TH_ACK,
  TH_FIN | TH_ACK,
  TH_FIN | TH_ACK,
  TH_FIN | TH_ACK,
  TH_ACK,
  TH_ACK,
];
