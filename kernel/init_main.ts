/**
 * Bringing the kernel up (4.3BSD's init_main.c): attach the console, the
 * clock and the disks, mount the root file system from the first disk,
 * print the boot messages, and start process 1 from the root file system.
 *
 * The root is mounted read-only when process 1 is /sbin/init, as SunOS 4
 * does unless booted with RB_WRITABLE: /etc/rc checks it with fsck while
 * nothing writes to it, then remounts it read-write. A single program run
 * as process 1 (sun3lab run) gets it read-write from the start.
 */
import { Clock } from './dev/clock.js';
import { ConsoleDevice, CttyDevice, MemDevice } from './dev/cons.js';
import {
  CONS_MAJOR,
  MEM_MAJOR,
  makedev,
  PTC_MAJOR,
  PTS_MAJOR,
  SD_BMAJOR,
  SD_CMAJOR,
  TTY_MAJOR,
} from './dev/devsw.js';
import { leattach } from './dev/if_le.js';
import { PtyDriver } from './dev/pty.js';
import { SdDriver } from './dev/sd.js';
import { Tty } from './dev/tty.js';
import { ZsConsole } from './dev/zs.js';
import { Errno } from './errno.js';
import type { KernelEventSink } from './events.js';
import type { BufPool } from './fs/bio.js';
import { closeAll, File, forkFiles } from './fs/file.js';
import { lookupVnode } from './fs/namei.js';
import type { BlockDevice } from './fs/ufs/disk.js';
import { VFS_RDONLY, vfs_mountroot } from './fs/vfs.js';
import { FREAD, FWRITE, kdone, type Vnode } from './fs/vnode.js';
import { hardclock, timeout, untimeout } from './kern_clock.js';
import { Kernel } from './kernel.js';
import type { KtraceClass } from './ktrace.js';
import type { Hardware } from './machine.js';
import { loattach } from './net/if_loop.js';
import { DEFAULT_NET_SEED, nettimers } from './net/net.js';
import { CPU_HZ, DFLSSIZ, NBPG, PSWP } from './param.js';
import { loadImage } from './proc/aout.js';
import { Ucred } from './proc/cred.js';
import { type ExecFile, findExec } from './proc/exec.js';
import { fork1 } from './proc/fork.js';
import { Proc, SEXEC, SSYS } from './proc/proc.js';
import { orphaned } from './proc/session.js';
import { gsignal } from './proc/signal.js';
import { RB_WRITABLE } from './sys/reboot.js';
import { ufs_mountfs } from './sys/vfs_mount.js';
import { AddressSpace } from './vm/as.js';
import { SwapSpace } from './vm/vm_sw.js';

export interface BootOptions {
  hw: Hardware;
  /** The machine's disks: sd0 (the root), sd1, ... */
  disks: BlockDevice[];
  /** A buffer cache for the kernel to use (default: a new one). */
  bufs?: BufPool;
  /** The program process 1 runs, and its arguments (default /sbin/init). */
  init?: { path: string; argv: string[] };
  /** Process 1's user and groups (default root): `sun3lab run --user NAME`. */
  cred?: { uid: number; gid: number; groups: number[] };
  /** Boot flags (RB_WRITABLE: the root read-write); default RB_WRITABLE unless process 1 is /sbin/init. */
  howto?: number;
  envp?: string[];
  /** Called with each trace line (ktrace.ts). */
  trace?: (line: string) => void;
  /** The classes to trace (default: system calls if `trace` is given). */
  traceWhat?: readonly KtraceClass[];
  /** Called when process 1 exits (for running a single program). */
  onInitExit?: (status: number) => void;
  /** Called when reboot(2) has stopped the kernel, with its flags (see Kernel.onReboot). */
  onReboot?: (howto: number) => void;
  /** The machine's name (gethostname; default sun0). */
  hostname?: string;
  /** Keep the boot messages in the message buffer only (sun3lab run). */
  quiet?: boolean;
  /** Where the kernel tells its host what happens (Kernel.events). */
  events?: KernelEventSink;
  /** Machine description for the boot messages. */
  machine?: { model: string; ethernet: string };
  /**
   * The seed of the machine's network random numbers (TCP's initial
   * sequence numbers): the lab's seed, so that a lab run is repeatable.
   * Mixed with the Ethernet address, so that machines differ. Default: a
   * fixed value.
   */
  netSeed?: number;
}

/** What the swapper sleeps on (4.3BSD's runout): nothing wakes it. */
const runout = {};

export const VERSION = 'sun3lab Release 0.1 (GENERIC)';

/**
 * Swap on sd0b, if the root disk's label has a b partition (SunOS's
 * swapconf); without one, nothing is paged and memory alone backs what
 * processes are promised (vm/vm_sw.ts).
 */
