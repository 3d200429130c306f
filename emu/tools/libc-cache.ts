// The built libc that `sun3lab cc` links programs with, kept in the user's
// cache directory ($XDG_CACHE_HOME/sun3lab, else ~/.cache/sun3lab) under a
// key made from everything that goes into it: the libc's sources and
// headers, the compiler flags, the target and the compiler's version. A
// change to any of them makes a new key, so the libc is built again then
// and only then; a read-only installation of sun3lab works, since nothing
// is written next to the sources. Entries are built in a folder of their
// own and renamed into place, so that two compilations started at once
// never see half a libc. If the cache directory cannot be written, the
// libc is built for this compilation alone.

import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from '../root.js';
import {
  type BuiltLibc,
  buildLibc,
  CFLAGS,
  CROSS,
  libcSourcesOf,
  libmSources,
  type Toolchain,
} from './build-userland.js';

/** The cache directory: $XDG_CACHE_HOME/sun3lab, else ~/.cache/sun3lab. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME?.startsWith('/')
    ? env.XDG_CACHE_HOME
    : join(env.HOME || homedir(), '.cache');
  return join(base, 'sun3lab');
}

/** Every file under dir (relative to the repository root), sorted. */
function filesUnder(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .sort()
    .flatMap((name) => {
      const p = join(abs, name);
      return statSync(p).isDirectory() ? filesUnder(relative(ROOT, p)) : [relative(ROOT, p)];
    });
}

/** The compiler's identity: its version line and the target it builds for. */
export function compilerVersion(): string {
  const v = spawnSync(`${CROSS}gcc`, ['--version'], { encoding: 'utf8' });
  const m = spawnSync(`${CROSS}gcc`, ['-dumpmachine'], { encoding: 'utf8' });
  return `${(v.stdout ?? '').split('\n')[0]} ${(m.stdout ?? '').trim()}`;
}

/**
 * The key of the libc for `target`: a hash of its sources and of every
 * header, the flags, the target and the compiler (16 hex digits).
 */
export function libcKey(target: 'sunos' | 'linux', compiler = compilerVersion()): string {
  const h = createHash('sha256');
  h.update(`${target}\n${compiler}\n${CFLAGS.join(' ')}\n`);
  const sources = new Set([...libcSourcesOf(target), ...libmSources()]);
  const files = [
    ...filesUnder('userland/lib/libc'),
    ...filesUnder('userland/lib/libm'),
    ...filesUnder('userland/include'),
  ].sort();
  for (const f of files) {
    if (f.startsWith('userland/lib/lib') && !sources.has(f) && !f.endsWith('.h')) continue;
    h.update(`${f}\n`);
    h.update(readFileSync(join(ROOT, f)));
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * The libc for tc's target from the cache, built into it first if it is
 * not there. `log` hears when it is built.
 */
export async function cachedLibc(tc: Toolchain, env: NodeJS.ProcessEnv = process.env): Promise<BuiltLibc> {
  const dir = join(cacheDir(env), `libc-${tc.target}-${libcKey(tc.target)}`);
  const entry = { crt0: join(dir, 'crt0.o'), archive: join(dir, 'libc.a'), libm: join(dir, 'libm.a') };
  if (existsSync(entry.crt0) && existsSync(entry.archive) && existsSync(entry.libm)) return entry;
  tc.log(`sun3lab cc: building the libc (once, into ${dir})`);
  const built = await buildLibc(tc);
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    mkdirSync(tmp, { recursive: true });
    copyFileSync(built.crt0, join(tmp, 'crt0.o'));
    copyFileSync(built.archive, join(tmp, 'libc.a'));
    copyFileSync(built.libm, join(tmp, 'libm.a'));
  } catch {
    remove(tmp);
    return built; // no cache to write to: this compilation's own libc
  }
  try {
    renameSync(tmp, dir);
  } catch {
    remove(tmp); // another compilation put it there first
  }
  return existsSync(entry.archive) ? entry : built;
}

/** Remove a folder, if it is there and can be. */
function remove(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // not there, or not ours to remove
  }
}
