/**
 * Stopping a machine: files that live on after their names (an open file
 * that was unlinked, a current directory that was removed) must be freed
 * when the machine stops, and the disk marked clean only when it is.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Station } from '../../emu/lab/station.js';
import { MemoryDisk } from '../../kernel/fs/ufs/disk.js';
import { fsck } from '../../kernel/fs/ufs/fsck.js';
import { SSTOP } from '../../kernel/proc/proc.js';
import { sun3lab } from '../cli/spawn.js';
import { rootImage, rootUfs } from './helpers.js';

/** Boot the committed image running `sh -c CMD` as process 1, until `marker` shows on the console. */
function bootUntil(cmd: string, marker: string): { st: Station; disk: Uint8Array; out: () => string } {
  const disk = rootImage();
  let out = '';
  const st = new Station({
    disk,
    program: { path: '/bin/sh', argv: ['sh', '-c', cmd] },
    consoleSink: (b) => {
      out += String.fromCharCode(b);
    },
    quietBoot: true,
  });
  for (let i = 0; i < 300 && !out.includes(marker); i++) st.run(200_000);
  expect(out).toContain(marker);
  return { st, disk, out: () => out };
}

describe('stopping a machine whose processes hold removed files', () => {
  it.each([
    ['running', 'hold'],
    ['stopped', 'stop'],
  ])('frees an open unlinked file and a removed current directory of a %s process', (_, how) => {
    const { st, disk } = bootUntil(`/tests/lastclose ${how}`, 'holding');
    if (how === 'stop') {
      const stopped = () => [...st.kernel.procs.values()].some((p) => p.stat === SSTOP);
      for (let i = 0; i < 100 && !stopped(); i++) st.run(100_000);
      expect(stopped()).toBe(true);
    }
    const before = fsck(new MemoryDisk(disk.slice()));
    expect(before.clean).toBe(false); // mounted
    expect(st.shutdown()).toBe(true);
    const r = fsck(new MemoryDisk(disk));
    expect(r.problems).toEqual([]);
    expect(r.clean).toBe(true);
    // Nothing but what the image had: the program's /tmp/lastclose.PID directory is all that was added.
    const fresh = fsck(new MemoryDisk(rootImage()));
    expect(r.inodesUsed).toBe(fresh.inodesUsed + 1);
    expect(r.blocksUsed).toBe(fresh.blocksUsed + 1);
    expect(st.halted).toBe(true);
    expect(st.shutdown()).toBe(true); // a second time does nothing
  });

  it('the old stop (sync, then a forced unmount) leaves the leak, and no longer calls the disk clean', () => {
    const { st, disk } = bootUntil('/tests/lastclose hold', 'holding');
    st.kernel.sync();
    rootUfs(st).unmount(true);
    const r = fsck(new MemoryDisk(disk));
    expect(r.problems.join('\n')).toMatch(/is not in any directory/);
    expect(r.clean).toBe(false);
  });

  it('with nosync writes nothing: the disk stays as it was, marked in use', () => {
    const { st, disk } = bootUntil('/tests/lastclose hold', 'holding');
    const before = disk.slice();
    expect(st.shutdown({ nosync: true })).toBe(false);
    expect(Buffer.compare(disk, before)).toBe(0);
    expect(fsck(new MemoryDisk(disk)).clean).toBe(false);
    expect(st.kernel.halted).toBe(true);
  });

  it('sun3lab run --disk stops its machine cleanly: a process that holds them when time runs out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sun3lab-shutdown-'));
    try {
      const img = join(dir, 'disk.img');
      const r = await sun3lab(['run', '--disk', img, '--timeout', '3', '/tests/lastclose', 'hold']);
      expect(r.stdout).toContain('holding');
      expect(r.stderr).toMatch(/did not exit within 3 s/);
      const report = fsck(new MemoryDisk(new Uint8Array(readFileSync(img))));
      expect(report.problems).toEqual([]);
      expect(report.clean).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
