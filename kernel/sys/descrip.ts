/**
 * Descriptors (4.3BSD's kern_descrip.c): dup, dup2, fcntl, close and
 * getdtablesize; and pipe, which makes a pair of them (4.3BSD's is in
 * uipc_syscalls.c, its pipes being sockets; the pipe itself is fs/pipe.ts).
 * The descriptor table and the open files are fs/file.ts.
 */
import { EBADF, EINVAL, Errno } from '../errno.js';
import { newPipe } from '../fs/fifo.js';
import { closef, File, FSETFLAGS, getf, ufalloc } from '../fs/file.js';
import { PipeVnode } from '../fs/pipe.js';
import { FREAD, FWRITE, kwait } from '../fs/vnode.js';
import { NOFILE } from '../param.js';
import type { SysCtx } from '../syscall.js';

export function sysDup(ctx: SysCtx): void {
  const f = getf(ctx.p, ctx.args[0]);
  const fd = ufalloc(ctx.p);
  ctx.p.u.ofile[fd] = f;
  ctx.p.u.pofile[fd] = 0;
  f.refs++;
  ctx.rv = [fd, ctx.rv[1]];
}

export function sysDup2(ctx: SysCtx): void {
  const [from, to] = ctx.args;
  const f = getf(ctx.p, from);
  if (to < 0 || to >= NOFILE) throw new Errno(EBADF);
  if (from !== to) {
    const old = ctx.p.u.ofile[to];
    ctx.p.u.ofile[to] = f;
    ctx.p.u.pofile[to] = 0;
    f.refs++;
    if (old) closef(old);
  }
  ctx.rv = [to, ctx.rv[1]];
}

/**
 * fcntl: F_DUPFD 0 (the lowest free descriptor at or above arg; EINVAL if
 * arg is outside the table), F_GETFD 1 and F_SETFD 2 (the close-on-exec
 * flag), F_GETFL 3 and F_SETFL 4 (the open mode, O_APPEND and the
 * non-blocking modes O_NDELAY, FNBIO and O_NONBLOCK; SunOS's values).
 */
export function sysFcntl(ctx: SysCtx): void {
  const [fd, cmd, arg] = ctx.args;
  const p = ctx.p;
  const f = getf(p, fd);
  switch (cmd) {
    case 0: {
      const nfd = ufalloc(p, arg | 0);
      p.u.ofile[nfd] = f;
      p.u.pofile[nfd] = 0;
      f.refs++;
      ctx.rv = [nfd, ctx.rv[1]];
      return;
    }
    case 1:
      ctx.rv = [p.u.pofile[fd] & 1, ctx.rv[1]];
      return;
    case 2:
      p.u.pofile[fd] = arg & 1;
      ctx.rv = [0, ctx.rv[1]];
      return;
    case 3:
      ctx.rv = [((f.flags - 1) & 3) | (f.flags & FSETFLAGS), ctx.rv[1]];
      return;
    case 4:
      f.flags = (f.flags & ~FSETFLAGS) | (arg & FSETFLAGS);
      ctx.rv = [0, ctx.rv[1]];
      return;
    default:
      throw new Errno(EINVAL);
  }
}

/**
 * close(fd); the last close may wait first (the vnode's drain): a socket
 * lingers (SO_LINGER), an NFS file's writes go to the server, whose error,
 * if any, close returns — the descriptor is closed either way.
 */
export function* sysClose(ctx: SysCtx): Generator<void, void, void> {
  const f = getf(ctx.p, ctx.args[0]);
  ctx.p.u.ofile[ctx.args[0]] = null;
  try {
    if (f.refs === 1) yield* kwait(f.vnode.drain(f.flags));
  } finally {
    closef(f);
  }
  ctx.rv = [0, ctx.rv[1]];
}

/** getdtablesize(): descriptors a process may have. */
export function sysGetdtablesize(ctx: SysCtx): void {
  ctx.rv = [NOFILE, ctx.rv[1]];
}

/** pipe(): d0 = the read end, d1 = the write end. */
export function sysPipe(ctx: SysCtx): void {
  const { k, p } = ctx;
  k.files.room(2);
  const pipe = newPipe(k);
  const r = ufalloc(p);
  p.u.ofile[r] = new File(k.files, new PipeVnode(pipe, false).hold(), FREAD);
  let w: number;
  try {
    w = ufalloc(p);
  } catch (e) {
    closef(p.u.ofile[r] as File);
    p.u.ofile[r] = null;
    throw e;
  }
  p.u.ofile[w] = new File(k.files, new PipeVnode(pipe, true).hold(), FWRITE);
  p.u.pofile[r] = p.u.pofile[w] = 0;
  ctx.rv = [r, w];
}
