/**
 * The IP header and IP's counters (4.4BSD's netinet/ip.h and ip_var.h).
 * `IpHeader` reads and writes the fields of a header in place, under
 * their BSD names; everything is in network order, which on the 68020 is
 * also the machine's.
 */
import type { Mbuf } from './mbuf.js';

export const IPVERSION = 4;
/** The header without options, and the largest datagram. */
export const IP_HDRLEN = 20;
export const IP_MAXPACKET = 65535;
/** Flags and fragment offset in ip_off. */
export const IP_DF = 0x4000;
export const IP_MF = 0x2000;
export const IP_OFFMASK = 0x1fff;
/** The largest TTL, which ICMP and raw IP use (as 4.3BSD and SunOS 4 do). */
export const MAXTTL = 255;

/** The fields of the IP header at byte `at` of a packet (struct ip). */
export class IpHeader {
  private readonly v: DataView;

  constructor(m: Mbuf, at = 0) {
    this.v = m.view(at);
  }

  get ip_v(): number {
    return this.v.getUint8(0) >>> 4;
  }
  /** Header length in 32-bit words. */
  get ip_hl(): number {
    return this.v.getUint8(0) & 0xf;
  }
  set_vhl(v: number, hl: number): void {
    this.v.setUint8(0, (v << 4) | hl);
  }
  get ip_tos(): number {
    return this.v.getUint8(1);
  }
  set ip_tos(x: number) {
    this.v.setUint8(1, x);
  }
  /** Total length, header included. */
  get ip_len(): number {
    return this.v.getUint16(2);
  }
  set ip_len(x: number) {
    this.v.setUint16(2, x);
  }
  get ip_id(): number {
    return this.v.getUint16(4);
  }
  set ip_id(x: number) {
    this.v.setUint16(4, x);
  }
  get ip_off(): number {
    return this.v.getUint16(6);
  }
  set ip_off(x: number) {
    this.v.setUint16(6, x);
  }
  get ip_ttl(): number {
    return this.v.getUint8(8);
  }
  set ip_ttl(x: number) {
    this.v.setUint8(8, x);
  }
  get ip_p(): number {
    return this.v.getUint8(9);
  }
  set ip_p(x: number) {
    this.v.setUint8(9, x);
  }
  get ip_sum(): number {
    return this.v.getUint16(10);
  }
  set ip_sum(x: number) {
    this.v.setUint16(10, x);
  }
  get ip_src(): number {
    return this.v.getUint32(12);
  }
  set ip_src(x: number) {
    this.v.setUint32(12, x >>> 0);
  }
  get ip_dst(): number {
    return this.v.getUint32(16);
  }
  set ip_dst(x: number) {
    this.v.setUint32(16, x >>> 0);
  }
}

/**
 * IP's counters (struct ipstat), in 4.4BSD-Lite's order, which is the
 * order of <netinet/ip_var.h> and of what netinfo(NI_IPSTAT) copies out.
 */
export class Ipstat {
  /** Datagrams received; refused for a bad checksum, a length beyond what came, less than a header, a bad header length, a bad total length. */
  ips_total = 0;
  ips_badsum = 0;
  ips_tooshort = 0;
  ips_toosmall = 0;
  ips_badhlen = 0;
  ips_badlen = 0;
  /** Fragments received; dropped (duplicates, no room); timed out in reassembly. */
  ips_fragments = 0;
  ips_fragdropped = 0;
  ips_fragtimeout = 0;
  /** Datagrams forwarded; for another machine but not forwarded; redirects sent. */
  ips_forward = 0;
  ips_cantforward = 0;
  ips_redirectsent = 0;
  /** Datagrams for a protocol nobody takes; delivered to a protocol. */
  ips_noproto = 0;
  ips_delivered = 0;
  /** Datagrams sent; dropped on output (no buffer, the interface refused). */
  ips_localout = 0;
  ips_odropped = 0;
  /** Datagrams reassembled; fragmented; fragments made; not fragmented because of DF. */
  ips_reassembled = 0;
  ips_fragmented = 0;
  ips_ofragments = 0;
  ips_cantfrag = 0;
  /** Bad options; no route; a version other than 4; raw IP datagrams sent. */
  ips_badoptions = 0;
  ips_noroute = 0;
  ips_badvers = 0;
  ips_rawout = 0;
}
