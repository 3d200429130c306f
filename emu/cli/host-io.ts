/**
 * The host's side of a machine's console and trace, for `sun3lab boot` and
 * `sun3lab run`: console output to stdout (with Unix line ends when wanted),
 * typed input from a pipe or a file, and a trace streamed to its file.
 */
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { fsReason } from '../lab/host-file.js';

export { fsReason };

const CR = 0x0d;
const LF = 0x0a;
const TILDE = 0x7e;
const DOT = 0x2e;
/** Return, newline, and ^C ^\ ^U ^D ^Z: after them a new line starts (for `~.`). */
const LINE_ENDS = new Set([CR, LF, 0x03, 0x1c, 0x15, 0x04, 0x1a]);

/**
 * Bytes the console sends, collected while the machine runs and written out
 * between its steps. With `unixLineEnds` the serial line's CR LF becomes LF
 * (a CR at the end of one batch waits to see what follows it).
 */
export class ConsoleOutput {
  private bytes: number[] = [];
  private heldCR = false;
  private last = LF;

  constructor(
    private readonly stream: Writable,
    private readonly unixLineEnds: boolean,
  ) {}

  byte(b: number): void {
    this.bytes.push(b);
  }

  /** Write out what has come so far. */
  flush(): void {
    const bytes = this.bytes;
    if (bytes.length === 0) return;
    this.bytes = [];
    let out = bytes;
    if (this.unixLineEnds) {
      out = [];
      if (this.heldCR && bytes[0] !== LF) out.push(CR);
      this.heldCR = false;
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i];
        if (b === CR && i + 1 === bytes.length) this.heldCR = true;
        else if (b !== CR || bytes[i + 1] !== LF) out.push(b);
      }
    }
    if (out.length === 0) return;
    this.last = out[out.length - 1];
    this.stream.write(Buffer.from(out));
  }

  /** Write out everything, a held CR too. */
  end(): void {
    this.flush();
    if (this.heldCR) {
      this.heldCR = false;
      this.last = CR;
      this.stream.write(Buffer.of(CR));
    }
  }

  /** Did the output stop in the middle of a line? */
  get midLine(): boolean {
    return this.last !== LF;
  }
}

/**
 * The escape of `tip` and `cu`: `~.` typed at the start of a line quits. A
 * line starts after Return or a newline, and after the characters with which
 * the terminal driver abandons a line (^C, ^\, ^U, ^D, ^Z, at their default
 * settings), since a fresh prompt follows them. A `~` followed by anything
 * else is passed on as it is, with what followed it.
 */
export class TildeEscape {
  private atLineStart = true;
  private tilde = false;
  /** `~.` has been typed. */
  quit = false;

  /** The typed bytes to pass on: all but a `~` that may begin the escape, and nothing from `~.` on. */
  filter(typed: Iterable<number>): number[] {
    const out: number[] = [];
    for (const b of typed) {
      if (this.quit) break;
      if (this.tilde) {
        this.tilde = false;
        if (b === DOT) {
          this.quit = true;
          break;
        }
        out.push(TILDE);
      } else if (this.atLineStart && b === TILDE) {
        this.tilde = true;
        continue;
      }
      out.push(b);
      this.atLineStart = LINE_ENDS.has(b);
    }
    return out;
  }

  /** The input has ended: a `~` still held back, to pass on after all. */
  end(): number[] {
    const held = this.tilde ? [TILDE] : [];
    this.tilde = false;
    return held;
  }
}

/** How much piped input the host holds before it stops reading its standard input: 256 KB. */
export const INPUT_HIGH_WATER = 256 * 1024;
/**
 * The most that is typed at once: a line longer than this (or input with no
 * line ends at all, like /dev/zero) is typed in pieces of this size, each
 * when the machine waits for more. The Z8530 takes what it is given one
 * character time apart, never dropping any, so this bounds what waits on
 * the host's side of the serial line.
 */
export const MAX_TYPED = 256;

/**
 * Typed input read from a pipe or a file, handed out a line at a time (a
 * long line in pieces of at most MAX_TYPED bytes; the rest, unterminated,
 * once the input has ended). With `tildeDot`, `~.` at the start of a line
 * ends the input there (see TildeEscape).
 *
 * Memory is bounded: at most about `highWater` bytes are held (plus one
 * chunk of the stream); when that much is waiting the stream is paused, so
 * the writer of a pipe blocks (back-pressure), and it is resumed once the
 * machine has taken half of it. Finding a line end looks at no more than
 * MAX_TYPED bytes, so handing out the input takes time linear in its size.
 */
export class ScriptInput {
  private chunks: Buffer[] = [];
  /** Offset of the first byte held, in chunks[0]. */
  private head = 0;
  /** Bytes held. */
  private size = 0;
  private paused = false;
  private readonly tilde: TildeEscape | null;
  private wake: (() => void) | null = null;
  /** No more input will come (end of file, `~.`, or a read error). */
  ended = false;

