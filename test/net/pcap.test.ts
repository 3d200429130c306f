/** pcap captures: the classic format, emulated timestamps, one write per record, readable after a kill. */
import { mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendFcs, buildFrame } from '../../emu/net/ether.js';
import { LINKTYPE_ETHERNET, PcapWriter, readPcap } from '../../emu/net/pcap.js';
import { Segment } from '../../emu/net/segment.js';

const dir = mkdtempSync(join(tmpdir(), 'sun3lab-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function frame(tag: number, n = 46): Uint8Array {
  return buildFrame({
    dst: 'ff:ff:ff:ff:ff:ff',
    src: '8:0:20:0:0:1',
    type: 0x88b5,
    payload: new Uint8Array(n).fill(tag),
  });
}

describe('PcapWriter', () => {
  it('writes the global header, then one chunk per record, with emulated timestamps', () => {
    const chunks: Uint8Array[] = [];
    const w = new PcapWriter((c) => chunks.push(Uint8Array.from(c)), { epochMs: Date.UTC(1990, 0, 1) });
    w.record(frame(1), 20_000_000 + 30); // 1 s + 1.5 µs
    w.record(frame(2, 1000), 41_000_000);
    expect(chunks.map((c) => c.length)).toEqual([24, 16 + 60, 16 + 1014]);
    const file = readPcap(new Uint8Array(Buffer.concat(chunks)));
    expect(file.linktype).toBe(LINKTYPE_ETHERNET);
    expect(file.snaplen).toBe(65535);
    expect(file.trailing).toBe(0);
    const epoch = Date.UTC(1990, 0, 1) / 1000;
    expect(file.records.map((r) => [r.sec - epoch, r.usec, r.data.length, r.origLen])).toEqual([
      [1, 1, 60, 60],
      [2, 50_000, 1014, 1014],
    ]);
    expect(file.records[1].data).toEqual(frame(2, 1000));
    expect(() => new PcapWriter(() => {}, { epochMs: -1 })).toThrow(/epochMs/);
  });

  it('a file cut in the middle of a record is still valid up to the last whole one', () => {
    const path = join(dir, 'cut.pcap');
    const w = PcapWriter.create(path);
    for (let k = 0; k < 5; k++) w.record(frame(k), k * 100_000);
    expect(readFileSync(path).length).toBe(24 + 5 * 76); // every record is on disk as soon as it is made
    w.close();
    truncateSync(path, 24 + 4 * 76 + 30);
    const file = readPcap(new Uint8Array(readFileSync(path)));
    expect(file.records.length).toBe(4);
    expect(file.trailing).toBe(30);
    expect(file.records.map((r) => r.usec)).toEqual([0, 5000, 10_000, 15_000]);
  });

  it('a segment captures frames without their FCS, as they went on the medium', () => {
    const seg = new Segment();
    const chunks: Uint8Array[] = [];
    seg.capture(new PcapWriter((c) => chunks.push(Uint8Array.from(c))));
    const a = seg.attach(0);
    seg.attach(1).receiver = () => {};
    a.send(appendFcs(frame(7)), 2000);
    a.send(appendFcs(frame(8)), 2100); // waits for the medium: captured when it goes on
    seg.flush(2200);
    const recs = readPcap(new Uint8Array(Buffer.concat(chunks))).records;
    expect(recs.map((r) => r.data)).toEqual([frame(7), frame(8)]);
    expect(recs.map((r) => r.usec)).toEqual([100, 100 + 67]); // 2000 cycles; + 1344 cycles = 67.2 µs
  });
});
