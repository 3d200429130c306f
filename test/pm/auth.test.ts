/**
 * Migration's authentication in booted labs (docs/migration.md,
 * "Authentication"): a user's process moves only once its source has
 * written the destination's dummy file as that user, through NFS — both
 * ways, to a machine that mounts /home and to the file server — and is
 * refused (EACCES, the process staying where it is) by a machine whose
 * /etc/passwd makes the user another uid; a session recorded on the LAN
 * and sent again from another machine is refused.
 */
import { describe, expect, it } from 'vitest';
import { readPcap } from '../../emu/net/pcap.js';
import { rootImage, runOn } from '../kernel/helpers.js';
import type { LabRun } from '../lab/helpers.js';
import { exitOf, MS, migrateCmd, migrations, nfsLab, pass, pidOf, programLines, typed } from './helpers.js';

const EACCES = 13;

/** The ms from the source's request to its auth event, for the hop that ended at `end`. */
function authMs(run: LabRun, pid: number, source: string, peer: string): number {
  const ev = migrations(run, pid).filter((e) => e.machine === source && e.peer === peer);
  const req = ev.find((e) => e.phase === 'request');
  const auth = ev.find((e) => e.phase === 'auth');
  return ((auth?.t as number) - (req?.t as number)) / MS;
}

describe("the dummy-file challenge: the source writes the user's file", () => {
  it("alice's matmul moves sun0 -> sun1 -> sun0 with the challenge both ways; sun2, whose passwd makes alice another uid, refuses it (EACCES), and it stays on sun1", () => {
    const r = runOn(rootImage(), '/tests/matmul', ['matmul', '30']);
    const ref = r.output.split('\n').filter((l) => l !== '');
    const run = nfsLab(
      '41',
      // sun2 knows alice as uid 1004 (sun0 and sun1: 1001).
      'sun2:echo alice:*:1004:100:Alice:/home/alice:/bin/sh > /etc/passwd',
    );
    run.lab.exec(0, "su alice -c '/tests/matmul 30 &'");
    const pid = pidOf(run, 'sun0', 'matmul');
    pass(run, 200);
    // To a machine that mounts /home: sun1 makes the file through NFS, sun0 writes it on its own disk.
    expect(migrateCmd(run, 0, pid, 'sun1')).toMatchObject({ phase: 'resume', machine: 'sun1' });
    // To sun2, which takes alice for uid 1004: sun1 (as 1001) cannot write the file sun2 made.
    const refused = migrateCmd(run, 1, pid, 'sun2');
    expect(refused).toMatchObject({ machine: 'sun1', phase: 'refuse', errno: EACCES });
    // Back to the file server: sun0 makes it on its disk, sun1 writes it through NFS.
    expect(migrateCmd(run, 1, pid, 'sun0')).toMatchObject({ phase: 'resume', machine: 'sun0' });
    run.runUntil(() => exitOf(run, pid) !== undefined, 60);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun0', status: 0 });
    pass(run, 1000);
    const mine = new Set(ref);
    expect(programLines(run, (l) => mine.has(l))).toEqual(ref);

    const ev = migrations(run, pid);
    // The phases of each session between two machines, one list per request.
    const hops = (m: string, peer: string) =>
      ev
        .filter((e) => e.machine === m && e.peer === peer && e.phase !== 'part')
        .reduce<string[][]>((l, e) => {
          if (e.phase === 'request') l.push([]);
          l[l.length - 1]?.push(e.phase as string);
          return l;
        }, []);
    // Each accepted hop shows the challenge on both sides, between the request and the freeze.
    expect(hops('sun0', '192.9.200.2')[0].slice(0, 4)).toEqual(['request', 'challenge', 'auth', 'freeze']);
    expect(hops('sun1', '192.9.200.1')[0].slice(0, 3)).toEqual(['request', 'challenge', 'auth']);
    expect(hops('sun1', '192.9.200.1').at(-1)?.slice(0, 4)).toEqual([
      'request',
      'challenge',
      'auth',
      'freeze',
    ]);
    expect(hops('sun0', '192.9.200.2').at(-1)?.slice(0, 3)).toEqual(['request', 'challenge', 'auth']);
    // The refused hop: nothing frozen, the reason on sun2's console.
    expect(hops('sun1', '192.9.200.3')).toEqual([['request', 'refuse']]);
    expect(hops('sun2', '192.9.200.2')).toEqual([['request', 'refuse']]);
    expect(run.console('sun2').join('\n')).toMatch(
      /migrate: pid \d+ refused: the source could not write the user's challenge file/,
    );
    // The cost: a few ms on top of the HMAC.
    const out = authMs(run, pid, 'sun0', '192.9.200.2');
    const back = authMs(run, pid, 'sun1', '192.9.200.1');
    console.log(
      `authentication with the dummy file: sun0->sun1 ${out.toFixed(1)} ms, sun1->sun0 ${back.toFixed(1)} ms`,
    );
    expect(out).toBeLessThan(25);
    expect(back).toBeLessThan(25);
    // No dummy file is left behind.
    expect(typed(run, 0, 'ls -a /home/.pm; echo pm-listed')).toBe(0);
    const list = run.console('sun0');
    const at = list.reduce((n, l, i) => (l.includes('ls -a /home/.pm') ? i : n), -1);
    const listed = list.slice(at + 1).join('\n');
    expect(listed).toMatch(/pm-listed/);
    expect(listed).not.toMatch(/\d+\.[0-9a-f]{16}/);
    run.settle(30);
  }, 240_000);
});

