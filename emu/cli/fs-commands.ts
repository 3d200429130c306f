/**
 * `sun3lab mkfs IMAGE DIR [--size MB] [--inodes N]` builds a root file
 * system image from a directory tree; `sun3lab fsck IMAGE` checks one.
 * docs/filesystem.md describes both. Errors are one-line messages; main.ts
 * prints them as `sun3lab: ...` and exits with status 1.
 */
import type { Argv, CommandModule } from 'yargs';

interface MkfsArgs {
  image: string;
  dir: string;
  size: number;
  inodes?: number;
}

interface FsckArgs {
  image: string;
  quiet: boolean;
  preen?: boolean;
  yes?: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function mkfsCommand(done: (status: number) => void): CommandModule<object, MkfsArgs> {
  return {
    command: 'mkfs <image> <dir>',
    describe: 'Build a root file system image from a directory tree (IMAGE.gz: gzip it)',
    builder: (y: Argv) =>
      y
        .positional('image', {
          describe: 'image file to write (.gz to compress)',
          type: 'string',
          demandOption: true,
        })
        .positional('dir', { describe: 'directory tree to copy in', type: 'string', demandOption: true })
        .option('size', { describe: 'image size in MB', type: 'number', default: 16, requiresArg: true })
        .option('inodes', {
          describe: 'number of inodes (default: one per 8 KB block)',
          type: 'number',
          requiresArg: true,
        })
        .check((a) => {
          if (!Number.isInteger(a.size) || a.size < 1 || a.size > 2048)
            throw new Error('--size must be a whole number of MB from 1 to 2048');
          if (a.inodes !== undefined && (!Number.isInteger(a.inodes) || a.inodes < 1 || a.inodes > 0x100000))
            throw new Error('--inodes must be a whole number from 1 to 1048576');
          return true;
        }) as unknown as Argv<MkfsArgs>,
    handler: async (a) => {
      const { buildImage, checkImage, writeImage } = await import('../tools/mkfs.js');
      const image = buildImage(a.dir, { sizeMB: a.size, inodes: a.inodes });
      writeImage(a.image, image);
      const r = checkImage(a.image);
      console.log(
        `${a.image}: ${a.size} MB, ${plural(r.files, 'file')}, ${r.directories} director${r.directories === 1 ? 'y' : 'ies'}, ` +
          `${plural(r.symlinks, 'symbolic link')}, ${plural(r.devices, 'device')}; ` +
          `${r.blocksUsed} of ${r.blocksUsed + r.blocksFree} blocks used, ${r.inodesFree} inodes free`,
      );
      if (!r.ok) throw new Error(`${a.image}: the new image fails its check: ${r.problems[0]}`);
      done(0);
    },
  };
}

export function fsckCommand(done: (status: number) => void): CommandModule<object, FsckArgs> {
  return {
    command: 'fsck <image>',
    describe:
      "Check the file system in a disk image (raw or gzip'd; exit 1 if it is damaged), or repair it (-p, -y)",
    builder: (y: Argv) =>
      y
        .usage(FSCK_USAGE)
        .positional('image', { describe: 'disk image', type: 'string', demandOption: true })
        .option('quiet', {
          alias: 'q',
          describe: 'print only problems',
          type: 'boolean',
          default: false,
        })
        .option('preen', {
          alias: 'p',
          describe: "repair what a crash leaves, with the machine's fsck -p (as at boot)",
          type: 'boolean',
        })
        .option('yes', {
          alias: 'y',
          describe: "repair everything, with the machine's fsck -y",
          type: 'boolean',
        })
        .conflicts('preen', 'yes') as unknown as Argv<FsckArgs>,
    handler: async (a) => {
      if (a.preen || a.yes) {
        done(await repairImage(a.image, a.preen ? '-p' : '-y'));
        return;
      }
      const { checkImage } = await import('../tools/mkfs.js');
      const r = checkImage(a.image);
      for (const p of r.problems) console.log(`${a.image}: ${p}`);
      if (!a.quiet) {
        for (const n of r.notes) console.log(`${a.image}: note: ${n}`);
        console.log(
          `${a.image}: ${r.clean ? 'clean' : 'not clean'}, ${plural(r.files, 'file')}, ` +
            `${r.directories} director${r.directories === 1 ? 'y' : 'ies'}, ${plural(r.symlinks, 'symbolic link')}, ` +
            `${plural(r.devices, 'device')}; ${r.blocksUsed} blocks used, ${r.blocksFree} free; ` +
            `${r.inodesFree} inodes free; ${r.ok ? 'no problems' : plural(r.problems.length, 'problem')}`,
        );
      }
      done(r.ok ? 0 : 1);
    },
  };
}

const FSCK_USAGE = `$0 fsck [-q | -p | -y] <image>

Without -p or -y: check the image (raw or gzip'd) with the host's checker,
which changes nothing; exit 1 if it is damaged.

With -p or -y: repair a raw image in place with the machine's own fsck, the
program /etc/rc runs at boot: a machine boots from the committed image with
IMAGE as its second disk and runs /sbin/fsck -p (mend what a crash leaves,
refuse the rest) or -y (mend everything) on it. The exit status is fsck's:
0 when the file system is consistent (and marked clean), 8 when -p left
something for a person (then try -y).`;

/** fsck -p or -y on a raw image file, on a machine; returns fsck's exit status. */
async function repairImage(path: string, flag: '-p' | '-y'): Promise<number> {
  const { DiskLock } = await import('../lab/disk-lock.js');
  const { ImageFileDisk, MAX_IMAGE_BYTES } = await import('../lab/image-disk.js');
  const { fsckOnMachine } = await import('../lab/disk-check.js');
  const { rootImage } = await import('./root-image.js');
  const { isGzip } = await import('../lab/host-file.js');
  const lock = DiskLock.acquire(path, path);
  try {
    const disk = ImageFileDisk.open(path, path, MAX_IMAGE_BYTES);
    try {
      const head = new Uint8Array(disk.blockSize);
      disk.readBlock(0, head);
      if (isGzip(head))
        throw new Error(`${path}: a gzip'd image cannot be repaired in place; gunzip it first`);
      const r = fsckOnMachine(await rootImage(), disk, [flag], path);
      process.stdout.write(r.output);
      if (disk.error) throw disk.error;
      return r.status;
    } finally {
      disk.close();
    }
  } finally {
    lock.release();
  }
}
