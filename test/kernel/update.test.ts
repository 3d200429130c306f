/**
 * Delayed writes on a running machine: an append that fits in a file's
 * last block stays in the kernel's buffer cache, so a power failure (a copy
 * of the disk's bytes, nothing flushed) loses it, until update, started by
 * /etc/rc, syncs within 30 seconds.
 */
import { describe, expect, it } from 'vitest';
import { Station } from '../../emu/lab/station.js';
import { MemoryDisk } from '../../kernel/fs/ufs/disk.js';
import { lookupPath } from '../../kernel/fs/ufs/path.js';
import { Ufs } from '../../kernel/fs/ufs/ufs.js';
import { rootImage } from './helpers.js';

/** /etc/motd as a machine booted from a copy of `disk` would read it. */
function motdAfterPowerFailure(disk: Uint8Array): string {
  const fs = Ufs.mount(new MemoryDisk(disk.slice()), { readonly: true });
  const ip = lookupPath(fs, 'etc/motd');
  const buf = new Uint8Array(ip.size);
  fs.readi(ip, 0, buf);
  fs.iput(ip);
  return new TextDecoder().decode(buf);
}

describe('update', () => {
  it('writes an append that waits in the buffer cache to the disk within 30 seconds', () => {
    const disk = rootImage();
    let out = '';
    const st = new Station({
      disk,
      consoleSink: (b) => {
        out += String.fromCharCode(b);
      },
    });
    const runFor = (seconds: number) => {
      for (let i = 0; i < seconds * 100; i++) st.run(200_000);
    };
    for (let i = 0; i < 500 && !out.includes('# '); i++) st.run(200_000);
    expect(out).toContain('starting system daemons: update.');
    st.machine.consoleInput('echo appended >> /etc/motd; cat /etc/motd\n');
    runFor(1);
    expect(out).toContain('appended\r\n');
    expect(motdAfterPowerFailure(disk)).not.toContain('appended');
    runFor(31);
    expect(motdAfterPowerFailure(disk)).toContain('appended');
  });
});
