/**
 * The GDB remote-protocol stub: the packets gdb sends to a target and the
 * answers it expects, over a `Debuggee` (the machine, machine-target.ts).
 * The framing (checksums, acks, escapes) is rsp.ts; the TCP listener is
 * server.ts.
 *
 * Threads are the machine's processes (thread id = pid), as System/161
 * shows its CPUs, plus one for the CPU itself (CPU_THREAD: the live
 * registers whatever runs, memory through the MMU's current context).
 * The stub answers one packet at a time; while the target runs (after c,
 * s or vCont) the only thing gdb may send is ^C, and the answer to the
 * resume is the stop reply, sent when the target stops.
 */
import { registerSlice } from './m68k-regs.js';
import { frame, fromHex, hex32, type RspInput, RspReader, toHex } from './rsp.js';

/** The thread id of the CPU itself (not a process): its live registers, memory as the MMU maps it now. */
export const CPU_THREAD = 0x7fff0000;

/** gdb's signal numbers (they are its own, not the target's). */
export const GDB_SIGINT = 2;
export const GDB_SIGTRAP = 5;
export const GDB_SIGKILL = 9;

/** Z/z packet types. */
export const Z_SOFTWARE = 0;
export const Z_HARDWARE = 1;
export const Z_WRITE = 2;
export const Z_READ = 3;
export const Z_ACCESS = 4;

/** Why the target stopped, as the stop reply says it. */
export type StopReason =
  /** A signal gdb shows (SIGTRAP: breakpoint or step; SIGINT: ^C), in `thread`; a watchpoint, with its kind and address. */
  | { kind: 'signal'; signal: number; thread: number; watch?: { type: number; addr: number } }
  /** The debugged process exited with this exit status. */
  | { kind: 'exited'; status: number }
  /** The debugged process was killed by this signal. */
  | { kind: 'killed'; signal: number };

export interface ThreadInfo {
  id: number;
  /** What `info threads` shows beside it: "pid 5 sh (sleeping)". */
  extra: string;
}

/** What the stub needs of the target. Register blocks are in the g packet's layout (m68k-regs.ts). */
export interface Debuggee {
  threads(): ThreadInfo[];
  /** The current stop (for `?`). */
  stopReason(): StopReason;
  registers(thread: number): Uint8Array | null;
  setRegisters(thread: number, data: Uint8Array): boolean;
  setRegister(thread: number, n: number, data: Uint8Array): boolean;
  /** Up to `len` bytes at addr as `thread` sees them: the readable prefix (empty: none). */
  readMemory(thread: number, addr: number, len: number): Uint8Array;
  writeMemory(thread: number, addr: number, data: Uint8Array): boolean;
  /** Insert or remove a breakpoint or watchpoint (Z_ type) for `thread`'s address space. False: not supported. */
  insertPoint(type: number, addr: number, len: number, thread: number): boolean;
  removePoint(type: number, addr: number, len: number, thread: number): boolean;
  /** Let the machine go: step one instruction of `thread`, or continue. The target calls GdbStub.stopped later. */
  resume(step: boolean, thread: number): void;
  /** ^C: stop as soon as possible (GdbStub.stopped follows). */
  interrupt(): void;
  /** gdb's kill: end the debugged program (or the machine). */
  kill(): void;
  /** gdb lets go: every breakpoint removed, the machine runs on. */
  detach(): void;
  /** Was the target running before gdb came (detach on quit) rather than started for it (kill on quit)? */
  readonly attached: boolean;
  /** The host file with the program's symbols (PROG.dbg), for qXfer:exec-file:read, or null. */
  execFile(): string | null;
}

export class GdbStub {
  private readonly reader = new RspReader();
  private noAck = false;
  private enterNoAck = false;
  /** Between a resume and its stop reply. */
  private running = false;
  /** The thread of g, m, Z (Hg) and of s (Hc); 0: any. */
  private gThread = 0;
  private cThread = 0;
  /** The last packet sent, for a `-`. */
  private last = '';

  constructor(
    private readonly target: Debuggee,
    /** Sends bytes (latin1) to gdb. */
    private readonly send: (s: string) => void,
  ) {}

  /** Bytes from gdb. */
  receive(chunk: Uint8Array): void {
    for (const input of this.reader.push(chunk)) this.input(input);
  }

