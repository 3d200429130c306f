/**
 * The permission checks of utimes and truncate, for a user who owns neither
 * file: sun3lab has no way yet for a process to stop being root, so the
 * test makes one by hand. /tests/utimes -u makes its files as root, says
 * "ready" and waits for a line; meanwhile its credentials become user 100's.
 */
import { describe, expect, it } from 'vitest';
import { Station } from '../../emu/lab/station.js';
import { Ucred } from '../../kernel/proc/cred.js';
import { rootImage } from './helpers.js';

describe('utimes and truncate as a user who does not own the file', () => {
  it('refuse explicit times (EPERM), and now or truncation without write permission (EACCES)', () => {
    let out = '';
    const st = new Station({
      disk: rootImage(),
      program: { path: '/tests/utimes', argv: ['utimes', '-u'] },
      consoleSink: (b) => {
        out += String.fromCharCode(b);
      },
      quietBoot: true,
    });
    for (let i = 0; i < 200 && !out.includes('ready'); i++) st.run(200_000);
    expect(out).toContain('ready');
    const p = st.kernel.procs.get(1);
    if (!p) throw new Error('no process 1');
    p.cred = new Ucred(100, 10, 100, 10);
    st.machine.consoleInput('\n');
    for (let i = 0; i < 300 && !st.halted; i++) st.run(200_000);
    expect(out).not.toMatch(/FAIL/);
    expect(out).toMatch(/utimes -u: PASS \(7 checks, 0 failed\)/);
  });
});
