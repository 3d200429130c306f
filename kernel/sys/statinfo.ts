/**
 * statinfo(buf, size) — sun3lab's call 224: the kernel's statistics, what
 * SunOS's rstatd, vmstat and iostat read out of /dev/kmem (cp_time,
 * dk_xfer, the vmmeter sum, the interfaces' counters, avenrun, boottime).
 * It copies at most `size` bytes of a struct statinfo
 * (userland/include/sys/sun3lab.h) to buf and returns the whole struct's
 * size, so that a program built for a shorter one still works.
 *
 * Every number is a total since boot, counted where the event happens:
 *
 *   0 cp_time[4]   CPU time in clock ticks (HZ) as user, nice (a process
 *                  with a positive nice value), system and idle: the
 *                  kernel's exact cycle accounting (trap.ts), not samples
 *  16 dk_xfer[4]   transfers of disks sd0-sd3 (blocks read or written: sd.ts)
 *  32 ndisk        how many disks the machine has
 *  36 pgpgin       pages read in: by exec from program files, and from swap
 *  40 pgpgout      pages written to swap (vm/swap_pager.ts)
 *  44 pswpin, 48 pswpout: processes swapped in and out (vm/vm_swap.ts)
 *  52 intr         device interrupts (the clock's among them)
 *  56 swtch        context switches
 *  60 trap         entries to the kernel   64 syscall   68 faults (page faults)
 *  72 ipackets  76 ierrors  80 opackets  84 oerrors  88 collisions
 *                  summed over every interface, the loopback too (as
 *                  SunOS's rstatd summed its ifnet list)
 *  92 avenrun[3]   the load averages, fixed point (FSCALE 2048 = 1.0)
 * 104 boottime     (seconds, microseconds) when the kernel started
 * 112 curtime      the time of day now
 * 120 hz           clock ticks per second (100)
 * 124 spare
 */
import { SD_BMAJOR } from '../dev/devsw.js';
import type { SdDriver } from '../dev/sd.js';
import type { Kernel } from '../kernel.js';
import { CYCLES_PER_TICK, HZ } from '../param.js';
import type { SysCtx } from '../syscall.js';
import { copyout } from '../vm/copyio.js';
import { FSCALE } from './kinfo.js';

export const STATINFO_SIZE = 128;
/** Disks with a transfer count of their own (rstat's DK_NDRIVE). */
const DK_NDRIVE = 4;

/** The statistics, as the struct's longs in order. */
export function statinfo(k: Kernel): number[] {
  const ticks = (cycles: number) => Math.floor(cycles / CYCLES_PER_TICK);
  const s = k.stats;
  const idle = k.hw.cpu.idleCycles - k.idleCyclesAtBoot;
  const sd = k.bdevsw.get(SD_BMAJOR) as SdDriver | undefined;
  const xfers = sd?.xfers ?? [];
  const dk = Array.from({ length: DK_NDRIVE }, (_, i) => xfers[i] ?? 0);
  const sum = (f: (i: (typeof k.net.ifnet)[number]) => number) => k.net.ifnet.reduce((n, i) => n + f(i), 0);
  const boot = k.timeAt(k.bootCycles);
  const now = k.timeOfDay();
  return [
    ticks(s.userCycles - s.niceCycles),
    ticks(s.niceCycles),
    ticks(s.systemCycles),
    ticks(idle),
    ...dk,
    xfers.length,
    s.pgpgin + k.mem.cnt.pgpgin,
    k.mem.cnt.pgpgout,
    k.mem.cnt.swpin,
    k.mem.cnt.swpout,
    s.interrupts,
    k.sched.switches,
    s.traps,
    s.syscalls,
    s.faults,
    sum((i) => i.ipackets),
    sum((i) => i.ierrors),
    sum((i) => i.opackets),
    sum((i) => i.oerrors),
    sum((i) => i.collisions),
    ...k.avenrun.slice(0, 3).map((x) => Math.round(x * FSCALE)),
    boot[0],
    boot[1],
    now[0],
    now[1],
    HZ,
    0,
  ];
}

/** statinfo(buf, size): at most size bytes of struct statinfo; the struct's size. */
export function sysStatinfo(ctx: SysCtx): void {
  copyoutStruct(ctx, statinfo(ctx.k), STATINFO_SIZE);
}

/**
 * Copy a struct of longs (`words`, `size` bytes) to the buffer args[0],
 * at most args[1] bytes of it, and return its whole size: statinfo's and
 * vmmeter's convention, so that a program built for a shorter struct works.
 */
export function copyoutStruct(ctx: SysCtx, words: number[], size: number): void {
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  words.forEach((x, i) => {
    v.setUint32(i * 4, x >>> 0);
  });
  const n = Math.max(0, Math.min(size, ctx.args[1] | 0));
  if (n > 0) copyout(ctx.p.vm, ctx.args[0], out.subarray(0, n));
  ctx.rv = [size, ctx.rv[1]];
}