function swapconf(k: Kernel, sd: SdDriver): void {
  if (sd.units === 0) return;
  let dev: BlockDevice;
  try {
    dev = sd.device(1); // sd0b
  } catch {
    return;
  }
  k.mem.swap = new SwapSpace(dev, k.mem.total - k.mem.first);
  k.log(`swap on sd0b size ${(dev.blocks * dev.blockSize) / 1024}K\n`);
}

/** The root file system, from sd0a (SunOS's vfs_mountroot). */
function mountroot(k: Kernel, rdonly: boolean): void {
  const rootdev = makedev(SD_BMAJOR, 0);
  let fs: ReturnType<typeof ufs_mountfs>;
  try {
    fs = ufs_mountfs(k, rootdev, rdonly, 'sd0a');
  } catch (e) {
    if (e instanceof Errno) throw new Error(`cannot mount the root file system from sd0a: ${e.message}`);
    throw e;
  }
  vfs_mountroot(k, fs, rdonly ? VFS_RDONLY : 0, '/dev/sd0a');
  k.log('root on sd0a fstype 4.2\n');
}

export function boot(opts: BootOptions): Kernel {
  const hw = opts.hw;
  let console: Tty | null = null;
  const pending: string[] = [];
  let quiet = opts.quiet ?? false;
  const k = new Kernel(hw, {
    log: (text) => {
      k.msgbuf += text;
      if (quiet) return;
      if (console) console.output(new TextEncoder().encode(text));
      else pending.push(text);
    },
    trace: opts.trace,
    traceWhat: opts.traceWhat,
    bufs: opts.bufs,
  });
  k.onInitExit = opts.onInitExit;
  k.onReboot = opts.onReboot;
  k.events = opts.events ?? null;
  if (opts.hostname) k.hostname = opts.hostname;
  k.closeAll = closeAll;
  k.forkFiles = forkFiles;

  // The console: channel A of the second SCC, interrupt level 6.
  const zs = new ZsConsole(hw);
  const tty = new Tty(k.sched, () => zs.start());
  zs.attach(tty);
  k.intr[6] = () => zs.intr();
  console = tty;
  k.consoleDrained = () => tty.outq.length === 0 && zs.idle();
  k.consoleInputEmpty = () => !tty.readable();
  tty.readWait = (p) => k.events?.({ type: 'ttyread', pid: p.pid });
  for (const t of pending) k.log(t);
  tty.signalGroup = (g, sig) => gsignal(k, g, sig);
  tty.selwakeup = () => k.selwakeup();
  tty.orphaned = (g) => orphaned(k, g);
  tty.groupInSession = (g, sid) => {
    for (const q of k.procs.values()) if (q.pgrp === g && q.sid === sid) return true;
    return false;
  };
  tty.timeout = (fn, ticks) => {
    const c = timeout(k, fn, ticks);
    return () => untimeout(k, c);
  };
  tty.dev = makedev(CONS_MAJOR, 0);
  const cons = new ConsoleDevice(tty, k.sched);
  k.cdevsw.set(CONS_MAJOR, cons);
  k.cdevsw.set(TTY_MAJOR, new CttyDevice(k.cdevsw, k.sched));
  k.cdevsw.set(MEM_MAJOR, new MemDevice());
  // The pseudo-terminals (remote logins' terminals).
  const pty = new PtyDriver({
    sched: k.sched,
    gsignal: (g, sig) => gsignal(k, g, sig),
    selwakeup: () => k.selwakeup(),
  });
  k.cdevsw.set(PTS_MAJOR, pty.slave);
  k.cdevsw.set(PTC_MAJOR, pty.master);

  // The clock: 100 Hz on level 5.
  const clock = new Clock(hw);
  clock.start();
  k.bootTime = clock.bootTime;
  k.tick0Cycles = hw.cpu.cycles;
  k.bootCycles = hw.cpu.cycles - Math.round((clock.bootTimeExact - clock.bootTime) * CPU_HZ);
  k.intr[5] = () => {
    clock.acknowledge();
    hardclock(k, k.interruptedUser);
  };

  const mem = hw.ram.length;
  k.log(`${VERSION}: ${new Date(k.bootTime * 1000).toUTCString()}\n`);
  k.log('Copyright (c) 2026 the sun3lab authors. After SunOS 4 and 4.3BSD.\n');
  k.log(`mem = ${mem / 1024}K (0x${mem.toString(16)})\n`);
  k.log(`avail mem = ${k.mem.freeCount * NBPG}\n`);
  if (opts.machine) {
    k.log(`Ethernet address = ${opts.machine.ethernet}\n`);
    k.log(`cpu = ${opts.machine.model}\n`);
  }
  k.log('zs1 at obio 0x20000 pri 6\n');
  k.log('clock0 at obio 0x60000 pri 5\n');

  // The network: the Ethernet (down until ifconfig gives it an address),
  // the loopback, and the protocols' timers.
  leattach(k);
  loattach(k.net);
  const le = k.net.ifnet.find((ifp) => ifp.lladdr.length === 6);
  const hostid = le ? (le.lladdr[3] << 16) | (le.lladdr[4] << 8) | le.lladdr[5] : 0;
  k.net.seed(opts.netSeed ?? DEFAULT_NET_SEED, hostid);
  nettimers(k.net);
  // The disks (the SCSI controller is not modelled: the kernel reaches them directly).
  const sd = new SdDriver(opts.disks);
  k.bdevsw.set(SD_BMAJOR, sd);
  k.cdevsw.set(SD_CMAJOR, sd.raw);
  for (let unit = 0; unit < sd.units; unit++) k.log(`${sd.describe(unit)}\n`);
  const howto = opts.howto ?? (opts.init ? RB_WRITABLE : 0);
  mountroot(k, !(howto & RB_WRITABLE));
  swapconf(k, sd);

  // Process 0, the swapper (4.3BSD's proc[0], made by hand in main()): a
  // system process with no user memory, the parent of init. In 4.3BSD it
  // becomes the scheduler that swaps processes in and out; sun3lab never
  // swaps, so it just sleeps, for ever, where the scheduler would wait.
  // It is the super-user, in group 0 (and in it as its one supplementary group, as 4.3BSD's main sets up).
  const p0 = new Proc(0, new Ucred(0, 0, 0, 0, [0]), new AddressSpace(k.mem, DFLSSIZ));
  p0.flag |= SSYS;
  p0.pgrp = 0;
  p0.u.comm = 'swapper';
  p0.u.cdir = k.root.hold();
  k.procs.set(0, p0);
  k.proc0 = p0;
  k.sched.sleep(p0, runout, PSWP, 'swapper');

  // Process 1, init: a child of process 0 (4.3BSD's newproc(0) in main),
  // in a process group and a session of its own, running the program from the disk.
  const init = opts.init ?? { path: '/sbin/init', argv: ['init'] };
  const p = fork1(k, p0, false);
  p.pgrp = p.pid;
  p.sid = p.pid; // the leader of session 1, as 4.4BSD's init is
  p.flag |= SEXEC;
  if (opts.cred) {
    const { uid, gid, groups } = opts.cred;
    p.cred = new Ucred(uid, gid, uid, gid, [...groups]);
  }
  // The file is found and checked as execve does (a directory is EACCES, a "#!" script runs its interpreter).
  let img: ReturnType<typeof loadImage>;
  let file: ExecFile;
  try {
    const gen = findExec(k, p, init.path, init.argv);
    let r = gen.next();
    while (!r.done) r = gen.next();
    file = r.value;
    try {
      img = loadImage(
        { mem: k.mem, texts: k.texts, vp: file.vp, mtime: file.mtime, stackLimit: p.vm.stackLimit },
        file.image,
        file.argv,
        opts.envp ?? ['PATH=/bin:/usr/bin:/sbin', 'HOME=/'],
      );
      p.u.exdata = file.image.slice(0, 32);
    } finally {
      file.vp.release();
    }
  } catch (e) {
    if (e instanceof Errno) throw new Error(`cannot run ${init.path}: ${e.message}`);
    throw e;
  }
  p.vm.clear();
  p.vm = img.as;
  p.u.comm = file.comm;
  p.u.args = file.argv;
  k.stats.pgpgin += img.pagesIn;
  k.events?.({ type: 'exec', pid: p.pid, comm: p.u.comm });
  p.pcb.regs[15] = img.sp;
  p.pcb.pc = img.entry;
  p.pcb.sr = 0;
  // Descriptors 0, 1 and 2 on the console, as the program expects them open.
  let consVnode: Vnode;
  try {
    consVnode = kdone(lookupVnode(k.root, p, '/dev/console'));
  } catch (e) {
    // A damaged /dev: say what boot was doing, as for process 1's program above.
    if (e instanceof Errno) throw new Error(`cannot open /dev/console: ${e.message}`);
    throw e;
  }
  const io = k.specvp(consVnode).hold();
  consVnode.release();
  const f = new File(k.files, io, FREAD | FWRITE);
  f.refs = 3;
  p.u.ofile[0] = p.u.ofile[1] = p.u.ofile[2] = f;
  tty.pgrp = p.pgrp; // the console's foreground group, until a shell with job control takes it
  tty.sid = p.sid;
  // The console is process 1's controlling terminal, and so (fork copies it) everyone's.
  p.u.ttyp = tty;
  p.u.ttyd = makedev(CONS_MAJOR, 0);
  quiet = false; // from now on the kernel's messages (a process killed, a panic) reach the console
  k.start(p);
  return k;
}
