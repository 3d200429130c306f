/**
 * NFS in a lab of three machines, as /etc/rc sets it up: sun0 serves
 * /home, sun1 and sun2 mount it at boot. A file written on one client is
 * read back byte-exact on the other; ls -l agrees; a handle to a removed
 * file whose inode was reused is stale; retransmitted REMOVEs and RENAMEs
 * under packet duplication give no spurious errors; a hard mount rides
 * out a crash and reboot of its server in the middle of a write, and a
 * soft one gives the writer ETIMEDOUT without corrupting anything.
 */
import { describe, expect, it } from 'vitest';
import type { LabInput } from '../../emu/lab/lab-config.js';
import { nfsserver } from '../../kernel/fs/nfs/nfs_syscalls.js';
import type { NfsMount } from '../../kernel/fs/nfs/nfs_vfsops.js';
import { type LabRun, SECOND, startLab } from './helpers.js';

const SUN0 = 0;
const SUN1 = 1;
const SUN2 = 2;

/** The NFS mount of machine i, if it has one. */
function nfsMount(run: LabRun, i: number): NfsMount | undefined {
  const k = run.lab.machines[i].station.kernel;
  return k.mounts.find((m) => m.fs.fstype === 'nfs')?.fs as NfsMount | undefined;
}

/** A lab booted until /etc/rc is done everywhere and sun1 and sun2 have mounted sun0:/home. */
function bootLab(input: LabInput = {}): LabRun {
  const run = startLab(input);
  run.runUntil(
    () =>
      run.events.filter((e) => e.type === 'ready').length === 3 &&
      nfsMount(run, SUN1) !== undefined &&
      nfsMount(run, SUN2) !== undefined,
    120,
  );
  return run;
}

/** Run until the command `command`, typed at machine i after event number `before`, is done; its exit status. */
function waitDone(run: LabRun, i: number, command: string, before: number, seconds: number): number {
  const name = run.lab.machines[i].name;
  let status = -1;
  run.runUntil(() => {
    const e = run.events
      .slice(before)
      .find((x) => x.type === 'command' && x.phase === 'done' && x.machine === name && x.text === command);
    if (e) status = e.status as number;
    return e !== undefined;
  }, seconds);
  return status;
}

/** Type a command at machine i, run until it is done; its output lines and exit status. */
function sh(run: LabRun, i: number, command: string, seconds = 60): { out: string[]; status: number } {
  const name = run.lab.machines[i].name;
  const before = run.events.length;
  run.lab.exec(i, command);
  const status = waitDone(run, i, command, before, seconds);
  // (Lines reach the listeners a little after the machine writes them.)
  const t = run.lab.now;
  run.runUntil(() => run.lab.now >= t + SECOND / 2, 10);
  // What came after the command's echo.
  const lines = run.console(name);
  return { out: lines.slice(lines.lastIndexOf(`# ${command}`) + 1), status };
}

