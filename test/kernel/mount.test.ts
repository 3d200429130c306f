/**
 * Disks as devices, mounting, the boot's check of the root, and reboot:
 * machines with a second disk (sd1) run /tests/mount and the commands; the
 * committed image boots through /etc/rc with stand-in fsck programs that
 * report each outcome; halt and reboot from the shell.
 */
import { describe, expect, it } from 'vitest';
import { installFile } from '../../emu/lab/disk.js';
import { FS_CLEAN } from '../../kernel/fs/ufs/fs.js';
import { fsck, lookupPath, MemoryDisk, mkfs, Ufs } from '../../kernel/fs/ufs/index.js';
import { bootConsole, rootImage, runOn } from './helpers.js';

/** A second disk: an empty file system of 4 MB. */
function blankDisk(): MemoryDisk {
  const d = MemoryDisk.zeroed(512);
  mkfs(d, { volname: 'sd1' });
  return d;
}

/** The contents of `path` on a disk, read with the host's own code. */
function readOn(disk: MemoryDisk, path: string): string {
  const fs = Ufs.mount(disk, { readonly: true });
  const ip = lookupPath(fs, path);
  const buf = new Uint8Array(ip.size);
  fs.readi(ip, 0, buf);
  fs.iput(ip);
  return new TextDecoder().decode(buf);
}

/** Whether the file system on `disk` is marked clean (unmounted cleanly). */
function markedClean(disk: MemoryDisk): boolean {
  return Ufs.mount(disk, { readonly: true }).sb.fs_clean === FS_CLEAN;
}

/** The committed image with `script` as /sbin/fsck (a stand-in for the real one, reporting one outcome). */
function withFsck(script: string): Uint8Array {
  const img = rootImage();
  installFile(img, '/sbin/fsck', new TextEncoder().encode(`#!/bin/sh\n${script}\n`), 0o755);
  return img;
}

