/**
 * Captures in the classic pcap format (libpcap 2.4, microsecond
 * timestamps, link type 1 = Ethernet), which tcpdump, tshark and Wireshark
 * read. Frames are stored without their FCS, as capture tools expect.
 *
 * Timestamps are emulated time: the frame's cycle converted to
 * microseconds, plus an optional epoch (the lab's time of day at cycle 0),
 * never the host's clock. Each record goes to the file in one write as
 * soon as it is made, so a process killed mid-run leaves a file that is
 * valid up to its last whole record.
 *
 *   const pcap = PcapWriter.create('lab.pcap', { epochMs });
 *   segment.capture(pcap);
 *   ...
 *   pcap.close();
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { BIT_CYCLES } from './ether.js';
import type { FrameSink } from './segment.js';

export const PCAP_MAGIC = 0xa1b2c3d4;
export const LINKTYPE_ETHERNET = 1;
export const PCAP_SNAPLEN = 65535;
const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;
/** Cycles per microsecond: 10 bits at 10 Mbit/s. */
const CYCLES_PER_US = 10 * BIT_CYCLES;

export interface PcapOptions {
  /** Time of day at cycle 0, ms since 1970 (default 0: timestamps count from power-on). */
  epochMs?: number;
}

export class PcapWriter implements FrameSink {
  private readonly epochUs: number;
  /** Records written. */
  records = 0;

  /** A capture that hands each chunk of bytes (the header, then one per record) to `out`. */
  constructor(
    private readonly out: (chunk: Uint8Array) => void,
    opts: PcapOptions = {},
  ) {
    const e = opts.epochMs ?? 0;
    if (!Number.isSafeInteger(e) || e < 0)
      throw new Error(`pcap: epochMs must be a whole number of ms (got ${e})`);
    this.epochUs = e * 1000;
    const h = new DataView(new ArrayBuffer(GLOBAL_HEADER));
    h.setUint32(0, PCAP_MAGIC, true);
    h.setUint16(4, 2, true); // version 2.4
    h.setUint16(6, 4, true);
    h.setInt32(8, 0, true); // GMT
    h.setUint32(12, 0, true); // accuracy
    h.setUint32(16, PCAP_SNAPLEN, true);
    h.setUint32(20, LINKTYPE_ETHERNET, true);
    out(new Uint8Array(h.buffer));
  }

  /** A capture written to the file `path` (created or truncated); each record is written at once. */
  static create(path: string, opts: PcapOptions = {}): PcapWriter & { close(): void } {
    const fd = openSync(path, 'w');
    const w = new PcapWriter((chunk) => {
      writeSync(fd, chunk);
    }, opts) as PcapWriter & { close(): void };
    w.close = () => closeSync(fd);
    return w;
  }

  /** One frame (without FCS) seen at emulated cycle `cycle`. */
  record(frame: Uint8Array, cycle: number): void {
    const us = this.epochUs + Math.floor(cycle / CYCLES_PER_US);
    const caplen = Math.min(frame.length, PCAP_SNAPLEN);
    const rec = new Uint8Array(RECORD_HEADER + caplen);
    const v = new DataView(rec.buffer);
    v.setUint32(0, Math.floor(us / 1e6), true);
    v.setUint32(4, us % 1e6, true);
    v.setUint32(8, caplen, true);
    v.setUint32(12, frame.length, true);
    rec.set(frame.subarray(0, caplen), RECORD_HEADER);
    this.out(rec);
    this.records++;
  }
}

export interface PcapRecord {
  /** Seconds and microseconds. */
  sec: number;
  usec: number;
  /** The bytes captured, and the frame's length on the wire (without FCS). */
  data: Uint8Array;
  origLen: number;
}

export interface PcapFile {
  linktype: number;
  snaplen: number;
  records: PcapRecord[];
  /** Bytes after the last whole record (a capture cut short). */
  trailing: number;
}

/** Read a classic pcap file (either byte order, microsecond or nanosecond magic). */
export function readPcap(bytes: Uint8Array): PcapFile {
  if (bytes.length < GLOBAL_HEADER) throw new Error('pcap: file shorter than its header');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = v.getUint32(0, true);
  let le: boolean;
  let nano = false;
  if (magic === PCAP_MAGIC || magic === 0xa1b23c4d) {
    le = true;
    nano = magic !== PCAP_MAGIC;
  } else if (v.getUint32(0, false) === PCAP_MAGIC || v.getUint32(0, false) === 0xa1b23c4d) {
    le = false;
    nano = v.getUint32(0, false) !== PCAP_MAGIC;
  } else throw new Error('pcap: bad magic number');
  const snaplen = v.getUint32(16, le);
  const linktype = v.getUint32(20, le);
  const records: PcapRecord[] = [];
  let p = GLOBAL_HEADER;
  while (p + RECORD_HEADER <= bytes.length) {
    const incl = v.getUint32(p + 8, le);
    if (p + RECORD_HEADER + incl > bytes.length) break;
    const frac = v.getUint32(p + 4, le);
    records.push({
      sec: v.getUint32(p, le),
      usec: nano ? Math.floor(frac / 1000) : frac,
      data: bytes.slice(p + RECORD_HEADER, p + RECORD_HEADER + incl),
      origLen: v.getUint32(p + 12, le),
    });
    p += RECORD_HEADER + incl;
  }
  return { linktype, snaplen, records, trailing: bytes.length - p };
}
