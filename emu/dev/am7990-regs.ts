/**
 * AMD Am7990 LANCE: the names of its registers, of the initialization block
 * and of the descriptor bits, in one place for the chip model
 * (emu/dev/am7990.ts) and for the kernel's driver. Names follow the data
 * sheet, prefixed LE_ as the Berkeley and Sun drivers do. Values are 16-bit
 * words as the CPU sees them (the chip reads the init block and descriptors
 * as whole words). docs/machine.md explains each bit.
 *
 * This file holds constants and small pure helpers only.
 */
import { crc32Register } from '../net/ether.js';

// ------------------------------------------------------------ register ports

/** Register data port: the CSR that RAP selects (16 bits). */
export const LE_RDP = 0;
/** Register address port: which CSR (0-3) RDP reaches. */
export const LE_RAP = 2;

export const LE_CSR0 = 0;
export const LE_CSR1 = 1;
export const LE_CSR2 = 2;
export const LE_CSR3 = 3;

// ------------------------------------------------------------ CSR0

/** Error summary: BABL | CERR | MISS | MERR (read-only). */
export const LE_C0_ERR = 0x8000;
/** Babble: a frame longer than 1518 bytes was sent (write 1 to clear). */
export const LE_C0_BABL = 0x4000;
/** Collision error: no heartbeat from the transceiver after a transmission (write 1 to clear; no interrupt). */
export const LE_C0_CERR = 0x2000;
/** Missed frame: one arrived while the chip owned no receive buffer (write 1 to clear). */
export const LE_C0_MISS = 0x1000;
/** Memory error: a DMA cycle got no answer; receiver and transmitter stop (write 1 to clear). */
export const LE_C0_MERR = 0x0800;
/** Receive interrupt: a receive descriptor was handed back (write 1 to clear). */
export const LE_C0_RINT = 0x0400;
/** Transmit interrupt: a transmit descriptor was handed back (write 1 to clear). */
export const LE_C0_TINT = 0x0200;
/** Initialization done (write 1 to clear). */
export const LE_C0_IDON = 0x0100;
/** Interrupt flag: BABL | MISS | MERR | RINT | TINT | IDON (read-only). */
export const LE_C0_INTR = 0x0080;
/** Interrupt enable: the chip's interrupt output is INTR && INEA (read/write). */
export const LE_C0_INEA = 0x0040;
/** Receiver on (read-only). */
export const LE_C0_RXON = 0x0020;
/** Transmitter on (read-only). */
export const LE_C0_TXON = 0x0010;
/** Transmit demand: look at the transmit ring now instead of at the next poll (write 1). */
export const LE_C0_TDMD = 0x0008;
/** Stop: reset the chip; wins over INIT and STRT written with it (write 1). */
export const LE_C0_STOP = 0x0004;
/** Start: turn the receiver and transmitter on (write 1). */
export const LE_C0_STRT = 0x0002;
/** Initialize: read the initialization block (write 1 while stopped). */
export const LE_C0_INIT = 0x0001;

/** The bits a write of 1 clears. */
export const LE_C0_W1C =
  LE_C0_BABL | LE_C0_CERR | LE_C0_MISS | LE_C0_MERR | LE_C0_RINT | LE_C0_TINT | LE_C0_IDON;
/** The bits whose OR is ERR. */
export const LE_C0_ERRBITS = LE_C0_BABL | LE_C0_CERR | LE_C0_MISS | LE_C0_MERR;
/** The bits whose OR is INTR (CERR is not one of them). */
export const LE_C0_INTRBITS = LE_C0_BABL | LE_C0_MISS | LE_C0_MERR | LE_C0_RINT | LE_C0_TINT | LE_C0_IDON;

// ------------------------------------------------------------ CSR1-CSR3

/** CSR1: init block address bits 15-1 (bit 0 reads 0). CSR2: bits 23-16 in bits 7-0. */
export const LE_C1_MASK = 0xfffe;
export const LE_C2_MASK = 0x00ff;

/** CSR3 byte swap: buffer bytes in 68000 (big-endian) order. Sun sets it. */
export const LE_C3_BSWP = 0x0004;
/** CSR3 ALE control: polarity of the address-latch strobe (no effect in the model). */
export const LE_C3_ACON = 0x0002;
/** CSR3 byte control: pin 15 is BM0/BM1 or BYTE/BUSAKO (no effect in the model). */
export const LE_C3_BCON = 0x0001;
export const LE_C3_MASK = 0x0007;

// ------------------------------------------------------------ initialization block

/** Byte offsets of the words of the initialization block (24 bytes, word aligned). */
export const LE_IB_MODE = 0x00;
/** Physical address: three words, the low byte of each holding the earlier octet. */
export const LE_IB_PADR = 0x02;
/** Logical-address (multicast) filter: four words, bit n of the filter is bit n%16 of word n/16. */
export const LE_IB_LADRF = 0x08;
/** Receive ring: address bits 15-3 (8-byte aligned). */
export const LE_IB_RDRA = 0x10;
/** Receive ring: log2(entries) in bits 15-13, address bits 23-16 in bits 7-0. */
export const LE_IB_RLEN = 0x12;
export const LE_IB_TDRA = 0x14;
export const LE_IB_TLEN = 0x16;
export const LE_IB_SIZE = 24;

