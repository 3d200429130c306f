/**
 * The character device switch (4.3BSD's cdevsw): device numbers to
 * drivers. Numbers follow SunOS 4 on the Sun-3: major 0 the console,
 * 2 the controlling terminal (/dev/tty), 3 memory devices (minor 2 is
 * /dev/null).
 */

import type { KResult } from '../fs/vnode.js';
import type { Ucred } from '../proc/cred.js';

export const CONS_MAJOR = 0;
export const TTY_MAJOR = 2;
export const MEM_MAJOR = 3;
export const NULL_MINOR = 2;

export const makedev = (major: number, minor: number): number => ((major & 0xff) << 8) | (minor & 0xff);
export const major = (dev: number): number => (dev >> 8) & 0xff;
export const minor = (dev: number): number => dev & 0xff;

/** What a character device driver offers the file system. */
export interface CharDevice {
  open?(minor: number, flags: number, cred: Ucred): void;
  close?(minor: number, flags: number): void;
  read(minor: number, count: number, flags: number): KResult<Uint8Array>;
  write(minor: number, data: Uint8Array, flags: number): KResult<number>;
  ioctl(minor: number, cmd: number, arg: Uint8Array): Uint8Array | undefined;
  /**
   * Before a process's ioctl: what a terminal does for job control (4.3BSD's
   * ttioctl), which may stop the caller first. Undefined: nothing to wait for.
   */
  ioctlCheck?(minor: number, cmd: number): KResult<void>;
  /** Ready for reading (or writing) without waiting? */
  ready(minor: number, write: boolean): boolean;
}
