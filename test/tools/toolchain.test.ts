import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The host tools the rest of this suite relies on are installed and answer.
describe('host tools', () => {
  it.each([['m68k-linux-gnu-as'], ['m68k-linux-gnu-objdump'], ['qemu-m68k']])('%s runs', (tool) => {
    const out = execFileSync(tool, ['--version'], { encoding: 'utf8' });
    expect(out.length).toBeGreaterThan(0);
  });
});
