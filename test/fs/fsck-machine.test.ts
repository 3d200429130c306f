import { describe, expect, it } from 'vitest';
import { installFile } from '../../emu/lab/disk.js';
import { fsck, lookupPath, MemoryDisk, Ufs } from '../../kernel/fs/ufs/index.js';
import { rootImage, runOn } from '../kernel/helpers.js';
import { CRASHES, DAMAGE } from './damage.js';

// /sbin/fsck of the committed image, in a machine, on disk images it finds
// as files in /tmp (the raw disk devices it checks at boot are another
// matter): what a crash leaves is preened; other damage is refused by -p
// and repaired by -y; then -n finds nothing. test/tools/fsck.test.ts runs
// the same program built for Linux on hundreds of images.

function fileOf(disk: Uint8Array, path: string): Uint8Array {
  const fs = Ufs.mount(new MemoryDisk(disk), { readonly: true });
  const ip = lookupPath(fs, path);
  const out = new Uint8Array(ip.size);
  fs.readi(ip, 0, out);
  fs.iput(ip);
  return out;
}

describe('/sbin/fsck in the machine', () => {
  it('preens a crashed file system, and repairs a damaged one with -y', () => {
    const disk = rootImage();
    installFile(disk, '/tmp/crash.img', CRASHES['directory unnamed'](3).bytes, 0o644);
    installFile(disk, '/tmp/damage.img', DAMAGE['block in two files'](3).bytes, 0o644);
    const script = [
      '/sbin/fsck -p /tmp/crash.img; echo status $?',
      '/sbin/fsck -p /tmp/damage.img; echo status $?',
      '/sbin/fsck -y /tmp/damage.img > /dev/null; echo status $?',
      '/sbin/fsck -n /tmp/damage.img; echo status $?',
    ].join('\n');
    const r = runOn(disk, '/bin/sh', ['sh', '-c', script], '', 120);
    const out = r.output;
    expect(out).toMatch(
      /^\/tmp\/crash\.img: UNREF DIR {2}I=\d+ .*\n\/tmp\/crash\.img: SIZE=512 .*\(RECONNECTED\)\n\/tmp\/crash\.img: DIR I=\d+ CONNECTED\. PARENT WAS I=\d+\n/,
    );
    expect(out).toMatch(
      /COUNT 3 SHOULD BE 2 \(ADJUSTED\)\n\/tmp\/crash\.img: \d+ files, \d+ used, \d+ free\nstatus 0\n/,
    );
    expect(out).toMatch(
      /\n\/tmp\/damage\.img: \d+ DUP I=\d+\n\/tmp\/damage\.img: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY\.\nstatus 8\nstatus 0\n/,
    );
    expect(out).toMatch(
      /\*\* \/tmp\/damage\.img \(NO WRITE\)\n(\*\* Phase .*\n){5}\d+ files, \d+ used, \d+ free\nstatus 0\n$/,
    );
    // and the host checker agrees
    for (const img of ['/tmp/crash.img', '/tmp/damage.img']) {
      const report = fsck(new MemoryDisk(fileOf(disk, img)));
      expect(report.problems, img).toEqual([]);
      expect(report.clean).toBe(true);
    }
  });
});
