/**
 * The repository's root folder: the nearest folder above this module whose
 * package.json is sun3lab's. Modules find the committed images, the
 * benchmark and the test data through it, the same way whether they run
 * from their TypeScript sources or from the command line's compiled bundle
 * (see emu/cli/sun3lab.js), which sits at another depth below the root.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'sun3lab') return dir;
    if (dirname(dir) === dir) throw new Error(`no sun3lab package.json above ${from}`);
  }
}

export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the repository, from its parts relative to the root. */
export function rootPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}
