/**
 * Resource usage (4.3BSD's struct rusage). Times are kept in emulated CPU
 * cycles and converted to timevals when a program asks.
 */
import { CPU_HZ } from '../param.js';

export class Rusage {
  utime = 0; // cycles in user state
  stime = 0; // cycles in the kernel on this process's behalf
  minflt = 0; // page faults served without I/O
  majflt = 0;
  nswap = 0;
  inblock = 0;
  oublock = 0;
  msgsnd = 0;
  msgrcv = 0;
  nsignals = 0;
  nvcsw = 0; // voluntary context switches (sleeps)
  nivcsw = 0; // involuntary ones (preemption)
  syscalls = 0;
  maxrss = 0; // pages
  uinsns = 0; // user instructions executed (sun3lab's; it moves with a migrating process)

  /** Add a child's usage (wait collects it into the parent's children total). */
  add(o: Rusage): void {
    this.utime += o.utime;
    this.stime += o.stime;
    this.minflt += o.minflt;
    this.majflt += o.majflt;
    this.nswap += o.nswap;
    this.inblock += o.inblock;
    this.oublock += o.oublock;
    this.msgsnd += o.msgsnd;
    this.msgrcv += o.msgrcv;
    this.nsignals += o.nsignals;
    this.nvcsw += o.nvcsw;
    this.nivcsw += o.nivcsw;
    this.syscalls += o.syscalls;
    this.maxrss = Math.max(this.maxrss, o.maxrss);
    this.uinsns += o.uinsns;
  }
}

/**
 * struct rusage as SunOS lays it out (72 bytes): ru_utime and ru_stime
 * (timevals), then 14 longs (maxrss, ixrss, idrss, isrss, minflt, majflt,
 * nswap, inblock, oublock, msgsnd, msgrcv, nsignals, nvcsw, nivcsw).
 */
export function rusageBytes(ru: Rusage): Uint8Array {
  const b = new Uint8Array(72);
  const v = new DataView(b.buffer);
  const [us, uus] = cyclesToTimeval(ru.utime);
  const [ss, sus] = cyclesToTimeval(ru.stime);
  v.setUint32(0, us);
  v.setUint32(4, uus);
  v.setUint32(8, ss);
  v.setUint32(12, sus);
  const longs = [
    ru.maxrss,
    0,
    0,
    0,
    ru.minflt,
    ru.majflt,
    ru.nswap,
    ru.inblock,
    ru.oublock,
    ru.msgsnd,
    ru.msgrcv,
    ru.nsignals,
    ru.nvcsw,
    ru.nivcsw,
  ];
  longs.forEach((n, i) => {
    v.setUint32(16 + 4 * i, n >>> 0);
  });
  return b;
}

/** Cycles to a (seconds, microseconds) pair. */
export function cyclesToTimeval(cycles: number): [number, number] {
  const us = Math.floor((cycles * 1_000_000) / CPU_HZ);
  return [Math.floor(us / 1_000_000), us % 1_000_000];
}
