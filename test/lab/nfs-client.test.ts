/**
 * The NFS client and server of two booted machines (test/lab/nfspair.ts:
 * sun0 serves /home, sun1 mounts it at boot, /etc/fstab: rw,bg,intr)
 * against renames, silence, loss and their exports:
 *
 * - A file renamed on the server while a client holds it open: the client
 *   keeps reading it (its handle names the inode, not the name).
 * - ^C while a hard mount waits for a silent server: without `intr` the
 *   call goes on until the server answers (the signal comes after); with
 *   `intr` it fails at once with EINTR.
 * - 1 MB written through NFS on a clean LAN, and 1 MB each way under 10%
 *   frame loss, arrive byte-exact. (An 8 KB READ or WRITE is six IP
 *   fragments: under 10% loss about half the calls lose one and are sent
 *   again after the mount's time-out, hard, for as long as it takes.)
 * - /etc/exports as SunOS reads it: root=, anon=, ro, access=.
 * - Cut off from its server, a soft mount's writer gets ETIMEDOUT, the
 *   server keeps an intact prefix, and the wire carried every byte of it.
 * - A client booting while its server is away mounts in the background.
 * - rsize and wsize make the calls that small; umount.
 * - Close-to-open in the capture: WRITEs answered before close, a GETATTR at open.
 * - A handle outlives a reboot of the server.
 */
import { describe, expect, it } from 'vitest';
import { readPcap } from '../../emu/net/pcap.js';
import { nfsserver } from '../../kernel/fs/nfs/nfs_syscalls.js';
import type { NfsMount } from '../../kernel/fs/nfs/nfs_vfsops.js';
import { NFSPROC_GETATTR, NFSPROC_READ, NFSPROC_WRITE } from '../../kernel/fs/nfs/nfsproto.js';
import { pair } from '../kernel/net/pair.js';
import { nfsPair, type Pair, rpcSeen } from './nfspair.js';

const CYCLES = 20_000_000;
const MB = 1 << 20;

/** Machine i's console since `from` characters. */
const since = (lab: Pair, i: number, from: number) => lab.consoles()[i].slice(from);

