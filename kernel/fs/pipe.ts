/**
 * Pipes (4.3BSD's pipe(), there built on sockets; here a small vnode of its
 * own): a 4096-byte buffer with a read end and a write end. A reader waits
 * while the pipe is empty and a writer remains, and sees end of file once
 * the last writer has gone; a writer waits while the pipe is full and
 * gets EPIPE when no reader remains. Writes of up to PIPE_BUF bytes are
 * never interleaved with other writers' data. A write that a signal
 * interrupts after some of its data went in returns the count written, as
 * 4.3BSD's rwuio does; one that wrote nothing fails with EINTR. On a
 * non-blocking descriptor (see nbio) nothing waits.
 */
import { EINTR, EPIPE, Errno } from '../errno.js';
import { PPIPE } from '../param.js';
import type { Proc } from '../proc/proc.js';
import { type Scheduler, tsleep } from '../proc/sched.js';
import { FNBIOMODES, nbio } from './file.js';
import { S_IFIFO, type Vattr, VFIFO, Vnode } from './vnode.js';

export const PIPE_BUF = 4096;

export class Pipe {
  readonly buf = new Uint8Array(PIPE_BUF);
  /** Bytes buffered, starting at `head` (a ring). */
  count = 0;
  head = 0;
  readers = 0;
  writers = 0;
  /** Called whenever the pipe may have become readable or writable (select). */
  changed: () => void = () => {};
  /** Called for a write with no reader left, before EPIPE (the kernel sends SIGPIPE). */
  broken: (p: Proc) => void = () => {};
  constructor(
    readonly sched: Scheduler,
    /** Its number for fstat's st_ino, given out by its machine's kernel (Kernel.pipeino). */
    readonly ino: number,
  ) {}

  get space(): number {
    return PIPE_BUF - this.count;
  }

  take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.buf[(this.head + i) % PIPE_BUF];
    this.head = (this.head + n) % PIPE_BUF;
    this.count -= n;
    return out;
  }

  put(data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) this.buf[(this.head + this.count + i) % PIPE_BUF] = data[i];
    this.count += data.length;
  }
}

/** One end of a pipe. */
export class PipeVnode extends Vnode {
  constructor(
    readonly pipe: Pipe,
    readonly writeEnd: boolean,
  ) {
    super(VFIFO);
    if (writeEnd) pipe.writers++;
    else pipe.readers++;
  }

  private get p(): Proc {
    return this.pipe.sched.curproc as Proc;
  }

  getattr(): Vattr {
    return {
      type: VFIFO,
      mode: S_IFIFO | 0o600,
      nlink: 0,
      uid: 0,
      gid: 0,
      size: this.pipe.count,
      fsid: 0,
      fileid: this.pipe.ino,
      rdev: 0,
      atime: 0,
      mtime: 0,
      ctime: 0,
      blocksize: PIPE_BUF,
      blocks: 0,
    };
  }

  override *read(_offset: number, count: number, flags: number): Generator<void, Uint8Array, void> {
    const pipe = this.pipe;
    while (pipe.count === 0) {
      if (pipe.writers === 0 || count === 0) return new Uint8Array(0);
      if (nbio(flags) === 'zero') return new Uint8Array(0);
      yield* tsleep(pipe.sched, this.p, pipe, PPIPE, 'piperd');
    }
    const data = pipe.take(Math.min(count, pipe.count));
    pipe.sched.wakeup(pipe);
    pipe.changed();
    return data;
  }

  override *write(_offset: number, data: Uint8Array, flags: number): Generator<void, number, void> {
    const pipe = this.pipe;
    let done = 0;
    while (done < data.length) {
      if (pipe.readers === 0) {
        pipe.broken(this.p);
        throw new Errno(EPIPE);
      }
      const left = data.length - done;
      // Up to PIPE_BUF bytes go in one piece; more may be split.
      const need = left <= PIPE_BUF ? left : 1;
      if (pipe.space < need) {
        if (done > 0 && flags & FNBIOMODES) return done;
        if (nbio(flags) === 'zero') return 0;
        try {
          yield* tsleep(pipe.sched, this.p, pipe, PPIPE, 'pipewr');
        } catch (e) {
          if (e instanceof Errno && e.errno === EINTR && done > 0) return done;
          throw e;
        }
        continue;
      }
      const n = Math.min(left, pipe.space);
      pipe.put(data.subarray(done, done + n));
      done += n;
      pipe.sched.wakeup(pipe);
      pipe.changed();
    }
    return done;
  }

  override ready(write: boolean): boolean {
    const pipe = this.pipe;
    return write ? pipe.space > 0 || pipe.readers === 0 : pipe.count > 0 || pipe.writers === 0;
  }

  override close(): void {
    if (this.writeEnd) this.pipe.writers--;
    else this.pipe.readers--;
    this.pipe.sched.wakeup(this.pipe);
    this.pipe.changed();
  }
}
