/**
 * The a.out loader (the part of 4.3BSD's execve that reads the a.out file,
 * getxfile in kern_exec.c): check the header, build a fresh address space
 * with text, data and bss, and a stack holding argc, argv, envp and their
 * strings; the caller puts the process into it. execve itself — finding
 * the file, "#!" scripts, replacing the process's image — is exec.ts.
 *
 * SunOS a.out on a Sun-3 (docs/userland.md, the ABI): a 32-byte header, machine
 * type 2 (68020), ZMAGIC (0413): the header is the first 32 bytes of the
 * first text page, text is loaded at 0x2000 from file offset 0, data at the
 * next 128 KB boundary, bss after it and the break after bss.
 *
 * The text pages are shared through the text table (vm/text.ts) by every
 * process running the same file, as 4.3BSD's xalloc shares them.
 */
import { E2BIG, ENOEXEC, ENOMEM, Errno } from '../errno.js';
import type { Vnode } from '../fs/vnode.js';
import { NBPG, NBSG, NCARGS, PGSHIFT, USRSTACK, USRTEXT } from '../param.js';
import { AddressSpace, PROT_READ, PROT_WRITE } from '../vm/as.js';
import type { PageAllocator } from '../vm/page.js';
import type { TextTable } from '../vm/text.js';

export const A_MAGIC_ZMAGIC = 0o413;
export const A_MAGIC_NMAGIC = 0o410;
export const A_MAGIC_OMAGIC = 0o407;
export const M_68020 = 2;
/** The largest program: text, data and bss together. */
const MAXIMAGE = 64 * 1024 * 1024;

export interface Aout {
  magic: number;
  text: number;
  data: number;
  bss: number;
  entry: number;
}

/** Parse and validate an a.out header; ENOEXEC for anything this kernel cannot run. */
export function aoutHeader(image: Uint8Array): Aout {
  if (image.length < 32) throw new Errno(ENOEXEC);
  const v = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const machtype = image[1];
  const magic = v.getUint16(2);
  const h = {
    magic,
    text: v.getUint32(4),
    data: v.getUint32(8),
    bss: v.getUint32(12),
    entry: v.getUint32(20),
  };
  if (machtype !== M_68020 || magic !== A_MAGIC_ZMAGIC) throw new Errno(ENOEXEC);
  if (h.text === 0 || h.text + h.data > image.length) throw new Errno(ENOEXEC);
  if (h.entry < USRTEXT || h.entry >= USRTEXT + h.text || h.entry & 1) throw new Errno(ENOEXEC);
  if (h.text + h.data + h.bss > MAXIMAGE) throw new Errno(ENOEXEC);
  return h;
}

/**
 * How much of a file the a.out header in its first bytes says exec must
 * read (text and data), checked no further than exec needs to bound it:
 * ENOEXEC for a header too short or sizes no program may have.
 */
export function aoutLength(head: Uint8Array): number {
  if (head.length < 32) throw new Errno(ENOEXEC);
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const n = v.getUint32(4) + v.getUint32(8);
  if (n > MAXIMAGE) throw new Errno(ENOEXEC);
  return n;
}

/** Where ZMAGIC data starts: the 128 KB boundary after the text. */
export function dataAddress(h: Aout): number {
  return NBSG + ((USRTEXT + h.text - 1) & ~(NBSG - 1));
}

/** Where a program comes from: the file (for the text table) and the memory to load it into. */
export interface LoadFrom {
  mem: PageAllocator;
  /** The text table and the file with its modification time; without them the text is private. */
  texts?: TextTable;
  vp?: Vnode;
  mtime?: number;
  stackLimit: number;
}

/**
 * Build the address space of a new image. Throws ENOEXEC for a bad file,
 * E2BIG for arguments beyond NCARGS, ENOMEM when memory runs out; the old
 * address space is untouched until the caller switches over. The text comes
 * from the text table (text.ts) when the file is given: a program already
 * running shares its text pages instead of loading them again. Returns the
 * bytes copied into memory, for the kernel's time accounting.
 */
