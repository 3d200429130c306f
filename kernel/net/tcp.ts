/**
 * The TCP header (4.4BSD's netinet/tcp.h): TcpHeader reads and writes its
 * fields in place, under their BSD names, at a byte offset of a packet.
 *
 *   0 th_sport  2 th_dport  4 th_seq  8 th_ack  12 th_off (4 bits, in
 *   words) 13 th_flags  14 th_win  16 th_sum  18 th_urp  20 options
 */
import type { Mbuf } from './mbuf.js';

export const TH_FIN = 0x01;
export const TH_SYN = 0x02;
export const TH_RST = 0x04;
export const TH_PUSH = 0x08;
export const TH_ACK = 0x10;
export const TH_URG = 0x20;

export const TCP_HDRLEN = 20;

/** Options: end, no-op, maximum segment size (the only one this TCP sends or reads). */
export const TCPOPT_EOL = 0;
export const TCPOPT_NOP = 1;
export const TCPOPT_MAXSEG = 2;
export const TCPOLEN_MAXSEG = 4;

/** The segment size assumed for a peer that is not on an attached network (4.3BSD's TCP_MSS), and the largest window. */
export const TCP_MSS = 512;
/** The segment size to assume when the peer sends no MSS option (RFC 1122, 4.2.2.6). */
export const TCP_DEFAULT_PEER_MSS = 536;
export const TCP_MAXWIN = 65535;

export class TcpHeader {
  private readonly v: DataView;

  constructor(m: Mbuf, at: number) {
    this.v = m.view(at);
  }

  get th_sport(): number {
    return this.v.getUint16(0);
  }
  set th_sport(x: number) {
    this.v.setUint16(0, x);
  }
  get th_dport(): number {
    return this.v.getUint16(2);
  }
  set th_dport(x: number) {
    this.v.setUint16(2, x);
  }
  get th_seq(): number {
    return this.v.getUint32(4);
  }
  set th_seq(x: number) {
    this.v.setUint32(4, x >>> 0);
  }
  get th_ack(): number {
    return this.v.getUint32(8);
  }
  set th_ack(x: number) {
    this.v.setUint32(8, x >>> 0);
  }
  /** Header length in 32-bit words. */
  get th_off(): number {
    return this.v.getUint8(12) >>> 4;
  }
  set th_off(x: number) {
    this.v.setUint8(12, x << 4);
  }
  get th_flags(): number {
    return this.v.getUint8(13);
  }
  set th_flags(x: number) {
    this.v.setUint8(13, x);
  }
  get th_win(): number {
    return this.v.getUint16(14);
  }
  set th_win(x: number) {
    this.v.setUint16(14, x);
  }
  get th_sum(): number {
    return this.v.getUint16(16);
  }
  set th_sum(x: number) {
    this.v.setUint16(16, x);
  }
  get th_urp(): number {
    return this.v.getUint16(18);
  }
  set th_urp(x: number) {
    this.v.setUint16(18, x);
  }
}
