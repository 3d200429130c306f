/**
 * Halting and rebooting: reboot(2) (4.3BSD's reboot in kern_xxx.c) and
 * kern_reboot, which does the work (4.3BSD's boot() in machdep.c; the name
 * is the later BSDs', since boot() here is init_main's): Kernel.shutdown
 * closes every process's files, and unless RB_NOSYNC writes the file
 * systems back and unmounts them, marking them clean if they are; then the
 * kernel stops. What happens next is the machine's
 * business (kernel.onReboot; the Station, emu/lab/station.ts): with RB_HALT
 * it stays halted, as a Sun returns to its PROM monitor; otherwise it
 * boots a fresh kernel from the same disks, as the PROM would.
 */
import { EINVAL, Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { suser } from '../proc/cred.js';
import type { SysCtx } from '../syscall.js';

/** reboot(2) flags, and the boot flags the kernel is started with (SunOS's sys/reboot.h). */
export const RB_AUTOBOOT = 0;
export const RB_ASKNAME = 0x001;
export const RB_SINGLE = 0x002;
/** Do not write the file systems back first. */
export const RB_NOSYNC = 0x004;
/** Halt instead of booting again. */
export const RB_HALT = 0x008;
/** At boot: mount the root read-write (else it is mounted read-only, for /etc/rc to check). */
export const RB_WRITABLE = 0x100;
/** Every flag SunOS 4 defines (RB_ASKNAME 0x001 up to RB_STRING 0x200). */
const RB_ALL = 0x3ff;

/**
 * reboot(howto): the super-user stops the machine; it does not return.
 * A howto with bits SunOS does not define is EINVAL (sun3lab's own check:
 * 4.3BSD ignores them), after the permission check.
 */
export function sysReboot(ctx: SysCtx): void {
  suser(ctx.p.cred);
  if (ctx.args[0] & ~RB_ALL) throw new Errno(EINVAL);
  kern_reboot(ctx.k, ctx.args[0]);
  ctx.noReturn = true;
}

/** Stop the kernel: sync and unmount unless RB_NOSYNC, say so, and hand the machine over. */
export function kern_reboot(k: Kernel, howto: number): void {
  if (howto & RB_NOSYNC) {
    k.shutdown({ nosync: true });
  } else {
    k.log('syncing file systems... ');
    k.shutdown();
    k.log('done\n');
  }
  k.log(howto & RB_HALT ? 'halted\n' : 'rebooting...\n');
  k.halted = true; // no process runs again; the console still drains
  k.cpu.endRun();
  k.events?.({ type: 'reboot', howto });
  k.onReboot?.(howto);
}
