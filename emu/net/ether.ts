/**
 * Ethernet II frames at 10 Mbit/s: addresses, the frame check sequence
 * (CRC-32) and the time a frame takes on the wire.
 *
 * A frame here is what goes between two stations: destination address,
 * source address, type, payload and, on the wire, the 4-byte FCS. The
 * preamble and start delimiter are not stored, but counted in the wire time.
 *
 * The FCS is the IEEE 802.3 CRC-32 (polynomial 0x04C11DB7, computed
 * least-significant bit first from an all-ones register, sent inverted,
 * low-order byte first). Checking a frame's FCS is recomputing it over the
 * bytes before it.
 *
 * Times are in CPU cycles of the 20 MHz Sun-3/60: one bit at 10 Mbit/s is
 * 2 cycles, one byte 16.
 */
import { formatEthernet, parseEthernet } from '../mmu/idprom.js';

export { formatEthernet, parseEthernet };

/** Destination (6), source (6), type (2). */
export const ETHER_HDR_LEN = 14;
export const ETHER_ADDR_LEN = 6;
export const ETHER_FCS_LEN = 4;
/** Shortest legal frame with its FCS (46 bytes of payload). */
export const ETHER_MIN_LEN = 64;
/** Longest legal frame with its FCS (1500 bytes of payload). */
export const ETHER_MAX_LEN = 1518;
export const ETHER_MIN_PAYLOAD = 46;
export const ETHER_MAX_PAYLOAD = 1500;

export const ETHERTYPE_IP = 0x0800;
export const ETHERTYPE_ARP = 0x0806;

export const BROADCAST: Readonly<Uint8Array> = new Uint8Array(6).fill(0xff);

/** CPU cycles per bit at 10 Mbit/s (the CPU runs at 20 MHz). */
export const BIT_CYCLES = 2;
/** Preamble and start-of-frame delimiter: 8 bytes. */
export const PREAMBLE_BITS = 64;
/** Inter-frame gap: 96 bit times (9.6 µs). */
export const IFG_BITS = 96;
export const IFG_CYCLES = IFG_BITS * BIT_CYCLES;

/**
 * Cycles from the first bit of the preamble to the last bit of the FCS of
 * a frame of `len` bytes (FCS included). A frame shorter than the minimum
 * counts as a minimum frame: the payload is padded to 46 bytes.
 */
export function frameCycles(len: number): number {
  return (PREAMBLE_BITS + 8 * Math.max(len, ETHER_MIN_LEN)) * BIT_CYCLES;
}

/** The shortest time a frame can occupy the wire (57.6 µs), and with the gap that must follow it (67.2 µs). */
export const MIN_FRAME_CYCLES = frameCycles(ETHER_MIN_LEN);
export const MIN_SLOT_CYCLES = MIN_FRAME_CYCLES + IFG_CYCLES;

// ------------------------------------------------------------ addresses

export function isBroadcast(a: ArrayLike<number>, off = 0): boolean {
  for (let i = 0; i < 6; i++) if (a[off + i] !== 0xff) return false;
  return true;
}

/** Group addresses (multicast and broadcast) have the low bit of the first octet set. */
export function isMulticast(a: ArrayLike<number>, off = 0): boolean {
  return (a[off] & 1) !== 0;
}

export function sameAddress(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff = 0): boolean {
  for (let i = 0; i < 6; i++) if (a[aOff + i] !== b[bOff + i]) return false;
  return true;
}

/** A station address as a number (48 bits fit a double exactly), for maps. */
export function addressKey(a: ArrayLike<number>, off = 0): number {
  let k = 0;
  for (let i = 0; i < 6; i++) k = k * 256 + a[off + i];
  return k;
}

// ------------------------------------------------------------ CRC-32

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/**
 * The CRC register after `data[start..end)`, starting from all ones and
 * not inverted at the end (the LANCE's multicast hash uses this form).
 */
export function crc32Register(data: ArrayLike<number>, start = 0, end = data.length): number {
  let c = -1;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return c >>> 0;
}

/** The frame check sequence of `data[start..end)` (the standard CRC-32). */
export function crc32(data: ArrayLike<number>, start = 0, end = data.length): number {
  return ~crc32Register(data, start, end) >>> 0;
}

/**
 * `frame` followed by its FCS, low-order byte first as it goes on the wire;
 * with `bad`, the FCS inverted (what a controller sends to spoil a frame it
 * had to cut short).
 */
export function appendFcs(frame: Uint8Array, bad = false): Uint8Array {
  const out = new Uint8Array(frame.length + ETHER_FCS_LEN);
  out.set(frame);
  const c = bad ? ~crc32(frame) : crc32(frame);
  const n = frame.length;
  out[n] = c;
  out[n + 1] = c >>> 8;
  out[n + 2] = c >>> 16;
  out[n + 3] = c >>> 24;
  return out;
}

/** Whether the last four bytes of `frame` are the FCS of the rest. */
export function fcsOk(frame: Uint8Array): boolean {
  const n = frame.length - ETHER_FCS_LEN;
  if (n < 0) return false;
  const c = crc32(frame, 0, n);
  return (
    frame[n] === (c & 0xff) &&
    frame[n + 1] === ((c >>> 8) & 0xff) &&
    frame[n + 2] === ((c >>> 16) & 0xff) &&
    frame[n + 3] === c >>> 24
  );
}

// ------------------------------------------------------------ building and reading frames

export interface EtherFields {
  dst: ArrayLike<number> | string;
  src: ArrayLike<number> | string;
  type: number;
  payload: ArrayLike<number>;
}

function address(a: ArrayLike<number> | string): ArrayLike<number> {
  const b = typeof a === 'string' ? parseEthernet(a) : a;
  if (b.length !== ETHER_ADDR_LEN) throw new Error('an Ethernet address has 6 bytes');
  return b;
}

/**
 * An Ethernet II frame without its FCS, the payload padded with zeros to
 * 46 bytes as drivers pad short frames.
 */
export function buildFrame(f: EtherFields): Uint8Array {
  if (!Number.isInteger(f.type) || f.type < 0 || f.type > 0xffff) throw new Error('bad Ethernet type');
  const plen = Math.max(f.payload.length, ETHER_MIN_PAYLOAD);
  const out = new Uint8Array(ETHER_HDR_LEN + plen);
  out.set(address(f.dst), 0);
  out.set(address(f.src), 6);
  out[12] = f.type >>> 8;
  out[13] = f.type;
  out.set(f.payload, ETHER_HDR_LEN);
  return out;
}

/** The header of a frame (with or without its FCS); null if it is shorter than a header. */
export function parseFrame(frame: Uint8Array): { dst: string; src: string; type: number } | null {
  if (frame.length < ETHER_HDR_LEN) return null;
  return {
    dst: formatEthernet(frame.subarray(0, 6)),
    src: formatEthernet(frame.subarray(6, 12)),
    type: (frame[12] << 8) | frame[13],
  };
}
