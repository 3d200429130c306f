/**
 * The device switches (4.3BSD's conf.c): device numbers to drivers. The
 * character switch (cdevsw) serves character special files; the block
 * switch (bdevsw) serves block special files and the file systems mounted
 * on them. Numbers follow SunOS 4 on the Sun-3: character major 0 the
 * console, 2 the controlling terminal (/dev/tty), 3 memory devices (minor 2
 * is /dev/null, minor 12 /dev/zero), 17 the raw disks (rsd), 20 and 21 the pseudo-terminals'
 * slaves (ttyp*) and masters (ptyp*); block major 7 the disks (sd).
 */

import type { BlockDevice } from '../fs/ufs/disk.js';
import type { KResult } from '../fs/vnode.js';
import type { Ucred } from '../proc/cred.js';

export const CONS_MAJOR = 0;
export const TTY_MAJOR = 2;
export const MEM_MAJOR = 3;
export const NULL_MINOR = 2;
/** /dev/zero: reads give zeros, writes vanish, mmap gives demand-zero memory (SunOS 4's mem minor 12). */
export const ZERO_MINOR = 12;
/** The SCSI disks: sd (block) and rsd (raw, character); minor = unit * 8 + partition. */
export const SD_BMAJOR = 7;
export const SD_CMAJOR = 17;
/** Pseudo-terminals (pty.ts): the slaves /dev/ttypN (pts) and the masters /dev/ptypN (ptc). */
export const PTS_MAJOR = 20;
export const PTC_MAJOR = 21;

export const makedev = (major: number, minor: number): number => ((major & 0xff) << 8) | (minor & 0xff);
export const major = (dev: number): number => (dev >> 8) & 0xff;
export const minor = (dev: number): number => dev & 0xff;

/** What a character device driver offers the file system. */
export interface CharDevice {
  open?(minor: number, flags: number, cred: Ucred): void;
  close?(minor: number, flags: number): void;
  /** Read up to count bytes; `offset` is the file offset (only a disk looks at it). */
  read(minor: number, count: number, flags: number, offset: number): KResult<Uint8Array>;
  write(minor: number, data: Uint8Array, flags: number, offset: number): KResult<number>;
  ioctl(minor: number, cmd: number, arg: Uint8Array): Uint8Array | undefined;
  /**
   * Before a process's ioctl: what a terminal does for job control (4.3BSD's
   * ttioctl), which may stop the caller first. Undefined: nothing to wait for.
   */
  ioctlCheck?(minor: number, cmd: number): KResult<void>;
  /** Ready for reading (or writing) without waiting? */
  ready(minor: number, write: boolean): boolean;
}

/**
 * What a block device driver offers (4.3BSD's struct bdevsw): open and
 * close, and the device itself as 8 KB blocks (the role of d_strategy, on
 * which block special files and mounted file systems do their I/O) with
 * its size (d_psize).
 */
export interface BlockDriver {
  /** ENXIO for a minor number with no device behind it. */
  open(minor: number, flags: number): void;
  close?(minor: number, flags: number): void;
  /** The device (a partition of a disk) a minor number names; ENXIO if none. */
  device(minor: number): BlockDevice;
}
