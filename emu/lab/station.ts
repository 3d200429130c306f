/**
 * A workstation: one emulated Sun-3/60, its disks and its kernel, wired
 * together and booted. `sun3lab boot` and `sun3lab run` drive one; the lab
 * will drive several.
 *
 * The first disk, sd0, holds the root file system; more disks (sd1, ...)
 * can be attached, to mount or to check. When the kernel reboots
 * (reboot(2)), the station powers the board through its PROM reset again
 * and boots a fresh kernel on the same memory size and disks, from the
 * banner on; the CPU's cycle count and the kernel's statistics go on
 * counting across it. When it halts (reboot(2) with RB_HALT), the station
 * stops. Its power can also be cut (powerOff: a crash, everything in memory
 * lost, the disks keeping what was written to them) and restored
 * (powerOn: the PROM and a boot, /etc/rc checking the disks).
 */
import { ConsoleDevice } from '../../kernel/dev/cons.js';
import { CONS_MAJOR } from '../../kernel/dev/devsw.js';
import { ECHO, TIOCGETP, TIOCSETN } from '../../kernel/dev/tty.js';
import type { KernelEventSink } from '../../kernel/events.js';
import { type BlockDevice, MemoryDisk } from '../../kernel/fs/ufs/disk.js';
import { boot } from '../../kernel/init_main.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { KtraceClass, TraceClass } from '../../kernel/ktrace.js';
import { STUBS } from '../../kernel/machdep.js';
import type { Hardware } from '../../kernel/machine.js';
import type { Proc } from '../../kernel/proc/proc.js';
import { RB_HALT, RB_WRITABLE } from '../../kernel/sys/reboot.js';
import { FC_USER_DATA } from '../bus/bus.js';
import type { Engine } from '../cpu/cpu.js';
import { disassemble } from '../cpu/disasm.js';
import type { TimingModel } from '../cpu/engine.js';
import { DEFAULT_CONSOLE_BAUD } from '../dev/obio.js';
import { Sun3Machine } from '../machine/sun3.js';
import { kernelEntryText, syscallAt } from '../trace/kernel-entries.js';
import type { SymbolTable } from '../trace/symbols.js';
import { type Credentials, userCredentials } from './accounts.js';

/** What a process reading a terminal sleeps for (tty.ts's wait message; ps shows it too). */
const TTY_READ_WAIT = 'ttyin';

/** Disks a station takes: sd0 to sd7 (minor numbers unit * 8 + partition stay below 64). */
export const MAX_DISKS = 8;

/** A disk given as an image in memory (used in place: the machine writes to this array) or as a block device. */
export type Disk = Uint8Array | BlockDevice;

export interface StationOptions {
  memoryMB?: number;
  /** The root disk, sd0. */
  disk: Disk;
  /** More disks, attached as sd1, sd2, ... */
  extraDisks?: Disk[];
  /** Bytes the console transmits. */
  consoleSink: (byte: number) => void;
  /** Run this program as process 1 instead of /sbin/init (sun3lab run); the root is then mounted read-write. */
  program?: { path: string; argv: string[] };
  /**
   * Who uses the machine (a name in its /etc/passwd; default root): init
   * logs the console in as this user, or `program` runs with this user's
   * credentials and environment. An Error if the image has no such user.
   */
  user?: string;
  /** init asks who is there (getty and login on the console, from /etc/ttys) instead of logging in `user`. */
  login?: boolean;
  /** Called with each line of the kernel's trace (kernel/ktrace.ts): system calls, unless traceWhat says otherwise. */
  trace?: (line: string) => void;
  /**
   * What to trace (kernel/ktrace.ts's classes, and `instructions`); default
   * system calls if `trace` is given. Each line is also a `trace` event
   * (`events`).
   */
  traceWhat?: readonly TraceClass[];
  /** Symbols of programs by name (a process's comm), for the instruction trace. */
  symbols?: ReadonlyMap<string, SymbolTable>;
  /** Called when process 1 exits, with its wait status. */
  onExit?: (status: number) => void;
  serial?: number;
  /** Called before every instruction with a disassembled trace line (slow); traceWhat with `instructions` also turns it on. */
  instructionTrace?: (line: string) => void;
  /** No PROM banner or boot messages on the console (sun3lab run). */
  quietBoot?: boolean;
  /** The machine's name (gethostname; the kernel's default is sun0). */
  hostname?: string;
  /** How the CPU runs instructions: the interpreter or the block engine (the default). */
  engine?: Engine;
  /** Fit the MC68881 (default true; --no-fpu). */
  fpu?: boolean;
  /** How time is counted (--timing; default 3/60, docs/cpu-timing.md). */
  timing?: TimingModel;
  /** The console's speed in baud (--console-baud; default 38400). */
  consoleBaud?: number;
  /** The seed of the kernel's network randomness (TCP's initial sequence numbers, ephemeral ports). */
  netSeed?: number;
  /** Ethernet address in the ID PROM (default: 8:0:20 and the serial number's three bytes). */
  ethernet?: string;
  /** Where each kernel (a reboot starts a new one) tells what happens: processes, panics, reboots. */
  events?: KernelEventSink;
  /** Called each time a kernel has booted, with the number of boots so far (1 the first time). */
  onBoot?: (boots: number) => void;
}