// MODE bits
/** Promiscuous: accept every frame. */
export const LE_MODE_PROM = 0x8000;
/** Internal loopback (with LOOP): the chip receives its own frames, nothing reaches the wire. */
export const LE_MODE_INTL = 0x0040;
/** Disable retry: give up after the first collision. */
export const LE_MODE_DRTY = 0x0020;
/** Force collision (internal loopback only): tests the collision logic. */
export const LE_MODE_COLL = 0x0010;
/** Disable transmit CRC: the buffer supplies the FCS. */
export const LE_MODE_DTCR = 0x0008;
/** Loopback. */
export const LE_MODE_LOOP = 0x0004;
/** Disable the transmitter. */
export const LE_MODE_DTX = 0x0002;
/** Disable the receiver. */
export const LE_MODE_DRX = 0x0001;

/** Ring length field: log2 of the number of descriptors (0-7: 1 to 128) in bits 15-13. */
export const LE_RLEN_SHIFT = 13;
/** Ring base addresses are 8-byte aligned: the chip ignores bits 2-0. */
export const LE_RING_ALIGN = 8;

// ------------------------------------------------------------ descriptors

/** A descriptor is four 16-bit words. */
export const LE_MD_SIZE = 8;
/** Word offsets: buffer address 15-0; flags and address 23-16; -length; count or status. */
export const LE_MD0 = 0;
export const LE_MD1 = 2;
export const LE_MD2 = 4;
export const LE_MD3 = 6;

// RMD1 (high byte flags, low byte address bits 23-16)
/** The chip owns the descriptor (software sets it last; the chip clears it when done). */
export const LE_R1_OWN = 0x8000;
/** Error summary: FRAM | OFLO | CRC | BUFF. */
export const LE_R1_ERR = 0x4000;
/** Framing error: not a whole number of bytes, and a bad CRC (valid with ENP). */
export const LE_R1_FRAM = 0x2000;
/** Overflow: the receive FIFO lost data that could not be stored (valid without ENP). */
export const LE_R1_OFLO = 0x1000;
/** CRC error (valid with ENP). */
export const LE_R1_CRC = 0x0800;
/** Buffer error: the chip did not own the next buffer of a chained frame. */
export const LE_R1_BUFF = 0x0400;
/** Start of packet: the first buffer of a frame. */
export const LE_R1_STP = 0x0200;
/** End of packet: the last buffer of a frame. */
export const LE_R1_ENP = 0x0100;
export const LE_R1_HADR = 0x00ff;

/** RMD3 message byte count (with the 4-byte FCS), in the ENP descriptor. */
export const LE_R3_MCNT = 0x0fff;

// TMD1
export const LE_T1_OWN = 0x8000;
/** Error summary: one of the TMD3 error bits is set. */
export const LE_T1_ERR = 0x4000;
/** More than one retry was needed (never on a collision-free segment). */
export const LE_T1_MORE = 0x1000;
/** Exactly one retry was needed. */
export const LE_T1_ONE = 0x0800;
/** The chip deferred to other traffic. */
export const LE_T1_DEF = 0x0400;
export const LE_T1_STP = 0x0200;
export const LE_T1_ENP = 0x0100;
export const LE_T1_HADR = 0x00ff;

// TMD3 (written on error)
/** Buffer error: a chained frame's next buffer was not owned; the transmitter turns off. */
export const LE_T3_BUFF = 0x8000;
/** Underflow: the frame was cut short because data did not arrive in time. */
export const LE_T3_UFLO = 0x4000;
/** Late collision. */
export const LE_T3_LCOL = 0x1000;
/** Loss of carrier: the transceiver did not hear the frame (no cable). */
export const LE_T3_LCAR = 0x0800;
/** Retry error: 16 collisions in a row (1 with DRTY). */
export const LE_T3_RTRY = 0x0400;
/** Time-domain reflectometry count (100 ns units) at a collision or carrier loss. */
export const LE_T3_TDR = 0x03ff;

/** Descriptor word 2 for a buffer of `len` bytes (1-4096): the two's complement, top four bits set. */
export function leBcnt(len: number): number {
  return (0xf000 | (-len & 0x0fff)) & 0xffff;
}

/** The buffer length a descriptor's word 2 gives (1-4096: a count field of 0 means 4096). */
export function leBufferLength(md2: number): number {
  return 0x1000 - (md2 & 0x0fff);
}

/** Ring length word: log2 of `entries` (1, 2, 4 ... 128) in bits 15-13, address bits 23-16 below. */
export function leRingLength(entries: number, addr: number): number {
  const log2 = Math.log2(entries);
  if (!Number.isInteger(log2) || log2 < 0 || log2 > 7)
    throw new Error(`LANCE ring length must be 1, 2, 4 ... 128 (got ${entries})`);
  return ((log2 << LE_RLEN_SHIFT) | ((addr >>> 16) & 0xff)) & 0xffff;
}

/**
 * Which of the 64 bits of the logical-address filter a multicast address
 * selects: the six high-order bits of the CRC register after the address
 * (not inverted). Bit n is bit n % 16 of init-block word LE_IB_LADRF + 2 * (n >> 4).
 */
export function leLadrfIndex(addr: ArrayLike<number>, off = 0): number {
  const a = [addr[off], addr[off + 1], addr[off + 2], addr[off + 3], addr[off + 4], addr[off + 5]];
  return crc32Register(a) >>> 26;
}
