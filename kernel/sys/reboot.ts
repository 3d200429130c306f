/**
 * Halting and rebooting: reboot(2) (4.3BSD's reboot in kern_xxx.c) and
 * kern_reboot, which does the work (4.3BSD's boot() in machdep.c; the name
 * is the later BSDs', since boot() here is init_main's): unless RB_NOSYNC,
 * the file systems are written back and unmounted, so that they are marked
 * clean; then the kernel stops. What happens next is the machine's
 * business (kernel.onReboot; the Station, emu/lab/station.ts): with RB_HALT
 * it stays halted, as a Sun returns to its PROM monitor; otherwise it
 * boots a fresh kernel from the same disks, as the PROM would.
 */
import { vfs_unmountall } from '../fs/vfs.js';
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

/** reboot(howto): the super-user stops the machine; it does not return. */
export function sysReboot(ctx: SysCtx): void {
  suser(ctx.p.cred);
  kern_reboot(ctx.k, ctx.args[0]);
  ctx.noReturn = true;
}

/** Stop the kernel: sync and unmount unless RB_NOSYNC, say so, and hand the machine over. */
export function kern_reboot(k: Kernel, howto: number): void {
  if (!(howto & RB_NOSYNC)) {
    k.log('syncing file systems... ');
    unmountAll(k);
    k.log('done\n');
  }
  k.log(howto & RB_HALT ? 'halted\n' : 'rebooting...\n');
  k.halted = true; // no process runs again; the console still drains
  k.cpu.endRun();
  k.onReboot?.(howto);
}

/** Write every file system back and unmount it, whatever is in use: the machine is stopping. */
export function unmountAll(k: Kernel): void {
  k.sync();
  vfs_unmountall(k);
}
