/**
 * Make the project's own subset of the single-step CPU vectors:
 *   tsx emu/tools/cpu-fixtures.ts SRC_DIR [PER_FILE]
 * takes every Nth vector of each SRC_DIR/*.json.gz so that PER_FILE (120)
 * remain, and writes them to test/fixtures/cpu/m68000/ (gzip'd JSON).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readVectors } from '../cpu/singlestep.js';
import { writeFileAtomic } from '../lab/atomic-write.js';
import { rootPath } from '../root.js';

const [src, perFileArg] = process.argv.slice(2);
if (!src) {
  console.error('usage: tsx emu/tools/cpu-fixtures.ts SRC_DIR [PER_FILE]');
  process.exit(1);
}
const perFile = Number(perFileArg ?? 120);
const out = rootPath('test', 'fixtures', 'cpu', 'm68000');
for (const name of readdirSync(src)
  .filter((f) => f.endsWith('.json.gz'))
  .sort()) {
  const all = await readVectors(join(src, name));
  const step = Math.max(1, Math.floor(all.length / perFile));
  const subset = all.filter((_, i) => i % step === 0).slice(0, perFile);
  writeFileAtomic(join(out, name), gzipSync(JSON.stringify(subset), { level: 9 }));
}
console.log(`wrote ${perFile} vectors per file to ${out}`);
