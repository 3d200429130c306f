/**
 * The thesis's own calls for migrated processes (§4.3.5: pmopen,
 * pmcreate, pmfork, pmexit, pmwait, and the pid calls), kept for source
 * compatibility with programs written for it — system calls 206 to 212.
 * The thesis needed them because it could not change SunOS's open, exit
 * or wait; here the ordinary calls already do what they did for a
 * migrated process (the name of every open file is kept, exit reports to
 * the parent's machine and the global process table, wait collects a
 * child wherever it ended), so each is the ordinary call under another
 * number.
 */
import { sysExit } from '../proc/exit.js';
import { sysFork } from '../proc/fork.js';
import { sysWait4 } from '../proc/wait.js';
import { sysGetpid } from '../sys/proc.js';
import { sysCreat, sysOpen } from '../sys/vfs_syscalls.js';
import type { SysCtx, SysResult } from '../syscall.js';

/** pm_open(path, flags, mode): open. */
export function sysPmOpen(ctx: SysCtx): SysResult {
  return sysOpen(ctx);
}

/** pm_creat(path, mode): creat. */
export function sysPmCreat(ctx: SysCtx): SysResult {
  return sysCreat(ctx);
}

/** pm_fork(): fork. */
export function sysPmFork(ctx: SysCtx): SysResult {
  return sysFork(ctx);
}

/** pm_exit(status): exit. */
export function sysPmExit(ctx: SysCtx): SysResult {
  return sysExit(ctx);
}

/** pm_wait(status): wait(2) — any child, no options, no usage. */
export function sysPmWait(ctx: SysCtx): SysResult {
  ctx.args = [-1, ctx.args[0], 0, 0, ...ctx.args.slice(4)];
  return sysWait4(ctx);
}

/** pm_getpid(): the pid, which a process keeps for life. */
export function sysPmGetpid(ctx: SysCtx): void {
  sysGetpid(ctx);
  ctx.rv = [ctx.rv[0], 0];
}

/** pm_getppid(): the parent's pid, on whatever machine the parent is (init's, 1, once it has exited). */
export function sysPmGetppid(ctx: SysCtx): void {
  sysGetpid(ctx);
  ctx.rv = [ctx.rv[1], 0];
}
