/**
 * Packets (the part of 4.4BSD's uipc_mbuf.c a hosted kernel needs). An
 * mbuf chain solved the 1980s problem of carving packets out of a small
 * kernel memory; this kernel has a garbage collector, so a packet is one
 * byte array with a window on it: `buf[off .. off+len)`. Room is kept in
 * front of the data (headroom, as lwIP's pbuf layers do) so that each layer
 * on the way out prepends its header by moving `off` back, without
 * copying; on the way in, a layer strips its header by moving `off`
 * forward (m_adj).
 *
 * Fields are read through a DataView, which is big-endian: network order
 * and the 68020's order alike, so no byte swapping happens anywhere.
 */
import type { Ifnet } from './if.js';

/** Room for the largest link header (Ethernet, 14 bytes) and an IP and a TCP header with options. */
export const MAX_LINKHDR = 16;
export const MAX_HDR = MAX_LINKHDR + 60 + 60;

/** Flags a packet carries from the link layer up: it came as a link broadcast or multicast. */
export const M_BCAST = 0x1;
export const M_MCAST = 0x2;

export class Mbuf {
  /** M_BCAST, M_MCAST. */
  flags = 0;
  /** The interface the packet came in on (4.4BSD's m_pkthdr.rcvif), for input. */
  rcvif: Ifnet | null = null;

  constructor(
    public buf: Uint8Array,
    public off: number,
    public len: number,
  ) {}

  /** A zeroed packet of `len` bytes with `headroom` free bytes in front (m_gethdr). */
  static get(len: number, headroom = MAX_HDR): Mbuf {
    return new Mbuf(new Uint8Array(headroom + len), headroom, len);
  }

  /** A packet holding a copy of `data`, with headroom (m_devget). */
  static from(data: Uint8Array, headroom = MAX_HDR): Mbuf {
    const m = Mbuf.get(data.length, headroom);
    m.buf.set(data, headroom);
    return m;
  }

  /** The bytes of the packet (a view, not a copy: mtod). */
  get data(): Uint8Array {
    return this.buf.subarray(this.off, this.off + this.len);
  }

  /** A DataView over the packet from byte `at` (fields in network order). */
  view(at = 0): DataView {
    return new DataView(this.buf.buffer, this.buf.byteOffset + this.off + at, this.len - at);
  }

  /** Make room for an n-byte header in front (M_PREPEND); the new bytes are zeroed. */
  prepend(n: number): void {
    if (n > this.off) {
      const grown = new Uint8Array(MAX_HDR + n + this.len);
      grown.set(this.data, MAX_HDR + n);
      this.buf = grown;
      this.off = MAX_HDR + n;
    }
    this.off -= n;
    this.len += n;
    this.buf.fill(0, this.off, this.off + n);
  }

  /** Trim n bytes from the front, or -n from the end (m_adj). */
  adj(n: number): void {
    if (n >= 0) {
      const k = Math.min(n, this.len);
      this.off += k;
      this.len -= k;
    } else this.len = Math.max(0, this.len + n);
  }

  /** A copy of the whole packet, with the same headroom, that can be changed independently (m_copym). */
  copy(): Mbuf {
    const m = new Mbuf(Uint8Array.from(this.buf.subarray(0, this.off + this.len)), this.off, this.len);
    m.flags = this.flags;
    m.rcvif = this.rcvif;
    return m;
  }
}