/**
 * What process 1 runs, and as whom. /sbin/init gets its flags as from the
 * boot program: `-u NAME` logs the console in as NAME (root by default),
 * none at all (--login) runs getty from /etc/ttys. A program of `run`
 * runs as `user`, with the environment login would give it.
 */
function initOptions(opts: StationOptions, user: Credentials | null) {
  if (!opts.program)
    return {
      init: { path: '/sbin/init', argv: opts.login ? ['init'] : ['init', '-u', user?.name ?? 'root'] },
    };
  if (!user) return { init: opts.program };
  const path = user.uid === 0 ? '/bin:/usr/bin:/sbin:/usr/sbin' : '/bin:/usr/bin';
  return {
    init: opts.program,
    cred: user,
    envp: [
      `PATH=${path}`,
      `HOME=${user.home}`,
      `USER=${user.name}`,
      `LOGNAME=${user.name}`,
      `SHELL=${user.shell}`,
    ],
  };
}

export class Station {
  readonly machine: Sun3Machine;
  /** The disks: sd0 (the root), sd1, ... */
  readonly disks: readonly BlockDevice[];
  /** How many times the machine has booted (1 after the first boot). */
  boots = 0;
  private k!: Kernel;
  /** What the kernel is given of the machine (its memory is replaced only by useRam). */
  private readonly hw: Hardware & { ram: Uint8Array };
  /** The user of --user, from the root disk's /etc/passwd and /etc/group. */
  private readonly user: Credentials | null;
  /** The flags of the reboot(2) that stopped the kernel, until the station acts on it. */
  private rebootHowto: number | null = null;
  /** The power is off (powerOff), until powerOn. */
  poweredOff = false;
  /** Cycles spent with the power off, before the current power-off if there is one; and when that began. */
  private offBefore = 0;
  private offSince = 0;
  /** The process that last went to sleep reading the console (the kernel's ttyread event). */
  private lastReader = -1;

  /**
   * From now on the machine's memory is `ram` (the same size and bytes):
   * how a machine taken out of a start-up snapshot gets its memory back
   * (emu/lab/lab-pack.ts). Points the hardware (Sun3Machine.useRam), what
   * the kernel is given of it and the kernel's page allocator at it.
   */
  useRam(ram: Uint8Array): void {
    this.machine.useRam(ram);
    this.hw.ram = ram;
    if (this.k) this.k.mem.ram = ram;
  }

  constructor(private readonly opts: StationOptions) {
    if (opts.login && opts.user !== undefined) throw new Error('--user and --login: choose one');
    const m = new Sun3Machine({
      memoryMB: opts.memoryMB ?? 8,
      consoleSink: opts.consoleSink,
      serial: opts.serial,
      engine: opts.engine,
      fpu: opts.fpu,
      timing: opts.timing,
      consoleBaud: opts.consoleBaud ?? DEFAULT_CONSOLE_BAUD,
      ethernet: opts.ethernet,
    });
    this.machine = m;
    const disks = [opts.disk, ...(opts.extraDisks ?? [])];
    if (disks.length > MAX_DISKS)
      throw new Error(`a station takes at most ${MAX_DISKS} disks (sd0-sd${MAX_DISKS - 1})`);
    this.disks = disks.map((d) => (d instanceof Uint8Array ? new MemoryDisk(d) : d));
    this.user = opts.user !== undefined ? userCredentials(this.disks[0], opts.user) : null;
    this.hw = {
      cpu: m.cpu,
      ram: m.ram,
      mmu: m.mmu,
      obioRead8: (pa) => {
        const d = m.bus.obioDevice(pa, 1);
        return d ? d.read8(pa & 0x1ffff) : 0xff;
      },
      obioWrite8: (pa, v) => {
        m.bus.obioDevice(pa, 1)?.write8(pa & 0x1ffff, v);
      },
      obioRead16: (pa) => {
        const d = m.bus.obioDevice(pa, 2);
        if (!d) return 0xffff;
        return d.read16
          ? d.read16(pa & 0x1ffff) & 0xffff
          : (d.read8(pa & 0x1ffff) << 8) | d.read8((pa + 1) & 0x1ffff);
      },
      frameWritten: (frame) => m.bus.ramWritten(frame * 8192, 8192),
      obioWrite16: (pa, v) => {
        const d = m.bus.obioDevice(pa, 2);
        if (d?.write16) d.write16(pa & 0x1ffff, v & 0xffff);
        else if (d) {
          d.write8(pa & 0x1ffff, (v >>> 8) & 0xff);
          d.write8((pa + 1) & 0x1ffff, v & 0xff);
        }
      },
    };
    this.powerOnAndBoot();
    if (opts.instructionTrace || opts.traceWhat?.includes('instructions')) {
      const out = opts.instructionTrace;
      const cpu = m.cpu;
      cpu.traceHook = () => {
        const pid = cpu.srS ? -1 : (this.kernel.sched.curproc?.pid ?? -1);
        const text = this.instructionText(cpu.pc);
        out?.(`${cpu.cycles} ${cpu.srS ? 'kernel' : `pid ${pid < 0 ? '?' : pid}`} ${text}`);
        opts.events?.({ type: 'trace', cls: 'instructions', pid, text });
      };
    }
  }