export function loadImage(
  from: LoadFrom,
  image: Uint8Array,
  argv: string[],
  envp: string[],
): { as: AddressSpace; sp: number; entry: number; copied: number; pagesIn: number } {
  const h = aoutHeader(image);
  const { mem } = from;
  const as = new AddressSpace(mem, from.stackLimit);
  let copied = h.data;
  // Pages filled from the file (4.3BSD's v_pgpgin): the text's, unless it was in memory already, and the data's.
  let pagesIn = Math.ceil(h.data / NBPG);
  try {
    const ram = mem.ram;
    as.textStart = USRTEXT;
    as.textEnd = USRTEXT + roundPage(h.text);
    as.dataStart = dataAddress(h);
    as.brk = as.dataStart + h.data + h.bss;
    // Text, read-only, from file offset 0 (the header is part of the first page).
    if (from.texts && from.vp) {
      const misses = from.texts.misses;
      const x = from.texts.xalloc(from.vp, from.mtime ?? 0, image, h.text);
      if (!x) throw new Errno(ENOMEM);
      as.mapText(x);
      if (from.texts.misses !== misses) {
        copied += h.text;
        pagesIn += Math.ceil(h.text / NBPG);
      }
    } else {
      for (let off = 0; off < h.text; off += NBPG) {
        const page = as.addPage(USRTEXT + off, PROT_READ);
        if (!page) throw new Errno(ENOMEM);
        ram.set(image.subarray(off, Math.min(off + NBPG, h.text)), page.frame * NBPG);
      }
      copied += h.text;
      pagesIn += Math.ceil(h.text / NBPG);
    }
    // Swap for data, bss and the stack first (ENOMEM if it cannot be had);
    // then the data from the file. The bss beyond the data's last page is
    // demand-zero: its pages are made when first touched.
    as.stackBottom = USRSTACK - NBPG;
    if (!as.reserve()) throw new Errno(ENOMEM);
    for (let off = 0; off < h.data; off += NBPG) {
      const page = as.addPage(as.dataStart + off, PROT_READ | PROT_WRITE);
      if (!page) throw new Errno(ENOMEM);
      ram.set(image.subarray(h.text + off, h.text + Math.min(off + NBPG, h.data)), page.frame * NBPG);
    }
    const sp = buildStack(as, argv, envp);
    if (!as.reserve()) throw new Errno(ENOMEM);
    return { as, sp, entry: h.entry, copied, pagesIn };
  } catch (e) {
    as.clear();
    throw e;
  }
}

function roundPage(n: number): number {
  return Math.ceil(n / NBPG) * NBPG;
}

/**
 * The initial stack (4.3BSD layout): at the new SP argc, then argv[]
 * pointers and 0, envp[] pointers and 0, then the strings, at the top.
 */
function buildStack(as: AddressSpace, argv: string[], envp: string[]): number {
  // One byte per character: the strings came from user memory that way (exec.ts).
  const strings = [...argv, ...envp].map((s) => Uint8Array.from(`${s}\0`, (c) => c.charCodeAt(0) & 0xff));
  const strBytes = strings.reduce((n, s) => n + s.length, 0);
  if (strBytes > NCARGS) throw new Errno(E2BIG);
  const ptrBytes = 4 * (1 + argv.length + 1 + envp.length + 1);
  const top = USRSTACK;
  const strStart = (top - strBytes) & ~3;
  const sp = (strStart - ptrBytes) & ~3;
  const words: number[] = [argv.length];
  let at = strStart;
  const addrs = strings.map((s) => {
    const a = at;
    at += s.length;
    return a;
  });
  words.push(...addrs.slice(0, argv.length), 0, ...addrs.slice(argv.length), 0);
  const bytes = new Uint8Array(top - sp);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < words.length; i++) view.setUint32(4 * i, words[i]);
  let o = strStart - sp;
  for (const s of strings) {
    bytes.set(s, o);
    o += s.length;
  }
  for (let va = sp & ~(NBPG - 1); va < top; va += NBPG) {
    const page = as.addPage(va, PROT_READ | PROT_WRITE);
    if (!page) throw new Errno(ENOMEM);
    const from = Math.max(va, sp);
    const to = Math.min(va + NBPG, top);
    as.mem.ram.set(bytes.subarray(from - sp, to - sp), page.frame * NBPG + (from - va));
  }
  as.stackBottom = (sp >>> PGSHIFT) << PGSHIFT;
  return sp;
}
