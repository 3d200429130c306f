/**
 * A small GDB remote-protocol client for the tests: what gdb would send,
 * one packet at a time, with the stub's answers parsed just enough to
 * check them. It talks no-ack mode once asked to (as gdb does).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { frame, RspReader } from '../../emu/debug/rsp.js';

export class RspClient {
  private readonly reader = new RspReader();
  private readonly replies: string[] = [];
  private waiter: (() => void) | null = null;
  /** Console text the stub sent in O packets. */
  console = '';

  constructor(private readonly write: (bytes: string) => void) {}

  /** Bytes from the stub. */
  receive(data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    for (const i of this.reader.push(bytes)) {
      if (i.kind !== 'packet') continue;
      if (i.payload.startsWith('O') && i.payload !== 'OK') {
        this.console += Buffer.from(i.payload.slice(1), 'hex').toString('utf8');
        continue;
      }
      this.replies.push(i.payload);
    }
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  send(payload: string): void {
    this.write(frame(payload));
  }

  /** Raw bytes (^C is "\x03"). */
  sendRaw(bytes: string): void {
    this.write(bytes);
  }

  /** The next reply (waits for it). */
  async reply(): Promise<string> {
    while (this.replies.length === 0) await new Promise<void>((r) => (this.waiter = r));
    return this.replies.shift() as string;
  }

  /** A reply already there, or null (for a stub driven in this process: no waiting). */
  take(): string | null {
    return this.replies.shift() ?? null;
  }

  async request(payload: string): Promise<string> {
    this.send(payload);
    return this.reply();
  }

  /** The 32-bit register n of a `g` reply. */
  static register(g: string, n: number): number {
    return Number.parseInt(g.slice(n * 8, n * 8 + 8), 16);
  }
}

/** `sun3lab ARGS` with --gdb 0 on the command line: the child, and the port it listens on (from its stderr). */
export async function spawnWithGdb(
  shim: string,
  args: string[],
  cwd: string,
): Promise<{ child: ChildProcess; port: number; out: { stdout: string; stderr: string } }> {
  const child = spawn(process.execPath, [shim, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    out.stdout += s;
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      out.stderr += s;
      const m = /127\.0\.0\.1:(\d+)/.exec(out.stderr);
      if (m) resolve(Number(m[1]));
    });
    child.on('close', () => reject(new Error(`sun3lab exited: ${out.stderr}`)));
  });
  return { child, port, out };
}

/** Connect a client to 127.0.0.1:port. */
export function connectClient(port: number): Promise<{ client: RspClient; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const client = new RspClient((b) => socket.write(Buffer.from(b, 'latin1')));
    socket.on('data', (d) => client.receive(d));
    socket.once('connect', () => resolve({ client, socket }));
    socket.once('error', reject);
  });
}
