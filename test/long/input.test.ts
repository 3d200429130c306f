/**
 * Back-pressure at full size: 10 MB of text lines through `cat | wc -c` on
 * piped input. The console is a 9600-baud line (about 1 ms of emulated time
 * a character), so this is some three hours of emulated time: about a
 * minute of host time, too long for `npm test` (test/cli/input.test.ts
 * sends 256 KB there).
 */
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measured, textLines } from '../cli/spawn.js';

const SIZE = 10 * 1024 * 1024;
const hasProc = process.platform === 'linux';

describe('10 MB of piped input', () => {
  it('all arrives (10485760 bytes counted), with host memory growth under 50 MB', async () => {
    const work = mkdtempSync(join(tmpdir(), 'sun3lab-long-input-'));
    const args = ['run', '--timeout', '20000', '/bin/sh', '-c', 'cat | wc -c'];
    const small = join(work, 'small.txt');
    writeFileSync(small, textLines(1024));
    const big = join(work, 'big.txt');
    writeFileSync(big, textLines(SIZE));
    const run = async (file: string) => {
      const fd = openSync(file, 'r');
      try {
        // V8's young generation grows with the rate of allocation (to 48 MB
        // on Node 20), which a long run reaches and a short one does not:
        // held small, the peak shows what the process keeps, not its slack.
        return await measured(args, fd, ['--max-semi-space-size=1']);
      } finally {
        closeSync(fd);
      }
    };
    const base = await run(small);
    expect(base.stdout.trim()).toBe('1024');
    const r = await run(big);
    expect(r.stdout.trim()).toBe(String(SIZE));
    expect(r.code).toBe(0);
    if (hasProc) {
      expect(base.peakMB).toBeGreaterThan(0);
      console.log(`peak ${base.peakMB.toFixed(1)} MB, then ${r.peakMB.toFixed(1)} MB`);
      expect(r.peakMB - base.peakMB).toBeLessThan(50);
    }
  });
});
