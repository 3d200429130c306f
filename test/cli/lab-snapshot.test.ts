/**
 * `sun3lab lab` starts from a start-up snapshot of Node holding the lab
 * booted to its prompts (emu/cli/lab-snapshot.ts, emu/cli/sun3lab.js;
 * docs/performance.md#start-up). The snapshot must change nothing but the
 * time: a lab started from it prints the same consoles and events, and
 * ends at the same cycle, as one that boots; a damaged one is ignored, and
 * one made for other options or another image is not used.
 *
 * Tried on a copy of the sources, so that the project's own bundle and
 * snapshot are left alone.
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootForSnapshot, packBootedLab, takeBootedLab } from '../../emu/cli/lab-snapshot.js';
import { rootImage } from '../../emu/cli/root-image.js';
import type { CowDisk } from '../../emu/lab/cow-disk.js';
import { Lab } from '../../emu/lab/lab.js';
import { overlay, resolveLab } from '../../emu/lab/lab-config.js';
import { wasPacked } from '../../emu/lab/packed-bytes.js';
import { copySources, node } from './spawn.js';

const CHUNK = 200_000;

/** Everything a lab hands its listeners, as text, in order. */
function listen(lab: Lab): string[] {
  const seen: string[] = [];
  lab.onLine((i, text) => seen.push(`line ${i} ${text}`));
  lab.onEvent((e) => seen.push(`event ${JSON.stringify(e)}`));
  lab.onOutput((i, bytes) => seen.push(`output ${i} ${Buffer.from(bytes).toString('latin1')}`));
  return seen;
}

/** The typed arrays reachable from `root` through properties, maps and sets (not closures). */
function typedArrays(root: object): ArrayBufferView[] {
  const seen = new Set<unknown>();
  const found: ArrayBufferView[] = [];
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const o = todo.pop();
    if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) continue;
    seen.add(o);
    if (ArrayBuffer.isView(o)) {
      found.push(o);
      continue;
    }
    if (o instanceof Map) for (const [k, v] of o) todo.push(k, v);
    else if (o instanceof Set) for (const v of o) todo.push(v);
    else
      for (const k of Object.getOwnPropertyNames(o))
        try {
          todo.push((o as Record<string, unknown>)[k]);
        } catch {
          // a getter that throws
        }
  }
  return found;
}

