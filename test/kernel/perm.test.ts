/**
 * Users and permissions: the permission table (userland/tests/perm.c) on a
 * booted machine, which must run every row and pass them all; named pipes
 * (userland/tests/fifo.c); and the process-table limits of fork, which a
 * program cannot reach alone (the last slot kept for the super-user).
 */
import { describe, expect, it } from 'vitest';
import { EAGAIN, Errno } from '../../kernel/errno.js';
import { MAXUPRC, NPROC } from '../../kernel/param.js';
import { Ucred } from '../../kernel/proc/cred.js';
import { fork1 } from '../../kernel/proc/fork.js';
import { Proc } from '../../kernel/proc/proc.js';
import type { AddressSpace } from '../../kernel/vm/as.js';
import { bootedKernel, rootImage, runOn } from './helpers.js';

/** Rows in perm.c's table; a row added there is counted here too. */
const PERM_ROWS = 182;

describe('the permission table', () => {
  it('runs every row as a non-root user (and as root), each refusal paired with an allowed row', () => {
    const r = runOn(rootImage(), '/bin/sh', ['sh', '-c', '/tests/perm'], '', 120);
    expect(r.output).not.toMatch(/FAIL/);
    expect(r.output).toContain('PASS: every refusal row has an allowed row of the same operation');
    expect(r.output).toContain(`perm: ${PERM_ROWS} rows\n`);
    expect(r.output).toContain(`perm: PASS (${PERM_ROWS + 1} checks, 0 failed)`);
    // Each row is one line, numbered, with the user it ran as.
    expect(r.output).toMatch(/PASS: \d+ unlink as alice: unlink bob's file in 01777: EPERM\n/);
    expect(r.output).toMatch(/PASS: \d+ fork as alice: fork 40: EAGAIN\n/);
    expect(r.status).toBe(0);
  });

  it('named pipes open, wait for each other and carry data', () => {
    const r = runOn(rootImage(), '/bin/sh', ['sh', '-c', '/tests/fifo']);
    expect(r.output).not.toMatch(/FAIL/);
    expect(r.output).toMatch(/fifo: PASS \(\d+ checks, 0 failed\)/);
  });
});

describe('fork limits', () => {
  /** A booted machine whose process 1 runs as `cred`, with `extra` idle processes of `owner`. */
  function machine(cred: Ucred, owner: Ucred, extra: number) {
    const { k, p } = bootedKernel();
    p.cred = cred;
    for (let i = 0; i < extra; i++) {
      const pid = 1000 + i;
      k.procs.set(pid, new Proc(pid, owner.clone(), {} as AddressSpace));
    }
    return { k, p };
  }
  const alice = () => new Ucred(100, 10, 100, 10, [10]);
  const root = () => new Ucred(0, 0, 0, 0, [0]);
  const eagain = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof Errno && e.errno === EAGAIN;
    }
    return false;
  };

  it(`lets a user have MAXUPRC (${MAXUPRC}) processes, counted by real uid, and root more`, () => {
    const m = machine(alice(), alice(), MAXUPRC - 2); // with process 1: MAXUPRC - 1
    expect(fork1(m.k, m.p, false).cred.ruid).toBe(100);
    expect(eagain(() => fork1(m.k, m.p, false))).toBe(true);
    // Another effective uid does not help; being root does.
    m.p.cred.uid = 101;
    expect(eagain(() => fork1(m.k, m.p, false))).toBe(true);
    m.p.cred.uid = 0;
    expect(fork1(m.k, m.p, false).pid).toBeGreaterThan(0);
  });

  it('keeps the last slot of the process table for the super-user', () => {
    const m = machine(alice(), root(), NPROC - 1 - 2); // with processes 0 and 1: NPROC - 1
    expect(m.k.procs.size).toBe(NPROC - 1);
    expect(eagain(() => fork1(m.k, m.p, false))).toBe(true);
    m.p.cred = root();
    expect(fork1(m.k, m.p, false).pid).toBeGreaterThan(0);
    expect(eagain(() => fork1(m.k, m.p, false))).toBe(true); // full
  });
});
