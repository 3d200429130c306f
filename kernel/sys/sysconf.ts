/**
 * The system's limits as a program asks for them at run time (POSIX.1;
 * SunOS 4.1 made these system calls): sysconf(name) for the system,
 * pathconf(path, name) and fpathconf(fd, name) for a file. The names are
 * SunOS 4.1's numbers (<unistd.h>); an unknown name is EINVAL, and so is a
 * name that means nothing for that kind of file (MAX_CANON of a plain
 * file, PIPE_BUF of a terminal), as POSIX allows.
 */
import { CONS_MAJOR, major, TTY_MAJOR } from '../dev/devsw.js';
import { MAX_CANON } from '../dev/tty.js';
import { EINVAL, Errno } from '../errno.js';
import { getf } from '../fs/file.js';
import { lookupVnode } from '../fs/namei.js';
import { PIPE_BUF } from '../fs/pipe.js';
import { VCHR, VDIR, VFIFO, type Vnode } from '../fs/vnode.js';
import { HZ, MAXNAMLEN, MAXPATHLEN, MAXUPRC, NCARGS, NOFILE } from '../param.js';
import { NGROUPS } from '../proc/cred.js';
import type { SysCtx } from '../syscall.js';
import { copyinstr } from '../vm/copyio.js';

/** sysconf names. */
export const _SC_ARG_MAX = 1;
export const _SC_CHILD_MAX = 2;
export const _SC_CLK_TCK = 3;
export const _SC_NGROUPS_MAX = 4;
export const _SC_OPEN_MAX = 5;
export const _SC_JOB_CONTROL = 6;
export const _SC_SAVED_IDS = 7;
export const _SC_VERSION = 8;

/** pathconf names. */
export const _PC_LINK_MAX = 1;
export const _PC_MAX_CANON = 2;
export const _PC_MAX_INPUT = 3;
export const _PC_NAME_MAX = 4;
export const _PC_PATH_MAX = 5;
export const _PC_PIPE_BUF = 6;
export const _PC_CHOWN_RESTRICTED = 7;
export const _PC_NO_TRUNC = 8;
export const _PC_VDISABLE = 9;

/** The most links a file may have (the inode's link count is a short). */
export const LINK_MAX = 32767;
/** The POSIX.1 version the interface follows (1988's, as SunOS 4.1's). */
const POSIX_VERSION = 198808;

/** sysconf(name). */
export function sysSysconf(ctx: SysCtx): void {
  const values: Record<number, number> = {
    [_SC_ARG_MAX]: NCARGS,
    [_SC_CHILD_MAX]: MAXUPRC,
    [_SC_CLK_TCK]: HZ, // the unit times() counts in
    [_SC_NGROUPS_MAX]: NGROUPS,
    [_SC_OPEN_MAX]: NOFILE,
    [_SC_JOB_CONTROL]: 1,
    [_SC_SAVED_IDS]: 1,
    [_SC_VERSION]: POSIX_VERSION,
  };
  const v = values[ctx.args[0] | 0];
  if (v === undefined) throw new Errno(EINVAL);
  ctx.rv = [v, ctx.rv[1]];
}

/** The value of pathconf name `name` for the file vp. */
function pathconf(vp: Vnode, name: number): number {
  const tty = vp.type === VCHR && [CONS_MAJOR, TTY_MAJOR].includes(major(vp.getattr().rdev));
  switch (name) {
    case _PC_LINK_MAX:
      return LINK_MAX;
    case _PC_NAME_MAX:
      return MAXNAMLEN;
    case _PC_PATH_MAX:
      return MAXPATHLEN;
    case _PC_CHOWN_RESTRICTED: // only the super-user gives files away (users.md)
    case _PC_NO_TRUNC: // a name longer than NAME_MAX is ENAMETOOLONG, not cut short
      return 1;
    case _PC_MAX_CANON:
    case _PC_MAX_INPUT:
      if (!tty) throw new Errno(EINVAL);
      return MAX_CANON;
    case _PC_VDISABLE:
      if (!tty) throw new Errno(EINVAL);
      return 0;
    case _PC_PIPE_BUF:
      if (vp.type !== VFIFO && vp.type !== VDIR) throw new Errno(EINVAL);
      return PIPE_BUF;
    default:
      throw new Errno(EINVAL);
  }
}

/** pathconf(path, name). */
export function* sysPathconf(ctx: SysCtx): Generator<void, void, void> {
  const vp = yield* lookupVnode(ctx.k.root, ctx.p, copyinstr(ctx.p.vm, ctx.args[0], MAXPATHLEN));
  try {
    ctx.rv = [pathconf(vp, ctx.args[1] | 0), ctx.rv[1]];
  } finally {
    vp.release();
  }
}

/** fpathconf(fd, name). */
export function sysFpathconf(ctx: SysCtx): void {
  ctx.rv = [pathconf(getf(ctx.p, ctx.args[0]).vnode, ctx.args[1] | 0), ctx.rv[1]];
}