  /** Is gdb waiting for a stop reply? */
  get waiting(): boolean {
    return this.running;
  }

  /** The target has stopped: the stop reply to the resume gdb is waiting on. */
  stopped(reason: StopReason): void {
    if (!this.running) return;
    this.running = false;
    if (reason.kind === 'signal') this.gThread = reason.thread;
    this.reply(stopReply(reason));
  }

  /** Text for gdb's console while the target runs (an `O` packet); dropped when gdb is not waiting. */
  console(text: string): void {
    if (this.running) this.packet(`O${toHex(Buffer.from(text, 'utf8'))}`);
  }

  private input(i: RspInput): void {
    if (i.kind === 'interrupt') {
      if (this.running) this.target.interrupt();
    } else if (i.kind === 'nack') {
      if (this.last) this.send(this.last);
    } else if (i.kind === 'bad') {
      if (!this.noAck) this.send('-');
    } else if (i.kind === 'packet') {
      if (!this.noAck) this.send('+');
      const answer = this.handle(i.payload);
      if (answer !== null) this.reply(answer);
      if (this.enterNoAck) this.noAck = true;
    }
  }

  private reply(payload: string): void {
    this.packet(payload);
  }

  private packet(payload: string): void {
    this.last = frame(payload);
    this.send(this.last);
  }

  /** The thread a packet means: the one selected, or the one that stopped. */
  private thread(selected: number): number {
    if (selected > 0) return selected;
    const r = this.target.stopReason();
    return r.kind === 'signal' ? r.thread : CPU_THREAD;
  }

