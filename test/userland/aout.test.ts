import { describe, expect, it } from 'vitest';
import {
  Elf2AoutError,
  elfToAout,
  M_68020,
  N_BSS,
  N_DATA,
  N_EXT,
  N_TEXT,
  NMAGIC,
  OMAGIC,
  PAGSIZ,
  parseAout,
  ZMAGIC,
} from '../../emu/tools/elf2aout.js';

// ---- a small ELF32 big-endian writer for synthetic executables ----

interface Seg {
  vaddr: number;
  bytes: Uint8Array;
  memsz?: number;
  writable?: boolean;
}

interface Sym {
  name: string;
  value: number;
  global?: boolean;
  abs?: boolean;
}

interface ElfSpec {
  entry: number;
  segs: Seg[];
  syms?: Sym[];
  machine?: number;
  type?: number;
  littleEndian?: boolean;
}

function makeElf(spec: ElfSpec): Uint8Array {
  const phoff = 52;
  const phnum = spec.segs.length;
  let off = phoff + phnum * 32;
  const segOffsets: number[] = [];
  for (const s of spec.segs) {
    segOffsets.push(off);
    off += s.bytes.length;
  }
  // symbol table, string table, section-name table and section headers
  let symtab = new Uint8Array(0);
  let strtab = new Uint8Array(0);
  if (spec.syms) {
    const enc = new TextEncoder();
    const strs: number[] = [0];
    symtab = new Uint8Array(16 * (spec.syms.length + 1));
    const sv = new DataView(symtab.buffer);
    spec.syms.forEach((s, i) => {
      const e = 16 * (i + 1);
      sv.setUint32(e, strs.length);
      strs.push(...enc.encode(s.name), 0);
      sv.setUint32(e + 4, s.value);
      symtab[e + 12] = ((s.global ? 1 : 0) << 4) | 2; // STT_FUNC
      sv.setUint16(e + 14, s.abs ? 0xfff1 : 1);
    });
    strtab = new Uint8Array(strs);
  }
  const symOff = off;
  const strOff = symOff + symtab.length;
  const shoff = strOff + strtab.length;
  const shnum = spec.syms ? 3 : 0;
  const total = shoff + shnum * 40;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  const le = spec.littleEndian ?? false;
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, le ? 1 : 2, 1], 0);
  dv.setUint16(16, spec.type ?? 2, le);
  dv.setUint16(18, spec.machine ?? 4, le);
  dv.setUint32(20, 1, le);
  dv.setUint32(24, spec.entry, le);
  dv.setUint32(28, phoff, le);
  dv.setUint32(32, shnum ? shoff : 0, le);
  dv.setUint16(40, 52, le);
  dv.setUint16(42, 32, le);
  dv.setUint16(44, phnum, le);
  dv.setUint16(46, 40, le);
  dv.setUint16(48, shnum, le);
  spec.segs.forEach((s, i) => {
    const p = phoff + i * 32;
    dv.setUint32(p, 1, le); // PT_LOAD
    dv.setUint32(p + 4, segOffsets[i]!, le);
    dv.setUint32(p + 8, s.vaddr, le);
    dv.setUint32(p + 12, s.vaddr, le);
    dv.setUint32(p + 16, s.bytes.length, le);
    dv.setUint32(p + 20, s.memsz ?? s.bytes.length, le);
    dv.setUint32(p + 24, s.writable ? 6 : 5, le);
    dv.setUint32(p + 28, 0x2000, le);
    out.set(s.bytes, segOffsets[i]!);
  });
  if (spec.syms) {
    out.set(symtab, symOff);
    out.set(strtab, strOff);
    // section 1: symtab, section 2: strtab (section 0 is null)
    const sh = (i: number, type: number, o: number, size: number, link: number, entsize: number) => {
      const b = shoff + i * 40;
      dv.setUint32(b + 4, type);
      dv.setUint32(b + 16, o);
      dv.setUint32(b + 20, size);
      dv.setUint32(b + 24, link);
      dv.setUint32(b + 36, entsize);
    };
    sh(1, 2, symOff, symtab.length, 2, 16);
    sh(2, 3, strOff, strtab.length, 0, 0);
  }
  return out;
}

const code = new Uint8Array([0x20, 0x17, 0x4e, 0x40, 0x4e, 0x75, 0x12, 0x34]);
const data = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

function simpleElf(extra: Partial<ElfSpec> = {}): Uint8Array {
  return makeElf({
    entry: 0x2020,
    segs: [
      { vaddr: 0x2020, bytes: code },
      { vaddr: 0x20000, bytes: data, memsz: 0x3000, writable: true },
    ],
    ...extra,
  });
}

function header(bytes: Uint8Array) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    info: dv.getUint32(0),
    text: dv.getUint32(4),
    data: dv.getUint32(8),
    bss: dv.getUint32(12),
    syms: dv.getUint32(16),
    entry: dv.getUint32(20),
    trsize: dv.getUint32(24),
    drsize: dv.getUint32(28),
  };
}