  /**
   * An instruction trace line's text: the address, the function it is in
   * when the program has symbols (`<main+0x1c>`), the instruction; a kernel
   * entry stub is named by its exception, and a `trap #0` by its system call.
   */
  private instructionText(pc: number): string {
    const cpu = this.machine.cpu;
    const at = pc.toString(16).padStart(8, '0');
    const stub = pc - STUBS;
    if (cpu.srS && stub >= 0 && stub < 4 * 256 && stub % 4 === 0)
      return `${at}: ${kernelEntryText(stub / 4, this.syscallAsked(cpu.getUSP()))}`;
    let text = this.traceText(pc);
    let where = '';
    if (!cpu.srS) {
      const p = this.kernel.sched.curproc;
      const sym = p ? this.opts.symbols?.get(p.u.comm)?.lookup(pc) : null;
      if (sym) where = ` <${sym}>`;
      if (/^trap\s+#0\b/.test(text)) {
        const call = this.syscallAsked(cpu.a[7] >>> 0);
        if (call) text = `${text}  ; ${call}`;
      }
    }
    return `${at}${where}: ${text}`;
  }

  /** The system call a trap #0 with user stack pointer `usp` makes (read without side effects). */
  private syscallAsked(usp: number): string | null {
    const bus = this.machine.bus;
    return syscallAt((a) => {
      const v = bus.peek(a >>> 0, 4, FC_USER_DATA);
      return v < 0 ? null : v >>> 0;
    }, usp);
  }

  /** The kernel running now (a reboot starts a new one). */
  get kernel(): Kernel {
    return this.k;
  }

  /** The PROM's part: reset the board (banner on the console), then boot a kernel from the disks. */
  private powerOnAndBoot(): void {
    const m = this.machine;
    const opts = this.opts;
    if (opts.quietBoot) m.consoleSink = null;
    m.powerOn();
    m.consoleSink = opts.consoleSink;
    const previous = this.boots > 0 ? this.k : null;
    const eth = Array.from(m.ethernet, (b) => b.toString(16)).join(':');
    this.k = boot({
      hw: this.hw,
      disks: [...this.disks],
      ...initOptions(opts, this.user),
      // The root read-write for a program of `run`; read-only for init, until /etc/rc has checked it.
      howto: opts.program ? RB_WRITABLE : 0,
      trace: opts.trace,
      traceWhat: opts.traceWhat?.filter((c): c is KtraceClass => c !== 'instructions'),
      onInitExit: (status) => {
        // Stop the machine's run loop at this instruction boundary: the
        // program's cost ends here (see `run`).
        m.cpu.endRun();
        opts.onExit?.(status);
      },
      onReboot: (howto) => {
        this.rebootHowto = howto;
      },
      quiet: opts.quietBoot,
      hostname: opts.hostname,
      netSeed: opts.netSeed,
      machine: { model: 'Sun 3/60', ethernet: eth },
      events: (e) => {
        // Stop the machine's run loop at this instruction boundary, so that
        // whoever waits for input (waitingForInput) sees it at this instant.
        if (e.type === 'ttyread') {
          this.lastReader = e.pid;
          m.cpu.endRun();
        }
        opts.events?.(e);
      },
    });
    this.boots++;
    if (previous) carryStatistics(previous, this.k);
    opts.onBoot?.(this.boots);
  }