  /** The answer to one packet ('' is "not supported"), or null for none (a resume: the stop reply comes later). */
  private handle(p: string): string | null {
    const t = this.target;
    switch (p[0]) {
      case '?':
        return stopReply(t.stopReason());
      case 'g': {
        const regs = t.registers(this.thread(this.gThread));
        return regs ? toHex(regs) : 'E01';
      }
      case 'G': {
        const data = fromHex(p.slice(1));
        return data && t.setRegisters(this.thread(this.gThread), data) ? 'OK' : 'E01';
      }
      case 'p': {
        const n = Number.parseInt(p.slice(1), 16);
        const regs = t.registers(this.thread(this.gThread));
        const r = regs ? registerSlice(regs, n) : null;
        return r ? toHex(r) : 'E01';
      }
      case 'P': {
        const [n, v] = p.slice(1).split('=');
        const data = fromHex(v ?? '');
        return data && t.setRegister(this.thread(this.gThread), Number.parseInt(n, 16), data) ? 'OK' : 'E01';
      }
      case 'm': {
        const m = /^m([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(p);
        if (!m) return 'E01';
        const len = Math.min(Number.parseInt(m[2], 16), 0x1000);
        const bytes = t.readMemory(this.thread(this.gThread), Number.parseInt(m[1], 16) >>> 0, len);
        return bytes.length > 0 || len === 0 ? toHex(bytes) : 'E0e';
      }
      case 'M': {
        const m = /^M([0-9a-fA-F]+),([0-9a-fA-F]+):([0-9a-fA-F]*)$/.exec(p);
        const data = m ? fromHex(m[3]) : null;
        if (!m || !data || data.length !== Number.parseInt(m[2], 16)) return 'E01';
        return t.writeMemory(this.thread(this.gThread), Number.parseInt(m[1], 16) >>> 0, data) ? 'OK' : 'E0e';
      }
      case 'Z':
      case 'z': {
        const m = /^[Zz]([0-4]),([0-9a-fA-F]+),([0-9a-fA-F]+)/.exec(p);
        if (!m) return 'E01';
        const type = Number(m[1]);
        const addr = Number.parseInt(m[2], 16) >>> 0;
        const len = Number.parseInt(m[3], 16);
        const th = this.thread(this.gThread);
        const ok = p[0] === 'Z' ? t.insertPoint(type, addr, len, th) : t.removePoint(type, addr, len, th);
        return ok ? 'OK' : '';
      }
      case 'H': {
        const id = parseThread(p.slice(2));
        if (id === null) return 'E01';
        if (p[1] === 'g') this.gThread = id;
        else if (p[1] === 'c') this.cThread = id;
        return 'OK';
      }
      case 'T': {
        const id = parseThread(p.slice(1));
        return id !== null && t.threads().some((th) => th.id === id) ? 'OK' : 'E01';
      }
      case 'c':
      case 'C':
        return this.resume(false, this.cThread);
      case 's':
      case 'S':
        return this.resume(true, this.cThread);
      case 'k':
        t.kill();
        return null;
      case 'D':
        this.running = false;
        t.detach();
        return 'OK';
      case 'v':
        return this.handleV(p);
      case 'q':
      case 'Q':
        return this.handleQuery(p);
      default:
        return '';
    }
  }

  private resume(step: boolean, thread: number): null {
    this.running = true;
    this.target.resume(step, step ? this.thread(thread) : thread);
    return null;
  }

  private handleV(p: string): string | null {
    if (p === 'vCont?') return 'vCont;c;C;s;S';
    if (p.startsWith('vCont;')) {
      // The first action says what to do; an action for one thread ("s:5")
      // steps that thread, the rest ("c") continue with it.
      for (const action of p.slice(6).split(';')) {
        const [what, tid] = action.split(':');
        const id = tid === undefined ? 0 : (parseThread(tid) ?? 0);
        if (what[0] === 's' || what[0] === 'S') return this.resume(true, id);
        if (what[0] === 'c' || what[0] === 'C') return this.resume(false, id);
      }
      return 'E01';
    }
    if (p.startsWith('vKill')) {
      this.target.kill();
      return 'OK';
    }
    return ''; // vMustReplyEmpty, vFile, vRun...: not supported
  }

  private handleQuery(p: string): string {
    const t = this.target;
    if (p.startsWith('qSupported'))
      return `PacketSize=4000;QStartNoAckMode+;vContSupported+;qXfer:exec-file:read${t.execFile() ? '+' : '-'}`;
    if (p === 'QStartNoAckMode') {
      this.enterNoAck = true; // after this answer, acknowledged in the old mode
      return 'OK';
    }
    if (p === 'qAttached' || p.startsWith('qAttached:')) return t.attached ? '1' : '0';
    if (p === 'qC') {
      const r = t.stopReason();
      return `QC${(r.kind === 'signal' ? r.thread : CPU_THREAD).toString(16)}`;
    }
    if (p === 'qfThreadInfo')
      return `m${t
        .threads()
        .map((th) => th.id.toString(16))
        .join(',')}`;
    if (p === 'qsThreadInfo') return 'l';
    if (p.startsWith('qThreadExtraInfo,')) {
      const id = parseThread(p.slice(17));
      const th = t.threads().find((x) => x.id === id);
      return th ? toHex(Buffer.from(th.extra, 'utf8')) : 'E01';
    }
    if (p.startsWith('qXfer:exec-file:read:')) {
      const file = t.execFile();
      const m = /:([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(p);
      if (!file || !m) return 'E01';
      const off = Number.parseInt(m[1], 16);
      const chunk = file.slice(off, off + Number.parseInt(m[2], 16));
      return `${off + chunk.length >= file.length ? 'l' : 'm'}${chunk}`;
    }
    if (p === 'qSymbol::') return 'OK';
    return '';
  }
}

/** A stop reply: T with the signal, the thread and any watchpoint; W for an exit; X for a kill. */
export function stopReply(r: StopReason): string {
  if (r.kind === 'exited') return `W${(r.status & 0xff).toString(16).padStart(2, '0')}`;
  if (r.kind === 'killed') return `X${r.signal.toString(16).padStart(2, '0')}`;
  let s = `T${r.signal.toString(16).padStart(2, '0')}thread:${r.thread.toString(16)};`;
  if (r.watch) {
    const name = r.watch.type === Z_READ ? 'rwatch' : r.watch.type === Z_ACCESS ? 'awatch' : 'watch';
    s += `${name}:${hex32(r.watch.addr)};`;
  }
  return s;
}

/** A thread id of H or T: hex, -1 (all) or 0 (any) both meaning "whichever". */
function parseThread(s: string): number | null {
  if (s === '-1' || s === '0') return 0;
  if (!/^[0-9a-fA-F]+$/.test(s)) return null;
  return Number.parseInt(s, 16);
}
