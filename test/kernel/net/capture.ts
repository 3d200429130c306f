/**
 * Checking a capture (emu/net's pcap reader): every frame decodes — an
 * Ethernet II header, ARP of the right size, or an IPv4 datagram whose
 * header checksum is right, whose lengths agree with the frame, and whose
 * TCP, UDP or ICMP checksum is right (fragments: their reassembled
 * datagram's). What tshark would call malformed or a checksum error is
 * counted.
 */
import { readPcap } from '../../../emu/net/pcap.js';
import { in_cksum } from '../../../kernel/net/in_cksum.js';
import { pseudoSum } from '../../../kernel/net/udp_usrreq.js';

export interface CaptureReport {
  frames: number;
  ip: number;
  tcp: number;
  udp: number;
  icmp: number;
  arp: number;
  fragments: number;
  /** Frames that do not decode, and bad checksums, with what is wrong. */
  malformed: string[];
  badChecksums: string[];
  /** TCP segments by connection: "a.b.c.d.port>e.f.g.h.port" → count. */
  flows: Map<string, number>;
  /** TCP segments with SYN, FIN and RST. */
  syn: number;
  fin: number;
  rst: number;
}

const dotted = (a: number) => `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;

export function checkCapture(pcap: Uint8Array): CaptureReport {
  const file = readPcap(pcap);
  const r: CaptureReport = {
    frames: 0,
    ip: 0,
    tcp: 0,
    udp: 0,
    icmp: 0,
    arp: 0,
    fragments: 0,
    malformed: [],
    badChecksums: [],
    flows: new Map(),
    syn: 0,
    fin: 0,
    rst: 0,
  };
  if (file.trailing !== 0) r.malformed.push(`${file.trailing} bytes after the last record`);
  const frags = new Map<string, Uint8Array[]>();
  file.records.forEach((rec, n) => {
    r.frames++;
    const f = rec.data;
    const bad = (why: string): void => {
      r.malformed.push(`frame ${n}: ${why}`);
    };
    if (f.length < 14 || rec.origLen !== f.length) {
      bad('short or cut');
      return;
    }
    const type = (f[12] << 8) | f[13];
    if (type === 0x0806) {
      r.arp++;
      if (f.length < 42) bad('ARP too short');
      return;
    }
    if (type !== 0x0800) {
      bad(`ethertype ${type.toString(16)}`);
      return;
    }
    r.ip++;
    const ip = f.subarray(14);
    const v = new DataView(ip.buffer, ip.byteOffset, ip.length);
    if (ip.length < 20 || ip[0] >> 4 !== 4) {
      bad('not IPv4');
      return;
    }
    const hl = (ip[0] & 15) * 4;
    const len = v.getUint16(2);
    if (hl < 20 || len < hl || len > ip.length) {
      bad(`IP lengths ${hl}/${len}/${ip.length}`);
      return;
    }
    if (f.length > 60 && len !== ip.length) {
      bad('frame longer than its datagram');
      return;
    }
    if (in_cksum(ip, 0, hl) !== 0) r.badChecksums.push(`frame ${n}: IP header`);
    const off = v.getUint16(6);
    const src = v.getUint32(12);
    const dst = v.getUint32(16);
    const p = ip[9];
    let payload = ip.subarray(hl, len);
    if (off & 0x3fff) {
      // A fragment: checked once its datagram is whole.
      r.fragments++;
      const key = `${src}-${dst}-${v.getUint16(4)}-${p}`;
      const list = frags.get(key) ?? [];
      list.push(Uint8Array.from(ip.subarray(0, len)));
      frags.set(key, list);
      const whole = reassemble(list);
      if (whole === null) return;
      frags.delete(key);
      payload = whole;
    }
    checkTransport(r, n, p, src, dst, payload);
  });
  return r;
}

/** The payload of a datagram from its fragments, once they cover it (null until then). */
function reassemble(list: Uint8Array[]): Uint8Array | null {
  let end = -1;
  const parts: [number, Uint8Array][] = [];
  for (const ip of list) {
    const v = new DataView(ip.buffer, ip.byteOffset, ip.length);
    const hl = (ip[0] & 15) * 4;
    const off = (v.getUint16(6) & 0x1fff) * 8;
    const data = ip.subarray(hl);
    if (!(v.getUint16(6) & 0x2000)) end = off + data.length;
    parts.push([off, data]);
  }
  if (end < 0) return null;
  const out = new Uint8Array(end);
  const have = new Uint8Array(end);
  for (const [off, data] of parts) {
    out.set(data.subarray(0, Math.max(0, end - off)), off);
    have.fill(1, off, Math.min(end, off + data.length));
  }
  return have.every((x) => x === 1) ? out : null;
}

function checkTransport(
  r: CaptureReport,
  n: number,
  p: number,
  src: number,
  dst: number,
  seg: Uint8Array,
): void {
  const bad = (why: string): void => {
    r.malformed.push(`frame ${n}: ${why}`);
  };
  if (p === 6) {
    r.tcp++;
    if (seg.length < 20) {
      bad('TCP header cut');
      return;
    }
    const off = (seg[12] >> 4) * 4;
    if (off < 20 || off > seg.length) {
      bad('TCP data offset');
      return;
    }
    if (in_cksum(seg, 0, seg.length, pseudoSum(src, dst, 6, seg.length)) !== 0)
      r.badChecksums.push(`frame ${n}: TCP`);
    const sv = new DataView(seg.buffer, seg.byteOffset, seg.length);
    const key = `${dotted(src)}.${sv.getUint16(0)}>${dotted(dst)}.${sv.getUint16(2)}`;
    r.flows.set(key, (r.flows.get(key) ?? 0) + 1);
    if (seg[13] & 2) r.syn++;
    if (seg[13] & 1) r.fin++;
    if (seg[13] & 4) r.rst++;
  } else if (p === 17) {
    r.udp++;
    if (seg.length < 8) {
      bad('UDP header cut');
      return;
    }
    const ulen = (seg[4] << 8) | seg[5];
    if (ulen < 8 || ulen > seg.length) {
      bad('UDP length');
      return;
    }
    if (((seg[6] << 8) | seg[7]) !== 0 && in_cksum(seg, 0, ulen, pseudoSum(src, dst, 17, ulen)) !== 0)
      r.badChecksums.push(`frame ${n}: UDP`);
  } else if (p === 1) {
    r.icmp++;
    if (seg.length < 8) {
      bad('ICMP cut');
      return;
    }
    if (in_cksum(seg, 0, seg.length) !== 0) r.badChecksums.push(`frame ${n}: ICMP`);
    // An error quotes an IP header: it must be right too (tshark checks it).
    if ([3, 4, 5, 11, 12].includes(seg[0]) && seg.length >= 28) {
      const qhl = (seg[8] & 15) * 4;
      if (qhl < 20 || 8 + qhl > seg.length) bad('ICMP error quoting a bad header');
      else if (in_cksum(seg, 8, qhl) !== 0) r.badChecksums.push(`frame ${n}: the IP header ICMP quotes`);
    }
  }
}
