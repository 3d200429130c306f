/**
 * Long network campaigns (npm run test:long): the frame fuzz of the default
 * suite with many more frames and several seeds, a SYN flood of 100,000, and
 * TCP transfers of several megabytes each way through loss, duplication and
 * reordering, byte-exact, with clean captures.
 */
import { describe, expect, it } from 'vitest';
import { IPQ_MAXBYTES } from '../../kernel/net/ip_input.js';
import { checkCapture } from '../kernel/net/capture.js';
import { fuzzMachine } from '../kernel/net/fuzzframes.js';
import { pair } from '../kernel/net/pair.js';

describe('frame fuzz, long', () => {
  it.each([1, 2, 3])(
    'seed %i: 150,000 bad frames and 50,000 SYNs; the machine stays up and answers',
    (seed) => {
      const { lab, growth, maxSockets, maxIpq, daemonSockets } = fuzzMachine(150_000, 50_000, seed);
      expect(lab.stations[1].kernel.halted).toBe(false);
      expect(maxSockets).toBeLessThanOrEqual(daemonSockets + 8);
      expect(maxIpq).toBeLessThanOrEqual(IPQ_MAXBYTES);
      expect(growth).toBeLessThan(50 * 1024 * 1024);
      lab.wait(80);
      expect(lab.type(0, 'ping -c 2 sun1')).toContain('2 packets received');
      expect(lab.type(0, '/tests/netxfer -c sun1 -n 100000', 60)).toContain('data ok');
    },
  );
});

describe('TCP transfers under faults, long', () => {
  it.each([
    { loss: 0.1, duplicate: 0.05, jitter: 40_000, seed: 21, mb: 8 },
    { loss: 0.2, duplicate: 0.1, jitter: 100_000, seed: 22, mb: 2 },
    { loss: 0.05, duplicate: 0.2, jitter: 200_000, seed: 23, mb: 4 },
  ])('%o: each way byte-exact', ({ mb, ...faults }) => {
    const lab = pair(faults);
    const n = mb << 20;
    lab.background(1, `/tests/netxfer -s -n ${n}`);
    const out = lab.type(0, `/tests/netxfer -c sun1 -n ${n}`, 7200);
    expect(out).toContain('data ok');
    // The server says so once the client's FIN has come, which loss may make it resend (RTO backoff).
    lab.until(() => lab.consoles()[1].includes('data ok'), 60);
    expect(lab.consoles()[1]).toContain('data ok');
    const r = checkCapture(lab.pcap());
    expect(r.malformed).toEqual([]);
    expect(r.badChecksums).toEqual([]);
  });
});
