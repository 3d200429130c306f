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
