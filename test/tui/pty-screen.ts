/**
 * A real terminal for testing the UI: the command runs on a
 * pseudo-terminal made by util-linux's script(1) (so that it sees a
 * terminal of a given size, as a person's would), and what it writes is
 * fed to @xterm/headless, the terminal emulator of VS Code and many web
 * terminals, without a display. Tests read the screen it shows and type
 * keys, as a person would.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import xterm from '@xterm/headless';
import { onTestFinished } from 'vitest';
import { ROOT, SHIM } from '../cli/spawn.js';

/** Is script(1) here (util-linux)? */
export function haveScript(): boolean {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export class PtyScreen {
  readonly term: xterm.Terminal;
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private pending = Promise.resolve();

  /** `sun3lab ARGS` on a terminal of `cols` × `rows`. */
  constructor(args: string[], cols = 120, rows = 40) {
    this.term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
    const command = `stty rows ${rows} cols ${cols}; exec ${[process.execPath, SHIM, ...args].map(quote).join(' ')}`;
    this.child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, TERM: 'xterm-256color', LANG: 'C.UTF-8' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    onTestFinished(() => {
      this.child.kill('SIGKILL');
    });
    this.child.stdout?.on('data', (d: Buffer) => {
      const bytes = new Uint8Array(d);
      this.pending = this.pending.then(() => new Promise<void>((r) => this.term.write(bytes, r)));
    });
    this.exited = new Promise((r) => this.child.on('close', (code) => r(code)));
  }

  /** The screen's rows as text. */
  rows(): string[] {
    const b = this.term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < this.term.rows; i++)
      out.push(b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
    return out;
  }

  /** The screen as one string. */
  text(): string {
    return this.rows().join('\n');
  }

  /** Columns [from, to) of every row: a pane of the screen. */
  region(from: number, to: number, top = 0, bottom = this.term.rows): string[] {
    return this.rows()
      .slice(top, bottom)
      .map((r) => r.slice(from, to).trimEnd());
  }

  /** Wait until `check` holds for the screen (every 50 ms), or fail after `ms` with the screen. */
  async waitFor(check: (screen: string) => boolean, what: string, ms = 30_000): Promise<void> {
    const end = Date.now() + ms;
    for (;;) {
      await this.pending;
      if (check(this.text())) return;
      if (Date.now() > end) throw new Error(`no ${what} after ${ms} ms; the screen:\n${this.text()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Type keys, as a person does. */
  type(keys: string): void {
    this.child.stdin?.write(Buffer.from(keys, 'latin1'));
  }
}
