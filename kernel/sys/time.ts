/**
 * The time of day (4.3BSD's kern_time.c): gettimeofday and settimeofday.
 * The kernel keeps it from emulated time — the 7170's time at boot plus
 * the cycles run since (Kernel.timeOfDay) — and settimeofday moves it by
 * an offset (Kernel.timeOffsetUs); the clock chip itself is not set. The
 * zone settimeofday stores is only handed back by gettimeofday, as in
 * 4.3BSD: the kernel keeps all its times in UTC.
 */
import { EINVAL, Errno } from '../errno.js';
import { suser } from '../proc/cred.js';
import type { SysCtx } from '../syscall.js';
import { copyin, copyout, longs } from '../vm/copyio.js';

/** gettimeofday(tp, tzp): struct timeval { sec, usec } and struct timezone { minuteswest, dsttime }. */
export function sysGettimeofday(ctx: SysCtx): void {
  const [tp, tzp] = ctx.args;
  if (tp) copyout(ctx.p.vm, tp, longs(ctx.k.timeOfDay()));
  if (tzp) copyout(ctx.p.vm, tzp, longs(ctx.k.timezone));
  ctx.rv = [0, ctx.rv[1]];
}

/**
 * settimeofday(tp, tzp): the super-user sets the time of day (EINVAL for
 * a negative time or microseconds outside 0..999999) and the zone; a null
 * pointer leaves that part as it is.
 */
export function sysSettimeofday(ctx: SysCtx): void {
  const { k, p } = ctx;
  const [tp, tzp] = ctx.args;
  suser(p.cred);
  const tv = tp ? new DataView(copyin(p.vm, tp, 8).buffer) : null;
  const tz = tzp ? new DataView(copyin(p.vm, tzp, 8).buffer) : null;
  if (tv) {
    const sec = tv.getInt32(0);
    const usec = tv.getInt32(4);
    if (sec < 0 || usec < 0 || usec >= 1_000_000) throw new Errno(EINVAL);
    const [nowSec, nowUsec] = k.timeOfDay();
    k.timeOffsetUs += (sec - nowSec) * 1_000_000 + (usec - nowUsec);
  }
  if (tz) k.timezone = [tz.getInt32(0), tz.getInt32(4)];
  ctx.rv = [0, ctx.rv[1]];
}
