/**
 * Booting test machines: a root image made on the fly (mkfs plus the files
 * a test needs) and a Station that runs one program as process 1.
 */

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { installFile } from '../../emu/lab/disk.js';
import { type Disk, Station } from '../../emu/lab/station.js';
import { makeDevices, TMP_MODE } from '../../emu/tools/mkfs.js';
import { MemoryDisk } from '../../kernel/fs/ufs/disk.js';
import { IFDIR } from '../../kernel/fs/ufs/fs.js';
import { mkfs } from '../../kernel/fs/ufs/mkfs.js';
import { Ufs } from '../../kernel/fs/ufs/ufs.js';
import type { UfsMount } from '../../kernel/fs/ufs_vnops.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { Proc } from '../../kernel/proc/proc.js';

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

/** More for runOn: disks attached as sd1, sd2...; something to do to the machine before it runs. */
export interface RunMore {
  extraDisks?: Disk[];
  setup?: (st: Station) => void;
  /** Memory in MB (default the Station's, 8). */
  memoryMB?: number;
}

/** Boot a machine with `image`, run `path` as process 1 until it exits (and the console drains). */
export function runOn(
  image: Uint8Array,
  path: string,
  argv: string[] = [path],
  input = '',
  maxSeconds = 60,
  more: RunMore = {},
): RunResult {
  let output = '';
  let status = -1;
  const st = new Station({
    disk: image,
    extraDisks: more.extraDisks,
    memoryMB: more.memoryMB,
    program: { path, argv },
    consoleSink: (b) => {
      output += String.fromCharCode(b);
    },
    onExit: (s) => {
      status = s;
    },
    quietBoot: true,
  });
  more.setup?.(st);
  if (input) st.machine.consoleInput(input);
  const limit = maxSeconds * 20_000_000;
  while (!st.halted && st.machine.cpu.cycles < limit) st.run(200_000);
  return { output: output.replace(/\r\n/g, '\n'), status, cycles: st.machine.cpu.cycles, station: st };
}

/**
 * A machine booted from the committed image with /bin/true as process 1,
 * not yet run: for tests that call the kernel directly, as process 1.
 */
export function bootedKernel(): { k: Kernel; p: Proc } {
  const st = new Station({
    disk: rootImage(),
    consoleSink: () => {},
    quietBoot: true,
    program: { path: '/bin/true', argv: ['true'] },
  });
  return { k: st.kernel, p: st.kernel.procs.get(1) as Proc };
}

/** The committed root image (images/root.img.gz), a fresh copy each time. */
export function rootImage(): Uint8Array {
  return new Uint8Array(gunzipSync(readFileSync(new URL('../../images/root.img.gz', import.meta.url))));
}

/** A machine booted with /sbin/init, at a terminal: what it printed, and a way to type at it. */
export interface Console {
  station: Station;
  /** Everything the console has printed so far, with Unix line ends. */
  output(): string;
  /** Type `input`, then let `seconds` of emulated time pass (less if the machine halts). */
  type(input: string, seconds: number): void;
  /** Run until the output matches `pattern` (or `seconds` pass); whether it did. */
  waitFor(pattern: RegExp, seconds?: number): boolean;
}

/**
 * Boot `image` (the committed one by default; `extraDisks` as sd1...) with
 * /sbin/init, until the output matches `until` (by default: it ends in the
 * first prompt) or 10 s pass; `memoryMB` as the Station's (default 8).
 */
export function bootConsole(
  image: Uint8Array = rootImage(),
  extraDisks: Disk[] = [],
  until = /# $/,
  memoryMB?: number,
): Console {
  let out = '';
  const station = new Station({
    disk: image,
    extraDisks,
    memoryMB,
    consoleSink: (b) => {
      out += String.fromCharCode(b);
    },
  });
  const output = () => out.replace(/\r\n/g, '\n');
  const waitFor = (pattern: RegExp, seconds = 10) => {
    for (let i = 0; i < seconds * 100 && !pattern.test(output()) && !station.halted; i++)
      station.run(200_000);
    return pattern.test(output());
  };
  waitFor(until);
  return {
    station,
    output,
    waitFor,
    type: (input, seconds) => {
      station.machine.consoleInput(input);
      for (let i = 0; i < seconds * 100 && !station.halted; i++) station.run(200_000);
    },
  };
}

/**
 * Boot the committed image to the shell's prompt, then type each step's input
 * and let `seconds` of emulated time pass: the console output up to the
 * prompt, and from there on.
 */
function consoleSession(steps: [string, number][]): { boot: string; typed: string } {
  const c = bootConsole();
  const start = c.output().length;
  for (const [input, seconds] of steps) c.type(input, seconds);
  return { boot: c.output().slice(0, start), typed: c.output().slice(start) };
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

/** The root file system a station's kernel has mounted (the Ufs under its vnodes), to look at files while it runs. */
export function rootUfs(st: Station): Ufs {
  return (st.kernel.mounts[0].fs as UfsMount).fs;
}
