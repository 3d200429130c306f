/** Running the `sun3lab` command (or another Node script) from tests. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
