// SunOS 4 a.out executables for the Sun-3: the ELF-to-a.out converter used by
// the userland build, and the header parser the kernel's exec and the
// disassembler use.
//
// Layout (docs/userland.md, the ABI): a 32-byte header, big-endian.
//   +0  bit 7 a_dynamic, bits 6-0 a_toolversion   +1 a_machtype (2 = 68020)
//   +2  a_magic (16 bits: OMAGIC 0x107, NMAGIC 0x108, ZMAGIC 0x10B)
//   +4  a_text  +8 a_data  +12 a_bss  +16 a_syms  +20 a_entry  +24 a_trsize  +28 a_drsize
// ZMAGIC: the header is part of the first text page, so file offset 0 maps to
// 0x2000 and code starts at 0x2020; a_text and a_data are multiples of the
// 8 KB page; data is loaded at the next 128 KB boundary after the text,
// 0x20000 + ((0x2000 + a_text - 1) & ~0x1FFFF); bss follows the data. The
// symbol table, if any, follows the data (and the relocations, which these
// files never have): a_syms bytes of 12-byte nlist entries, then the string
// table, whose first 4 bytes give its size including themselves.

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../lab/atomic-write.js';

export const PAGSIZ = 0x2000;
export const SEGSIZ = 0x20000;
export const AOUT_HEADER_SIZE = 32;
export const OMAGIC = 0o407;
export const NMAGIC = 0o410;
export const ZMAGIC = 0o413;
export const M_OLDSUN2 = 0;
export const M_68010 = 1;
export const M_68020 = 2;
export const M_SPARC = 3;
/** Top of the user address space: the stack grows down from here. */
export const USRSTACK = 0x0e000000;

// nlist n_type values
export const N_UNDF = 0x0;
export const N_EXT = 0x1;
export const N_ABS = 0x2;
export const N_TEXT = 0x4;
export const N_DATA = 0x6;
export const N_BSS = 0x8;

export interface AoutSymbol {
  name: string;
  /** n_type: N_TEXT, N_DATA, N_BSS or N_ABS, with N_EXT for globals */
  type: number;
  other: number;
  desc: number;
  value: number;
}

export interface AoutSegment {
  /** Virtual address of the first byte. */
  addr: number;
  /** The bytes the file gives for the segment (a view of the input). */
  bytes: Uint8Array;
}

export interface Aout {
  magic: number;
  machtype: number;
  toolversion: number;
  dynamic: boolean;
  /** Header fields as stored. */
  a_text: number;
  a_data: number;
  a_bss: number;
  a_syms: number;
  a_entry: number;
  a_trsize: number;
  a_drsize: number;
  /** File offset of the text segment: 0 for ZMAGIC (the header is inside it), 32 otherwise. */
  textOffset: number;
  dataOffset: number;
  /** Text: for ZMAGIC this includes the header, mapped at 0x2000. */
  text: AoutSegment;
  data: AoutSegment;
  bss: { addr: number; size: number };
  /** Where the break starts: the end of the bss. */
  brk: number;
  entry: number;
  symbols: AoutSymbol[];
}

export type ParseAoutResult = { ok: true; aout: Aout } | { ok: false; error: string };

const hex = (n: number) => `0x${n.toString(16)}`;

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** The data address of an NMAGIC or ZMAGIC image whose text starts at textAddr. */
export function dataAddress(textAddr: number, aText: number): number {
  return SEGSIZ + Math.floor((textAddr + aText - 1) / SEGSIZ) * SEGSIZ;
}

/**
 * Validates an a.out header and returns its segments. Never throws: malformed
 * input gives `{ ok: false, error }` with a one-line reason.
 */
