/**
 * The committed root image (images/root.img, or images/root.img.gz
 * decompressed): what a machine boots from when it is given no --disk,
 * and the root of the machine that checks a disk image (emu/lab/disk-check.ts).
 *
 * Decompressing the 16 MB takes longer than the rest of a machine's start,
 * so the first command to do it keeps the result in node_modules/.sun3lab/,
 * named by a hash of the compressed file (a new image gets a new name), and
 * later commands read that. Keeping it is best effort: without a writable
 * node_modules every command decompresses.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
    return new Uint8Array(await readFile(rootPath('images', 'root.img')));
  } catch {
    try {
      const gz = await readFile(rootPath('images', 'root.img.gz'));
      const kept = join(CACHE, `root-${createHash('sha1').update(gz).digest('hex').slice(0, 16)}.img`);
      const cached = await readFile(kept).catch(() => null);
      if (cached !== null && cached.length > 0 && cached.length <= MAX_IMAGE_BYTES)
        return new Uint8Array(cached.buffer, cached.byteOffset, cached.length);
      // Large output chunks: far fewer round trips to the main thread, which is busy loading code.
      const image = new Uint8Array(
        await promisify(gunzip)(gz, { chunkSize: 1 << 22, maxOutputLength: MAX_IMAGE_BYTES }),
      );
      keep(kept, image);
      return image;
    } catch {
      throw new Error('no root image in images/ (build it with npm run build:image)');
    }
  }
}

/** Keep the decompressed image as `path` (written aside and renamed, so never seen half done); drop older ones. */
function keep(path: string, image: Uint8Array): void {
  try {
    mkdirSync(CACHE, { recursive: true });
    const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, image);
    renameSync(tmp, path);
    for (const f of readdirSync(CACHE))
      if (/^root-[0-9a-f]{16}\.img$/.test(f) && join(CACHE, f) !== path)
        rmSync(join(CACHE, f), { force: true });
  } catch {
    // Not kept: the next command decompresses again.
  }
}
