/** Reading what `uptime`, `rup` and perfmeter print, for the tests of the load average over RPC. */
import { expect } from 'vitest';

/** The 1-, 5- and 15-minute load averages of an `uptime` or `rup` line. */
export function loads(line: string): number[] {
  const m = /load average: (\d+\.\d\d), (\d+\.\d\d), (\d+\.\d\d)/.exec(line);
  expect(m, line).not.toBeNull();
  return [1, 2, 3].map((i) => Number(m?.[i]));
}

/** rup's numbers (RPC, 256ths) and uptime's (getloadavg, 2048ths) are the same kernel numbers, to the hundredth. */
export function sameLoads(rup: string, uptime: string): void {
  const theirs = loads(uptime);
  loads(rup).forEach((l, i) => {
    expect(Math.abs(l - theirs[i])).toBeLessThan(0.0101);
  });
}
