/**
 * The committed root image (images/root.img, or images/root.img.gz
 * decompressed): what a machine boots from when it is given no --disk,
 * and the root of the machine that checks a disk image (emu/lab/disk-check.ts).
 *
 * Decompressing the 16 MB image takes a fifth of a second, every start;
 * so the decompressed image is kept in node_modules/.sun3lab/ (beside the
 * command's bundle), named by the digest of the compressed one, and read
 * from there while the compressed image is unchanged. Deleting it is
 * always safe.
 */
import { hash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { rootPath } from '../root.js';

const CACHE = rootPath('node_modules', '.sun3lab');

/** The committed root image, decompressed if stored gzip'd (no larger than the largest image). */
export async function rootImage(): Promise<Uint8Array> {
  const { MAX_IMAGE_BYTES } = await import('../lab/image-disk.js');
  try {
    return whole(rootPath('images', 'root.img'));
  } catch {
    let gz: Buffer;
    try {
      gz = await readFile(rootPath('images', 'root.img.gz'));
    } catch {
      throw new Error('no root image in images/ (build it with npm run build:image)');
    }
    // One-shot: no Hash object left behind (a start-up snapshot cannot hold one; emu/cli/lab-snapshot.ts).
    const name = `root-${hash('sha256', gz, 'hex').slice(0, 16)}.img`;
    try {
      const kept = whole(join(CACHE, name));
      if (kept.length > 0 && kept.length <= MAX_IMAGE_BYTES) return kept;
    } catch {
      // not kept yet
    }
    let image: Uint8Array;
    try {
      // Large output chunks: far fewer round trips to the main thread, which is busy loading code.
      image = new Uint8Array(
        await promisify(gunzip)(gz, { chunkSize: 1 << 22, maxOutputLength: MAX_IMAGE_BYTES }),
      );
    } catch {
      throw new Error('images/root.img.gz is damaged (build it again with npm run build:image)');
    }
    keep(name, image);
    return image;
  }
}

/**
 * A file's bytes as a plain Uint8Array. Read in one synchronous call, and
 * not copied: at start-up nothing else is waiting, and reading 16 MB in
 * the thread pool's chunks, then copying it, took 50-150 ms.
 */
function whole(path: string): Uint8Array {
  const b = readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Keep the decompressed image for the next start, and drop those of
 * earlier images. Written beside and renamed into place, so that another
 * command starting at the same moment never reads half of it; any failure
 * (a read-only install) only means decompressing again next time.
 */
function keep(name: string, image: Uint8Array): void {
  const tmp = join(CACHE, `.${name}.${process.pid}`);
  try {
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(tmp, image);
    renameSync(tmp, join(CACHE, name));
    for (const f of readdirSync(CACHE))
      if (/^root-[0-9a-f]+\.img$/.test(f) && f !== name) rmSync(join(CACHE, f), { force: true });
  } catch {
    rmSync(tmp, { force: true });
  }
}