describe('elfToAout', () => {
  it('writes a ZMAGIC 68020 header with page-rounded text and data', () => {
    const a = elfToAout(simpleElf());
    const h = header(a);
    expect(h.info).toBe((M_68020 << 16) | ZMAGIC);
    expect(h.text).toBe(PAGSIZ);
    expect(h.data).toBe(PAGSIZ);
    // bss: memory end 0x23000 minus the padded data end 0x22000
    expect(h.bss).toBe(0x1000);
    expect(h.syms).toBe(0);
    expect(h.entry).toBe(0x2020);
    expect(h.trsize).toBe(0);
    expect(h.drsize).toBe(0);
    expect(a.length).toBe(2 * PAGSIZ);
    // file offset 0 maps to 0x2000: the code is at offset 0x20
    expect([...a.subarray(0x20, 0x28)]).toEqual([...code]);
    expect([...a.subarray(PAGSIZ, PAGSIZ + data.length)]).toEqual([...data]);
    expect(a[PAGSIZ + data.length]).toBe(0);
  });

  it('puts the data at the next 128 KB boundary after a large text', () => {
    const bigText = new Uint8Array(0x20000); // text ends past 0x20000
    bigText[0] = 0x4e;
    bigText[1] = 0x75;
    const a = elfToAout(
      makeElf({
        entry: 0x2020,
        segs: [
          { vaddr: 0x2020, bytes: bigText },
          { vaddr: 0x40000, bytes: data, writable: true },
        ],
      }),
    );
    const r = parseAout(a);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.aout.a_text).toBe(0x22000);
    expect(r.aout.data.addr).toBe(0x40000);
    expect([...r.aout.data.bytes.subarray(0, data.length)]).toEqual([...data]);
  });

  it('handles a program with no data segment and bss only', () => {
    const a = elfToAout(
      makeElf({
        entry: 0x2020,
        segs: [
          { vaddr: 0x2020, bytes: code },
          { vaddr: 0x20000, bytes: new Uint8Array(0), memsz: 0x100000, writable: true },
        ],
      }),
    );
    const h = header(a);
    expect(h.data).toBe(0);
    expect(h.bss).toBe(0x100000);
    expect(a.length).toBe(PAGSIZ);
  });

  it('is deterministic', () => {
    expect(elfToAout(simpleElf())).toEqual(elfToAout(simpleElf()));
  });

  it.each([
    ['not ELF', new Uint8Array(100), /not an ELF file/],
    ['little-endian', simpleElf({ littleEndian: true }), /big-endian/],
    ['another machine', simpleElf({ machine: 3 }), /not a 68k/],
    ['a relocatable object', simpleElf({ type: 1 }), /not an ELF executable/],
    ['text below 0x2020', makeElf({ entry: 0x2000, segs: [{ vaddr: 0x2000, bytes: code }] }), /below 0x2020/],
    [
      'data below the data address',
      makeElf({
        entry: 0x2020,
        segs: [
          { vaddr: 0x2020, bytes: code },
          { vaddr: 0x10000, bytes: data, writable: true },
        ],
      }),
      /below the data address/,
    ],
    ['entry outside the text', simpleElf({ entry: 0x20000 }), /entry point/],
    ['truncated', simpleElf().subarray(0, 120), /past the end|program header/],
  ])('rejects %s', (_name, elf, msg) => {
    expect(() => elfToAout(elf)).toThrow(Elf2AoutError);
    expect(() => elfToAout(elf)).toThrow(msg);
  });

  it('writes an a.out symbol table when asked', () => {
    const elf = simpleElf({
      syms: [
        { name: 'main', value: 0x2024, global: true },
        { name: '_start', value: 0x2020, global: true },
        { name: 'helper', value: 0x2026 },
        { name: 'table', value: 0x20004, global: true },
        { name: 'counter', value: 0x22800 },
        { name: 'LIMIT', value: 42, global: true, abs: true },
      ],
    });
    const plain = elfToAout(elf);
    expect(header(plain).syms).toBe(0);
    const a = elfToAout(elf, { symbols: true });
    const r = parseAout(a);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.aout.a_syms).toBe(6 * 12);
    const byName = new Map(r.aout.symbols.map((s) => [s.name, s]));
    expect(r.aout.symbols.map((s) => s.name)).toEqual([
      'LIMIT',
      '_start',
      'main',
      'helper',
      'table',
      'counter',
    ]);
    expect(byName.get('_start')).toMatchObject({ type: N_TEXT | N_EXT, value: 0x2020 });
    expect(byName.get('helper')).toMatchObject({ type: N_TEXT, value: 0x2026 });
    expect(byName.get('table')).toMatchObject({ type: N_DATA | N_EXT });
    expect(byName.get('counter')).toMatchObject({ type: N_BSS });
    // the loadable part is the same with or without symbols
    expect(a.subarray(32, plain.length)).toEqual(plain.subarray(32));
  });
});

