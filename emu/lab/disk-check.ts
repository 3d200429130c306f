/**
 * Checking a disk image with the machine's own fsck, from the host: what
 * `sun3lab fsck -p|-y IMAGE` does, and what `sun3lab run --disk` does first
 * when the disk was not cleanly unmounted (as a Sun checked its disks at
 * boot before anything used them).
 *
 * The image is attached to a machine booted from the committed root image
 * as its second disk, sd1, and the machine runs /sbin/fsck on /dev/rsd1a as
 * process 1: the image is repaired by the same program, with the same
 * messages and exit statuses, as /etc/rc runs at boot (docs/filesystem.md).
 * A damaged image need not mount for this, since fsck reads the raw disk.
 */
import type { BlockDevice } from '../../kernel/fs/ufs/disk.js';
import { decodeSuperblock, FS_CLEAN, SBLOCK } from '../../kernel/fs/ufs/fs.js';
import { CPU_HZ } from '../machine/sun3.js';
import { Station } from './station.js';

/** The raw device the image is on in the checking machine. */
export const CHECK_DEVICE = '/dev/rsd1a';
/** Emulated time fsck may take: a 2 GB image is checked in well under this. */
const CHECK_SECONDS = 3600;

/** fsck's exit statuses (4.3BSD's): 0 fine or repaired, 8 left for a person, 12 interrupted. */
export interface DiskCheck {
  status: number;
  /** What fsck printed, with CHECK_DEVICE replaced by `label`. */
  output: string;
}

/**
 * The superblock's clean flag: was the file system unmounted cleanly (or
 * checked since)? A superblock that does not decode is not clean.
 */
export function markedClean(disk: BlockDevice): boolean {
  const buf = new Uint8Array(disk.blockSize);
  disk.readBlock(SBLOCK, buf);
  try {
    return decodeSuperblock(buf, disk.blocks).fs_clean === FS_CLEAN;
  } catch {
    return false;
  }
}

/**
 * Run the machine's fsck with `flags` (-p, -y or -n) on `disk`, on a machine
 * booted from `root` (the committed image, a private copy). Returns fsck's
 * exit status and output; throws a one-line Error if the machine could not
 * run it at all.
 */
export function fsckOnMachine(
  root: Uint8Array,
  disk: BlockDevice,
  flags: string[],
  label: string,
): DiskCheck {
  let out = '';
  let status = -1;
  const st = new Station({
    disk: root,
    extraDisks: [disk],
    program: { path: '/sbin/fsck', argv: ['fsck', ...flags, CHECK_DEVICE] },
    consoleSink: (b) => {
      out += String.fromCharCode(b);
    },
    onExit: (s) => {
      status = s;
    },
    quietBoot: true,
  });
  const limit = CHECK_SECONDS * CPU_HZ;
  while (!st.halted && st.machine.now < limit) st.run(CPU_HZ);
  if (st.machine.cpu.halted && status < 0)
    throw new Error(`the checking machine halted: ${st.machine.cpu.haltReason}`);
  if (status < 0) throw new Error(`fsck of ${label} did not finish in ${CHECK_SECONDS} s of emulated time`);
  disk.flush();
  const text = out.replace(/\r\n/g, '\n').split(CHECK_DEVICE).join(label);
  const signal = status & 0x7f;
  if (signal) throw new Error(`fsck of ${label} was killed by signal ${signal}`);
  return { status: (status >> 8) & 0xff, output: text };
}