describe('mounting a second disk', () => {
  it('passes tests/mount, and leaves the disk clean with its file, as the host checker sees it', () => {
    const sd1 = blankDisk();
    const r = runOn(rootImage(), '/tests/mount', ['mount'], '', 60, {
      extraDisks: [sd1],
      setup: (st) => {
        const init = st.kernel.procs.get(1);
        if (init) init.cred.gid = 10; // an effective group other than the directories' (0)
      },
    });
    expect(r.output).not.toMatch(/FAIL/);
    expect(r.output).toMatch(/mount: PASS \(\d+ checks, 0 failed\)/);
    expect(r.status).toBe(0);
    const report = fsck(sd1);
    expect(report.problems).toEqual([]);
    expect(report.directories).toBe(3); // /, /lost+found and /sub
    expect(readOn(sd1, 'hello')).toBe('hello, sd1\n');
    expect(markedClean(sd1)).toBe(true);
  });

  it('finds no sd1 on a machine with one disk (ENXIO)', () => {
    const r = runOn(rootImage(), '/tests/mount', ['mount']);
    expect(r.output).toMatch(/mount: PASS \(3 checks, 0 failed\)/);
  });

  it('refuses mount, unmount and reboot to a user other than root (EPERM)', () => {
    const r = runOn(rootImage(), '/tests/mount', ['mount'], '', 60, {
      extraDisks: [blankDisk()],
      setup: (st) => {
        const init = st.kernel.procs.get(1);
        if (init) init.cred.uid = 100; // the effective user id
      },
    });
    expect(r.output).toMatch(/mount: PASS \(5 checks, 0 failed\)/);
    expect(r.station.halted).toBe(true);
    expect(r.station.boots).toBe(1);
  });

  it('mount, df, umount and mount -r from the shell; mount -a from /etc/fstab', () => {
    const sd1 = blankDisk();
    const c = bootConsole(rootImage(), [sd1]);
    const start = c.output().length;
    c.type('mount /dev/sd1a /mnt; mount; echo data > /mnt/f; df\n', 3);
    c.type('cd /mnt; umount /mnt; cd /; umount /dev/sd1a; umount /mnt\n', 3);
    c.type('mount -r /dev/sd1a /mnt; cat /mnt/f; echo more > /mnt/g; mount; df -i /mnt/f\n', 3);
    c.type(
      'umount /mnt; mount -o remount,ro /; echo x > /tmp/x; mount -o remount /; echo ok > /tmp/x; cat /tmp/x\n',
      3,
    );
    const out = c.output().slice(start);
    expect(out).toContain('/dev/sd0a on / type 4.2 (rw)\n/dev/sd1a on /mnt type 4.2 (rw)\n');
    expect(out).toMatch(/Filesystem +kbytes +used +avail capacity +Mounted on\n/);
    expect(out).toMatch(/\/dev\/sd0a +16096 +\d+ +\d+ +\d+% +\/\n\/dev\/sd1a +\d+ +24 +\d+ +1% +\/mnt\n/);
    expect(out).toContain('umount: /mnt: Device busy\n');
    expect(out).toContain('umount: /mnt: not mounted\n');
    expect(out).toContain('data\n');
    expect(out).toContain('sh: /mnt/g: Read-only file system\n');
    expect(out).toContain('/dev/sd1a on /mnt type 4.2 (ro)\n');
    expect(out).toMatch(/Filesystem +iused +ifree +%iused +Mounted on\n\/dev\/sd1a +3 +\d+ +1% +\/mnt\n/);
    expect(out).toContain('sh: /tmp/x: Read-only file system\n');
    expect(out).toContain('ok\n');
    expect(fsck(sd1).problems).toEqual([]);
    expect(readOn(sd1, 'f')).toBe('data\n');

    // With an entry in /etc/fstab, the boot mounts it (mount -a in /etc/rc).
    const img = rootImage();
    installFile(
      img,
      '/etc/fstab',
      new TextEncoder().encode('/dev/sd0a / 4.2 rw 1 1\n/dev/sd1a /mnt 4.2 rw 1 2\n'),
      0o644,
    );
    const c2 = bootConsole(img, [sd1]);
    c2.type('mount; cat /mnt/f\n', 3);
    expect(c2.output()).toContain('/dev/sd1a on /mnt type 4.2 (rw)\ndata\n');
  });
});

