/**
 * `sun3lab disasm FILE [--base ADDR] [--start OFF] [--count N] [--flat]`:
 * a Motorola-syntax listing of a flat 68020 binary, or of the text segment
 * of a SunOS a.out at its load address. docs/disassembler.md describes it.
 *
 * Like the other subcommands it imports the disassembler only inside its
 * handler. Errors are thrown as one-line messages; main.ts prints them as
 * `sun3lab: ...` and exits with status 1.
 */
import type { Argv, CommandModule } from 'yargs';
import { readRegularFile } from '../lab/host-file.js';

/** SunOS a.out magic numbers (MC68020 a.out, 32-byte header). */
export const OMAGIC = 0x0107;
export const NMAGIC = 0x0108;
export const ZMAGIC = 0x010b;
/** Machine types this disassembler reads: old Sun-2, 68010 and 68020 binaries. */
const MACHINE_68K = new Set([0, 1, 2]);
/** All SunOS/m68k executables load their text at 0x2000 (N_TXTADDR). */
export const AOUT_TEXT_ADDR = 0x2000;
const HEADER_SIZE = 32;
/** The largest file disasm reads: 64 MB, far more than any Sun-3 program (a Sun-3/60 has at most 24 MB). */
export const MAX_DISASM_BYTES = 64 * 1024 * 1024;

export interface AoutText {
  magic: number;
  /** The text segment: a ZMAGIC one starts with the 32-byte header. */
  text: Uint8Array;
  /** Where it loads. */
  addr: number;
  /** Offset in `text` of the first instruction (32 for ZMAGIC, past the header). */
  codeOffset: number;
  entry: number;
}

/**
 * The text segment of a SunOS a.out, or null if `file` does not look like
 * one (byte 1 a 68k machine type, bytes 2-3 OMAGIC/NMAGIC/ZMAGIC).
 */
export function parseAout(file: Uint8Array): AoutText | null {
  if (file.length < HEADER_SIZE) return null;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = view.getUint16(2);
  if (magic !== OMAGIC && magic !== NMAGIC && magic !== ZMAGIC) return null;
  if (!MACHINE_68K.has(file[1])) return null;
  const size = view.getUint32(4);
  const offset = magic === ZMAGIC ? 0 : HEADER_SIZE; // N_TXTOFF
  if (offset + size > file.length)
    throw new Error(`truncated a.out: the text segment (${size} bytes) runs past the end of the file`);
  return {
    magic,
    text: file.subarray(offset, offset + size),
    addr: AOUT_TEXT_ADDR,
    codeOffset: magic === ZMAGIC ? HEADER_SIZE : 0,
    entry: view.getUint32(20),
  };
}

/** A number from the command line: decimal, 0x hex or $hex. */
export function parseNumber(s: string): number | undefined {
  const t = s.trim();
  let v: number;
  if (/^0x[0-9a-f]+$/i.test(t)) v = Number.parseInt(t.slice(2), 16);
  else if (/^\$[0-9a-f]+$/i.test(t)) v = Number.parseInt(t.slice(1), 16);
  else if (/^[0-9]+$/.test(t)) v = Number.parseInt(t, 10);
  else return undefined;
  return Number.isSafeInteger(v) ? v : undefined;
}

export interface DisasmArgs {
  file: string;
  base?: string;
  start?: string;
  count?: string;
  flat: boolean;
}

function option(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const v = parseNumber(value);
  if (v === undefined || v > max)
    throw new Error(`--${name} ${value}: not a number from 0 to 0x${max.toString(16)}`);
  return v;
}

/** The listing, as lines of `address: hex words   text`. */
export async function disasmListing(args: DisasmArgs): Promise<string[]> {
  const base = option('base', args.base, 0xffffffff);
  const start = option('start', args.start, 0xffffffff);
  const count = option('count', args.count, Number.MAX_SAFE_INTEGER);
  if (count === 0) throw new Error('--count must be 1 or more');

  const file = readRegularFile(args.file, { max: MAX_DISASM_BYTES });
  let bytes = file;
  let addr = base ?? 0;
  let from = start ?? 0;
  if (!args.flat) {
    let aout: AoutText | null;
    try {
      aout = parseAout(file);
    } catch (err) {
      throw new Error(`${args.file}: ${(err as Error).message}`);
    }
    if (aout) {
      bytes = aout.text;
      addr = base ?? aout.addr;
      from = start ?? aout.codeOffset;
    }
  }
  if (from % 2 !== 0)
    throw new Error(`--start ${args.start}: instructions are word-aligned, use an even offset`);
  if (from >= bytes.length && bytes.length > 0) {
    throw new Error(`--start ${args.start}: past the end of the code (${bytes.length} bytes)`);
  }
  const { disassembleBuffer, formatListingLine } = await import('../cpu/disasm.js');
  return disassembleBuffer(bytes, addr, from, count ?? Number.POSITIVE_INFINITY).map(formatListingLine);
}

export const disasmCommand: CommandModule<object, DisasmArgs> = {
  command: 'disasm <file>',
  describe: 'Disassemble a flat 68020 binary, or the text segment of a SunOS a.out',
  builder: (y: Argv) =>
    y
      .positional('file', { describe: 'flat binary or SunOS a.out', type: 'string', demandOption: true })
      .option('base', {
        describe: 'load address (flat default 0; a.out: 0x2000)',
        type: 'string',
        requiresArg: true,
      })
      .option('start', {
        describe:
          'byte offset to start at, from the load address (a.out ZMAGIC default 0x20, past the header)',
        type: 'string',
        requiresArg: true,
      })
      .option('count', {
        describe: 'instructions to list (default: to the end)',
        type: 'string',
        requiresArg: true,
      })
      .option('flat', {
        describe: 'treat FILE as a flat binary even if it looks like an a.out',
        type: 'boolean',
        default: false,
      }) as unknown as Argv<DisasmArgs>,
  handler: async (args) => {
    const lines = await disasmListing(args);
    // One write: listings can be long, and console.log per line is slow.
    process.stdout.write(lines.length ? `${lines.join('\n')}\n` : '');
  },
};
