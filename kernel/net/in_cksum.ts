/**
 * The Internet checksum (4.4BSD's in_cksum.c; RFC 1071): the one's
 * complement of the one's complement sum of the data taken as 16-bit
 * big-endian words, an odd last byte padded with a zero. IP checks its
 * header with it, ICMP its whole message; a receiver that sums data
 * together with the checksum field gets 0.
 */

/** The checksum of `len` bytes of `buf` from `off`; `sum` carries a partial sum in (a pseudo-header). */
export function in_cksum(buf: Uint8Array, off: number, len: number, sum = 0): number {
  let i = off;
  const end = off + len;
  for (; i + 1 < end; i += 2) sum += (buf[i] << 8) | buf[i + 1];
  if (i < end) sum += buf[i] << 8;
  // Fold the carries back in until none is left (end-around carry).
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}
