/**
 * rstatd's numbers are the kernel's real counters: with three
 * compute-bound programs on one machine for five emulated minutes, `rup`
 * on the other machine shows a 1-minute load of 3.0 ± 0.1, the same as the
 * loaded machine's own `uptime` (docs/rpc.md). Two machines (sun0 loaded,
 * sun1 asking) booted from the committed image; about 600 emulated
 * machine-seconds, too long for `npm test`.
 */
import { describe, expect, it } from 'vitest';
import { pair } from '../kernel/net/pair.js';
import { loads, sameLoads } from '../kernel/net/uptime.js';

describe('rup against the real load', () => {
  it('three programs computing for five minutes: rup from the other machine says 3.0, as uptime does', () => {
    const lab = pair();
    for (let i = 0; i < 3; i++) lab.type(0, '/tests/matmul 1000000 > /dev/null &');
    lab.wait(300);
    const rup = lab.type(1, 'rup sun0');
    const up = lab.type(0, 'uptime');
    const [one, five, fifteen] = loads(rup);
    expect(Math.abs(one - 3)).toBeLessThanOrEqual(0.1);
    // 5- and 15-minute averages after five minutes of 3: 3(1 - 1/e) and 3(1 - e^(-1/3)).
    expect(Math.abs(five - 3 * (1 - Math.exp(-1)))).toBeLessThan(0.05);
    expect(Math.abs(fifteen - 3 * (1 - Math.exp(-1 / 3)))).toBeLessThan(0.05);
    sameLoads(rup, up);
    // perfmeter's text, from sun0's CPU-state counters: busy all the time.
    const pm = lab.type(1, 'perfmeter -s 5 -c 1 sun0', 30);
    const cpu = /^\s*(\d+)\s/m.exec(pm.slice(pm.indexOf('cntxt')));
    expect(cpu, pm).not.toBeNull();
    expect(Number(cpu?.[1])).toBeGreaterThanOrEqual(95);
  });
});
