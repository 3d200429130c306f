/**
 * tshark dissects the NFS and MOUNT traffic between two booted machines
 * (test/lab/nfspair.ts: sun0 serves /home, sun1 mounts it at boot): every
 * NFS version 2 procedure of RFC 1094 but the two unused ones (ROOT,
 * WRITECACHE), MOUNT's MNT, UMNT and EXPORT — every call matched with its
 * reply, zero malformed packets, zero checksum or expert-info errors. And
 * the capture shows close-to-open consistency as docs/nfs.md's exercise
 * says: a GETATTR at open, and every WRITE answered before close returns.
 * Needs tshark.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nfsPair } from '../lab/nfspair.js';
import { tshark, tsharkFields } from './tshark-run.js';

const dir = mkdtempSync(join(tmpdir(), 'sun3lab-tshark-nfs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHECKS = ['-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE'];

describe('tshark reads the lab NFS', () => {
  it('every NFS v2 procedure and MOUNT: all decoded, none malformed; GETATTR at open, WRITEs before close', () => {
    const { lab } = nfsPair();
    const as = (cmd: string) => lab.type(1, `su alice -c '${cmd}'`, 120);
    const d = '/home/alice/t';
    // An open of a file sun1 has cached: its GETATTR must go out all the same.
    as(`/tests/nfsfile write ${d}0 100 1`);
    lab.wait(1);
    const openAt = lab.now();
    expect(lab.type(1, `/tests/nfsfile check ${d}0 100 1`)).toBe('ok 100\n');
    // A writer's close returns only after its WRITEs are answered.
    expect(as(`/tests/nfsfile write ${d}1 40000 2`)).toBe('wrote 40000\n');
    const closedAt = lab.now();
    lab.wait(1);
    as(`mkdir ${d}dir`);
    as(`mv ${d}1 ${d}dir/moved`);
    as(`ln ${d}dir/moved ${d}link`);
    as(`ln -s moved ${d}dir/sym`);
    as(`ls -l ${d}dir`); // READDIR, GETATTRs, READLINK
    as(`chmod 600 ${d}link`); // SETATTR
    // READs: a file sun0 wrote on its own disk, which sun1 has never cached.
    lab.type(0, `/tests/nfsfile write ${d}s0 20000 3`);
    expect(lab.type(1, `/tests/nfsfile check ${d}s0 20000 3`)).toBe('ok 20000\n');
    as(`rm ${d}link ${d}dir/moved ${d}dir/sym ${d}0`);
    lab.type(0, `rm ${d}s0`);
    as(`rmdir ${d}dir`);
    lab.type(1, 'df /home'); // STATFS
    lab.type(1, '/usr/etc/rpcinfo -u sun0 nfs 2'); // NULL
    lab.type(1, '/usr/etc/showmount -e sun0'); // MOUNT EXPORT
    lab.type(1, 'mkdir /m; mount sun0:/home /m; umount /m'); // MNT, UMNT
    const file = join(dir, 'nfs.pcap');
    writeFileSync(file, lab.pcap());

    expect(tshark(file, ...CHECKS, '-Y', '_ws.malformed || _ws.expert.severity == error')).toEqual([]);
    const fields = (filter: string, ...f: string[]) => tsharkFields(file, CHECKS, filter, ...f);
    // Every call answered, and tshark matched each reply to its call.
    const calls = fields('rpc.msgtyp == 0 && (nfs || mount)', 'rpc.xid');
    const replies = fields('rpc.msgtyp == 1 && rpc.repframe && (nfs || mount)', 'rpc.xid');
    expect(new Set(replies)).toEqual(new Set(calls));
    // NFS v2: procedures 0-17 but ROOT (3) and WRITECACHE (7), each named by tshark.
    const procs = new Set(fields('rpc.msgtyp == 0 && rpc.program == 100003', 'nfs.procedure_v2').map(Number));
    expect([...procs].sort((a, b) => a - b)).toEqual([
      0, 1, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
    ]);
    // The only errors: NFSERR_NOENT (2) to the LOOKUPs (4) made before each create.
    const errors = new Set(fields('rpc.msgtyp == 1 && nfs.status != 0', 'nfs.procedure_v2', 'nfs.status'));
    expect([...errors]).toEqual(['4\t2']);
    // The names and the data came through the dissector: the file's name, its size, the link's text.
    expect(fields('nfs.name == "t1"', 'frame.number').length).toBeGreaterThan(0);
    expect(fields('nfs.symlink.to == "moved"', 'frame.number').length).toBeGreaterThan(0);
    expect(fields('nfs.readlink.data == "moved"', 'frame.number').length).toBeGreaterThan(0);
    expect(fields('nfs.fattr.size == 40000', 'frame.number').length).toBeGreaterThan(0);
    // MOUNT v1: MNT, UMNT, EXPORT (and the boot's MNT).
    const mounts = new Set(
      fields('rpc.msgtyp == 0 && rpc.program == 100005', 'mount.procedure_v1').map(Number),
    );
    for (const proc of [1, 3, 5]) expect(mounts).toContain(proc);
    expect(fields('mount.path == "/home"', 'frame.number').length).toBeGreaterThan(0);

    // Close-to-open: the open of a cached file asks the server (GETATTR)...
    const getattrs = fields('nfs.procedure_v2 == 1 && rpc.msgtyp == 0', 'frame.time_epoch').map(Number);
    expect(getattrs.some((t) => t > openAt && t < openAt + 0.5)).toBe(true);
    // ...and every WRITE of the writer was answered before its close returned.
    const writes = fields('nfs.procedure_v2 == 8 && rpc.msgtyp == 1', 'frame.time_epoch').map(Number);
    const written = writes.filter((t) => t < closedAt);
    expect(written.length).toBeGreaterThanOrEqual(5); // 40000 bytes: five blocks of 8 KB
    // No WRITE goes out after the close returned: nothing of the writer's was left behind.
    const late = fields('nfs.procedure_v2 == 8 && rpc.msgtyp == 0', 'frame.time_epoch').map(Number);
    expect(late.filter((t) => t >= closedAt)).toEqual([]);
  });
});
