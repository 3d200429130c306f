/**
 * `--gdb PORT`: a TCP listener on 127.0.0.1 (never another interface: a
 * debugger can read and write everything), one gdb at a time, joined to a
 * MachineDebugger through a GdbStub.
 *
 * The host's run loop asks `hold()` between its slices of emulated time:
 * it returns at once while the machine may run, and waits (emulated time
 * standing still) while gdb holds it. While the machine runs, the loop must
 * give the event loop a turn now and then (`hold` does) so that gdb's ^C
 * gets in.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { MachineDebugger } from './machine-target.js';
import { GdbStub } from './stub.js';

export class GdbServer {
  private socket: Socket | null = null;
  /** Wakes whoever waits in hold() or waitForGdb() (something came from gdb, or it left). */
  private wake: (() => void) | null = null;
  private closed = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly debuggers: MachineDebugger[],
    /** One line for the user (stderr): gdb came, went. */
    private readonly log: (line: string) => void,
  ) {
    server.on('connection', (s) => this.accept(s));
  }

  /** Listen on 127.0.0.1:port (0: any free port) for gdb to debug `dbg`. */
  static listen(port: number, dbg: MachineDebugger, log: (line: string) => void): Promise<GdbServer> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(new Error(`--gdb ${port}: cannot listen on 127.0.0.1:${port} (${e.code ?? e.message})`)),
      );
      server.listen(port, '127.0.0.1', () => {
        const addr = server.address();
        const actual = typeof addr === 'object' && addr !== null ? addr.port : port;
        resolve(new GdbServer(server, actual, [dbg], log));
      });
    });
  }

  private get dbg(): MachineDebugger {
    return this.debuggers[0];
  }

  /** Is a gdb connected? */
  get connected(): boolean {
    return this.socket !== null;
  }

  private accept(s: Socket): void {
    if (this.socket !== null || this.closed) {
      s.end();
      return; // one gdb at a time
    }
    this.socket = s;
    s.setNoDelay(true);
    const stub = new GdbStub(this.dbg, (text) => s.write(Buffer.from(text, 'latin1')));
    this.dbg.onStop = (r) => stub.stopped(r);
    this.dbg.onConsole = (t) => stub.console(t);
    this.dbg.onGone = () => s.end();
    this.dbg.attach();
    this.log(`gdb connected on 127.0.0.1:${this.port}`);
    s.on('data', (chunk) => {
      stub.receive(chunk);
      this.poke();
    });
    const gone = () => {
      if (this.socket !== s) return;
      this.socket = null;
      // gdb went without a word (killed, connection lost): let the machine go, as a detach.
      if (this.dbg.holding || !this.dbg.killRequested) this.dbg.detach();
      this.dbg.onStop = () => {};
      this.dbg.onConsole = () => {};
      this.log('gdb disconnected');
      this.poke();
    };
    s.on('close', gone);
    s.on('error', gone);
    this.poke();
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private nextWake(): Promise<void> {
    return new Promise((r) => {
      this.wake = r;
    });
  }

  /** Wait until a gdb has connected. */
  async waitForGdb(): Promise<void> {
    while (this.socket === null && !this.closed) await this.nextWake();
  }

  /**
   * Between slices of emulated time: wait while gdb holds the machine (with
   * no gdb connected, it waits for one); otherwise give the event loop a
   * turn so that ^C from gdb gets in.
   */
  async hold(): Promise<void> {
    if (this.socket !== null || this.dbg.holding) await new Promise((r) => setImmediate(r));
    while (this.dbg.holding && !this.closed && !this.dbg.killRequested) await this.nextWake();
  }

  /** The machine has stopped for good: tell a gdb still waiting (the exit's stop reply is sent already). */
  close(): Promise<void> {
    this.closed = true;
    this.poke();
    const s = this.socket;
    this.server.close();
    if (s === null) return Promise.resolve();
    return new Promise((resolve) => {
      // The last stop reply is on its way; a gdb that does not hang up in time is cut off.
      const cut = setTimeout(() => s.destroy(), 2000);
      s.once('close', () => {
        clearTimeout(cut);
        resolve();
      });
      s.end();
    });
  }
}