describe('the boot', () => {
  it('mounts the root read-only for /etc/rc to check, which then remounts it read-write', () => {
    // A stand-in fsck shows what it sees: its arguments and a read-only root.
    const c = bootConsole(withFsck('echo fsck $*; mount; echo x > /tmp/x; exit 0'));
    c.type('mount\n', 2);
    const out = c.output();
    expect(out).toContain('sd0: <sun3lab disk 16384K>\nroot on sd0a fstype 4.2\n');
    expect(out).toContain(
      'fsck -p /dev/rsd0a\n/dev/sd0a on / type 4.2 (ro)\nsh: /tmp/x: Read-only file system\n',
    );
    expect(out).toMatch(
      /hostname: sun0\n(le0: .*\n)?starting rpc services: .*\nstarting nfs services: .*\nclearing \/tmp\.\nstarting system daemons: update\.\n(starting network daemons:.*\n)?multi-user startup: /,
    );
    expect(out).toMatch(/# mount\n\/dev\/sd0a on \/ type 4.2 \(rw\)\n# $/);
  });

  it('says so and goes on when there is no /sbin/fsck', () => {
    const img = rootImage();
    const fs = Ufs.mount(new MemoryDisk(img));
    const sbin = lookupPath(fs, '/sbin');
    fs.unlink(sbin, 'fsck');
    fs.iput(sbin);
    fs.unmount();
    const c = bootConsole(img);
    expect(c.output()).toContain(
      'root on sd0a fstype 4.2\nswap on sd0b size 49152K\nno /sbin/fsck: the root file system is not checked\nhostname: sun0\n',
    );
  });

  it('reboots without syncing when fsck changed the root (exit 4)', () => {
    const secondBoot = /(Selftest completed[\s\S]*){2}root on sd0a/;
    const c = bootConsole(withFsck('echo fsck: mended; exit 4'), [], secondBoot);
    const out = c.output();
    expect(out).toMatch(secondBoot);
    expect(out).toContain('fsck: mended\nThe root file system was modified - rebooting.\nrebooting...\n');
    expect(out).not.toContain('syncing');
    expect(c.station.boots).toBe(2);
  });

  it('starts a shell on the console when fsck needs help (exit 8), then goes multi-user', () => {
    const c = bootConsole(withFsck('exit 8'));
    expect(c.output()).toContain(
      'Automatic reboot failed... help!\nMend the disk (fsck /dev/rsd0a), then type ^D for multi-user operation.\n# ',
    );
    c.type('mount\n', 2);
    expect(c.output()).toMatch(/# mount\n\/dev\/sd0a on \/ type 4.2 \(ro\)\n# $/);
    c.type('exit\n', 5);
    c.type('mount\n', 2);
    expect(c.output()).toMatch(/multi-user startup: [\s\S]*# mount\n\/dev\/sd0a on \/ type 4.2 \(rw\)\n# $/);
  });
});

describe('halt and reboot', () => {
  it('reboot: syncs, boots again from the PROM banner to a prompt; the statistics go on', () => {
    const c = bootConsole();
    c.type('echo kept > /tmp/../kept\n', 2);
    const calls = c.station.kernel.stats.syscalls;
    const cycles = c.station.machine.cpu.cycles;
    const start = c.output().length;
    c.type('reboot\n', 1);
    expect(c.waitFor(/multi-user startup[\s\S]*# $/)).toBe(true);
    const out = c.output().slice(start);
    expect(out).toMatch(
      /^reboot\nsyncing file systems\.\.\. done\nrebooting\.\.\.\n\nSelftest completed\.\n/,
    );
    expect(out).toContain('root on sd0a fstype 4.2\n');
    expect(c.station.boots).toBe(2);
    expect(c.station.halted).toBe(false);
    expect(c.station.kernel.stats.syscalls).toBeGreaterThan(calls);
    expect(c.station.machine.cpu.cycles).toBeGreaterThan(cycles);
    c.type('cat /kept; uptime\n', 2);
    expect(c.output()).toMatch(/cat \/kept; uptime\nkept\n.*up/);
  });

  it('halt: syncs, unmounts cleanly and stops; halt -n leaves the root as it is', () => {
    const img = rootImage();
    const c = bootConsole(img);
    c.type('halt\n', 5);
    expect(c.output()).toMatch(/# halt\nsyncing file systems\.\.\. done\nhalted\n$/);
    expect(c.station.halted).toBe(true);
    expect(c.station.machine.cpu.halted).toBe(false); // halted on purpose, not a crash
    const disk = new MemoryDisk(img);
    expect(fsck(disk).problems).toEqual([]);
    expect(markedClean(disk)).toBe(true);

    const img2 = rootImage();
    const c2 = bootConsole(img2);
    c2.type('halt -n\n', 5);
    expect(c2.output()).toMatch(/# halt -n\nhalted\n$/);
    expect(c2.station.halted).toBe(true);
    expect(markedClean(new MemoryDisk(img2))).toBe(false); // still mounted read-write when it stopped
  });

  it('reboot -n does not sync', () => {
    const c = bootConsole();
    const start = c.output().length;
    c.type('reboot -n\n', 1);
    expect(c.waitFor(/multi-user startup[\s\S]*# $/)).toBe(true);
    expect(c.output().slice(start)).toMatch(/^reboot -n\nrebooting\.\.\.\n\nSelftest completed/);
  });
});
