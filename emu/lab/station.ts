/**
 * A workstation: one emulated Sun-3/60, its root disk and its kernel,
 * wired together and booted. `sun3lab boot` and `sun3lab run` drive one;
 * the lab will drive several.
 */
import { CONS_MAJOR } from '../../kernel/dev/devsw.js';
import { ECHO, TIOCGETP, TIOCSETN } from '../../kernel/dev/tty.js';
import { BufPool } from '../../kernel/fs/bio.js';
import { MemoryDisk } from '../../kernel/fs/ufs/disk.js';
import { Ufs } from '../../kernel/fs/ufs/ufs.js';
import { UfsMount } from '../../kernel/fs/ufs_vnops.js';
import { boot } from '../../kernel/init_main.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { Hardware } from '../../kernel/machine.js';
import { disassemble } from '../cpu/disasm.js';
import { Sun3Machine } from '../machine/sun3.js';

/** What a process reading the terminal sleeps on (tty.ts's wait message; ps shows it too). */
const TTY_READ_WAIT = 'ttyin';

export interface StationOptions {
  memoryMB?: number;
  /** The root disk image (the machine writes to this copy). */
  disk: Uint8Array;
  /** Bytes the console transmits. */
  consoleSink: (byte: number) => void;
  /** Run this program as process 1 instead of /sbin/init (sun3lab run). */
  program?: { path: string; argv: string[] };
  /** Called once per system call with a trace line. */
  trace?: (line: string) => void;
  /** Called when process 1 exits, with its wait status. */
  onExit?: (status: number) => void;
  serial?: number;
  /** Called before every instruction with a disassembled trace line (slow). */
  instructionTrace?: (line: string) => void;
  /** No PROM banner or boot messages on the console (sun3lab run). */
  quietBoot?: boolean;
  /** The machine's name (gethostname; the kernel's default is sun0). */
  hostname?: string;
}

export class Station {
  readonly machine: Sun3Machine;
  readonly kernel: Kernel;
  readonly mount: UfsMount;

  constructor(opts: StationOptions) {
    const m = new Sun3Machine({
      memoryMB: opts.memoryMB ?? 8,
      consoleSink: opts.consoleSink,
      serial: opts.serial,
    });
    this.machine = m;
    if (opts.quietBoot) m.consoleSink = null;
    m.powerOn();
    m.consoleSink = opts.consoleSink;
    let kernel: Kernel | null = null;
    // The machine's buffer cache: the root is mounted with it, and the kernel keeps it for the others.
    const bufs = new BufPool();
    const fs = Ufs.mount(new MemoryDisk(opts.disk), {
      now: () => {
        const [sec, usec] = kernel ? kernel.timeOfDay() : [0, 0];
        return { sec, usec };
      },
      bufs,
    });
    this.mount = new UfsMount(fs, 'disk0a');
    const hw: Hardware = {
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
      obioWrite16: (pa, v) => {
        const d = m.bus.obioDevice(pa, 2);
        if (d?.write16) d.write16(pa & 0x1ffff, v & 0xffff);
        else if (d) {
          d.write8(pa & 0x1ffff, (v >>> 8) & 0xff);
          d.write8((pa + 1) & 0x1ffff, v & 0xff);
        }
      },
    };
    const eth = Array.from(m.ethernet, (b) => b.toString(16)).join(':');
    kernel = boot({
      hw,
      root: this.mount,
      bufs,
      init: opts.program,
      trace: opts.trace,
      onInitExit: (status) => {
        // Stop the machine's run loop at this instruction boundary: the
        // program's cost ends here (see `run`).
        m.cpu.endRun();
        opts.onExit?.(status);
      },
      quiet: opts.quietBoot,
      hostname: opts.hostname,
      machine: { model: 'Sun 3/60', ethernet: eth },
    });
    this.kernel = kernel;
    if (opts.instructionTrace) {
      const out = opts.instructionTrace;
      const cpu = m.cpu;
      cpu.traceHook = () => {
        const pc = cpu.pc;
        const who = cpu.srS ? 'kernel' : `pid ${this.kernel.sched.curproc?.pid ?? '?'}`;
        out(`${cpu.cycles} ${who} ${pc.toString(16).padStart(8, '0')}: ${this.traceText(pc)}`);
      };
    }
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
    return this.machine.run(cycles, until ? () => this.halted || until() : () => this.halted);
  }

  /** The kernel has stopped (the program of `run` exited, or a panic) and the console has said everything. */
  get halted(): boolean {
    return this.machine.cpu.halted || (this.kernel.halted && this.kernel.consoleDrained());
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
   * Is the machine idle, waiting for someone to type? Everything typed so
   * far has been read from the serial chip, the console has sent all its
   * output, no process can run, and one is asleep reading the terminal.
   */
  waitingForInput(): boolean {
    const k = this.kernel;
    if (this.machine.console.inputUnread > 0 || !k.consoleDrained() || k.sched.runnable > 0) return false;
    for (const p of k.procs.values()) if (p.wmesg === TTY_READ_WAIT) return true;
    return false;
  }
}