export function parseAout(bytes: Uint8Array): ParseAoutResult {
  const fail = (error: string): ParseAoutResult => ({ ok: false, error });
  if (!(bytes instanceof Uint8Array)) return fail('not a byte array');
  if (bytes.length < AOUT_HEADER_SIZE)
    return fail(`file too short for an a.out header (${bytes.length} bytes)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = dv.getUint16(2);
  const machtype = bytes[1]!;
  const a_text = dv.getUint32(4);
  const a_data = dv.getUint32(8);
  const a_bss = dv.getUint32(12);
  const a_syms = dv.getUint32(16);
  const a_entry = dv.getUint32(20);
  const a_trsize = dv.getUint32(24);
  const a_drsize = dv.getUint32(28);
  if (magic !== OMAGIC && magic !== NMAGIC && magic !== ZMAGIC) {
    return fail(`bad magic number ${hex(magic)} (want 0407, 0410 or 0413)`);
  }
  if (machtype !== M_68010 && machtype !== M_68020) {
    return fail(`not a 68k executable (machine type ${machtype})`);
  }
  if (magic === ZMAGIC && (a_text % PAGSIZ !== 0 || a_data % PAGSIZ !== 0)) {
    return fail(
      `ZMAGIC text (${hex(a_text)}) and data (${hex(a_data)}) sizes must be multiples of ${hex(PAGSIZ)}`,
    );
  }
  if (a_text === 0) return fail('empty text segment');
  const textOffset = magic === ZMAGIC ? 0 : AOUT_HEADER_SIZE;
  const textAddr = magic === ZMAGIC && a_entry < PAGSIZ ? 0 : PAGSIZ;
  const dataAddr = magic === OMAGIC ? textAddr + a_text : dataAddress(textAddr, a_text);
  const bssAddr = dataAddr + a_data;
  const brk = bssAddr + a_bss;
  if (brk > USRSTACK) return fail(`segments end at ${hex(brk)}, above the user stack at ${hex(USRSTACK)}`);
  const dataOffset = textOffset + a_text;
  const fileEnd = dataOffset + a_data;
  if (fileEnd > bytes.length) {
    return fail(`file truncated: text and data need ${fileEnd} bytes, file has ${bytes.length}`);
  }
  if (a_entry < textAddr || a_entry >= textAddr + a_text) {
    return fail(
      `entry point ${hex(a_entry)} outside the text segment ${hex(textAddr)}-${hex(textAddr + a_text)}`,
    );
  }
  if (a_entry % 2 !== 0) return fail(`entry point ${hex(a_entry)} is odd`);
  const symbols: AoutSymbol[] = [];
  if (a_syms > 0) {
    const symOff = fileEnd + a_trsize + a_drsize;
    if (a_syms % 12 !== 0) return fail(`symbol table size ${a_syms} is not a multiple of 12`);
    if (symOff + a_syms + 4 > bytes.length) return fail('symbol table runs past the end of the file');
    const strOff = symOff + a_syms;
    const strSize = dv.getUint32(strOff);
    if (strSize < 4 || strOff + strSize > bytes.length) return fail(`bad string table size ${strSize}`);
    for (let off = symOff; off < strOff; off += 12) {
      const strx = dv.getUint32(off);
      let name = '';
      if (strx !== 0) {
        if (strx < 4 || strx >= strSize) return fail(`symbol name offset ${strx} outside the string table`);
        let end = strOff + strx;
        while (end < strOff + strSize && bytes[end] !== 0) end++;
        if (end >= strOff + strSize) return fail('unterminated symbol name');
        name = new TextDecoder('latin1').decode(bytes.subarray(strOff + strx, end));
      }
      symbols.push({
        name,
        type: bytes[off + 4]!,
        other: bytes[off + 5]!,
        desc: dv.getUint16(off + 6),
        value: dv.getUint32(off + 8),
      });
    }
  }
  return {
    ok: true,
    aout: {
      magic,
      machtype,
      toolversion: bytes[0]! & 0x7f,
      dynamic: (bytes[0]! & 0x80) !== 0,
      a_text,
      a_data,
      a_bss,
      a_syms,
      a_entry,
      a_trsize,
      a_drsize,
      textOffset,
      dataOffset,
      text: { addr: textAddr, bytes: bytes.subarray(textOffset, textOffset + a_text) },
      data: { addr: dataAddr, bytes: bytes.subarray(dataOffset, fileEnd) },
      bss: { addr: bssAddr, size: a_bss },
      brk,
      entry: a_entry,
      symbols,
    },
  };
}

/** A problem with the ELF input; the message names it in one line. */
export class Elf2AoutError extends Error {}

// ELF constants
const PT_LOAD = 1;
const PF_W = 2;
const EM_68K = 4;
const ET_EXEC = 2;
const SHT_SYMTAB = 2;
const SHN_UNDEF = 0;
const SHN_ABS = 0xfff1;
const STT_SECTION = 3;
const STT_FILE = 4;
const STB_LOCAL = 0;

interface LoadSegment {
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  writable: boolean;
}

export interface Elf2AoutOptions {
  /** Emit an a.out symbol table from the ELF one (default: no symbols). */
  symbols?: boolean;
}

/**
 * Converts a linked, static, big-endian ELF32 68k executable into a SunOS
 * ZMAGIC a.out for the 68020. The ELF must be linked for the layout above
 * (userland/lib/sun3-zmagic.ld): read-only segments from 0x2020, writable ones
 * at the data address that follows from the text size.
 */
export function elfToAout(elf: Uint8Array, options: Elf2AoutOptions = {}): Uint8Array {
  const fail = (msg: string): never => {
    throw new Elf2AoutError(msg);
  };
  if (elf.length < 52 || elf[0] !== 0x7f || elf[1] !== 0x45 || elf[2] !== 0x4c || elf[3] !== 0x46) {
    fail('not an ELF file');
  }
  if (elf[4] !== 1) fail('not a 32-bit ELF file');
  if (elf[5] !== 2) fail('not a big-endian ELF file');
  const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  if (dv.getUint16(16) !== ET_EXEC) fail('not an ELF executable (link it first)');
  if (dv.getUint16(18) !== EM_68K) fail(`not a 68k ELF file (machine ${dv.getUint16(18)})`);
  const entry = dv.getUint32(24);
  const phoff = dv.getUint32(28);
  const shoff = dv.getUint32(32);
  const phentsize = dv.getUint16(42);
  const phnum = dv.getUint16(44);
  const shentsize = dv.getUint16(46);
  const shnum = dv.getUint16(48);
  if (phnum === 0 || phentsize < 32 || phoff + phnum * phentsize > elf.length)
    fail('bad program header table');

  const loads: LoadSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (dv.getUint32(p) !== PT_LOAD) continue;
    const seg: LoadSegment = {
      offset: dv.getUint32(p + 4),
      vaddr: dv.getUint32(p + 8),
      filesz: dv.getUint32(p + 16),
      memsz: dv.getUint32(p + 20),
      writable: (dv.getUint32(p + 24) & PF_W) !== 0,
    };
    if (seg.memsz === 0) continue;
    if (seg.filesz > seg.memsz) fail(`segment at ${hex(seg.vaddr)} has more file bytes than memory bytes`);
    if (seg.offset + seg.filesz > elf.length)
      fail(`segment at ${hex(seg.vaddr)} runs past the end of the file`);
    loads.push(seg);
  }
  const texts = loads.filter((s) => !s.writable);
  const datas = loads.filter((s) => s.writable);
  if (texts.length === 0) fail('no text segment');

  const textBase = PAGSIZ;
  const codeStart = textBase + AOUT_HEADER_SIZE;
  let textEnd = codeStart;
  for (const s of texts) {
    if (s.vaddr < codeStart)
      fail(`text segment at ${hex(s.vaddr)} is below ${hex(codeStart)} (link with sun3-zmagic.ld)`);
    textEnd = Math.max(textEnd, s.vaddr + s.memsz);
  }
  const aText = roundUp(textEnd - textBase, PAGSIZ);
  const dataAddr = dataAddress(textBase, aText);
  let dataFileEnd = dataAddr;
  let memEnd = dataAddr;
  for (const s of datas) {
    if (s.vaddr < dataAddr) {
      fail(
        `data segment at ${hex(s.vaddr)} is below the data address ${hex(dataAddr)} (link with sun3-zmagic.ld)`,
      );
    }
    if (s.filesz > 0) dataFileEnd = Math.max(dataFileEnd, s.vaddr + s.filesz);
    memEnd = Math.max(memEnd, s.vaddr + s.memsz);
  }
  const aData = roundUp(dataFileEnd - dataAddr, PAGSIZ);
  const aBss = Math.max(0, memEnd - (dataAddr + aData));
  if (dataAddr + aData + aBss > USRSTACK) fail('program too large for the user address space');
  if (entry < codeStart || entry >= textEnd) fail(`entry point ${hex(entry)} is not in the text`);

  // The image: header + text page(s) + data page(s).
  const image = new Uint8Array(aText + aData);
  for (const s of texts) {
    image.set(elf.subarray(s.offset, s.offset + s.filesz), s.vaddr - textBase);
  }
  for (const s of datas) {
    image.set(elf.subarray(s.offset, s.offset + s.filesz), aText + (s.vaddr - dataAddr));
  }

  let symtab = new Uint8Array(0);
  if (options.symbols) {
    symtab = buildSymbols(elf, dv, shoff, shentsize, shnum, {
      textStart: textBase,
      textEnd: textBase + aText,
      dataStart: dataAddr,
      dataEnd: dataAddr + aData,
    });
  }
  const aSyms = symtab.length > 0 ? new DataView(symtab.buffer).getUint32(0) : 0;
  const out = new Uint8Array(image.length + (symtab.length > 0 ? symtab.length - 4 : 0));
  out.set(image, 0);
  if (symtab.length > 0) out.set(symtab.subarray(4), image.length);
  const h = new DataView(out.buffer);
  h.setUint8(0, 0); // static, toolversion TV_SUN2_SUN3
  h.setUint8(1, M_68020);
  h.setUint16(2, ZMAGIC);
  h.setUint32(4, aText);
  h.setUint32(8, aData);
  h.setUint32(12, aBss);
  h.setUint32(16, aSyms);
  h.setUint32(20, entry);
  h.setUint32(24, 0);
  h.setUint32(28, 0);
  return out;
}

/** The fields of the 32-bit ELF section header at `at` that the readers here use. */
export function elfSection(dv: DataView, at: number) {
  return {
    type: dv.getUint32(at + 4),
    flags: dv.getUint32(at + 8),
    offset: dv.getUint32(at + 16),
    size: dv.getUint32(at + 20),
    link: dv.getUint32(at + 24),
    entsize: dv.getUint32(at + 36),
  };
}

interface Ranges {
  textStart: number;
  textEnd: number;
  dataStart: number;
  dataEnd: number;
}

/** Returns [a_syms as u32][nlist entries][string table], or an empty array if the ELF has no symbols. */
function buildSymbols(
  elf: Uint8Array,
  dv: DataView,
  shoff: number,
  shentsize: number,
  shnum: number,
  r: Ranges,
) {
  if (shoff === 0 || shnum === 0 || shentsize < 40 || shoff + shnum * shentsize > elf.length)
    return new Uint8Array(0);
  const section = (i: number) => elfSection(dv, shoff + i * shentsize);
  let symSec: ReturnType<typeof section> | undefined;
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    if (s.type === SHT_SYMTAB) symSec = s;
  }
  if (symSec === undefined || symSec.link >= shnum) return new Uint8Array(0);
  const strSec = section(symSec.link);
  if (symSec.offset + symSec.size > elf.length || strSec.offset + strSec.size > elf.length) {
    throw new Elf2AoutError('ELF symbol table runs past the end of the file');
  }
  const entsize = symSec.entsize || 16;
  const syms: { name: string; type: number; value: number }[] = [];
  const latin1 = new TextDecoder('latin1');
  for (let off = symSec.offset + entsize; off + 16 <= symSec.offset + symSec.size; off += entsize) {
    const nameOff = dv.getUint32(off);
    const value = dv.getUint32(off + 4);
    const info = elf[off + 12]!;
    const shndx = dv.getUint16(off + 14);
    const kind = info & 0xf;
    if (kind === STT_SECTION || kind === STT_FILE || shndx === SHN_UNDEF) continue;
    let end = strSec.offset + nameOff;
    while (end < strSec.offset + strSec.size && elf[end] !== 0) end++;
    const name = latin1.decode(elf.subarray(strSec.offset + nameOff, end));
    if (name === '' || name.startsWith('.L')) continue;
    let type: number;
    if (shndx === SHN_ABS) type = N_ABS;
    else if (value >= r.textStart && value < r.textEnd) type = N_TEXT;
    else if (value >= r.dataStart && value < r.dataEnd) type = N_DATA;
    else if (value >= r.dataEnd) type = N_BSS;
    else type = N_ABS;
    if (info >> 4 !== STB_LOCAL) type |= N_EXT;
    syms.push({ name, type, value });
  }
  syms.sort((a, b) => a.value - b.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const enc = new TextEncoder();
  const names = syms.map((s) => enc.encode(s.name));
  const strSize = 4 + names.reduce((n, b) => n + b.length + 1, 0);
  const aSyms = syms.length * 12;
  const out = new Uint8Array(4 + aSyms + strSize);
  const o = new DataView(out.buffer);
  o.setUint32(0, aSyms);
  let strx = 4;
  syms.forEach((s, i) => {
    const e = 4 + i * 12;
    o.setUint32(e, strx);
    o.setUint8(e + 4, s.type);
    o.setUint32(e + 8, s.value);
    out.set(names[i]!, 4 + aSyms + strx);
    strx += names[i]!.length + 1;
  });
  o.setUint32(4 + aSyms, strSize);
  return out;
}

function main(argv: string[]): number {
  const args = argv.filter((a) => !a.startsWith('--'));
  const symbols = argv.includes('--symbols');
  if (args.length !== 2) {
    process.stderr.write('usage: elf2aout [--symbols] INPUT.elf OUTPUT\n');
    return 2;
  }
  try {
    const out = elfToAout(new Uint8Array(readFileSync(args[0]!)), { symbols });
    writeFileAtomic(args[1]!, out);
    return 0;
  } catch (e) {
    process.stderr.write(`elf2aout: ${args[0]}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