describe('NFS in the lab', () => {
  it('sun1 writes, sun2 reads byte-exact through sun0; ls -l agrees; root is nobody; stale handles after remove and reuse', () => {
    const run = bootLab();
    expect(sh(run, SUN1, 'mount').out).toContain('sun0:/home on /home type nfs (rw)');
    expect(sh(run, SUN0, 'mount').out.join('\n')).not.toMatch(/nfs/);
    // 100000 bytes in uneven pieces, written as alice on sun1, read as bob on sun2 and on sun0's own disk.
    expect(sh(run, SUN1, "su alice -c '/tests/nfsfile write /home/alice/big 100000 7'").out).toEqual([
      'wrote 100000',
    ]);
    expect(sh(run, SUN2, "su bob -c '/tests/nfsfile check /home/alice/big 100000 7'").out).toEqual([
      'ok 100000',
    ]);
    expect(sh(run, SUN0, '/tests/nfsfile check /home/alice/big 100000 7').out).toEqual(['ok 100000']);
    const ls = (i: number) => sh(run, i, 'ls -l /home/alice').out.filter((l) => l.endsWith(' big'));
    const l0 = ls(SUN0);
    expect(l0).toHaveLength(1);
    expect(l0[0]).toMatch(/^-rw-r--r--\s+1 alice\s+100000 /);
    expect(ls(SUN1)).toEqual(l0);
    expect(ls(SUN2)).toEqual(l0);

    // Root on a client is nobody on the server: it may not write in alice's directory.
    const denied = sh(run, SUN1, 'echo x > /home/alice/root.file');
    expect(denied.status).not.toBe(0);
    expect(denied.out.join('\n')).toMatch(/Permission denied/);

    // sun2 holds a file open; sun1 removes it and makes another, which gets its inode.
    sh(run, SUN1, "su alice -c '/tests/nfsfile write /home/alice/victim 100 1'");
    const ino = sh(run, SUN2, '/tests/nfsfile stat /home/alice/victim').out[0].split(' ')[1];
    const sun2 = run.console('sun2').length;
    run.lab.exec(SUN2, '/tests/nfsfile hold /home/alice/victim 10');
    run.runUntil(
      () =>
        run
          .console('sun2')
          .slice(sun2)
          .some((l) => l.startsWith('holding')),
      30,
    );
    expect(
      sh(run, SUN1, "su alice -c 'rm /home/alice/victim; /tests/nfsfile write /home/alice/reuse 10 1'")
        .status,
    ).toBe(0);
    expect(sh(run, SUN1, '/tests/nfsfile stat /home/alice/reuse').out).toEqual([`ino ${ino} size 10`]);
    run.runUntil(
      () =>
        run
          .console('sun2')
          .slice(sun2)
          .some((l) => l.startsWith('read ')),
      30,
    );
    const held = run.console('sun2').slice(sun2);
    expect(held).toContain(`holding /home/alice/victim ino ${ino}`);
    expect(held).toContain('fstat /home/alice/victim: Stale NFS file handle (errno 70)');
    expect(held).toContain('read /home/alice/victim: Stale NFS file handle (errno 70)');
    // nfsd counted its calls.
    expect(nfsserver(run.lab.machines[SUN0].station.kernel).calls).toBeGreaterThan(10);
  }, 300_000);

  it('retransmitted CREATE, RENAME and REMOVE calls under loss and duplication give no spurious errors', () => {
    const run = bootLab({
      faults: { loss: { value: 0.1, where: 'test' }, duplicate: { value: 0.2, where: 'test' } },
    });
    const r = sh(run, SUN1, "su alice -c '/tests/nfsfile churn /home/alice 40'", 300);
    // (With 10% of the frames lost, four sends in a row may go: the console says so, then "ok".)
    expect(r.out.filter((l) => !/^NFS server sun0 (not responding still trying|ok)$/.test(l))).toEqual([
      'churn ok 40',
    ]);
    expect(r.status).toBe(0);
    const cache = nfsserver(run.lab.machines[SUN0].station.kernel).cache;
    // Retransmissions reached the server after their call had run: the cache answered them.
    expect(cache.stats.hits + cache.stats.inprog).toBeGreaterThan(0);
    expect(run.lab.segments[0].stats.duplicated).toBeGreaterThan(0);
    // The client did retransmit.
    const calls = nfsMount(run, SUN1)?.calls ?? [];
    expect(calls.reduce((a, b) => a + b, 0)).toBeGreaterThan(120);
  }, 600_000);

  it('a hard mount rides out a crash and reboot of its server in the middle of a long write', () => {
    const run = bootLab();
    const k0 = () => run.lab.machines[SUN0].station.kernel;
    const writer = "su alice -c '/tests/nfsfile write /home/alice/long 1000000 3'";
    const sun1 = run.console('sun1').length;
    const before = run.events.length;
    run.lab.exec(SUN1, writer);
    // Once some of the file has reached the server, its power goes; it comes back 5 s later.
    run.runUntil(() => nfsserver(k0()).calls > 40, 120);
    run.lab.powerOff(SUN0);
    const t = run.lab.now;
    run.runUntil(
      () => run.console('sun1').slice(sun1).includes('NFS server sun0 not responding still trying'),
      60,
    );
    run.runUntil(() => run.lab.now >= t + 5 * SECOND, 10);
    run.lab.powerOn(SUN0);
    waitDone(run, SUN1, writer, before, 600);
    const out = run.console('sun1').slice(sun1);
    expect(out).toContain('NFS server sun0 ok');
    // The server came back through fsck -p: what the crash left was only what preening mends.
    expect(run.console('sun0').join('\n')).not.toMatch(/UNEXPECTED INCONSISTENCY/);
    expect(out).toContain('wrote 1000000');
    expect(sh(run, SUN2, '/tests/nfsfile check /home/alice/long 1000000 3').out).toEqual(['ok 1000000']);
    expect(sh(run, SUN0, '/tests/nfsfile check /home/alice/long 1000000 3').out).toEqual(['ok 1000000']);
  }, 600_000);

  it('on a soft mount a crash of the server in a long write gives the writer ETIMEDOUT; nothing is corrupted; fsck is clean', () => {
    const run = bootLab();
    const k0 = () => run.lab.machines[SUN0].station.kernel;
    expect(sh(run, SUN1, 'mkdir /soft').status).toBe(0);
    expect(sh(run, SUN1, 'mount -o soft,timeo=5,retrans=3 sun0:/home /soft').status).toBe(0);
    const writer = "su alice -c '/tests/nfsfile write /soft/alice/long 1000000 4'";
    const sun1 = run.console('sun1').length;
    const before = run.events.length;
    run.lab.exec(SUN1, writer);
    run.runUntil(() => nfsserver(k0()).calls > 40, 120);
    run.lab.powerOff(SUN0);
    const status = waitDone(run, SUN1, writer, before, 300);
    const out = run.console('sun1').slice(sun1);
    expect(status).not.toBe(0);
    expect(out).toContain('NFS write failed for server sun0: RPC: Timed out');
    expect(out.join('\n')).toMatch(/(write|close) \/soft\/alice\/long: Connection timed out \(errno 60\)/);
    // The server comes back through fsck -p, and what it has of the file is the pattern, as far as it goes.
    run.lab.powerOn(SUN0);
    run.runUntil(() => run.console('sun0').some((l) => l.startsWith('multi-user startup')), 120);
    expect(run.console('sun0').join('\n')).not.toMatch(/UNEXPECTED INCONSISTENCY/);
    const check = sh(run, SUN0, '/tests/nfsfile check /home/alice/long 1000000 4').out;
    expect(check.join('\n')).toMatch(/^size \d+, not 1000000$|^ok 1000000$/m);
    expect(check.join('\n')).not.toMatch(/differs/);
    // A full check of the server's disk, now that it runs: nothing to mend.
    const fsck = sh(run, SUN0, 'fsck -n /dev/rsd0a', 120);
    expect(fsck.status).toBe(0);
    expect(fsck.out).toContain('** Phase 5 - Check Free Maps');
    expect(fsck.out.join('\n')).not.toMatch(/UNREF|INCORRECT|BAD|DUP|SALVAGE|FIX\?|ADJUST/);
  }, 300_000);

  it("attribute cache: sun2 sees sun1's new size only after the time-out, or at once on open", () => {
    const run = bootLab();
    const f = '/home/alice/grow';
    sh(run, SUN1, `su alice -c '/tests/nfsfile write ${f} 100 5'`);
    expect(sh(run, SUN2, `/tests/nfsfile stat ${f}`).out[0]).toMatch(/ size 100$/);
    sh(run, SUN1, `su alice -c '/tests/nfsfile write ${f} 20000 5'`);
    // Within acregmin (3 s) of its last look, sun2 believes its cache...
    expect(sh(run, SUN2, `/tests/nfsfile stat ${f}`).out[0]).toMatch(/ size 100$/);
    // ...but open asks the server (close-to-open), and reads what sun1 closed.
    expect(sh(run, SUN2, `/tests/nfsfile check ${f} 20000 5`).out).toEqual(['ok 20000']);
    sh(run, SUN1, `su alice -c '/tests/nfsfile write ${f} 300 6'`);
    const t = run.lab.now;
    run.runUntil(() => run.lab.now >= t + 4 * SECOND, 10);
    // Past the time-out, stat fetches the attributes again.
    expect(sh(run, SUN2, `/tests/nfsfile stat ${f}`).out[0]).toMatch(/ size 300$/);
  }, 300_000);

  it('a soft mount fails with ETIMEDOUT when its server is gone, and says so on the console', () => {
    const run = bootLab();
    expect(sh(run, SUN1, 'mkdir /soft').status).toBe(0);
    expect(sh(run, SUN1, 'mount -o soft,timeo=5,retrans=2 sun0:/home /soft').status).toBe(0);
    run.lab.powerOff(SUN0);
    const r = sh(run, SUN1, 'ls /soft/alice', 120);
    expect(r.status).not.toBe(0);
    expect(r.out.join('\n')).toMatch(/NFS (lookup|getattr|readdir) failed for server sun0: RPC: Timed out/);
    expect(r.out.join('\n')).toMatch(/Connection timed out/);
  }, 300_000);
});
