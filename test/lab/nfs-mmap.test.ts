/**
 * mmap of files on NFS (docs/vm.md, docs/nfs.md), on two booted machines
 * (test/lab/nfspair.ts: sun0 serves /home, sun1 mounts it): a program on
 * sun1 maps a file of alice's NFS home (made on the server) MAP_SHARED and
 * another MAP_PRIVATE;
 * each first touch of a page is a fault that sleeps while the page is read
 * through NFS. After its msync the server reads (read(2), its own disk)
 * what the program stored; after its munmap, the later stores too, written
 * back by the mapwrite kernel process; the private file never changes.
 * A fault waiting for a silent server waits as read(2) does: through ^C
 * on a hard mount; on an `intr` one the handler runs at once and the
 * access, made again, waits on and completes when the server answers.
 */
import { describe, expect, it } from 'vitest';
import type { NfsMount } from '../../kernel/fs/nfs/nfs_vfsops.js';
import { NFSPROC_READ } from '../../kernel/fs/nfs/nfsproto.js';
import { nfsPair } from './nfspair.js';

describe('mmap of a file on NFS', () => {
  it('MAP_SHARED and MAP_PRIVATE pages fault in through NFS; the server reads the shared stores after msync and after munmap', () => {
    const { lab } = nfsPair();
    expect(lab.type(0, "su alice -c 'mkdir /home/alice/mm'")).toBe('');
    // The files are made on the server: the client has none of their pages in its caches.
    expect(lab.type(0, "su alice -c '/tests/nfsmmap make /home/alice/mm'")).toContain('nfsmmap make: PASS');
    const k1 = lab.stations[1].kernel;
    const nfs = k1.mounts.find((m) => m.fs.fstype === 'nfs')?.fs as NfsMount;
    const reads = nfs.calls[NFSPROC_READ];
    const pgin = k1.mem.cnt.pgin;
    const from = lab.consoles()[1].length;
    lab.background(1, "su alice -c '/tests/nfsmmap map /home/alice/mm'");
    lab.until(() => lab.consoles()[1].slice(from).includes('nfsmmap: msynced'), 120);
    const mapped = lab.consoles()[1].slice(from);
    expect(mapped).not.toContain('FAIL');
    expect(mapped).toContain('PASS: mapped shared.dat MAP_SHARED');
    expect(mapped).toContain('PASS: every page of the shared mapping reads as the file');
    expect(mapped).toContain('PASS: msync');
    expect(mapped).toContain('PASS: read(2) into an untouched page of the private mapping (10, errno 0)');
    expect(mapped).toContain('PASS: write(2) from the untouched shared mapping (24476, errno 0)');
    // Five pages came in by page-in (three shared, two private), each fault asleep for its READ.
    expect(k1.mem.cnt.pgin - pgin).toBe(5);
    expect(nfs.calls[NFSPROC_READ] - reads).toBeGreaterThanOrEqual(5);

    // On the server, while the mapping is still there: the stores made before msync.
    const one = lab.type(0, '/tests/nfsmmap expect /home/alice/mm 1');
    expect(one).toContain('nfsmmap expect: PASS (3 checks, 0 failed)');

    // Phase 2: more stores, then munmap; the write-back goes through mapwrite.
    const proc = [...k1.procs.values()].find((p) => p.u.comm === 'nfsmmap');
    const pid = proc?.pid as number;
    expect(pid).toBeGreaterThan(0);
    // The private mapping's first page came by a fault that slept for it (the others for read(2) and write(2)).
    expect(proc?.ru.majflt).toBeGreaterThanOrEqual(1);
    lab.type(1, `kill -USR1 ${pid}`);
    lab.until(() => lab.consoles()[1].slice(from).includes('nfsmmap map: '), 60);
    expect(lab.consoles()[1].slice(from)).toContain('nfsmmap map: PASS (11 checks, 0 failed)');
    lab.wait(3);
    const two = lab.type(0, '/tests/nfsmmap expect /home/alice/mm 2');
    expect(two).toContain('nfsmmap expect: PASS (3 checks, 0 failed)');
  }, 300_000);

  it('a fault waiting for a silent server: on a hard mount ^C waits with it; with intr the handler runs at once and the access, made again, completes when the server answers', () => {
    const { lab, cuts } = nfsPair();
    const CYCLES = 20_000_000;
    expect(lab.type(1, 'mkdir /hard')).toBe('');
    expect(lab.type(1, 'mount -o hard sun0:/home /hard')).toBe('');
    lab.type(0, "echo 'Q is the first byte' > /home/alice/t1; echo 'R is the first byte' > /home/alice/t2");

    /** Map PATH on sun1, cut sun0 off for 12 s as it touches it, ^C 3 s into the wait; sun1's console from there. */
    const waitFor = (path: string) => {
      const from = lab.consoles()[1].length;
      lab.stations[1].machine.consoleInput(`/tests/nfsmmap touch ${path}\n`);
      lab.until(() => lab.consoles()[1].slice(from).includes('mapped'), 30);
      const now = Math.ceil(lab.now() * CYCLES);
      cuts.push({ ports: [0], from: now, to: now + 12 * CYCLES });
      lab.wait(5);
      expect(lab.consoles()[1].slice(from)).toContain('touching');
      lab.stations[1].machine.consoleInput('\x03');
      lab.wait(2);
      return from;
    };

    // Hard mount: the fault waits uninterruptibly (as a page-in from disk); the signal comes after.
    let from = waitFor('/hard/alice/t1');
    expect(lab.consoles()[1].slice(from)).not.toMatch(/SIGINT caught|touched/);
    lab.until(() => lab.consoles()[1].slice(from).includes('touched'), 60);
    let out = lab.consoles()[1].slice(from);
    expect(out).toContain('NFS server sun0 ok');
    expect(out.indexOf('SIGINT caught')).toBeGreaterThan(out.indexOf('NFS server sun0 ok'));
    expect(out).toContain('touched Q, 1 SIGINT');

    // intr: the handler runs while the server is still silent; the access faults and waits again.
    from = waitFor('/home/alice/t2');
    out = lab.consoles()[1].slice(from);
    expect(out).toContain('SIGINT caught');
    expect(out).not.toContain('touched');
    expect(lab.now() * CYCLES).toBeLessThan(cuts[1].to);
    lab.until(() => lab.consoles()[1].slice(from).includes('touched'), 60);
    expect(lab.consoles()[1].slice(from)).toContain('touched R, 1 SIGINT');
  }, 300_000);
});
