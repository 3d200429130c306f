/**
 * Named pipes (FIFOs; SunOS 4's fifofs, after System V): a file of type
 * S_IFIFO, made by mknod(2) (mkfifo), that processes open by name and then
 * use as a pipe (pipe.ts). The file holds no data; while it is open, its
 * vnode has one Pipe that every open of it shares, and the Pipe goes when
 * the last open end closes, with whatever was left in it.
 *
 * Opening waits for the other side, as SunOS 4's open(2V) says:
 * - for reading only, until someone has it open for writing; with
 *   O_NDELAY or O_NONBLOCK it returns at once (and a read then finds end of
 *   file while there is no writer);
 * - for writing only, until someone has it open for reading; with
 *   O_NDELAY or O_NONBLOCK that is ENXIO;
 * - for reading and writing, never (the process is its own other side).
 * The wait is interruptible (EINTR).
 */
import { ENXIO, Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { PPIPE } from '../param.js';
import type { Ucred } from '../proc/cred.js';
import type { Proc } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';
import { psignal, SIGPIPE } from '../proc/signal.js';
import { FNBIOMODES } from './file.js';
import { Pipe, PipeVnode } from './pipe.js';
import { FREAD, FWRITE, type KResult, type Vattr, VFIFO, Vnode } from './vnode.js';

/** A new pipe of machine k: a broken one sends SIGPIPE, a change wakes select. */
export function newPipe(k: Kernel): Pipe {
  const pipe = new Pipe(k.sched, ++k.pipeino);
  pipe.broken = (q) => psignal(k, q, SIGPIPE);
  pipe.changed = () => k.selwakeup();
  return pipe;
}

/** The pipe of each FIFO file that is open somewhere (by the file system's vnode). */
const pipes = new WeakMap<Vnode, Pipe>();

/** One open of a FIFO: its read end, its write end or both, on the file's shared pipe. */
export class FifoVnode extends Vnode {
  private readonly pipe: Pipe;
  private rend: PipeVnode | null = null;
  private wend: PipeVnode | null = null;

  constructor(
    /** The file system's vnode for the FIFO file (its name, owner, mode). */
    private readonly real: Vnode,
    k: Kernel,
  ) {
    super(VFIFO);
    real.hold();
    let pipe = pipes.get(real);
    if (!pipe) {
      pipe = newPipe(k);
      pipes.set(real, pipe);
    }
    this.pipe = pipe;
  }

  /** The file's attributes; the size is what the pipe holds. */
  getattr(): Vattr {
    return { ...this.real.getattr(), size: this.pipe.count };
  }
  override setattr(attrs: Parameters<Vnode['setattr']>[0], cred: Ucred): KResult<void> {
    return this.real.setattr(attrs, cred);
  }
  override revalidate(cred: Ucred): KResult<void> {
    return this.real.revalidate(cred);
  }

  override *open(flags: number, _cred: Ucred): Generator<void, void, void> {
    const pipe = this.pipe;
    if (flags & FREAD) this.rend = new PipeVnode(pipe, false);
    if (flags & FWRITE) this.wend = new PipeVnode(pipe, true);
    pipe.sched.wakeup(pipe); // someone may wait for this side
    pipe.changed();
    const p = pipe.sched.curproc as Proc;
    try {
      if (!(flags & FWRITE)) {
        while (pipe.writers === 0 && !(flags & FNBIOMODES))
          yield* tsleep(pipe.sched, p, pipe, PPIPE, 'fifoor');
      } else if (!(flags & FREAD)) {
        if (pipe.readers === 0 && flags & FNBIOMODES) throw new Errno(ENXIO);
        while (pipe.readers === 0) yield* tsleep(pipe.sched, p, pipe, PPIPE, 'fifoow');
      }
    } catch (e) {
      this.close();
      throw e;
    }
  }

  override close(): void {
    this.rend?.close();
    this.wend?.close();
    this.rend = this.wend = null;
    if (this.pipe.readers === 0 && this.pipe.writers === 0) pipes.delete(this.real);
  }

  override read(offset: number, count: number, flags: number): KResult<Uint8Array> {
    return (this.rend as PipeVnode).read(offset, count, flags);
  }
  override write(offset: number, data: Uint8Array, flags: number): KResult<number> {
    return (this.wend as PipeVnode).write(offset, data, flags);
  }
  override ready(write: boolean): boolean {
    const end = write ? this.wend : this.rend;
    return end ? end.ready(write) : true;
  }

  protected override inactive(): void {
    this.real.release();
  }
}
