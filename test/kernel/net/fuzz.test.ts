/**
 * Bad input never reaches the host: a third station on the hub sends a
 * booted machine random and truncated frames, bad checksums, impossible
 * header lengths, overlapping and endless fragments, ARP nonsense and a
 * flood of SYNs (fuzzframes.ts). The machine stays up, its queues stay
 * within their bounds, the host's memory does not grow by 50 MB, and once
 * the half-open connections have timed out it answers ping and moves data
 * again. (test/long runs the same with many more frames.)
 */
import { describe, expect, it } from 'vitest';
import { IPQ_MAXBYTES } from '../../../kernel/net/ip_input.js';
import { fuzzMachine } from './fuzzframes.js';

describe('a machine under bad input', () => {
  it('stays up, bounded, and answers afterwards', () => {
    const { lab, fz, growth, maxSockets, maxIpq, daemonSockets } = fuzzMachine(8000, 2000, 11);
    expect(fz.counts.size).toBeGreaterThanOrEqual(9);
    const k = lab.stations[1].kernel;
    expect(k.halted).toBe(false);
    expect(lab.consoles()[1]).not.toMatch(/panic/);
    // Beside inetd's servers, netxfer's listener and its queue: 3/2 of its backlog of 5; the reassembly queue: 64 KB.
    expect(daemonSockets).toBeGreaterThan(0);
    expect(maxSockets).toBeLessThanOrEqual(daemonSockets + 1 + 7);
    expect(maxIpq).toBeLessThanOrEqual(IPQ_MAXBYTES);
    expect(k.net.tcpstat.tcps_listendrop).toBeGreaterThan(0);
    expect(k.net.ipstat.ips_badsum + k.net.ipstat.ips_badhlen + k.net.ipstat.ips_badvers).toBeGreaterThan(0);
    expect(growth).toBeLessThan(50 * 1024 * 1024);
    // The half-open connections give up after 75 s; then the machine serves again.
    lab.wait(80);
    expect(lab.type(0, 'ping -c 2 sun1')).toContain('2 packets received');
    const out = lab.type(0, '/tests/netxfer -c sun1 -n 100000', 60);
    expect(out).toContain('data ok');
  });
});
