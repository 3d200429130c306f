/**
 * The machine's name (4.3BSD's gethostname and sethostname, in
 * kern_xxx.c): a string of at most MAXHOSTNAMELEN - 1 bytes, set at boot
 * (BootOptions.hostname) and by the super-user.
 */
import { EINVAL, Errno } from '../errno.js';
import { suser } from '../proc/cred.js';
import type { SysCtx } from '../syscall.js';
import { copyin, copyout } from '../vm/copyio.js';

export const MAXHOSTNAMELEN = 64;

/** gethostname(name, len): the name, NUL-terminated if it fits in len bytes. */
export function sysGethostname(ctx: SysCtx): void {
  const len = ctx.args[1] | 0;
  if (len < 0) throw new Errno(EINVAL);
  const name = new TextEncoder().encode(`${ctx.k.hostname}\0`);
  copyout(ctx.p.vm, ctx.args[0], name.subarray(0, Math.min(len, name.length)));
  ctx.rv = [0, ctx.rv[1]];
}

/** sethostname(name, len): the super-user names the machine. */
export function sysSethostname(ctx: SysCtx): void {
  suser(ctx.p.cred);
  const len = ctx.args[1] | 0;
  if (len < 0 || len >= MAXHOSTNAMELEN) throw new Errno(EINVAL);
  const bytes = copyin(ctx.p.vm, ctx.args[0], len);
  const end = bytes.indexOf(0);
  ctx.k.hostname = new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
  ctx.rv = [0, ctx.rv[1]];
}

/** The system's names, as uname reports them (SunOS 4.1.1 on a Sun-3). */
export const SYSNAME = 'SunOS';
export const RELEASE = '4.1.1';
export const VERSION = '1';
export const MACHINE = 'sun3';

/**
 * uname(buf): SunOS 4's struct utsname — sysname[9], nodename[9] with
 * nodeext[56] after it (together the whole host name, up to 64 bytes and
 * a NUL), release[9], version[9], machine[9]: 101 bytes.
 */
export function sysUname(ctx: SysCtx): void {
  const b = new Uint8Array(101);
  const put = (at: number, size: number, s: string) => {
    b.set(new TextEncoder().encode(s).subarray(0, size - 1), at);
  };
  put(0, 9, SYSNAME);
  put(9, 65, ctx.k.hostname);
  put(74, 9, RELEASE);
  put(83, 9, VERSION);
  put(92, 9, MACHINE);
  copyout(ctx.p.vm, ctx.args[0], b);
  ctx.rv = [0, ctx.rv[1]];
}
