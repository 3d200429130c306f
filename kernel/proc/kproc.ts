/**
 * Kernel processes (4.4BSD's kthread_create; 4.3BSD's pagedaemon and
 * SunOS's nfsd ran the same way): a system process (SSYS) with no user
 * memory, a child of the swapper, that runs kernel code — a generator —
 * from start to end. It sleeps and is woken through the scheduler exactly
 * as a process inside a system call does (tsleep, wakeup), so kernel
 * services that wait on the network (the NFS daemons, the migration
 * server) never stop the rest of the machine. When the generator returns,
 * or fails, the process exits.
 *
 *   kproc_start(k, 'migd', function* (p) {
 *     const so = socreate(k.net, AF_INET, SOCK_STREAM, 0, p.cred);
 *     ...
 *     const r = yield* soreceive(so, p, 512, 0, 0);
 *   });
 */
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { exit } from './exit.js';
import { fork1 } from './fork.js';
import { type Proc, SSYS } from './proc.js';

/**
 * Start a kernel process named `name` running `body`. Returns the
 * process; `onExit`, if given, hears how the body ended (its Errno, or
 * null).
 */
export function kproc_start(
  k: Kernel,
  name: string,
  body: (p: Proc) => Generator<void, void, void>,
  onExit?: (error: Errno | null) => void,
): Proc {
  const p = fork1(k, k.proc0, false);
  p.flag |= SSYS;
  p.u.comm = name;
  p.u.args = [name];
  function* run(): Generator<void, void, void> {
    let error: Errno | null = null;
    try {
      yield* body(p);
    } catch (e) {
      if (!(e instanceof Errno)) throw e; // a kernel bug: the trap handler makes it a panic
      error = e;
      k.log(`${name}: error ${e.errno}\n`);
    }
    onExit?.(error);
    exit(k, p, error ? 1 << 8 : 0);
  }
  p.kthread = { gen: run() };
  k.sched.setrun(p);
  return p;
}
