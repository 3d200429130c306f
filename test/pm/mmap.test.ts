/**
 * mmap regions carried by migration (docs/migration.md, "Mapped files"),
 * in a booted lab of three machines whose /home is sun0's, shared by NFS:
 * /tests/pmmap maps a file of alice's home MAP_SHARED and another
 * MAP_PRIVATE, with anonymous memory private and shared, stores and
 * checks in three phases, and migrates itself sun0 -> sun1 -> sun2 between
 * them. What it prints, and what the files hold afterwards (read on the
 * server), is the same as for the same run unmigrated — with default
 * memory, and on machines of 4 MB where its heap is paged out to swap.
 */
import { describe, expect, it } from 'vitest';
import type { LabRun } from '../lab/helpers.js';
import { exitOf, migrations, nfsLab, nfsLabOf, pass, typed } from './helpers.js';

/** What a program printed on sun0 while `command` ran there, the shell's prompt taken off. */
function output(run: LabRun, command: string): { status: number; lines: string[] } {
  const before = run.console('sun0').length;
  const status = typed(run, 0, command, 600);
  const lines = run
    .console('sun0')
    .slice(before)
    .map((l) => l.replace(/^(# )+/, ''))
    .filter((l) => /^(PASS|FAIL|phase|pmmap)/.test(l));
  return { status, lines };
}

/** The checksums of the two files of directory `dir`, read on sun0 (the server) with `pmmap sum`. */
function sums(run: LabRun, dir: string): string[] {
  return ['shared', 'private'].flatMap((f) =>
    output(run, `/tests/pmmap sum /home/alice/${dir}/${f}.dat`).lines.map((l) => l.replace(dir, 'DIR')),
  );
}

/** Run pmmap unmigrated in m0 and migrated along sun1, sun2 in m1; both outputs and both files. */
function both(run: LabRun, heapKB: number) {
  expect(typed(run, 0, "su alice -c 'mkdir /home/alice/m0 /home/alice/m1'")).toBe(0);
  const still = output(run, `su alice -c '/tests/pmmap /home/alice/m0 ${heapKB}'`);
  const moved = output(run, `su alice -c '/tests/pmmap /home/alice/m1 ${heapKB} sun1 sun2'`);
  const pid = run.events.filter((e) => e.type === 'exec' && e.comm === 'pmmap').at(-1)?.pid as number;
  pass(run, 3000); // its last stores go back to the file from sun2 (mapwrite)
  return { still, moved, pid, stillSums: sums(run, 'm0'), movedSums: sums(run, 'm1') };
}

describe('mmap regions migrate', () => {
  it('a MAP_SHARED and a MAP_PRIVATE file mapping on NFS, and anonymous memory, move sun0 -> sun1 -> sun2 mid-computation: output and files bit-identical to the unmigrated run', () => {
    const run = nfsLab('31');
    const r = both(run, 64);
    expect(r.still.status).toBe(0);
    expect(r.moved.status).toBe(0);
    expect(r.still.lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    // The migrated run says exactly what the unmigrated one says.
    expect(r.moved.lines).toEqual(r.still.lines);
    expect(r.still.lines).toContain('pmmap: PASS (20 checks, 0 failed)');
    expect(exitOf(run, r.pid)).toMatchObject({ machine: 'sun2', status: 0 });
    expect(
      migrations(run, r.pid)
        .filter((e) => e.phase === 'resume')
        .map((e) => e.machine),
    ).toEqual(['sun1', 'sun2']);
    // The shared file has every store (the last ones written back from sun2 at munmap); the private one none.
    expect(r.movedSums).toEqual(r.stillSums);
    expect(r.stillSums[1]).toMatch(/24576 bytes/);
    run.settle(30);
  }, 600_000);

  it('anonymous memory mapped shared refuses (EINVAL) while a child maps it too; alone, it moves and is shared again with a child forked there', () => {
    const run = nfsLab('33');
    const r = output(run, "su alice -c '/tests/pmmap share sun1'");
    expect(r.lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.lines).toContain('pmmap share: PASS (5 checks, 0 failed)');
    expect(r.status).toBe(0);
    const pid = run.events.filter((e) => e.type === 'exec' && e.comm === 'pmmap').at(-1)?.pid as number;
    const refused = migrations(run, pid).filter((e) => e.phase === 'refuse');
    expect(refused.map((e) => [e.machine, e.errno])).toEqual([['sun0', 22]]);
    expect(refused[0].reason).toMatch(
      /MAP_SHARED anonymous memory at 0x[0-9a-f]+ is shared with process \d+/,
    );
    expect(migrations(run, pid).filter((e) => e.phase === 'freeze')).toHaveLength(1);
    run.settle(30);
  }, 300_000);

  it('a page of an NFS mapping never read before the move (the file grew since) is read through NFS at its first touch there, not SIGSEGV; stores go back to the file', () => {
    const run = nfsLab('34');
    expect(typed(run, 0, "su alice -c 'mkdir /home/alice/g'")).toBe(0);
    const r = output(run, "su alice -c '/tests/pmmap grow /home/alice/g sun1'");
    expect(r.lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.lines).toContain('pmmap grow: PASS (7 checks, 0 failed)');
    expect(r.status).toBe(0);
    run.settle(30);
  }, 300_000);

  it("a child that maps its parent's file MAP_SHARED moves (the file is shared through NFS); its stores, written back, reach the parent's mapping on the server", () => {
    const run = nfsLab('35');
    expect(typed(run, 0, "su alice -c 'mkdir /home/alice/p'")).toBe(0);
    const r = output(run, "su alice -c '/tests/pmmap pair /home/alice/p sun1'");
    expect(r.lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.lines).toContain('pmmap pair: PASS (3 checks, 0 failed)');
    expect(r.lines).toContain("PASS: there it sees the parent's store made before the move");
    expect(r.status).toBe(0);
    run.settle(30);
  }, 300_000);

  it('with swap on (machines of 4 MB, a heap of 3 MB paged out): the same run migrated twice is bit-identical to the one unmigrated', () => {
    const run = nfsLabOf({ seed: '32', memoryMB: { value: 4, where: '--mem' } });
    const r = both(run, 3072);
    expect(r.still.status).toBe(0);
    expect(r.moved.status).toBe(0);
    expect(r.moved.lines).toEqual(r.still.lines);
    expect(r.still.lines).toContain('pmmap: PASS (20 checks, 0 failed)');
    expect(migrations(run, r.pid).filter((e) => e.phase === 'resume')).toHaveLength(2);
    // Its whole heap went each time, the pages on swap read from their slots.
    const heap = migrations(run, r.pid).filter((e) => e.phase === 'part' && e.part === 'heap');
    expect(heap.map((e) => (e.bytes as number) > 3 * 1024 * 1024)).toEqual([true, true]);
    expect(r.movedSums).toEqual(r.stillSums);
    // Paging happened on every machine the process ran on.
    for (const i of [0, 1, 2]) expect(run.lab.machines[i].station.kernel.mem.cnt.pgout).toBeGreaterThan(0);
    run.settle(30);
  }, 900_000);
});