  /**
   * Boot again on the same memory size and disks (after a reboot, or when
   * the power comes back). Returns false if there was nothing to boot (the
   * root does not mount, process 1 cannot run): the machine then stays
   * down with the reason on its console.
   */
  private bootAgain(): boolean {
    const m = this.machine;
    try {
      this.powerOnAndBoot();
      return true;
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      m.print(`boot failed: ${e.message}\r\n`);
      m.cpu.halted = true;
      m.cpu.haltReason = e.message;
      return false;
    }
  }

  /**
   * Cut the power, now: the CPU stops dead and everything in memory is
   * lost — the kernel with its buffer cache, the processes — while the
   * disks keep exactly the blocks already written to them, as after a real
   * power failure. Time goes on (the machine's clock keeps counting cycles,
   * doing nothing) until powerOn.
   */
  powerOff(): void {
    if (this.poweredOff) return;
    this.poweredOff = true;
    this.offSince = this.machine.now;
    this.rebootHowto = null;
    this.machine.powerOff();
  }

  /** Cycles the machine has spent with its power off (neither running nor idle). */
  get offCycles(): number {
    return this.offBefore + (this.poweredOff ? this.machine.now - this.offSince : 0);
  }

  /** Power on again after powerOff: the PROM's banner, then a new kernel boots from the disks (and /etc/rc checks them). */
  powerOn(): boolean {
    if (!this.poweredOff) return true;
    this.poweredOff = false;
    this.offBefore += this.machine.now - this.offSince;
    return this.bootAgain();
  }

  /** The kernel has stopped for a reboot (not a halt) and has said all it had to say. */
  private get rebootDue(): boolean {
    return (
      this.rebootHowto !== null && !(this.rebootHowto & RB_HALT) && this.down && !this.machine.cpu.halted
    );
  }

  /** The kernel has stopped (whatever comes next) and the console has sent its last byte; or the CPU halted. */
  private get down(): boolean {
    return this.machine.cpu.halted || (this.k.halted && this.k.consoleDrained());
  }

  /**
   * The instruction at `pc`, disassembled for a trace line without disturbing
   * the machine: memory is read with the bus's side-effect-free peek (no R/M
   * bits, no translation cache fill, no bus error register). A user page the
   * MMU does not map at the moment (never touched yet, or its PMEG was
   * stolen) is read from the frame the kernel's address space holds for it;
   * the line then says that the fetch will page-fault, and the instruction
   * appears again when it reruns.
   */
  private traceText(pc: number): string {
    const cpu = this.machine.cpu;
    const bus = this.machine.bus;
    let faults = false;
    const read16 = (a: number): number => {
      const v = bus.peek(a, 2, cpu.fcProgram);
      if (v >= 0) return v;
      const page = cpu.srS ? undefined : this.kernel.sched.curproc?.vm.lookup(a);
      if (page === undefined || (a & 0x1fff) === 0x1fff) throw new RangeError('not mapped');
      faults = true;
      const o = page.frame * 0x2000 + (a & 0x1fff);
      return (this.machine.ram[o] << 8) | this.machine.ram[o + 1];
    };
    try {
      const text = disassemble(read16, pc).text;
      return faults ? `${text}  (not in the MMU yet: page fault)` : text;
    } catch {
      return '(not mapped)';
    }
  }

  /**
   * Advance emulated time by up to `cycles`. Stops early, at the instruction
   * boundary where it happens, when the station halts (the program of
   * `sun3lab run` has exited and the console has sent its last byte; a
   * panic), or when `until` answers true (asked between the machine's
   * slices: at device events and wherever the kernel ends a slice).
   * Returns the cycles run.
   */
  run(cycles: number, until?: () => boolean): number {
    const m = this.machine;
    const start = m.now;
    const stop = until ? () => this.down || until() : () => this.down;
    for (;;) {
      this.runTicking(cycles - (m.now - start), stop);
      if (!this.rebootDue) break;
      this.rebootHowto = null;
      if (!this.bootAgain()) break;
      if (m.now - start >= cycles || until?.()) break;
    }
    return m.now - start;
  }

  /** The hook of every(): when it is due next, and how often. */
  private ticker: { interval: number; next: number; fn: (at: number) => void } | null = null;

  /**
   * Call `fn` at every multiple of `interval` cycles of emulated time (the
   * stat meter, emu/trace/meter.ts): run() stops exactly there for it, so
   * what it sees is the same every run.
   */
  every(interval: number, fn: (at: number) => void): void {
    const now = this.machine.now;
    this.ticker = { interval, next: (Math.floor(now / interval) + 1) * interval, fn };
  }

