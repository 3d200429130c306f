/**
 * The committed root image (images/root.img, or images/root.img.gz
 * decompressed): what a machine boots from when it is given no --disk,
 * and the root of the machine that checks a disk image (emu/lab/disk-check.ts).
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { rootPath } from '../root.js';

/** The committed root image, decompressed if stored gzip'd (no larger than the largest image). */
export async function rootImage(): Promise<Uint8Array> {
  const { MAX_IMAGE_BYTES } = await import('../lab/image-disk.js');
  try {
    return new Uint8Array(await readFile(rootPath('images', 'root.img')));
  } catch {
    try {
      // Large output chunks: far fewer round trips to the main thread, which is busy loading code.
      const gz = await readFile(rootPath('images', 'root.img.gz'));
      return new Uint8Array(
        await promisify(gunzip)(gz, { chunkSize: 1 << 22, maxOutputLength: MAX_IMAGE_BYTES }),
      );
    } catch {
      throw new Error('no root image in images/ (build it with npm run build:image)');
    }
  }
}
