/**
 * The instruction trace's symbols (emu/trace/symbols.ts) and names of kernel
 * entries (emu/trace/kernel-entries.ts): a program with an a.out symbol
 * table shows `<name+offset>` beside each address, its `trap #0` says which
 * system call it makes, and the kernel's entry stub is named by its
 * exception instead of the host-call word.
 */
import { describe, expect, it } from 'vitest';
import { Station } from '../../emu/lab/station.js';
import { aoutSymbols, elfSymbols, SymbolTable } from '../../emu/trace/symbols.js';
import { aout, hex, makeImage } from '../kernel/helpers.js';

/**
 * start:  move.l #0,-(sp)    the exit status
 *         move.l #0,-(sp)    where a libc stub's return address would be
 * finish: move.l #1,-(sp)    SYS_exit
 *         trap #0
 */
const CODE = hex('2f3c000000002f3c000000002f3c000000014e40');
const START = 0x2020;
const FINISH = START + 12;

/** An a.out symbol table: nlist entries (N_TEXT|N_EXT), then the string table. */
function withSymbols(image: Uint8Array, syms: [string, number][]): Uint8Array {
  const enc = new TextEncoder();
  const names = syms.map(([n]) => enc.encode(`${n}\0`));
  const strSize = 4 + names.reduce((a, n) => a + n.length, 0);
  const out = new Uint8Array(image.length + 12 * syms.length + strSize);
  out.set(image);
  const v = new DataView(out.buffer);
  v.setUint32(16, 12 * syms.length); // a_syms
  let strx = 4;
  let str = image.length + 12 * syms.length;
  v.setUint32(str, strSize);
  str += 4;
  syms.forEach(([, value], i) => {
    const e = image.length + 12 * i;
    v.setUint32(e, strx);
    out[e + 4] = 0x04 | 0x01; // N_TEXT | N_EXT
    v.setUint32(e + 8, value);
    out.set(names[i], str);
    str += names[i].length;
    strx += names[i].length;
  });
  return out;
}

describe('program symbols', () => {
  it('are read from an a.out symbol table and looked up as name+offset', () => {
    const t = aoutSymbols(
      withSymbols(aout(CODE), [
        ['finish', FINISH],
        ['start', START],
      ]),
    );
    expect(t?.size).toBe(2);
    expect(t?.lookup(START)).toBe('start');
    expect(t?.lookup(START + 6)).toBe('start+0x6');
    expect(t?.lookup(FINISH + 6)).toBe('finish+0x6');
    expect(t?.lookup(START - 2)).toBeNull();
    expect(t?.address('finish')).toBe(FINISH);
  });

  it('are none for a file that is not an a.out or an ELF, or has no symbol table', () => {
    expect(aoutSymbols(aout(CODE))).toBeNull();
    expect(aoutSymbols(new Uint8Array(10))).toBeNull();
    expect(elfSymbols(new Uint8Array(100))).toBeNull();
    expect(elfSymbols(aout(CODE))).toBeNull();
  });

  it('prefer a global name to others at the same address', () => {
    const t = new SymbolTable([
      { name: 'main', value: 0x2040 },
      { name: 'main_local', value: 0x2040 },
    ]);
    expect(t.lookup(0x2044)).toBe('main+0x4');
  });
});

describe('the instruction trace', () => {
  it("shows the program's symbols, the system call of a trap #0, and names the kernel's entry", () => {
    const program = withSymbols(aout(CODE), [
      ['start', START],
      ['finish', FINISH],
    ]);
    const symbols = aoutSymbols(program);
    expect(symbols).not.toBeNull();
    const lines: string[] = [];
    const st = new Station({
      disk: makeImage({ '/prog': program }),
      program: { path: '/prog', argv: ['prog'] },
      consoleSink: () => {},
      quietBoot: true,
      instructionTrace: (l) => lines.push(l),
      symbols: new Map([['prog', symbols as SymbolTable]]),
    });
    for (let i = 0; i < 50 && !st.halted; i++) st.run(200_000);
    const user = lines.filter((l) => / pid 1 /.test(l)).map((l) => l.replace(/^\d+ pid 1 /, ''));
    expect(user).toContain('00002026 <start+0x6>: move.l #0,-(sp)');
    expect(user).toContain('0000202c <finish>: move.l #1,-(sp)');
    expect(user).toContain('00002032 <finish+0x6>: trap #0  ; exit');
    // The kernel is entered through its stub for trap #0 (vector 32), named, not shown as a host-call word.
    const kernel = lines.filter((l) => / kernel /.test(l)).map((l) => l.replace(/^\d+ kernel /, ''));
    expect(kernel).toContain('0e000480: kernel entry: trap #0: exit');
    expect(kernel.some((l) => /: kernel entry: bus error \(page fault\)$/.test(l))).toBe(true);
    expect(lines.filter((l) => /dc\.w \$a0/.test(l))).toEqual([]);
  });
});
