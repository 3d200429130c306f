/**
 * An Ethernet frame in one line, for the network trace (ktrace.ts's `net`
 * class), in the spirit of tcpdump and etherfind: addresses, then ARP, or
 * IP with its protocol (ICMP type, UDP ports and length, TCP ports, flags,
 * sequence and acknowledgment numbers).
 */

function ether(b: Uint8Array, at: number): string {
  return Array.from(b.subarray(at, at + 6), (x) => x.toString(16)).join(':');
}

function ip(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

function u16(b: Uint8Array, at: number): number {
  return (b[at] << 8) | b[at + 1];
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

const TCP_FLAGS: [number, string][] = [
  [0x02, 'SYN'],
  [0x01, 'FIN'],
  [0x04, 'RST'],
  [0x08, 'PSH'],
  [0x10, 'ACK'],
  [0x20, 'URG'],
];

const ICMP_TYPES: Record<number, string> = {
  0: 'echo reply',
  3: 'unreachable',
  5: 'redirect',
  8: 'echo request',
  11: 'time exceeded',
};

/** The IP datagram at `at` (its header and what it carries). */
function ipText(b: Uint8Array, at: number): string {
  if (b.length < at + 20) return 'IP (short)';
  const hl = (b[at] & 0xf) * 4;
  const len = u16(b, at + 2);
  const frag = u16(b, at + 6);
  const proto = b[at + 9];
  const src = ip(b, at + 12);
  const dst = ip(b, at + 16);
  const t = at + hl;
  const fragment = frag & 0x3fff ? ` fragment offset ${(frag & 0x1fff) * 8}${frag & 0x2000 ? '+' : ''}` : '';
  if (frag & 0x1fff || b.length < t + 8) return `IP ${src} > ${dst} proto ${proto} length ${len}${fragment}`;
  switch (proto) {
    case 1:
      return `ICMP ${src} > ${dst} ${ICMP_TYPES[b[t]] ?? `type ${b[t]}`}${fragment}`;
    case 17:
      return `UDP ${src}.${u16(b, t)} > ${dst}.${u16(b, t + 2)} length ${u16(b, t + 4) - 8}${fragment}`;
    case 6: {
      if (b.length < t + 20) return `TCP ${src} > ${dst} (short)`;
      const flags = TCP_FLAGS.filter(([bit]) => b[t + 13] & bit).map(([, n]) => n);
      const data = len - hl - (b[t + 12] >> 4) * 4;
      const ack = b[t + 13] & 0x10 ? ` ack ${u32(b, t + 8)}` : '';
      return (
        `TCP ${src}.${u16(b, t)} > ${dst}.${u16(b, t + 2)} [${flags.join(',') || '.'}] ` +
        `seq ${u32(b, t + 4)}${ack} win ${u16(b, t + 14)} length ${data}${fragment}`
      );
    }
    default:
      return `IP ${src} > ${dst} proto ${proto} length ${len}${fragment}`;
  }
}

/** A frame sent (`out`) or received (`in`) by interface `ifname`, in one line. */
export function frameText(ifname: string, dir: 'in' | 'out', b: Uint8Array, len: number): string {
  if (len < 14) return `${ifname} ${dir} runt frame, ${len} bytes`;
  const head = `${ifname} ${dir} ${ether(b, 6)} > ${ether(b, 0)} ${len} bytes:`;
  const type = u16(b, 12);
  if (type === 0x0800) return `${head} ${ipText(b, 14)}`;
  if (type === 0x0806 && len >= 42) {
    const op = u16(b, 20);
    if (op === 1) return `${head} ARP who-has ${ip(b, 38)} tell ${ip(b, 28)}`;
    if (op === 2) return `${head} ARP reply ${ip(b, 28)} is-at ${ether(b, 22)}`;
    return `${head} ARP op ${op}`;
  }
  return `${head} type 0x${type.toString(16).padStart(4, '0')}`;
}
