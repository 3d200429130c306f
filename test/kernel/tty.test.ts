/**
 * The console terminal, typed at as a user would: the end-of-file character
 * in the middle of a line, ^\ quitting the foreground job, a foreground read
 * stopped with ^Z and continued with fg, and a background reader stopped by
 * SIGTTIN; and which queues the signal characters flush.
 */
import { describe, expect, it } from 'vitest';
import { NOFLSH } from '../../kernel/dev/termios.js';
import { Tty } from '../../kernel/dev/tty.js';
import { Scheduler } from '../../kernel/proc/sched.js';
import { typeSteps } from './helpers.js';

describe('the console terminal', () => {
  it('ends a read at ^D without passing it on, and the next read waits', () => {
    // "abc^D" is read as "abc"; wc then reads "de\n" and ends at the lone ^D: 6 bytes.
    const out = typeSteps([
      ['wc -c\n', 1],
      ['abc\x04', 1],
      ['de\n', 1],
      ['\x04', 1],
      ['echo after\n', 1],
    ]);
    expect(out).toMatch(/\n\s+6\n/);
    expect(out).not.toContain('not found');
    expect(out).toContain('after\n');
  });

  it('^\\ sends SIGQUIT to the foreground job: the shell says "Quit" and $? is 128 + 3', () => {
    // One job asleep in the kernel (sleep), one reading the terminal (cat, with "ab" typed).
    const out = typeSteps([
      ['sleep 100\n', 1],
      ['\x1c', 1], // ^\
      ['echo $?\n', 1],
      ['cat\n', 1],
      ['ab\x1c', 1],
      ['echo $?\n', 1],
    ]);
    expect(out).toBe('sleep 100\n^\\\nQuit\n# echo $?\n131\n# cat\nab^\\\nQuit\n# echo $?\n131\n# ');
  });

  it('a read stopped with ^Z goes on after fg (no "Interrupted system call")', () => {
    const out = typeSteps([
      ['cat\n', 1],
      ['one\n', 1],
      ['\x1a', 1], // ^Z
      ['fg\n', 1],
      ['two\n', 1],
      ['\x04', 1],
      ['echo done\n', 1],
    ]);
    expect(out).toMatch(/Stopped +cat/);
    expect(out).toContain('two\ntwo\n'); // the echo, then cat's copy
    expect(out).not.toContain('Interrupted');
    expect(out).not.toContain('not found');
    expect(out).toContain('done\n');
  });

  it('stops a background reader with SIGTTIN; after fg it reads', () => {
    const out = typeSteps([
      ['cat < /dev/tty &\n', 2],
      ['jobs\n', 1],
      ['fg\n', 2],
      ['hello\n', 1],
      ['\x04', 1],
      ['echo ok\n', 1],
    ]);
    expect(out).toMatch(/\[1\]\+? +Stopped +cat/);
    expect(out).toContain('hello\nhello\n');
    expect(out).not.toContain('Interrupted');
    expect(out).toContain('ok\n');
  });

  it('^Z flushes only what was typed; ^C and ^\\ the output too (4.3BSD); NOFLSH neither', () => {
    // The transmitter never takes anything: the echoes stay in the output queue, as on a busy line.
    const tty = new Tty(new Scheduler(), () => {});
    const typed = (s: string) => {
      for (const c of s) tty.input(c.charCodeAt(0));
      return String.fromCharCode(...tty.outq);
    };
    expect(typed('abc\x1a')).toBe('abc^Z');
    expect(tty.readable()).toBe(false); // the line "abc" was thrown away
    expect(typed('de\x03')).toBe('^C\r\n');
    tty.outq.length = 0;
    tty.t.lflag |= NOFLSH;
    expect(typed('fg\x03')).toBe('fg^C\r\n');
  });
});
