/**
 * Larger labs, too long for the default suite: 16 machines pinging round a
 * ring through faults, the same twice and in reverse; the largest lab (64
 * machines) booting, every one of them named in every /etc/hosts; and an
 * hour of emulated time on an idle lab, which --fast makes cheap.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LabInput } from '../../emu/lab/lab-config.js';
import { execs, SECOND, startLab } from '../lab/helpers.js';

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

function ring(n: number): LabInput {
  const cmds: string[] = [];
  for (let i = 0; i < n; i++) cmds.push(`sun${i}:ping -c 4 sun${(i + 1) % n}`);
  return {
    seed: 'ring',
    count: { value: n, where: '--machines' },
    faults: {
      loss: { value: 0.05, where: '--net-loss' },
      duplicate: { value: 0.05, where: '--net-duplicate' },
      corrupt: { value: 0.05, where: '--net-corrupt' },
      jitter: { value: 10_000, where: '--net-jitter' },
    },
    exec: execs(...cmds),
  };
}

describe('large labs', () => {
  it('16 machines ping round a ring through every fault: each hears its neighbour; the same bytes twice and in reverse', () => {
    const runs = [false, false, true].map((reverse) => {
      const run = startLab(ring(16), { reverse });
      run.settle(300);
      return run;
    });
    const [a, b, r] = runs;
    for (let i = 0; i < 16; i++)
      expect(a.console(`sun${i}`).join('\n')).toMatch(
        new RegExp(`bytes from 192\\.9\\.200\\.${((i + 1) % 16) + 1}:`),
      );
    const st = a.lab.segments[0].stats;
    expect(st.lost * st.duplicated * st.corrupted * st.reordered).toBeGreaterThan(0);
    for (const x of [b, r]) {
      expect(x.eventText()).toBe(a.eventText());
      expect(sha(x.pcap())).toBe(sha(a.pcap()));
      expect(x.lines).toEqual(a.lines);
    }
  });

  it('64 machines, the most a lab takes: all boot, and the last one knows and reaches the first', () => {
    const run = startLab({
      count: { value: 64, where: '--machines' },
      exec: execs('sun63:ping -c 1 sun0', 'sun63:cat /etc/hosts'),
    });
    run.settle(300);
    const out = run.console('sun63');
    expect(out).toContain('1 packets transmitted, 1 packets received, 0% packet loss');
    expect(out).toContain('192.9.200.64\tsun63');
    expect(out).toContain('192.9.200.1\tsun0');
    expect(run.events.filter((e) => e.type === 'ready').length).toBe(64);
  });

  it('an hour of emulated time on an idle lab takes seconds of host time, and the load averages decay', () => {
    const run = startLab({
      count: { value: 3, where: '--machines' },
      exec: execs('sun0:/tests/matmul > /dev/null'),
    });
    run.runUntil(() => run.lab.settled, 120);
    const t = performance.now();
    run.lab.runTo(run.lab.now + 3600 * SECOND);
    const ms = performance.now() - t;
    expect(ms).toBeLessThan(120_000);
    const s = run.lab.snapshot(0);
    expect(s.load[0]).toBeLessThan(0.01);
    expect(s.state).toBe('up');
    const stats = run.events.filter((e) => e.type === 'stats' && e.machine === 'sun0');
    expect(stats.length).toBeGreaterThan(3600);
  });
});