/** The first connection from `src` to migd at `dst` in the capture: what the client sent, in order. */
function clientStream(pcap: Uint8Array, src: string, dst: string): Uint8Array {
  const ip = (s: string) => s.split('.').map(Number);
  const [a, b] = [ip(src), ip(dst)];
  const segs = new Map<number, Uint8Array>();
  let port = -1;
  let isn = 0;
  for (const { data: f } of readPcap(pcap).records) {
    if (f.length < 54 || f[12] !== 8 || f[13] !== 0 || f[23] !== 6) continue;
    if (!a.every((x, i) => f[26 + i] === x) || !b.every((x, i) => f[30 + i] === x)) continue;
    const v = new DataView(f.buffer, f.byteOffset, f.length);
    const tcp = 14 + (f[14] & 15) * 4;
    if (v.getUint16(tcp + 2) !== 1789) continue;
    const sport = v.getUint16(tcp);
    const seq = v.getUint32(tcp + 4);
    if (port < 0 && f[tcp + 13] & 2) {
      port = sport;
      isn = seq + 1;
    }
    if (sport !== port) continue;
    const body = f.subarray(tcp + (f[tcp + 12] >> 4) * 4, 14 + v.getUint16(16));
    if (body.length > 0) segs.set(seq - isn, body);
  }
  const out: number[] = [];
  for (const [at, body] of [...segs].sort((x, y) => x[0] - y[0]))
    for (let i = 0; i < body.length; i++) out[at + i] = body[i];
  return Uint8Array.from(out);
}

describe('a recorded session sent again from another host', () => {
  it("the REQUEST and AUTH of sun0's migration to sun1, replayed by sun2 to sun1, are refused: a new nonce, another source", () => {
    const run = nfsLab('43');
    run.lab.exec(0, "su alice -c '/tests/matmul 30 &'");
    const pid = pidOf(run, 'sun0', 'matmul');
    pass(run, 200);
    expect(migrateCmd(run, 0, pid, 'sun1')).toMatchObject({ phase: 'resume', machine: 'sun1' });
    // What sun0 said first: its REQUEST (type 1), then its AUTH (type 3) — cut there.
    const sent = clientStream(run.pcap(), '192.9.200.1', '192.9.200.2');
    const v = new DataView(sent.buffer);
    expect(v.getUint32(0)).toBe(1);
    const reqEnd = 8 + v.getUint32(4);
    expect(v.getUint32(reqEnd)).toBe(3);
    expect(v.getUint32(reqEnd + 4)).toBe(32);
    const replay = Buffer.from(sent.subarray(0, reqEnd + 8 + 32)).toString('hex');
    // Sent again from sun2, as a forged client.
    // (Typed in pieces: a terminal line holds 256 characters.)
    for (let i = 0; i < replay.length; i += 160)
      expect(typed(run, 2, `echo ${replay.slice(i, i + 160)} ${i ? '>>' : '>'} /tmp/session`)).toBe(0);
    expect(typed(run, 2, '/tests/pmreplay sun1 /tmp/session')).toBe(0);
    expect(run.console('sun2').join('\n')).toMatch(
      /pmreplay: refuse \{"errno":13,"reason":"the source did not prove it has the shared secret"\}/,
    );
    expect(run.console('sun1').join('\n')).toMatch(
      new RegExp(`migrate: pid ${pid} refused: the source did not prove it has the shared secret`),
    );
    // The process was never touched: it goes on at sun1 and ends there.
    run.runUntil(() => exitOf(run, pid) !== undefined, 60);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun1', status: 0 });
    run.settle(30);
  }, 180_000);
});
