/**
 * Booting test machines: a root image made on the fly (mkfs plus the files
 * a test needs) and a Station that runs one program as process 1.
 */

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { installFile } from '../../emu/lab/disk.js';
import { Station } from '../../emu/lab/station.js';
import { makeDevices, TMP_MODE } from '../../emu/tools/mkfs.js';
import { MemoryDisk } from '../../kernel/fs/ufs/disk.js';
import { IFDIR } from '../../kernel/fs/ufs/fs.js';
import { mkfs } from '../../kernel/fs/ufs/mkfs.js';
import { Ufs } from '../../kernel/fs/ufs/ufs.js';

/** A small root file system: /dev (the device files of every built image), /tmp, and `files`. */
export function makeImage(files: Record<string, Uint8Array> = {}, blocks = 512): Uint8Array {
  const disk = MemoryDisk.zeroed(blocks);
  mkfs(disk);
  const fs = Ufs.mount(disk);
  const root = fs.root();
  const dev = fs.mkdir(root, 'dev', IFDIR | 0o755, 0, 0);
  makeDevices(fs, dev);
  fs.iput(fs.mkdir(root, 'tmp', IFDIR | TMP_MODE, 0, 0));
  fs.iput(dev);
  fs.iput(root);
  fs.sync();
  fs.unmount();
  for (const [path, data] of Object.entries(files)) installFile(disk.bytes, path, data, 0o755);
  return disk.bytes;
}

/** A ZMAGIC a.out for the 68020 whose text is `code` (loaded at 0x2020), entry at its start. */
export function aout(code: Uint8Array, data = new Uint8Array(0), bss = 0): Uint8Array {
  const textSize = Math.ceil((32 + code.length) / 8192) * 8192;
  const out = new Uint8Array(textSize + data.length);
  const v = new DataView(out.buffer);
  out[1] = 2; // 68020
  v.setUint16(2, 0o413); // ZMAGIC
  v.setUint32(4, textSize);
  v.setUint32(8, data.length);
  v.setUint32(12, bss);
  v.setUint32(20, 0x2020);
  out.set(code, 32);
  out.set(data, textSize);
  return out;
}

export function hex(s: string): Uint8Array {
  return new Uint8Array(s.match(/../g)?.map((b) => Number.parseInt(b, 16)) ?? []);
}

export interface RunResult {
  output: string;
  status: number;
  cycles: number;
  station: Station;
}

/** Boot a machine with `image`, run `path` as process 1 until it exits (and the console drains). */
export function runOn(
  image: Uint8Array,
  path: string,
  argv: string[] = [path],
  input = '',
  maxSeconds = 60,
): RunResult {
  let output = '';
  let status = -1;
  const st = new Station({
    disk: image,
    program: { path, argv },
    consoleSink: (b) => {
      output += String.fromCharCode(b);
    },
    onExit: (s) => {
      status = s;
    },
    quietBoot: true,
  });
  if (input) st.machine.consoleInput(input);
  const limit = maxSeconds * 20_000_000;
  while (!st.halted && st.machine.cpu.cycles < limit) st.run(200_000);
  return { output: output.replace(/\r\n/g, '\n'), status, cycles: st.machine.cpu.cycles, station: st };
}

/** The committed root image (images/root.img.gz), a fresh copy each time. */
export function rootImage(): Uint8Array {
  return new Uint8Array(gunzipSync(readFileSync(new URL('../../images/root.img.gz', import.meta.url))));
}

/**
 * Boot the committed image to the shell's prompt, then type each step's input
 * and let `seconds` of emulated time pass: the console output up to the
 * prompt, and from there on.
 */
function consoleSession(steps: [string, number][]): { boot: string; typed: string } {
  let out = '';
  const st = new Station({
    disk: rootImage(),
    consoleSink: (b) => {
      out += String.fromCharCode(b);
    },
  });
  for (let i = 0; i < 500 && !out.includes('# '); i++) st.run(200_000);
  const start = out.length;
  for (const [input, seconds] of steps) {
    st.machine.consoleInput(input);
    for (let i = 0; i < seconds * 100 && !st.halted; i++) st.run(200_000);
  }
  const unix = (s: string) => s.replace(/\r\n/g, '\n');
  return { boot: unix(out.slice(0, start)), typed: unix(out.slice(start)) };
}

/** Boot to the shell with /sbin/init, type `input`, and return the console output (the boot's too) after `seconds` more. */
export function session(input: string, seconds = 10): string {
  const { boot, typed } = consoleSession([[input, seconds]]);
  return boot + typed;
}

/** Boot to the shell, then type each step's input and let `seconds` of emulated time pass; the output after the first prompt. */
export function typeSteps(steps: [string, number][]): string {
  return consoleSession(steps).typed;
}
