/**
 * A guest's largest file must not cost the host: tests/bigfile makes a
 * sparse file of 0x7fffffff bytes and reads, writes and execs it with
 * counts of 0x7fffffff. Each of these once made the kernel allocate the
 * count (or the file's size) in host memory before finding that the
 * process's buffer could not take it; now the host's peak memory hardly
 * moves. (This file runs in a worker of its own, so the peak is this
 * test's.)
 */
import { describe, expect, it } from 'vitest';
import { rootImage, runOn } from './helpers.js';

describe('a 2 GB file on the guest', () => {
  it('costs the host no more than a small one', () => {
    const before = process.resourceUsage().maxRSS; // KB
    const r = runOn(rootImage(), '/tests/bigfile', ['bigfile']);
    const grown = process.resourceUsage().maxRSS - before;
    expect(r.output).toMatch(/bigfile: PASS/);
    expect(grown).toBeLessThan(300 * 1024);
  });
});
