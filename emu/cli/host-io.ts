/**
 * The host's side of a machine's console and trace, for `sun3lab boot` and
 * `sun3lab run`: console output to stdout (with Unix line ends when wanted),
 * typed input from a pipe or a file, and a trace streamed to its file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';

const CR = 0x0d;
const LF = 0x0a;
const TILDE = 0x7e;
const DOT = 0x2e;
/** Return, newline, and ^C ^\ ^U ^D ^Z: after them a new line starts (for `~.`). */
const LINE_ENDS = new Set([CR, LF, 0x03, 0x1c, 0x15, 0x04, 0x1a]);

/** Why a file operation failed, in a few words. */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOSPC') return 'no space left on the device';
  return err instanceof Error ? err.message : String(err);
}

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

/**
 * Typed input read from a pipe or a file, handed out a line at a time (the
 * rest, unterminated, once the input has ended). With `tildeDot`, `~.` at the
 * start of a line ends the input there (see TildeEscape).
 */
export class ScriptInput {
  private bytes: number[] = [];
  private head = 0;
  private readonly tilde: TildeEscape | null;
  private wake: (() => void) | null = null;
  /** No more input will come (end of file, `~.`, or a read error). */
  ended = false;

  constructor(
    private readonly stream: Readable,
    tildeDot: boolean,
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
      this.bytes.push(...tilde.filter(chunk));
      if (tilde.quit) this.finish();
    } else {
      for (const b of chunk) this.bytes.push(b);
    }
    this.notify();
  };

  private readonly onEnd = (): void => {
    this.finish();
    this.notify();
  };

  private finish(): void {
    if (this.ended) return;
    if (this.tilde) this.bytes.push(...this.tilde.end());
    this.ended = true;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** The next line (with its line end), the unterminated rest once the input has ended, or null. */
  nextLine(): number[] | null {
    const bytes = this.bytes;
    let end = this.head;
    while (end < bytes.length && bytes[end] !== LF && bytes[end] !== CR) end++;
    if (end < bytes.length) end++;
    else if (!this.ended || end === this.head) return null;
    const line = bytes.slice(this.head, end);
    this.head = end;
    if (this.head === bytes.length) {
      this.bytes = [];
      this.head = 0;
    }
    return line;
  }

  /** Wait until more input has come or the input has ended. */
  more(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
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
 * A trace file, written as the machine runs (instruction traces are far
 * too large to keep in memory). Lines are batched into large writes. A write
 * that fails stops the trace; `close` then reports it.
 */
export class TraceFile {
  private lines: string[] = [];
  private size = 0;
  private error: Error | null = null;

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
    if (this.size >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.lines.length === 0 || this.error) return;
    const buf = Buffer.from(`${this.lines.join('\n')}\n`);
    this.lines = [];
    this.size = 0;
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