describe('the NFS client', () => {
  it('keeps reading a file renamed on the server; 1 MB written on a clean LAN arrives byte-exact', () => {
    const { lab } = nfsPair();
    // sun0 makes the file on its own disk; sun1 opens it over NFS and holds it.
    expect(lab.type(0, '/tests/nfsfile write /home/alice/old 20000 4')).toBe('wrote 20000\n');
    const from = lab.consoles()[1].length;
    lab.background(1, '/tests/nfsfile hold /home/alice/old 5');
    lab.until(() => /holding \/home\/alice\/old ino \d+/.test(since(lab, 1, from)), 30);
    // The server renames it under the client's feet...
    expect(lab.type(0, 'mv /home/alice/old /home/alice/new')).toBe('');
    // ...and the client, which named it by handle, reads on.
    lab.until(() => /read \/home\/alice\/old: .*\n/.test(since(lab, 1, from)), 30);
    const held = since(lab, 1, from);
    expect(held).toContain('fstat /home/alice/old: size 20000');
    expect(held).toContain('read /home/alice/old: ok');
    expect(held).not.toMatch(/Stale|errno/);
    // The new name reads whole at once; the old one goes on the client once the directory's
    // cached attributes have timed out (acdirmin..acdirmax, 30-60 s), as in SunOS.
    expect(lab.type(1, '/tests/nfsfile check /home/alice/new 20000 4')).toBe('ok 20000\n');
    lab.wait(61);
    expect(lab.type(1, '/tests/nfsfile stat /home/alice/old')).toMatch(/No such file or directory/);

    // 1 MB through NFS, checked on the server's own disk and read back by a fresh open on the client.
    expect(lab.type(1, "su alice -c '/tests/nfsfile write /home/alice/mb 1048576 9'", 120)).toBe(
      'wrote 1048576\n',
    );
    expect(lab.type(0, '/tests/nfsfile check /home/alice/mb 1048576 9', 120)).toBe('ok 1048576\n');
    expect(lab.type(1, '/tests/nfsfile check /home/alice/mb 1048576 9', 120)).toBe('ok 1048576\n');
  }, 120_000);

  it('^C interrupts a wait for a silent server only on a mount with intr', () => {
    const { lab, cuts } = nfsPair();
    expect(lab.type(1, 'mkdir /hard')).toBe('');
    expect(lab.type(1, 'mount -o hard sun0:/home /hard')).toBe('');
    // Files sun1 has never seen, so that opening them must ask the server.
    lab.type(0, '/tests/nfsfile write /home/alice/f1 5000 1');
    lab.type(0, '/tests/nfsfile write /home/alice/f2 5000 2');

    /** Cut sun0 off for `seconds`, start `nfsfile intr PATH` on sun1, ^C it 3 s later; its console after 3 s more. */
    const interrupt = (path: string, seconds: number) => {
      const now = Math.ceil(lab.now() * CYCLES);
      cuts.push({ ports: [0], from: now, to: now + seconds * CYCLES });
      const from = lab.consoles()[1].length;
      lab.stations[1].machine.consoleInput(`/tests/nfsfile intr ${path}\n`);
      lab.wait(3);
      expect(since(lab, 1, from)).toContain(`reading ${path}`);
      lab.stations[1].machine.consoleInput('\x03');
      lab.wait(3);
      return from;
    };

    // Without intr: ^C changes nothing while the server is silent...
    let from = interrupt('/hard/alice/f1', 10);
    expect(lab.stations[1].waitingForInput()).toBe(false);
    expect(since(lab, 1, from)).not.toMatch(/Interrupted|errno|read \d/);
    // ...the call goes on when it answers, and the signal is taken after it.
    lab.until(() => lab.stations[1].waitingForInput(), 60);
    expect(since(lab, 1, from)).toContain('NFS server sun0 not responding still trying');
    expect(since(lab, 1, from)).toContain('NFS server sun0 ok');
    expect(since(lab, 1, from)).toContain('read 5000 (SIGINT caught)');

    // With intr (/home, as /etc/fstab mounts it): the waiting call fails with EINTR at once.
    from = interrupt('/home/alice/f2', 20);
    expect(lab.stations[1].waitingForInput()).toBe(true);
    expect(since(lab, 1, from)).toMatch(/(open|read) \/home\/alice\/f2: Interrupted system call \(errno 4\)/);
    // The server is still cut off: that was the signal, not a reply.
    expect(lab.now() * CYCLES).toBeLessThan(cuts[1].to);
  }, 120_000);

  it('under 10% frame loss, 1 MB each way arrives byte-exact', () => {
    const { lab } = nfsPair({ loss: 0.1 });
    // sun0 writes a file on its own disk (not through the lossy wire).
    expect(lab.type(0, `/tests/nfsfile write /home/alice/from0 ${MB} 5`, 600)).toBe(`wrote ${MB}\n`);
    // Client to server: written on sun1, checked on sun0's disk.
    const w = lab.type(1, `su alice -c '/tests/nfsfile write /home/alice/from1 ${MB} 6'`, 3600);
    expect(
      w.split('\n').filter((l) => l && !/^NFS server sun0 (not responding still trying|ok)$/.test(l)),
    ).toEqual([`wrote ${MB}`]);
    expect(lab.type(0, `/tests/nfsfile check /home/alice/from1 ${MB} 6`, 600)).toBe(`ok ${MB}\n`);
    // Server to client: read on sun1 over the lossy wire.
    const r = lab.type(1, `/tests/nfsfile check /home/alice/from0 ${MB} 5`, 3600);
    expect(
      r.split('\n').filter((l) => l && !/^NFS server sun0 (not responding still trying|ok)$/.test(l)),
    ).toEqual([`ok ${MB}`]);
    // The hub did lose frames, and the client sent calls again.
    expect(lab.segment.stats.lost).toBeGreaterThan(100);
    const nfs = lab.stations[1].kernel.mounts.find((m) => m.fs.fstype === 'nfs')?.fs as NfsMount;
    expect(nfs.retransmits).toBeGreaterThan(20);
  }, 1_800_000);

  it('exports as SunOS: root=host keeps root, anon= is the uid root gets, ro refuses changes, access= refuses hosts', () => {
    const { lab } = nfsPair();
    // mountd reads /etc/exports again at every request, and hands the kernel the new table.
    lab.type(0, "echo '/home -root=sun1' > /etc/exports");
    lab.type(0, "echo '/tmp -anon=1002' >> /etc/exports");
    lab.type(0, "echo '/usr -ro' >> /etc/exports");
    lab.type(0, "echo '/etc -access=sun2' >> /etc/exports");
    expect(lab.type(1, 'mkdir /r /t /u /e')).toBe('');
    expect(lab.type(1, 'mount sun0:/home /r; mount sun0:/tmp /t; mount sun0:/usr /u')).toBe('');
    // root=sun1: sun1's root is root on sun0 (as /etc/fstab's /home, mounted before, now is too).
    expect(lab.type(1, 'echo r > /r/alice/byroot; echo r > /home/alice/byroot2')).toBe('');
    // anon=1002: sun1's root writes in /tmp as bob.
    expect(lab.type(1, 'echo a > /t/byanon')).toBe('');
    const owner = (f: string) => lab.type(0, `ls -l ${f}`).split(/\s+/)[2];
    expect(owner('/home/alice/byroot')).toBe('root');
    expect(owner('/home/alice/byroot2')).toBe('root');
    expect(owner('/tmp/byanon')).toBe('bob');
    // ro: even root may change nothing (NFSERR_ROFS), though the client mounted it rw.
    expect(lab.type(1, 'echo x > /u/new')).toMatch(/Read-only file system/);
    expect(lab.type(1, 'mkdir /u/d')).toMatch(/Read-only file system/);
    expect(lab.type(1, 'ls /u')).toMatch(/\bbin\b/);
    // access=sun2: sun1 may not mount /etc.
    expect(lab.type(1, 'mount sun0:/etc /e')).toMatch(/Permission denied/);
    expect(lab.stations[1].kernel.mounts.filter((m) => m.fs.fstype === 'nfs')).toHaveLength(4);
  }, 120_000);

  it('cut off from its server, a soft mount fails with ETIMEDOUT, nothing written is corrupted, and the wire carried it all', () => {
    const { lab, cuts } = nfsPair();
    expect(lab.type(1, 'mkdir /s; mount -o soft,timeo=5,retrans=3 sun0:/home /s')).toBe('');
    const k0 = lab.stations[0].kernel;
    const from = lab.consoles()[1].length;
    const writesBefore = nfsserver(k0).calls;
    lab.stations[1].machine.consoleInput("su alice -c '/tests/nfsfile write /s/alice/soft 400000 8'\n");
    // Once some of it has reached sun0, the two are cut apart for a minute.
    lab.until(() => nfsserver(k0).calls > writesBefore + 15, 60);
    const now = Math.ceil(lab.now() * CYCLES);
    cuts.push({ ports: [0], from: now, to: now + 60 * CYCLES });
    lab.until(() => lab.stations[1].waitingForInput(), 120);
    const out = since(lab, 1, from);
    expect(out).toMatch(/NFS write failed for server sun0: RPC: Timed out/);
    expect(out).toMatch(/(write|close) \/s\/alice\/soft: Connection timed out \(errno 60\)/);
    expect(out).not.toContain('wrote 400000');
    // After the cut: what sun0's disk has is the pattern as far as it goes, none of it wrong.
    lab.until(() => lab.now() * CYCLES >= cuts[0].to, 120);
    const check = lab.type(0, '/tests/nfsfile check /home/alice/soft 400000 8');
    const m = /^size (\d+), not 400000$/m.exec(check);
    expect(m, check).not.toBeNull();
    const size = Number(m?.[1]);
    expect(size).toBeGreaterThan(0);
    // Every byte that reached sun0's disk went over the wire: sun1's datagrams to sun0 carried at least that many.
    const sun1 = [192, 9, 200, 2];
    const sun0 = [192, 9, 200, 1];
    let carried = 0;
    for (const { data: f } of readPcap(lab.pcap()).records) {
      if (f.length < 34 || f[12] !== 8 || f[13] !== 0 || f[23] !== 17) continue;
      const same = (o: number, ip: number[]) => ip.every((b, i) => f[o + i] === b);
      if (same(26, sun1) && same(30, sun0)) carried += ((f[16] << 8) | f[17]) - (f[14] & 15) * 4;
    }
    expect(carried).toBeGreaterThan(size);
  }, 120_000);

  it('a client that boots while its server is away mounts in the background (bg) once the server answers', () => {
    // sun0 cannot be heard for the first 40 s: sun1 boots all the same, its /home its own.
    const lab = pair({ partitions: [{ ports: [0], from: 0, to: 40 * CYCLES }] });
    const sun1 = () => lab.stations[1].kernel;
    expect(lab.consoles()[1]).toContain('mount: backgrounding sun0:/home');
    expect(sun1().mounts.some((m) => m.fs.fstype === 'nfs')).toBe(false);
    expect(lab.now()).toBeLessThan(40);
    // The background mount goes on trying, and mounts once sun0 answers.
    lab.until(() => sun1().mounts.some((m) => m.fs.fstype === 'nfs'), 300);
    expect(lab.now()).toBeGreaterThan(40);
    expect(lab.type(1, 'mount')).toContain('sun0:/home on /home type nfs (rw)');
    expect(lab.type(0, 'echo hello > /home/alice/bg; chown alice /home/alice/bg')).toBe('');
    expect(lab.type(1, 'cat /home/alice/bg')).toBe('hello\n');
  }, 120_000);

  it('rsize and wsize: 1 KB calls, each in one frame; umount lets the directory go', () => {
    const { lab } = nfsPair();
    expect(lab.type(1, 'mkdir /small; mount -o rsize=1024,wsize=1024 sun0:/home /small')).toBe('');
    const small = lab.stations[1].kernel.mounts.find((m) => m.dir === '/small')?.fs as NfsMount;
    lab.type(0, '/tests/nfsfile write /home/alice/s0 20000 3');
    const from = readPcap(lab.pcap()).records.length;
    expect(lab.type(1, "su alice -c '/tests/nfsfile write /small/alice/s1 20000 2'")).toBe('wrote 20000\n');
    expect(lab.type(1, '/tests/nfsfile check /small/alice/s0 20000 3')).toBe('ok 20000\n');
    expect(lab.type(0, '/tests/nfsfile check /home/alice/s1 20000 2')).toBe('ok 20000\n');
    // 20000 bytes each way in pieces of at most 1 KB...
    expect(small.calls[NFSPROC_WRITE]).toBeGreaterThanOrEqual(20);
    expect(small.calls[NFSPROC_READ]).toBeGreaterThanOrEqual(20);
    // ...so not one datagram was cut into fragments (an 8 KB call is six).
    const frags = readPcap(lab.pcap())
      .records.slice(from)
      .filter(({ data: f }) => f[12] === 8 && f[13] === 0 && ((f[20] & 0x3f) !== 0 || f[21] !== 0));
    expect(frags).toEqual([]);
    expect(lab.type(1, 'umount /small; mount')).not.toContain('/small');
    expect(lab.type(1, 'ls /small')).toBe('');
  }, 120_000);

  it('close-to-open on the wire: every WRITE answered before close returns; a GETATTR at each open', () => {
    const { lab } = nfsPair();
    const nfs = (from: number, to: number, proc: number) =>
      rpcSeen(lab.pcap()).filter(
        (m) => m.call && m.prog === 100003 && m.proc === proc && m.t >= from && m.t < to,
      );
    const replies = () =>
      new Map(
        rpcSeen(lab.pcap())
          .filter((m) => !m.call)
          .map((m) => [m.xid, m.t]),
      );
    // The writer: its close returns once each of its WRITEs has its reply.
    let t0 = lab.now();
    expect(lab.type(1, "su alice -c '/tests/nfsfile write /home/alice/cto 40000 7'")).toBe('wrote 40000\n');
    let t1 = lab.now();
    const writes = nfs(t0, t1, NFSPROC_WRITE);
    expect(writes.length).toBeGreaterThanOrEqual(5); // five blocks of 8 KB
    const answered = replies();
    for (const w of writes) expect(answered.get(w.xid)).toBeLessThan(t1);
    lab.wait(1);
    expect(nfs(t1, lab.now(), NFSPROC_WRITE)).toEqual([]);
    // A reader on the same machine a second later: the attributes are fresh in its cache
    // (acregmin is 3 s), yet open asks the server, and only once.
    t0 = lab.now();
    expect(lab.type(1, '/tests/nfsfile check /home/alice/cto 40000 7')).toBe('ok 40000\n');
    t1 = lab.now();
    expect(nfs(t0, t1, NFSPROC_GETATTR)).toHaveLength(1);
    // stat uses the cache: no call at all.
    t0 = lab.now();
    expect(lab.type(1, '/tests/nfsfile stat /home/alice/cto')).toMatch(/ size 40000$/m);
    expect(rpcSeen(lab.pcap()).filter((m) => m.t >= t0 && m.src === 2 && m.prog === 100003)).toEqual([]);
  }, 120_000);

  it("a handle outlives its server's reboot: a client holding a file open reads on", () => {
    const { lab } = nfsPair();
    expect(lab.type(0, '/tests/nfsfile write /home/alice/kept 30000 6')).toBe('wrote 30000\n');
    const from = lab.consoles()[1].length;
    lab.background(1, '/tests/nfsfile hold /home/alice/kept 60');
    lab.until(() => /holding \/home\/alice\/kept ino \d+/.test(since(lab, 1, from)), 30);
    // sun0 reboots: its memory is gone, its disk (with the inode's generation number) is not.
    const boots = () => (lab.consoles()[0].match(/multi-user startup/g) ?? []).length;
    const before = boots();
    lab.stations[0].machine.consoleInput('reboot\n');
    lab.until(() => boots() > before, 120);
    lab.until(() => /read \/home\/alice\/kept: .*\n/.test(since(lab, 1, from)), 120);
    const held = since(lab, 1, from);
    expect(held).toContain('fstat /home/alice/kept: size 30000');
    expect(held).toContain('read /home/alice/kept: ok');
    expect(held).not.toMatch(/Stale|errno/);
    // And the whole file reads back through the old mount.
    expect(lab.type(1, '/tests/nfsfile check /home/alice/kept 30000 6')).toBe('ok 30000\n');
  }, 120_000);
});