describe('parseAout', () => {
  it('returns the segments of a converted file', () => {
    const bytes = elfToAout(simpleElf());
    const r = parseAout(bytes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = r.aout;
    expect(a.magic).toBe(ZMAGIC);
    expect(a.machtype).toBe(M_68020);
    expect(a.dynamic).toBe(false);
    expect(a.textOffset).toBe(0);
    expect(a.text.addr).toBe(0x2000);
    expect(a.text.bytes.length).toBe(PAGSIZ);
    expect([...a.text.bytes.subarray(0x20, 0x28)]).toEqual([...code]);
    expect(a.data.addr).toBe(0x20000);
    expect(a.dataOffset).toBe(PAGSIZ);
    expect(a.data.bytes.length).toBe(PAGSIZ);
    expect(a.bss).toEqual({ addr: 0x22000, size: 0x1000 });
    expect(a.brk).toBe(0x23000);
    expect(a.entry).toBe(0x2020);
    expect(a.symbols).toEqual([]);
  });

  function raw(fields: {
    magic?: number;
    mach?: number;
    text?: number;
    data?: number;
    bss?: number;
    syms?: number;
    entry?: number;
    size?: number;
  }) {
    const b = new Uint8Array(fields.size ?? 0x4000);
    const dv = new DataView(b.buffer);
    b[1] = fields.mach ?? 2;
    dv.setUint16(2, fields.magic ?? ZMAGIC);
    dv.setUint32(4, fields.text ?? 0x2000);
    dv.setUint32(8, fields.data ?? 0x2000);
    dv.setUint32(12, fields.bss ?? 0);
    dv.setUint32(16, fields.syms ?? 0);
    dv.setUint32(20, fields.entry ?? 0x2020);
    return b;
  }

  it('lays out OMAGIC and NMAGIC files with the header outside the text', () => {
    const o = parseAout(raw({ magic: OMAGIC, text: 0x100, data: 0x40, entry: 0x2000, size: 0x200 }));
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(o.aout.textOffset).toBe(32);
    expect(o.aout.text.addr).toBe(0x2000);
    expect(o.aout.data.addr).toBe(0x2100);
    const n = parseAout(raw({ magic: NMAGIC, text: 0x100, data: 0x40, entry: 0x2000, size: 0x200 }));
    expect(n.ok).toBe(true);
    if (!n.ok) return;
    expect(n.aout.data.addr).toBe(0x20000);
    expect(n.aout.dataOffset).toBe(0x120);
  });

  it('loads a ZMAGIC file with an entry below 0x2000 at address 0', () => {
    const r = parseAout(raw({ entry: 0x20 }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.aout.text.addr).toBe(0);
    expect(r.aout.data.addr).toBe(0x20000);
  });

  it.each([
    ['a short file', new Uint8Array(10), /too short/],
    ['a bad magic number', raw({ magic: 0x1234 }), /bad magic/],
    ['a SPARC binary', raw({ mach: 3 }), /machine type 3/],
    ['unaligned ZMAGIC sizes', raw({ text: 0x2100 }), /multiples/],
    ['a truncated file', raw({ size: 0x3000 }), /truncated/],
    ['an entry outside the text', raw({ entry: 0x5000 }), /entry point/],
    ['an odd entry', raw({ entry: 0x2021 }), /odd/],
    ['an empty text', raw({ text: 0 }), /empty text/],
    ['segments above the stack', raw({ bss: 0x0f000000 }), /above the user stack/],
    ['a symbol table past the end', raw({ syms: 120 }), /symbol table/],
    ['a symbol table of the wrong size', raw({ syms: 13, size: 0x5000 }), /multiple of 12/],
  ])('rejects %s', (_name, bytes, msg) => {
    const r = parseAout(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(msg);
  });

  it('rejects a symbol whose name is outside the string table', () => {
    const b = raw({ syms: 12, size: 0x4000 + 12 + 4 });
    const dv = new DataView(b.buffer);
    dv.setUint32(0x4000, 999); // n_strx
    dv.setUint32(0x4000 + 12, 4); // string table size
    const r = parseAout(b);
    expect(r.ok).toBe(false);
  });

  it('never throws on garbage', () => {
    let seed = 12345;
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 16;
    };
    for (let i = 0; i < 500; i++) {
      const len = rnd() % 200;
      const b = new Uint8Array(len);
      for (let k = 0; k < len; k++) b[k] = rnd() & 0xff;
      if (len >= 4 && i % 2 === 0) {
        b[1] = 2;
        b[2] = 0x01;
        b[3] = 0x0b;
      }
      expect(() => parseAout(b)).not.toThrow();
    }
    // also a real file with random corruption of the header
    const good = elfToAout(simpleElf());
    for (let i = 0; i < 300; i++) {
      const b = good.slice();
      b[rnd() % 32] = rnd() & 0xff;
      expect(() => parseAout(b)).not.toThrow();
    }
  });
});
