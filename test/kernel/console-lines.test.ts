/**
 * Several processes writing lines to the console at once (/tests/ttywrite:
 * four writers, forty lines each, one write a line): 4.3BSD's output
 * high- and low-water marks, and writes taken into the queue 100 bytes at
 * a time, keep every line whole — no line is broken by another writer's
 * bytes, as the old driver did when a writer woken at the drain mark got
 * only the room that was left (`pid  2: mkdirpppppppppppp`).
 */
import { describe, expect, it } from 'vitest';
import { rootImage, runOn } from './helpers.js';

describe('the console with several writers', () => {
  it('keeps every line whole', () => {
    const r = runOn(rootImage(), '/bin/sh', ['sh', '-c', '/tests/ttywrite']);
    expect(r.output).toContain('ttywrite: PASS');
    // Everything but the test's own report: the writers' lines, each whole.
    const writers = r.output
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('PASS:') && !l.startsWith('ttywrite:'));
    expect(writers).toHaveLength(4 * 40);
    for (const l of writers) expect(l).toMatch(/^writer (\d) line \d\d \.+$/);
    for (const l of writers) {
      const w = Number(l[7]);
      expect(l.length).toBe(17 + 40 + 10 * w);
    }
    // and they did run at the same time: the writers' lines are interleaved
    const order = writers.map((l) => l[7]).join('');
    expect(order).not.toBe([...order].sort().join(''));
  });
});