  /** The machine's run, cut at the ticker's instants. */
  private runTicking(cycles: number, stop: () => boolean): void {
    const m = this.machine;
    const t = this.ticker;
    if (t === null) {
      m.run(cycles, stop);
      return;
    }
    const end = m.now + cycles;
    while (m.now < end) {
      const target = Math.min(end, t.next);
      m.run(target - m.now, stop);
      while (m.now >= t.next) {
        t.fn(t.next);
        t.next += t.interval;
      }
      if (m.now < target) break; // stopped early: the caller's business
    }
  }

  /**
   * The kernel has stopped for good — the program of `run` exited, a
   * panic, a halt — and the console has said everything. (A reboot does
   * not count: the station boots again.)
   */
  get halted(): boolean {
    return this.down && !this.rebootDue;
  }

  /**
   * Stop the machine cleanly (Kernel.shutdown): every process lets go of its
   * files, the delayed writes reach the disk, the file systems are unmounted
   * and marked clean if they are. With `nosync` nothing is written (a
   * reboot -n; a power failure is simply not calling this). The CPU is left
   * in the kernel's idle loop, so no user instruction runs again. Returns
   * whether every file system was left clean. Calling it again does nothing.
   */
  shutdown(opts: { nosync?: boolean } = {}): boolean {
    const clean = this.kernel.shutdown(opts);
    // No trap is under way (the host calls this between runs): leave the
    // user program, or the idle loop, for the idle loop.
    this.kernel.md.idle();
    this.kernel.md.startFromFrame();
    return clean;
  }

  /**
   * The process asleep reading the console (if several are, the one that
   * went to sleep last), or null if none is.
   */
  consoleReader(): number | null {
    let any: number | null = null;
    for (const p of this.kernel.procs.values())
      if (this.readingConsole(p)) {
        if (p.pid === this.lastReader) return p.pid;
        any ??= p.pid;
      }
    return any;
  }

  /**
   * Turn the console's echo of typed characters on or off, as `stty echo`
   * would (TIOCGETP, then TIOCSETN with ECHO changed): `sun3lab run` turns
   * it off when the input comes from a pipe, which shows nothing either.
   */
  setConsoleEcho(on: boolean): void {
    const cons = this.kernel.cdevsw.get(CONS_MAJOR);
    const sg = cons?.ioctl(0, TIOCGETP, new Uint8Array(6));
    if (!cons || !sg) return;
    const flags = (sg[4] << 8) | sg[5];
    const next = on ? flags | ECHO : flags & ~ECHO;
    cons.ioctl(0, TIOCSETN, Uint8Array.of(sg[0], sg[1], sg[2], sg[3], next >> 8, next & 0xff));
  }

  /**
   * Is it time to type the next line? The one rule for scripted input
   * (`sun3lab boot` and `run` with piped input, the lab's --exec and its
   * typed lines): a process is asleep reading the console and nothing typed
   * is waiting for anyone — the serial chip has handed over every character,
   * and the terminal holds nothing the reader could take (part of a line
   * may be there, waiting for its end: ^D or more typing ends it) — and the
   * console has sent all its output. Other processes may be running (a job in the
   * background): they do not hold the line back. The kernel ends the
   * machine's run at the instant a process goes to sleep reading the
   * console (the `ttyread` event), so a caller that asks this between runs
   * sees it at that very cycle.
   */
  waitingForInput(): boolean {
    const k = this.kernel;
    if (this.poweredOff || this.machine.console.inputUnread > 0) return false;
    if (!k.consoleInputEmpty() || !k.consoleDrained()) return false;
    for (const p of k.procs.values()) if (this.readingConsole(p)) return true;
    return false;
  }

  /**
   * Is p asleep reading the console — not another terminal (a pty of a
   * remote login): its wait channel is the console's.
   */
  private readingConsole(p: Proc): boolean {
    const cons = this.kernel.cdevsw.get(CONS_MAJOR);
    return p.wmesg === TTY_READ_WAIT && cons instanceof ConsoleDevice && p.wchan === cons.tty.readChannel;
  }
}

/** A new kernel after a reboot goes on counting where the old one stopped (the statistics line). */
function carryStatistics(from: Kernel, to: Kernel): void {
  for (const key of Object.keys(from.stats) as (keyof Kernel['stats'])[]) to.stats[key] += from.stats[key];
  to.mem.cowCopies += from.mem.cowCopies;
  to.pmap.ctxSteals += from.pmap.ctxSteals;
  to.pmap.pmegSteals += from.pmap.pmegSteals;
  to.sched.switches += from.sched.switches;
}
