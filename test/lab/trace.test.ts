/**
 * A lab's trace (docs/tracing.md): with traceWhat, every machine's trace
 * lines are `trace` events of the lab's stream, checked against the schema
 * as they come, and ordered with the rest by emulated time. Here the frames
 * of a TCP handshake, seen leaving one machine and reaching the other.
 */
import { describe, expect, it } from 'vitest';
import { execs, startLab } from './helpers.js';

describe('the trace of a lab', () => {
  it("puts each machine's trace lines in the event stream: the frames of rsh's handshake", () => {
    const run = startLab(
      { count: { value: 2, where: '--machines' }, exec: execs('sun0:rsh sun1 echo hi') },
      { traceWhat: ['net'] },
    );
    run.settle();
    const net = run.events.filter((e) => e.type === 'trace');
    expect(net.every((e) => e.class === 'net' && e.pid === -1)).toBe(true);
    const syn =
      /^le0 (out|in) 8:0:20:0:0:1 > 8:0:20:0:0:2 \d+ bytes: TCP 192\.9\.200\.1\.\d+ > 192\.9\.200\.2\.514 \[SYN\] /;
    const synack =
      /^le0 (out|in) 8:0:20:0:0:2 > 8:0:20:0:0:1 \d+ bytes: TCP 192\.9\.200\.2\.514 > 192\.9\.200\.1\.\d+ \[SYN,ACK\] /;
    const at = (m: string, re: RegExp) => net.findIndex((e) => e.machine === m && re.test(e.text as string));
    const order = [at('sun0', syn), at('sun1', syn), at('sun1', synack), at('sun0', synack)];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(net[order[0]].text).toMatch(/^le0 out /);
    expect(net[order[1]].text).toMatch(/^le0 in /);
  });
});
