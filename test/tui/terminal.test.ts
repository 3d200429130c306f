/** The console's terminal: a dumb 80-column terminal with scroll-back (emu/tui/terminal.ts). */
import { describe, expect, it } from 'vitest';
import { ConsoleTerminal } from '../../emu/tui/terminal.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');

function term(s: string, columns = 80, rows = 2000): ConsoleTerminal {
  const t = new ConsoleTerminal(columns, rows);
  t.write(bytes(s));
  return t;
}

describe('ConsoleTerminal', () => {
  it('prints lines ended by CR LF, the cursor on the bottom row', () => {
    const t = term('hostname: sun0\r\n# ');
    expect(t.tail(5)).toEqual(['hostname: sun0', '# ']);
    expect(t.cursorColumn).toBe(2);
  });

  it('erases as the tty echoes it (BS SP BS), and overwrites after a CR', () => {
    expect(term('# lx\b \bs -l').tail(1)).toEqual(['# ls -l']);
    expect(term('abcdef\rXY').tail(1)).toEqual(['XYcdef']);
    expect(term('ab\b\b\b\bc').tail(1)).toEqual(['cb']); // no further left than the margin
  });

  it('tabs to the next multiple of 8; a bare LF keeps the column', () => {
    expect(term('a\tb\tc').tail(1)).toEqual(['a       b       c']);
    expect(term('abc\ndef').tail(2)).toEqual(['abc', '   def']);
  });

  it('wraps at the right margin; a CR LF right at the margin makes no empty row', () => {
    const full = 'x'.repeat(80);
    expect(term(`${full}y`).tail(2)).toEqual([full, 'y']);
    expect(term(`${full}\r\nnext`).tail(3)).toEqual([full, 'next']);
    expect(term(`${'x'.repeat(10)}abc`, 10).tail(2)).toEqual(['x'.repeat(10), 'abc']);
  });

  it('ignores other control characters, counts bells, swallows escape sequences', () => {
    const t = term('a\x07b\x00c\x1b[1;31md\x1b[0me\x1bcf\x7f');
    expect(t.tail(1)).toEqual(['abcdef']);
    expect(t.bells).toBe(1);
    expect(term('caf\xe9').tail(1)).toEqual(['caf\xe9']); // Latin-1 prints
  });

  it('keeps a bounded scroll-back, dropping the oldest rows', () => {
    let s = '';
    for (let i = 0; i < 30; i++) s += `line ${i}\r\n`;
    const t = term(s, 80, 10);
    expect(t.rowCount).toBe(10);
    expect(t.dropped).toBe(21);
    expect(t.row(0)).toBe('line 21');
    expect(t.tail(3, 1)).toEqual(['line 27', 'line 28', 'line 29']);
  });
});
