/**
 * Process ids and pipe numbers: a process id still in use as a process
 * group is not given out again (4.3BSD's fork), and each machine numbers its
 * own pipes.
 */
import { describe, expect, it } from 'vitest';
import { Ucred } from '../../kernel/proc/cred.js';
import { nextpid } from '../../kernel/proc/fork.js';
import { Proc, SZOMB } from '../../kernel/proc/proc.js';
import { sysPipe } from '../../kernel/sys/descrip.js';
import type { SysCtx } from '../../kernel/syscall.js';
import type { AddressSpace } from '../../kernel/vm/as.js';
import { bootedKernel } from './helpers.js';

const proc = (pid: number, pgrp = pid) => {
  const p = new Proc(pid, new Ucred(), {} as AddressSpace);
  p.pgrp = pgrp;
  return p;
};

describe('process ids', () => {
  it('skips an id that is a live process group, though its leader is gone', () => {
    // Group 6's leader has exited; process 3 is still in group 6. Process 7 exists.
    const procs = new Map([
      [3, proc(3, 6)],
      [7, proc(7)],
    ]);
    const k = { procs, mpid: 5 };
    expect(nextpid(k)).toBe(8);
    expect(k.mpid).toBe(8);
  });

  it('skips zombies too, and wraps at PID_MAX', () => {
    const z = proc(1);
    z.stat = SZOMB;
    const procs = new Map([
      [1, z],
      [2, proc(4, 2)],
    ]);
    expect(nextpid({ procs, mpid: 30000 })).toBe(3);
  });
});

describe('pipes', () => {
  it('are numbered (st_ino) by their own machine: two machines give the same numbers', () => {
    const inos = (pipes: number) => {
      const { k, p } = bootedKernel();
      const out: number[] = [];
      for (let i = 0; i < pipes; i++) {
        const ctx: SysCtx = { k, p, args: [], rv: [0, 0], noReturn: false };
        sysPipe(ctx);
        out.push(p.u.ofile[ctx.rv[0]]?.vnode.getattr().fileid ?? -1);
      }
      return out;
    };
    const first = inos(3);
    const second = inos(2);
    expect(first).toEqual([1, 2, 3]);
    expect(second).toEqual([1, 2]);
  });
});
