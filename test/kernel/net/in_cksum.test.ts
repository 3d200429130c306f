/** The Internet checksum (RFC 1071) over byte ranges. */
import { describe, expect, it } from 'vitest';
import { in_cksum } from '../../../kernel/net/in_cksum.js';

const bytes = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

describe('in_cksum', () => {
  it("gives RFC 1071's example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, checksum 220d", () => {
    expect(in_cksum(bytes('0001f203f4f5f6f7'), 0, 8)).toBe(0x220d);
  });

  it('checks a real IP header: the sum with the checksum field in is 0', () => {
    const hdr = bytes('450000730000400040110000c0a80001c0a800c7');
    const sum = in_cksum(hdr, 0, 20);
    expect(sum).toBe(0xb861);
    hdr[10] = sum >> 8;
    hdr[11] = sum & 0xff;
    expect(in_cksum(hdr, 0, 20)).toBe(0);
    hdr[15] ^= 1; // one bit flipped: no longer 0
    expect(in_cksum(hdr, 0, 20)).not.toBe(0);
  });

  it('pads an odd last byte with zero, and works on a range of a larger buffer', () => {
    const b = bytes('ff0102030405ff');
    expect(in_cksum(b, 1, 5)).toBe(in_cksum(bytes('0102030405'), 0, 5));
    expect(in_cksum(bytes('0102030405'), 0, 5)).toBe(in_cksum(bytes('010203040500'), 0, 6));
  });

  it('folds every carry back in, even over 64 KB of ones', () => {
    const big = new Uint8Array(65535).fill(0xff);
    expect(in_cksum(big, 0, big.length)).toBe(0xff); // words of ones sum to ffff, plus ff00: ff00
    expect(in_cksum(new Uint8Array(0), 0, 0)).toBe(0xffff);
    expect(in_cksum(bytes('0001'), 0, 2, 0xffff)).toBe(0xfffe);
  });
});
