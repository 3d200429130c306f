/**
 * Just enough of ELF to run a static big-endian 32-bit executable: the entry
 * point and the loadable segments (ELF specification, "Program Header").
 */

export interface ElfSegment {
  vaddr: number;
  /** The bytes present in the file; memsz - data.length more bytes are zero. */
  data: Uint8Array;
  memsz: number;
}

export interface ElfImage {
  entry: number;
  segments: ElfSegment[];
}

const PT_LOAD = 1;
const EM_68K = 4;

export function parseElf32be(file: Uint8Array): ElfImage {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.length < 52 || dv.getUint32(0) !== 0x7f454c46) throw new Error('not an ELF file');
  if (file[4] !== 1 || file[5] !== 2) throw new Error('not a 32-bit big-endian ELF file');
  if (dv.getUint16(18) !== EM_68K) throw new Error('not an m68k ELF file');
  const entry = dv.getUint32(24);
  const phoff = dv.getUint32(28);
  const phentsize = dv.getUint16(42);
  const phnum = dv.getUint16(44);
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (p + 32 > file.length) throw new Error('truncated program header table');
    if (dv.getUint32(p) !== PT_LOAD) continue;
    const offset = dv.getUint32(p + 4);
    const vaddr = dv.getUint32(p + 8);
    const filesz = dv.getUint32(p + 16);
    const memsz = dv.getUint32(p + 20);
    if (offset + filesz > file.length) throw new Error('segment beyond the end of the file');
    segments.push({ vaddr, data: file.subarray(offset, offset + filesz), memsz });
  }
  return { entry, segments };
}