describe('a lab booted ahead of its listeners (Lab.keepHistory, Lab.retell)', () => {
  it('hands them what a lab that booted with them listening handed out, and goes on the same', async () => {
    const image = await rootImage();
    const config = resolveLab(overlay({}, { count: { value: 2, where: 'test' } }));
    const plain = new Lab(config, { image });
    const heard = listen(plain);
    // Its own copy of the image: packing it empties the array it was given.
    const aheadImage = image.slice();
    const ahead = new Lab(config, { image: aheadImage });
    bootForSnapshot(ahead, 'k', aheadImage, CHUNK);
    // Packed as the heap is saved (emu/lab/lab-pack.ts): memories and image emptied, then unpacked when taken.
    const rams = ahead.machines.map((m) => m.station.machine.ram.slice());
    const tlbs = ahead.machines.map((m) => m.station.machine.cpu.tlb.tables.map((t) => t.slice()));
    const disks = ahead.machines.map((m) => m.station.disks[0] as CowDisk);
    const diskBytes = disks.map((d) => d.image());
    packBootedLab();
    for (const m of ahead.machines) expect(m.station.machine.ram.length).toBe(0);
    expect(aheadImage.length).toBe(0);
    expect(takeBootedLab('k')).toBe(ahead);
    expect(takeBootedLab('k')).toBeNull(); // only once
    // Each disk reads, block by block, what it read before (the image, packed, under its own blocks).
    for (const [i, d] of disks.entries()) {
      const read = new Uint8Array(d.blocks * d.blockSize);
      for (let n = 0; n < d.blocks; n++) d.readBlock(n, read.subarray(n * d.blockSize));
      expect(Buffer.from(read).equals(diskBytes[i])).toBe(true);
    }
    for (const [i, m] of ahead.machines.entries()) {
      expect(Buffer.from(m.station.machine.ram).equals(rams[i])).toBe(true);
      expect(m.station.machine.cpu.ram).toBe(m.station.machine.ram);
      const { tlb, rdPages, wrPages } = m.station.machine.cpu;
      expect(tlb.tables).toEqual(tlbs[i]);
      expect(tlb.tables).toContain(rdPages);
      expect(tlb.tables).toContain(wrPages);
    }
    // Nothing the lab holds is still a view of an emptied buffer.
    expect(typedArrays(ahead).filter((a) => wasPacked(a.buffer))).toEqual([]);
    expect(ahead.now % CHUNK).toBe(0);
    expect(ahead.now).toBeGreaterThan(0);
    const late = listen(ahead);
    ahead.retell();
    const end = ahead.now + 20 * CHUNK;
    // Both in the same steps (what a lab hands out of lines and events waits for the end of a step;
    // console bytes do not): the command steps at every CHUNK, as the snapshot's boot did.
    while (plain.now < end) plain.runTo(plain.now + CHUNK);
    while (ahead.now < end) ahead.runTo(ahead.now + CHUNK);
    expect(late.length).toBeGreaterThan(50);
    expect(late).toEqual(heard);
    // The same work done: instructions, cycles, system calls, faults of every machine.
    expect(ahead.members.map((m) => m.statsLine())).toEqual(plain.members.map((m) => m.statsLine()));
    // The machines stood at their prompts when the boot stopped: the shell's `# `, not yet a line.
    const console1 = late.filter((l) => l.startsWith('output 1 ')).map((l) => l.slice('output 1 '.length));
    expect(console1.join('')).toMatch(/\n# $/);
    // A lab made for another configuration is not handed out.
    bootForSnapshot(plain, 'k', image, CHUNK);
    expect(takeBootedLab('other')).toBeNull();
    expect(takeBootedLab('k')).toBeNull();
  }, 60_000);
});

let copy: string;
const bundleDir = () => {
  const cache = join(copy, 'node_modules', '.sun3lab');
  return join(cache, JSON.parse(readFileSync(join(cache, 'current.json'), 'utf8')).dir);
};
const blobs = () => readdirSync(bundleDir()).filter((f) => f.endsWith('.blob'));
const making = () => readdirSync(bundleDir()).filter((f) => f.endsWith('.making'));

async function until(what: () => boolean, ms: number): Promise<void> {
  for (const t0 = Date.now(); !what(); ) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `sun3lab ARGS` in the copy, standard input /dev/null, saying what it did with the snapshot. */
const sun3lab = (args: string[], env: Record<string, string> = {}) =>
  node(join(copy, 'emu/cli/sun3lab.js'), args, { cwd: copy, env: { SUN3LAB_SNAPSHOT_TRACE: '1', ...env } });
/** The stats lines (with each machine's cycles) of a lab's standard error. */
const stats = (stderr: string) => stderr.split('\n').filter((l) => / stats: /.test(l));

beforeAll(() => {
  copy = copySources('sun3lab-snapshot-', { image: true });
});

afterAll(async () => {
  // A snapshot still being made (the tests that fail) is let finish before its folder goes.
  await until(
    () => !existsSync(join(copy, 'node_modules', '.sun3lab')) || making().length === 0,
    60_000,
  ).catch(() => {});
  rmSync(copy, { recursive: true, force: true });
}, 70_000);

describe('sun3lab lab from a start-up snapshot', () => {
  it('is made after a first run, then used, and prints and counts exactly what a boot does', async () => {
    const events = (name: string) => join(copy, name);
    const normal = await sun3lab(['lab', '--fast', '--events', events('a.jsonl')], {
      SUN3LAB_NO_SNAPSHOT: '1',
    });
    expect(normal.code).toBe(0);
    expect(normal.stderr).not.toMatch(/snapshot/);
    expect(normal.stdout).toMatch(/^sun2\| .*#/m);

    const first = await sun3lab(['lab', '--fast']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/snapshot being made: .*\.blob/);
    await until(() => blobs().length === 1 && making().length === 0, 90_000);

    const fromSnapshot = await sun3lab(['lab', '--fast', '--events', events('b.jsonl')]);
    expect(fromSnapshot.stderr).toMatch(/snapshot used: /);
    expect(fromSnapshot.code).toBe(0);
    expect(fromSnapshot.stdout).toBe(normal.stdout);
    expect(stats(fromSnapshot.stderr)).toEqual(stats(normal.stderr));
    expect(stats(normal.stderr)).toHaveLength(3);
    expect(readFileSync(events('b.jsonl'), 'utf8')).toBe(readFileSync(events('a.jsonl'), 'utf8'));

    // A damaged snapshot: not used (without a word), removed, and made again.
    const [blob] = blobs();
    writeFileSync(join(bundleDir(), blob), Buffer.alloc(4096, 0x5a));
    const damaged = await sun3lab(['lab', '--fast']);
    expect(damaged.code).toBe(0);
    expect(damaged.stdout).toBe(normal.stdout);
    expect(stats(damaged.stderr)).toEqual(stats(normal.stderr));
    expect(damaged.stderr).toMatch(/snapshot did not start, removed/);
    expect(damaged.stderr).not.toMatch(/Fatal|Check failed|Segmentation/);
    expect(damaged.stderr).toMatch(/snapshot being made/);
    await until(() => blobs().length === 1 && making().length === 0, 90_000);
    expect(blobs()).toEqual([blob]);

    // Other options that shape the boot, or another image: another snapshot, not this one.
    const mem = await sun3lab(['lab', '--fast', '--mem', '12', '--machines', '1']);
    expect(mem.stderr).toMatch(/snapshot being made/);
    expect(mem.stderr).not.toContain(blob);
    expect(mem.stdout).toMatch(/^sun0\| .*#/m);
    await until(() => making().length === 0, 90_000);
    // The same image compressed otherwise: other bytes, so another snapshot (the same boot).
    const gz = join(copy, 'images', 'root.img.gz');
    writeFileSync(gz, gzipSync(gunzipSync(readFileSync(gz)), { level: 1 }));
    const image = await sun3lab(['lab', '--fast', '--mem', '12', '--machines', '1']);
    expect(image.stderr).toMatch(/snapshot being made/);
    const made = (stderr: string) => /snapshot being made: (\S+)/.exec(stderr)?.[1];
    expect(made(image.stderr)).not.toBe(made(mem.stderr));
    expect(image.stdout).toBe(mem.stdout);
    expect(stats(image.stderr)).toEqual(stats(mem.stderr));
    await until(() => making().length === 0, 90_000);

    // A folder where the snapshot cannot be written: none is made, without a word, and the lab runs.
    const name = made(image.stderr) as string;
    rmSync(name, { force: true });
    mkdirSync(`${name}.making`); // a directory where the lock file goes: writing it fails
    const old = new Date(Date.now() - 3600_000);
    utimesSync(`${name}.making`, old, old);
    const unwritable = await sun3lab(['lab', '--fast', '--mem', '12', '--machines', '1']);
    expect(unwritable.code).toBe(0);
    expect(unwritable.stdout).toBe(mem.stdout);
    expect(unwritable.stderr).toMatch(/snapshot not made/);
    expect(existsSync(name)).toBe(false);
    rmSync(`${name}.making`, { recursive: true });

    // A scripted lab (or one reading a pipe) boots as always.
    const scripted = await sun3lab(['lab', '--machines', '1', '--exec', 'sun0:echo hi']);
    expect(scripted.code).toBe(0);
    expect(scripted.stderr).not.toMatch(/snapshot/);
  }, 300_000);

  it("is named by the image's bytes and the bundle as it stands: a touched image keeps it, other bytes or an edited bundle do not", async () => {
    // The launcher does not read the bundle or hash the image at every start (docs/performance.md#start-up): it
    // names the bundle by its file's stamp and keeps the image's digest with the image's stamp.
    const args = ['lab', '--fast', '--machines', '1'];
    const made = (stderr: string) => /snapshot being made: (\S+)/.exec(stderr)?.[1];
    const used = (stderr: string) => /snapshot used: (\S+)/.exec(stderr)?.[1];
    const gz = join(copy, 'images', 'root.img.gz');
    utimesSync(gz, 1e9, 1e9); // whole seconds, so that the time can be set back exactly below
    const first = await sun3lab(args);
    expect(first.code).toBe(0);
    const name = made(first.stderr) as string;
    expect(name).toMatch(/\.blob$/);
    await until(() => existsSync(name) && making().length === 0, 90_000);
    expect(used((await sun3lab(args)).stderr)).toBe(name);

    // The digest kept damaged, or the image touched (the same bytes): the digest is taken again, the snapshot stays.
    writeFileSync(join(copy, 'node_modules', '.sun3lab', 'root.img.gz.sha1'), 'garbage\n');
    expect(used((await sun3lab(args)).stderr)).toBe(name);
    utimesSync(gz, new Date(), new Date());
    expect(used((await sun3lab(args)).stderr)).toBe(name);
    utimesSync(gz, 1e9, 1e9);
    expect(used((await sun3lab(args)).stderr)).toBe(name);

    // Other bytes of the same size, written in place, with the time set back: only the inode's change time says
    // so, and that is enough. (The gzip header's own time stamp: the same image inside, so the same boot.)
    const before = statSync(gz);
    const bytes = readFileSync(gz);
    bytes[4] ^= 1;
    writeFileSync(gz, bytes);
    utimesSync(gz, 1e9, 1e9);
    const after = statSync(gz);
    expect([after.ino, after.size, after.mtimeMs]).toEqual([before.ino, before.size, before.mtimeMs]);
    const rewritten = await sun3lab(args);
    expect(rewritten.code).toBe(0);
    expect(used(rewritten.stderr)).toBeUndefined();
    const second = made(rewritten.stderr) as string;
    expect(second).toMatch(/\.blob$/);
    expect(second).not.toBe(name);
    await until(() => existsSync(second) && making().length === 0, 90_000);
    expect(used((await sun3lab(args)).stderr)).toBe(second);

    // The bundle edited in place (its sources unchanged): what is in the snapshot is not what would run.
    appendFileSync(join(bundleDir(), 'main.cjs'), '\n// edited by hand\n');
    const edited = await sun3lab(args);
    expect(edited.code).toBe(0);
    expect(used(edited.stderr)).toBeUndefined();
    expect(made(edited.stderr)).toMatch(/\.blob$/);
    expect(made(edited.stderr)).not.toBe(second);
    await until(() => making().length === 0, 90_000);
  }, 300_000);
});
