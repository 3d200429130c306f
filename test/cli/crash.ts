/**
 * The crash-consistency campaign (docs/reliability.md): /tests/churn, a
 * file-system workload, runs on a --disk image and is stopped at a seeded
 * instant in one of three ways —
 *
 *   timeout    `run --timeout T`: the clean stop (Station.shutdown)
 *   power      `run --power-off T`: the machine loses power; the kernel's
 *              delayed writes are lost, the disk keeps what was written
 *   kill       SIGKILL of sun3lab itself right after its k-th host write
 *              (SUN3LAB_KILL_AFTER_WRITES=k)
 *
 * — then the image is repaired with the machine's own `fsck -p` (`-y` if
 * preening refuses), and the host's checker must find it consistent and
 * clean. Every file churn reported as fsync'd before the stop ("S name len
 * sum") must be intact, byte for byte (its FNV-1a sum); the files it wrote
 * without fsync ("W ...") are counted, whole or not: after a clean stop
 * every one is whole; after a crash some may be lost.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileIn } from '../../emu/lab/disk.js';
import { Random } from '../../emu/net/random.js';
import { fsck, MemoryDisk, Ufs } from '../../kernel/fs/ufs/index.js';
import { node, SHIM } from './spawn.js';

export type StopMethod = 'timeout' | 'power' | 'kill';

export interface CrashCase {
  seed: number;
  method: StopMethod;
  /** Emulated seconds (timeout, power) or host writes (kill) before the stop. */
  at: number;
}

export interface CrashResult extends CrashCase {
  /** How the image was repaired: it was clean, fsck -p mended it, or -p refused and -y mended it. */
  repair: 'clean' | 'preen' | 'yes';
  /** What fsck printed. */
  fsckOutput: string;
  /** fsync'd files reported before the stop, and those found intact. */
  synced: number;
  syncedIntact: number;
  /** Files written without fsync reported before the stop, and those found whole. */
  unsynced: number;
  unsyncedWhole: number;
  /** Problems the host's checker still found after the repair (must be none). */
  problems: string[];
  clean: boolean;
  /** What went wrong with a fsync'd file, if anything. */
  damaged: string[];
}

/** The seeded instants of a campaign: `n` cases per method, from `seed`. */
export function crashCases(seed: number, n: number): CrashCase[] {
  const rng = new Random(seed, 'crash');
  const cases: CrashCase[] = [];
  for (let i = 0; i < n; i++) {
    const s = seed * 1000 + i;
    // Half a second to six seconds of churn: a few dozen to a few hundred operations.
    cases.push({ seed: s, method: 'timeout', at: (500 + rng.int(5500)) / 1000 });
    cases.push({ seed: s, method: 'power', at: (500 + rng.int(5500)) / 1000 });
    // The image is created in 17 host writes (16 chunks and the rename); then the disk's blocks.
    cases.push({ seed: s, method: 'kill', at: 150 + rng.int(3850) });
  }
  return cases;
}

function fnv1a(b: Uint8Array): number {
  let h = 2166136261;
  for (const x of b) h = Math.imul(h ^ x, 16777619) >>> 0;
  return h;
}

/** Run one case in `dir` (a scratch directory of its own). */
export async function runCrashCase(c: CrashCase, dir: string): Promise<CrashResult> {
  const img = join(dir, `churn-${c.seed}-${c.method}.img`);
  const args = ['run', '--disk', img];
  const env: Record<string, string> = {};
  if (c.method === 'timeout') args.push('--timeout', String(c.at));
  else if (c.method === 'power') args.push('--power-off', String(c.at));
  else {
    env.SUN3LAB_KILL_AFTER_WRITES = String(c.at);
    args.push('--timeout', '30');
  }
  args.push('/tests/churn', String(c.seed), '0'); // 0: until it is stopped
  const run = await node(SHIM, args, { env });
  if (run.stdout.includes('\nE ') || run.stdout.startsWith('E '))
    throw new Error(`churn ${c.seed} met an unexpected error:\n${run.stdout.slice(-500)}`);

  // Repair as a boot would (fsck -p), and by hand if that is not enough (-y).
  let repair: CrashResult['repair'] = 'clean';
  let fsckOutput = '';
  const preen = await node(SHIM, ['fsck', '-p', img]);
  fsckOutput = preen.stdout + preen.stderr;
  if (preen.code !== 0) {
    const yes = await node(SHIM, ['fsck', '-y', img]);
    fsckOutput += yes.stdout + yes.stderr;
    if (yes.code !== 0) throw new Error(`fsck -y of ${img} failed (${yes.code}):\n${fsckOutput}`);
    repair = 'yes';
  } else if (!/SKIPPING CHECKS/.test(preen.stdout)) repair = 'preen';

  const image = new Uint8Array(readFileSync(img));
  const report = fsck(new MemoryDisk(image));
  const fs = Ufs.mount(new MemoryDisk(image), { readonly: true });
  const result: CrashResult = {
    ...c,
    repair,
    fsckOutput,
    synced: 0,
    syncedIntact: 0,
    unsynced: 0,
    unsyncedWhole: 0,
    problems: report.problems,
    clean: report.clean,
    damaged: [],
  };
  try {
    for (const line of run.stdout.split('\n')) {
      const m = /^([SW]) (\S+) (\d+) ([0-9a-f]{8})$/.exec(line);
      if (!m) continue;
      const data = readFileIn(fs, `/churn/${m[2]}`);
      const whole =
        data !== null && data.length === Number(m[3]) && fnv1a(data) === Number.parseInt(m[4], 16);
      if (m[1] === 'S') {
        result.synced++;
        if (whole) result.syncedIntact++;
        else
          result.damaged.push(
            `${m[2]}: ${data === null ? 'missing' : `${data.length} bytes, sum ${fnv1a(data).toString(16)}`}, want ${m[3]} bytes, sum ${m[4]}`,
          );
      } else {
        result.unsynced++;
        if (whole) result.unsyncedWhole++;
      }
    }
  } finally {
    fs.unmount(true);
  }
  return result;
}

/** Run the cases one after another, each in its own scratch directory. */
export async function runCrashCampaign(cases: CrashCase[]): Promise<CrashResult[]> {
  const results: CrashResult[] = [];
  for (const c of cases) {
    const dir = mkdtempSync(join(tmpdir(), 'sun3lab-crash-'));
    try {
      results.push(await runCrashCase(c, dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

/** One line per case, for the test's output and for replaying a failure. */
export function describeResult(r: CrashResult): string {
  const how =
    r.method === 'kill'
      ? `SIGKILL after write ${r.at}`
      : `--${r.method === 'power' ? 'power-off' : 'timeout'} ${r.at}`;
  return (
    `churn ${r.seed}, ${how}: ${r.repair}; fsync'd ${r.syncedIntact}/${r.synced} intact, ` +
    `unsynced ${r.unsyncedWhole}/${r.unsynced} whole`
  );
}
