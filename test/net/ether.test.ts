/** Ethernet frames: CRC-32 and the FCS, addresses, building frames, wire time in cycles. */
import { describe, expect, it } from 'vitest';
import { CPU_HZ } from '../../emu/machine/sun3.js';
import {
  addressKey,
  appendFcs,
  BIT_CYCLES,
  buildFrame,
  crc32,
  crc32Register,
  ETHERTYPE_ARP,
  fcsOk,
  frameCycles,
  IFG_CYCLES,
  isBroadcast,
  isMulticast,
  MIN_FRAME_CYCLES,
  MIN_SLOT_CYCLES,
  parseFrame,
} from '../../emu/net/ether.js';

describe('CRC-32 and the FCS', () => {
  it('is the IEEE CRC-32 (check value of "123456789" is 0xCBF43926)', () => {
    const s = new TextEncoder().encode('123456789');
    expect(crc32(s)).toBe(0xcbf43926);
    expect(crc32Register(s)).toBe(~0xcbf43926 >>> 0);
  });

  it('goes on the wire low-order byte first, and checks', () => {
    const f = buildFrame({
      dst: 'ff:ff:ff:ff:ff:ff',
      src: '8:0:20:1:2:3',
      type: ETHERTYPE_ARP,
      payload: [1, 2, 3],
    });
    expect(f.length).toBe(60); // payload padded to 46
    const w = appendFcs(f);
    const c = crc32(f);
    expect(Array.from(w.subarray(60))).toEqual([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24]);
    expect(fcsOk(w)).toBe(true);
    expect(crc32(w)).toBe(0x2144df1c); // the CRC of a frame with its FCS is the fixed residue
    w[10] ^= 1;
    expect(fcsOk(w)).toBe(false);
    expect(fcsOk(appendFcs(f, true))).toBe(false);
    expect(fcsOk(new Uint8Array(3))).toBe(false);
  });
});

describe('addresses and headers', () => {
  it('tells broadcast and multicast apart, and reads the header', () => {
    expect(isBroadcast([255, 255, 255, 255, 255, 255])).toBe(true);
    expect(isMulticast([1, 0, 0x5e, 0, 0, 1])).toBe(true);
    expect(isMulticast([8, 0, 0x20, 0, 0, 1])).toBe(false);
    expect(addressKey([8, 0, 0x20, 1, 2, 3])).toBe(0x080020010203);
    const f = buildFrame({
      dst: '8:0:20:0:0:1',
      src: '8:0:20:0:0:2',
      type: 0x0800,
      payload: new Uint8Array(100),
    });
    expect(f.length).toBe(114);
    expect(parseFrame(f)).toEqual({ dst: '8:0:20:0:0:1', src: '8:0:20:0:0:2', type: 0x0800 });
    expect(parseFrame(new Uint8Array(10))).toBe(null);
    expect(() => buildFrame({ dst: '1:2:3', src: '8:0:20:0:0:2', type: 1, payload: [] })).toThrow(
      /Ethernet address/,
    );
  });
});

describe('wire time at 10 Mbit/s', () => {
  it('is 2 cycles a bit on the 20 MHz machine', () => {
    expect(BIT_CYCLES * 10_000_000).toBe(CPU_HZ);
  });

  it('counts the preamble and the frame with its FCS, padded to 64 bytes; the gap is 9.6 µs', () => {
    expect(frameCycles(64)).toBe((8 + 64) * 16); // 57.6 µs
    expect(frameCycles(20)).toBe(frameCycles(64)); // a runt takes a minimum slot
    expect(frameCycles(1518)).toBe((8 + 1518) * 16); // 1220.8 µs
    expect(IFG_CYCLES).toBe(192);
    expect(MIN_FRAME_CYCLES).toBe(1152);
    expect(MIN_SLOT_CYCLES).toBe(1344); // 67.2 µs
  });
});
