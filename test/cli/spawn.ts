/** Running the `sun3lab` command (or another Node script) from tests. */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHIM = join(ROOT, 'emu/cli/sun3lab.js');

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node emu/cli/sun3lab.js ARGS` and collects what it printed. */
export function sun3lab(args: string[], cwd = ROOT): Promise<Outcome> {
  return node(SHIM, args, { cwd });
}

/** Runs `node SCRIPT ARGS` (with extra environment variables) and collects what it printed. */
export function node(
  script: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * A copy of the command's sources (emu, kernel, the package files; with
 * `image`, images/root.img.gz) in a new temporary folder named `prefix`...,
 * with one link to each package, so that the copy's bundle, code caches and
 * snapshots (node_modules/.sun3lab) are its own and the project's are left
 * alone. Returns the folder.
 */
export function copySources(prefix: string, { image = false } = {}): string {
  const copy = mkdtempSync(join(tmpdir(), prefix));
  for (const part of ['emu', 'kernel', 'package.json', 'tsconfig.json'])
    cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  if (image) {
    mkdirSync(join(copy, 'images'));
    cpSync(join(ROOT, 'images', 'root.img.gz'), join(copy, 'images', 'root.img.gz'));
  }
  mkdirSync(join(copy, 'node_modules'));
  for (const pkg of readdirSync(join(ROOT, 'node_modules')))
    if (!pkg.startsWith('.')) symlinkSync(join(ROOT, 'node_modules', pkg), join(copy, 'node_modules', pkg));
  return copy;
}

export interface Measured {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Real time from start to exit. */
  ms: number;
  /** Peak resident set size seen (Linux: VmHWM), in MB; 0 where /proc is not there. */
  peakMB: number;
}

/**
 * Run sun3lab with `stdin` (a file descriptor, or a string to write without
 * closing the pipe); `node` are options for Node itself.
 */
export function measured(
  args: string[],
  stdin: number | { keepOpen: string },
  node: string[] = [],
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, [...node, SHIM, ...args], {
      stdio: [typeof stdin === 'number' ? stdin : 'pipe', 'pipe', 'pipe'],
    });
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    if (typeof stdin !== 'number') child.stdin?.write(stdin.keepOpen);
    let stdout = '';
    let stderr = '';
    let peakMB = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakMB = Math.max(peakMB, Number(m[1]) / 1024);
      } catch {
        // gone, or no /proc
      }
    }, 50);
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, stdout, stderr, ms: performance.now() - t, peakMB });
    });
  });
}

/** `bytes` bytes of text lines of varying length. */
export function textLines(bytes: number): Buffer {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    let line = `line ${i} ${'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(1 + (i % 3))}\n`;
    if (n + line.length > bytes) line = `${line.slice(0, bytes - n - 1)}\n`;
    parts.push(line);
    n += line.length;
  }
  return Buffer.from(parts.join(''));
}
