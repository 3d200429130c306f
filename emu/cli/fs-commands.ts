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

interface PutArgs {
  image: string;
  files: string[];
  recursive: boolean;
  owner?: string;
  mode?: string;
}

interface GetArgs {
  image: string;
  path: string;
  dest: string;
  recursive: boolean;
}

interface LsArgs {
  image: string;
  paths: string[];
  long: boolean;
  recursive: boolean;
  all: boolean;
}

function printNotes(notes: string[]): void {
  for (const n of notes) console.error(n);
}

export function putCommand(done: (status: number) => void): CommandModule<object, PutArgs> {
  return {
    command: 'put <image> <files..>',
    describe:
      'Copy host files into a disk image: put IMAGE FILE... PATH (checked before and after, replaced atomically)',
    builder: (y: Argv) =>
      y
        .usage(`$0 put [-r] [--owner USER[:GROUP]] [--mode OCTAL] <image> <file>... <path>

Copy host files (with -r, directory trees) into the disk image IMAGE at PATH,
an absolute path: into PATH if it is a directory of the image, else as PATH.
A copy gets the host file's permission bits and time, and the owner and group
of the directory it goes into unless --owner says otherwise. The image must
have been shut down cleanly (else: sun3lab fsck -p IMAGE); it is checked again
afterwards and replaced atomically.`)
        .positional('image', { describe: "disk image (raw or gzip'd)", type: 'string', demandOption: true })
        .positional('files', {
          describe: 'host files, then the path in the image',
          type: 'string',
          array: true,
        })
        .option('recursive', {
          alias: 'r',
          describe: 'copy directory trees',
          type: 'boolean',
          default: false,
        })
        .option('owner', {
          describe: 'owner (and group) to give: names from the image, or numbers',
          type: 'string',
          requiresArg: true,
        })
        .option('mode', {
          describe: 'permission bits to give, in octal',
          type: 'string',
          requiresArg: true,
        }) as unknown as Argv<PutArgs>,
    handler: async (a) => {
      const { putIntoImage } = await import('../lab/image-files.js');
      if (a.files.length < 2) throw new Error('put: give at least one host file and the path in the image');
      const dest = a.files[a.files.length - 1];
      let mode: number | undefined;
      if (a.mode !== undefined) {
        if (!/^[0-7]{1,4}$/.test(a.mode)) throw new Error(`--mode ${a.mode}: not octal permission bits`);
        mode = Number.parseInt(a.mode, 8) & 0o7777;
      }
      const r = putIntoImage(a.image, a.files.slice(0, -1), dest, {
        recursive: a.recursive,
        ownerText: a.owner,
        mode,
      });
      printNotes(r.notes);
      done(0);
    },
  };
}

export function getCommand(done: (status: number) => void): CommandModule<object, GetArgs> {
  return {
    command: 'get <image> <path> <dest>',
    describe: 'Copy a file (with -r, a tree) out of a disk image to the host (DEST - is standard output)',
    builder: (y: Argv) =>
      y
        .positional('image', { describe: "disk image (raw or gzip'd)", type: 'string', demandOption: true })
        .positional('path', { describe: 'absolute path in the image', type: 'string', demandOption: true })
        .positional('dest', {
          describe: 'host file or directory, or - for standard output',
          type: 'string',
          demandOption: true,
        })
        .option('recursive', {
          alias: 'r',
          describe: 'copy a directory tree',
          type: 'boolean',
          default: false,
        }) as unknown as Argv<GetArgs>,
    handler: async (a) => {
      const { getFromImage } = await import('../lab/image-files.js');
      // yargs hands a lone '-' over as an empty string, which is no host path anyway.
      const r = getFromImage(a.image, a.path, a.dest === '' ? '-' : a.dest, a.recursive, (b) =>
        process.stdout.write(b),
      );
      printNotes(r.notes);
      done(0);
    },
  };
}

export function lsCommand(done: (status: number) => void): CommandModule<object, LsArgs> {
  return {
    command: 'ls <image> [paths..]',
    describe: 'List a directory of a disk image (-l long, -a all, -R recursive)',
    builder: (y: Argv) =>
      y
        .positional('image', { describe: "disk image (raw or gzip'd)", type: 'string', demandOption: true })
        .positional('paths', {
          describe: 'absolute paths in the image (default /)',
          type: 'string',
          array: true,
        })
        .option('long', {
          alias: 'l',
          describe: 'mode, links, owner, group, size, time',
          type: 'boolean',
          default: false,
        })
        .option('all', {
          alias: 'a',
          describe: 'names that start with a dot too',
          type: 'boolean',
          default: false,
        })
        .option('recursive', {
          alias: 'R',
          describe: 'and every directory below',
          type: 'boolean',
          default: false,
        }) as unknown as Argv<LsArgs>,
    handler: async (a) => {
      const { listImage } = await import('../lab/image-files.js');
      const r = listImage(a.image, a.paths?.length ? a.paths : ['/'], {
        long: a.long,
        all: a.all,
        recursive: a.recursive,
      });
      printNotes(r.notes);
      if (r.lines.length) process.stdout.write(`${r.lines.join('\n')}\n`);
      done(0);
    },
  };
}
