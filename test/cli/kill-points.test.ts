/**
 * Killing sun3lab at every host write of a save (the fault hook:
 * SUN3LAB_KILL_AFTER_WRITES=k makes it SIGKILL itself right after its k-th
 * host write) never leaves a mix of the old and the new file under the real
 * name, nor a temporary that looks like an image; and the next run cleans
 * the temporaries up.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { diskProblem } from '../../emu/lab/disk.js';
import { ROOT, SHIM } from './spawn.js';

/** Run sun3lab with the fault hook set to k (0: not set). */
function sun3labKilledAfter(k: number, args: string[]) {
  return spawnSync(process.execPath, [SHIM, ...args], {
    encoding: 'utf8',
    env: { ...process.env, SUN3LAB_KILL_AFTER_WRITES: k > 0 ? String(k) : '' },
  });
}

/** Files in `dir` other than `keep`: each must be a hidden `.NAME.PID.partial`, never named like an image. */
function leftovers(dir: string, keep: string[]): string[] {
  const others = readdirSync(dir).filter((n) => !keep.includes(n));
  for (const n of others) expect(n).toMatch(/^\..+\.\d+\.partial$/);
  return others;
}

describe('the fault hook over whole-file writes', () => {
  it('mkfs over an existing image: killed after any write, the image is the old one or the new one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sun3lab-kill-mkfs-'));
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(a, 'motd'), 'old tree\n');
    cpSync(join(ROOT, 'images/root/bin/echo'), join(b, 'echo'));
    const out = join(dir, 'out');
    mkdirSync(out);
    const image = join(out, 'root.img');
    // The old and the new image (mkfs is deterministic: the same tree gives the same bytes).
    expect(sun3labKilledAfter(0, ['mkfs', '--size', '3', join(dir, 'new.img'), b]).status).toBe(0);
    const fresh = readFileSync(join(dir, 'new.img'));
    expect(sun3labKilledAfter(0, ['mkfs', '--size', '3', image, a]).status).toBe(0);
    const old = readFileSync(image);
    expect(old.equals(fresh)).toBe(false);

    const seen = { old: 0, new: 0 };
    let k = 1;
    for (; k < 20; k++) {
      const r = sun3labKilledAfter(k, ['mkfs', '--size', '3', image, b]);
      const now = readFileSync(image);
      const which = now.equals(old) ? 'old' : now.equals(fresh) ? 'new' : 'a mix';
      expect(which, `killed after host write ${k}`).not.toBe('a mix');
      seen[which as 'old' | 'new']++;
      leftovers(out, ['root.img']);
      if (r.signal !== 'SIGKILL') {
        expect(r.status).toBe(0);
        break;
      }
      writeFileSync(image, old); // the next try starts from the old image again
    }
    // 3 MB in 1 MB chunks and a rename: killed three times with the old image, once right after the rename.
    expect(k).toBe(5);
    expect(seen).toEqual({ old: 3, new: 2 });
    // The completed run removed the partial files of the killed ones.
    expect(leftovers(out, ['root.img'])).toEqual([]);
  });

  it('--disk created from the committed image: killed after any write, there is no image or a whole one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sun3lab-kill-disk-'));
    const disk = join(dir, 'root.img');
    const committed = gunzipSync(readFileSync(join(ROOT, 'images/root.img.gz')));
    const chunks = committed.length / (1 << 20);
    let k = 1;
    for (; k < 60; k++) {
      rmSync(disk, { force: true });
      const r = sun3labKilledAfter(k, ['run', '--disk', disk, '/bin/true']);
      leftovers(dir, ['root.img', 'root.img.lock']);
      if (k <= chunks) {
        expect(r.signal).toBe('SIGKILL');
        expect(existsSync(disk), `killed after host write ${k}`).toBe(false);
      } else if (k === chunks + 1) {
        // Killed right after the rename: the whole committed image, not yet touched by the machine.
        expect(r.signal).toBe('SIGKILL');
        expect(readFileSync(disk).equals(committed)).toBe(true);
      } else {
        // The machine's own block writes: whatever the kernel had written, on a whole image.
        expect(diskProblem(new Uint8Array(readFileSync(disk))), `killed after host write ${k}`).toBe(null);
      }
      if (r.signal !== 'SIGKILL') {
        expect(r.status).toBe(0);
        break;
      }
    }
    expect(k).toBeGreaterThan(chunks + 1);
    expect(k).toBeLessThan(60);
    // The killed runs' stale lock and partial files are gone after the completed one.
    expect(readdirSync(dir)).toEqual(['root.img']);
  });
});
