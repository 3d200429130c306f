/**
 * Program symbols for the instruction trace: which function an address is
 * in ("main+0x1c"). They come from the program's own a.out symbol table
 * (`sun3lab cc --symbols`) or from PROG.dbg, the ELF that `sun3lab cc -g`
 * keeps beside the a.out with the same addresses. Only the symbol tables
 * are read (ELF .symtab, a.out nlist); debugging information (DWARF) is the
 * debugger's business.
 *
 * Everything here takes bytes and never throws on a malformed file: a file
 * it cannot read simply has no symbols.
 */
import { existsSync, readFileSync } from 'node:fs';
import { elfSection, N_EXT, N_TEXT, parseAout } from '../tools/elf2aout.js';

export interface ProgramSymbol {
  name: string;
  value: number;
}

/** The code symbols of one program, sorted by address, for address -> name+offset. */
export class SymbolTable {
  private readonly syms: ProgramSymbol[];

  constructor(syms: ProgramSymbol[]) {
    // One name per address: a global one before a local one, then the first alphabetically.
    const sorted = [...syms].sort((a, b) => a.value - b.value);
    this.syms = sorted.filter((s, i) => i === 0 || sorted[i - 1].value !== s.value);
  }

  get size(): number {
    return this.syms.length;
  }

  /** The symbol at or before `addr`, as "name" or "name+0x1c"; null below the first one or past `limit` bytes after it. */
  lookup(addr: number, limit = 0x10000): string | null {
    const a = addr >>> 0;
    let lo = 0;
    let hi = this.syms.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.syms[mid].value <= a) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at < 0) return null;
    const s = this.syms[at];
    const off = a - s.value;
    if (off > limit) return null;
    return off === 0 ? s.name : `${s.name}+0x${off.toString(16)}`;
  }

  /** The address of symbol `name`, or undefined. */
  address(name: string): number | undefined {
    return this.syms.find((s) => s.name === name)?.value;
  }
}

/** The text symbols of an a.out's symbol table (none if it has none or is not an a.out). */
export function aoutSymbols(bytes: Uint8Array): SymbolTable | null {
  const r = parseAout(bytes);
  if (!r.ok) return null;
  const syms = r.aout.symbols
    .filter((s) => (s.type & ~N_EXT) === N_TEXT)
    .map((s) => ({ name: s.name, value: s.value, ext: (s.type & N_EXT) !== 0 }))
    // A global name wins over a local one at the same address (the sort in SymbolTable is stable).
    .sort((a, b) => Number(b.ext) - Number(a.ext));
  return syms.length ? new SymbolTable(syms) : null;
}

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const SHT_SYMTAB = 2;
const STT_NOTYPE = 0;
const STT_FUNC = 2;
const STB_LOCAL = 0;
const SHF_EXECINSTR = 0x4;

/** The function symbols of a 32-bit big-endian ELF file's .symtab (none if it is not one). */
export function elfSymbols(bytes: Uint8Array): SymbolTable | null {
  if (bytes.length < 52 || ELF_MAGIC.some((b, i) => bytes[i] !== b)) return null;
  if (bytes[4] !== 1 || bytes[5] !== 2) return null; // ELFCLASS32, ELFDATA2MSB (m68k)
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shoff = dv.getUint32(32);
  const shentsize = dv.getUint16(46);
  const shnum = dv.getUint16(48);
  if (shoff === 0 || shentsize < 40 || shoff + shnum * shentsize > bytes.length) return null;
  const section = (i: number) => elfSection(dv, shoff + i * shentsize);
  const sections = Array.from({ length: shnum }, (_, i) => section(i));
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (!symtab || symtab.link >= shnum) return null;
  const strtab = sections[symtab.link];
  if (symtab.offset + symtab.size > bytes.length || strtab.offset + strtab.size > bytes.length) return null;
  const entsize = symtab.entsize || 16;
  const latin1 = new TextDecoder('latin1');
  const syms: (ProgramSymbol & { global: boolean })[] = [];
  for (let off = symtab.offset + entsize; off + 16 <= symtab.offset + symtab.size; off += entsize) {
    const info = bytes[off + 12];
    const shndx = dv.getUint16(off + 14);
    const kind = info & 0xf;
    if (kind !== STT_FUNC && kind !== STT_NOTYPE) continue;
    if (shndx === 0 || shndx >= shnum || !(sections[shndx].flags & SHF_EXECINSTR)) continue;
    const nameOff = strtab.offset + dv.getUint32(off);
    let end = nameOff;
    while (end < strtab.offset + strtab.size && bytes[end] !== 0) end++;
    const name = latin1.decode(bytes.subarray(nameOff, end));
    if (name === '' || name.startsWith('.L')) continue;
    syms.push({ name, value: dv.getUint32(off + 4), global: info >> 4 !== STB_LOCAL });
  }
  syms.sort((a, b) => Number(b.global) - Number(a.global));
  return syms.length ? new SymbolTable(syms) : null;
}

/**
 * The symbols of the program in host file `path`: PATH.dbg if `sun3lab cc
 * -g` left one beside it, else the a.out's own symbol table; null if
 * neither has any.
 */
export function programSymbols(path: string): SymbolTable | null {
  const read = (p: string): Uint8Array | null => {
    try {
      return existsSync(p) ? new Uint8Array(readFileSync(p)) : null;
    } catch {
      return null;
    }
  };
  const dbg = read(`${path}.dbg`);
  const fromDbg = dbg ? elfSymbols(dbg) : null;
  if (fromDbg) return fromDbg;
  const own = read(path);
  return own ? (aoutSymbols(own) ?? elfSymbols(own)) : null;
}
