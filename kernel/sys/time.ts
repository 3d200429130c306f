/** Time system calls: gettimeofday (4.3BSD's kern_time.c). */
import type { SysCtx } from '../syscall.js';
import { copyout } from '../vm/copyio.js';

/** gettimeofday(tp, tzp): the time of day from emulated time since boot; the zone is UTC. */
export function sysGettimeofday(ctx: SysCtx): void {
  const [tp, tzp] = ctx.args;
  const [sec, usec] = ctx.k.timeOfDay();
  const b = new Uint8Array(8);
  const v = new DataView(b.buffer);
  v.setUint32(0, sec);
  v.setUint32(4, usec);
  if (tp) copyout(ctx.p.vm, tp, b);
  if (tzp) copyout(ctx.p.vm, tzp, new Uint8Array(8));
  ctx.rv = [0, ctx.rv[1]];
}
