/**
 * The libc's floating-point conversions against the host's C library:
 * /tests/fpconv runs on a booted machine over the vectors glibc produced
 * (test/fixtures/fp/gen-vectors.c: printf of doubles under formats and
 * rounding modes, strtod of decimal strings including the halfway cases
 * and 2^-1074), and every one must come out the same. A machine without
 * the 68881 (--no-fpu) gives an FPU instruction SIGEMT with EMT_EMU1111.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { installFile } from '../../emu/lab/disk.js';
import { Station } from '../../emu/lab/station.js';
import { rootImage, runOn } from '../kernel/helpers.js';

const vectors = readFileSync(new URL('../fixtures/fp/vectors.txt', import.meta.url));

describe('printf and strtod against glibc', () => {
  it('agree on every vector (printf in four rounding modes, strtod near halfway and at the ends of the range)', () => {
    const lines = vectors
      .toString('latin1')
      .split('\n')
      .filter((l) => l !== '');
    expect(lines.filter((l) => l.startsWith('P|')).length).toBeGreaterThan(2000);
    expect(lines.filter((l) => l.startsWith('S|')).length).toBeGreaterThan(1500);
    const image = rootImage();
    installFile(image, '/tmp/vectors', new Uint8Array(vectors), 0o644);
    const r = runOn(image, '/tests/fpconv', ['fpconv', '/tmp/vectors'], '', 600);
    expect(r.output).not.toMatch(/FAIL:/);
    expect(r.output).toContain(
      `fpconv: ${lines.filter((l) => l[0] === 'P').length} printf and ${lines.filter((l) => l[0] === 'S').length} strtod vectors`,
    );
    expect(r.output).toMatch(/fpconv: PASS \(\d+ checks, 0 failed\)/);
    expect(r.status).toBe(0);
  }, 300_000);
});

describe('a Sun-3/60 without its 68881', () => {
  it('gives an FPU instruction SIGEMT with code EMT_EMU1111 (0x2c)', () => {
    let output = '';
    let status = -1;
    const st = new Station({
      disk: rootImage(),
      fpu: false,
      program: { path: '/tests/fptest', argv: ['fptest', 'nofpu'] },
      consoleSink: (b) => {
        output += String.fromCharCode(b);
      },
      onExit: (s) => {
        status = s;
      },
      quietBoot: true,
    });
    while (!st.halted && st.machine.cpu.cycles < 20 * 20_000_000) st.run(200_000);
    expect(output).toContain('fptest: signal 7 code 0x2c');
    expect(status).toBe(0);
  }, 60_000);
});