  constructor(
    private readonly stream: Readable,
    tildeDot: boolean,
    private readonly highWater = INPUT_HIGH_WATER,
  ) {
    this.tilde = tildeDot ? new TildeEscape() : null;
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('error', this.onEnd);
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.ended) return;
    const tilde = this.tilde;
    if (tilde) {
      this.add(Buffer.from(tilde.filter(chunk)));
      if (tilde.quit) this.finish();
    } else {
      this.add(chunk);
    }
    if (this.size >= this.highWater && !this.ended && !this.paused) {
      this.paused = true;
      this.stream.pause();
    }
    this.notify();
  };

  private readonly onEnd = (): void => {
    this.finish();
    this.notify();
  };

  private add(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  private finish(): void {
    if (this.ended) return;
    if (this.tilde) this.add(Buffer.from(this.tilde.end()));
    this.ended = true;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Bytes read from the host and not yet handed out. */
  get held(): number {
    return this.size;
  }

  /** The input ended at `~.` (with `tildeDot`): the user asked to quit. */
  get quit(): boolean {
    return this.tilde?.quit ?? false;
  }

  /** The input has ended and everything has been handed out. */
  get exhausted(): boolean {
    return this.ended && this.size === 0;
  }

  /** Index of the first line end among the first `limit` bytes held, or -1. */
  private lineEnd(limit: number): number {
    let seen = 0;
    for (let c = 0; c < this.chunks.length && seen < limit; c++) {
      const chunk = this.chunks[c];
      const from = c === 0 ? this.head : 0;
      const to = Math.min(chunk.length, from + (limit - seen));
      for (let i = from; i < to; i++) {
        const b = chunk[i];
        if (b === LF || b === CR) return seen + (i - from);
      }
      seen += to - from;
    }
    return -1;
  }

  /** Remove and return the first `n` bytes held. */
  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const chunk = this.chunks[0];
      const k = Math.min(n - got, chunk.length - this.head);
      out.set(chunk.subarray(this.head, this.head + k), got);
      got += k;
      this.head += k;
      if (this.head === chunk.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.size -= n;
    if (this.paused && this.size <= this.highWater / 2) {
      this.paused = false;
      this.stream.resume();
    }
    return out;
  }

  /**
   * What to type next: the next line (with its line end), or MAX_TYPED bytes
   * of a longer one, or the unterminated rest once the input has ended; null
   * if more must come from the host first.
   */
  nextLine(): Uint8Array | null {
    const limit = Math.min(this.size, MAX_TYPED);
    const end = this.lineEnd(limit);
    if (end >= 0) return this.take(end + 1);
    if (this.size >= MAX_TYPED) return this.take(MAX_TYPED);
    if (this.ended && this.size > 0) return this.take(this.size);
    return null;
  }

  /**
   * Wait until more input has come or the input has ended (true), or, with
   * `ms`, until that much real time has passed (false). Input that came
   * before the call does not count: ask nextLine() first.
   */
  more(ms?: number): Promise<boolean> {
    if (this.ended) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer =
        ms === undefined
          ? null
          : setTimeout(() => {
              this.wake = null;
              resolve(false);
            }, ms);
      this.wake = () => {
        if (timer) clearTimeout(timer);
        resolve(true);
      };
    });
  }

  /** Stop reading (the machine has stopped). */
  close(): void {
    this.stream.off('data', this.onData);
    this.stream.off('end', this.onEnd);
    this.stream.off('error', this.onEnd);
    this.stream.destroy();
  }
}

/**
 * May input from `fd` keep the machine waiting for a while? A regular file
 * or a device delivers what it has at once; a pipe, a FIFO or a socket
 * delivers when its writer writes, which may be never.
 */
export function inputMayStall(fd = 0): boolean {
  try {
    const st = fstatSync(fd);
    return !(st.isFile() || st.isCharacterDevice());
  } catch {
    return true;
  }
}

/** The trace's batches: at most this many bytes, held at most this long (real time). */
const TRACE_BATCH = 1 << 16;
const TRACE_DELAY_MS = 100;

/**
 * A trace file, written as the machine runs (instruction traces are far
 * too large to keep in memory). It is a stream: appended to as it goes,
 * whole lines at a time, so that whatever stops sun3lab (a kill, the host
 * crashing) leaves a file that is valid up to its last whole line. Lines
 * are batched into writes of at most 64 KB, and none waits more than a
 * tenth of a second of real time (the host's clock decides only when bytes
 * reach the file, never what the machine does). A write that fails stops
 * the trace; `close` then reports it.
 */
export class TraceFile {
  private lines: string[] = [];
  private size = 0;
  private error: Error | null = null;
  /** When the last batch was written (real time, ms). */
  private written = performance.now();

  private constructor(
    private readonly fd: number,
    readonly path: string,
  ) {}

  /** Create (or empty) the file: a one-line error naming it if that fails. */
  static open(path: string): TraceFile {
    try {
      return new TraceFile(openSync(path, 'w'), path);
    } catch (err) {
      throw new Error(`--trace ${path}: ${fsReason(err)}`);
    }
  }

  line(text: string): void {
    if (this.error) return;
    this.lines.push(text);
    this.size += text.length + 1;
    if (this.size >= TRACE_BATCH || performance.now() - this.written >= TRACE_DELAY_MS) this.flush();
  }

  private flush(): void {
    if (this.lines.length === 0 || this.error) return;
    const buf = Buffer.from(`${this.lines.join('\n')}\n`);
    this.lines = [];
    this.size = 0;
    this.written = performance.now();
    try {
      for (let off = 0; off < buf.length; ) off += writeSync(this.fd, buf, off);
    } catch (err) {
      this.error = new Error(`--trace ${this.path}: cannot write the trace: ${fsReason(err)}`);
    }
  }

  /** Write out the rest and close; throws if a write failed. */
  close(): void {
    this.flush();
    closeSync(this.fd);
    if (this.error) throw this.error;
  }
}
