import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  disasmListing,
  NMAGIC,
  OMAGIC,
  parseAout,
  parseNumber,
  ZMAGIC,
} from '../../emu/cli/disasm-command.js';
import { sun3lab } from './spawn.js';

/** link.w a6,#-8; move.l d2,-(sp); lea ($10,pc),a0; unlk a6; rts */
const CODE = [0x4e56, 0xfff8, 0x2f02, 0x41fa, 0x0010, 0x4e5e, 0x4e75];

function words(ws: number[]): Buffer {
  const b = Buffer.alloc(ws.length * 2);
  for (const [i, w] of ws.entries()) b.writeUInt16BE(w, 2 * i);
  return b;
}

/** A SunOS a.out: 32-byte header (machine type 2, 68020), then the text. */
function aout(magic: number, code: Buffer, textSize?: number): Buffer {
  const h = Buffer.alloc(32);
  h[1] = 2;
  h.writeUInt16BE(magic, 2);
  const text = textSize ?? (magic === ZMAGIC ? 32 + code.length : code.length);
  h.writeUInt32BE(text, 4);
  h.writeUInt32BE(magic === ZMAGIC ? 0x2020 : 0x2000, 20);
  return Buffer.concat([h, code]);
}

const run = (args: string[]) => sun3lab(args);

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sun3lab-disasm-cli-'));
  await writeFile(file('z.out'), aout(ZMAGIC, words(CODE)));
  await writeFile(file('o.out'), aout(OMAGIC, words(CODE)));
  await writeFile(file('n.out'), aout(NMAGIC, words(CODE)));
  await writeFile(file('short.out'), aout(OMAGIC, words(CODE), 1000));
  await writeFile(file('flat.bin'), words(CODE));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const texts = (lines: string[]) => lines.map((l) => l.slice(l.indexOf(':') + 1).trim());

describe('parseAout', () => {
  it('finds the text of ZMAGIC (header included, at 0x2000) and OMAGIC/NMAGIC (after the header)', () => {
    const z = parseAout(aout(ZMAGIC, words(CODE)))!;
    expect([z.addr, z.codeOffset, z.text.length, z.entry]).toEqual([0x2000, 32, 46, 0x2020]);
    const o = parseAout(aout(OMAGIC, words(CODE)))!;
    expect([o.addr, o.codeOffset, o.text.length]).toEqual([0x2000, 0, 14]);
    expect(o.text[0]).toBe(0x4e);
  });

  it('does not take a flat binary for an a.out', () => {
    expect(parseAout(words(CODE))).toBeNull();
    expect(parseAout(Buffer.alloc(8))).toBeNull();
  });

  it('rejects a text segment longer than the file', () => {
    expect(() => parseAout(aout(OMAGIC, words(CODE), 1000))).toThrow(/truncated/);
  });
});

describe('parseNumber', () => {
  it('reads decimal, 0x and $ hexadecimal', () => {
    expect([parseNumber('16'), parseNumber('0x10'), parseNumber('$10'), parseNumber('0X1f')]).toEqual([
      16, 16, 16, 31,
    ]);
    expect([parseNumber(''), parseNumber('-1'), parseNumber('1e3'), parseNumber('0x')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('disasmListing', () => {
  it('lists a ZMAGIC a.out from 0x2020, past its header', async () => {
    const lines = await disasmListing({ file: file('z.out'), flat: false });
    expect(lines[0]).toBe('00002020: 4e56 fff8                 link.w a6,#-8');
    expect(texts(lines)).toEqual([
      '4e56 fff8                 link.w a6,#-8',
      '2f02                      move.l d2,-(sp)',
      '41fa 0010                 lea ($2038,pc),a0',
      '4e5e                      unlk a6',
      '4e75                      rts',
    ]);
  });

  it('lists OMAGIC and NMAGIC text from 0x2000', async () => {
    for (const name of ['o.out', 'n.out']) {
      const lines = await disasmListing({ file: file(name), flat: false, count: '1' });
      expect(lines).toEqual(['00002000: 4e56 fff8                 link.w a6,#-8']);
    }
  });

  it('loads a flat binary at --base, from --start, for --count instructions', async () => {
    const lines = await disasmListing({
      file: file('flat.bin'),
      flat: false,
      base: '0x1000',
      start: '6',
      count: '2',
    });
    expect(lines).toEqual([
      '00001006: 41fa 0010                 lea ($1018,pc),a0',
      '0000100a: 4e5e                      unlk a6',
    ]);
  });

  it('treats an a.out as a flat binary with --flat', async () => {
    const lines = await disasmListing({ file: file('o.out'), flat: true, count: '1' });
    expect(lines).toEqual(['00000000: 0002 0107                 ori.b #7,d2']);
  });

  it('fails with a one-line message on bad input', async () => {
    const fails = (args: Partial<Parameters<typeof disasmListing>[0]>) =>
      disasmListing({ file: file('flat.bin'), flat: false, ...args });
    await expect(fails({ file: file('missing.bin') })).rejects.toThrow(
      /missing\.bin: no such file or directory$/,
    );
    await expect(fails({ file: dir })).rejects.toThrow(/: is a directory$/);
    await expect(fails({ file: '/dev/zero' })).rejects.toThrow(/^\/dev\/zero: not a regular file/);
    await expect(fails({ base: 'zz' })).rejects.toThrow(/^--base zz: not a number/);
    await expect(fails({ base: '0x100000000' })).rejects.toThrow(/^--base 0x100000000: not a number/);
    await expect(fails({ start: '3' })).rejects.toThrow(/word-aligned/);
    await expect(fails({ start: '0x100' })).rejects.toThrow(/past the end/);
    await expect(fails({ count: '0' })).rejects.toThrow(/--count must be 1 or more/);
    await expect(fails({ file: file('short.out') })).rejects.toThrow(/truncated a\.out/);
  });
});

describe('sun3lab disasm', () => {
  it('prints the listing', async () => {
    const r = await run(['disasm', file('z.out'), '--count', '2']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      '00002020: 4e56 fff8                 link.w a6,#-8\n00002024: 2f02                      move.l d2,-(sp)\n',
    );
  });

  it('reports bad input in one line and exits 1', async () => {
    for (const args of [
      ['disasm', file('missing.bin')],
      ['disasm', file('flat.bin'), '--base', 'zz'],
    ]) {
      const r = await run(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^sun3lab: /);
    }
  });

  it('is listed in --help', async () => {
    const r = await run(['--help']);
    expect(r.stdout).toContain('disasm');
  });
});
