/**
 * A workstation: one emulated Sun-3/60, its root disk and its kernel,
 * wired together and booted. `sun3lab boot` and `sun3lab run` drive one;
 * the lab will drive several.
 */
import { MemoryDisk } from '../../kernel/fs/ufs/disk.js';
import { Ufs } from '../../kernel/fs/ufs/ufs.js';
import { UfsMount } from '../../kernel/fs/ufs_vnops.js';
import { boot } from '../../kernel/init_main.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { Hardware } from '../../kernel/machine.js';
import { disassemble } from '../cpu/disasm.js';
import { Sun3Machine } from '../machine/sun3.js';

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
    const fs = Ufs.mount(new MemoryDisk(opts.disk), {
      now: () => {
        const [sec, usec] = kernel ? kernel.timeOfDay() : [0, 0];
        return { sec, usec };
      },
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
    };
    const eth = Array.from(m.ethernet, (b) => b.toString(16)).join(':');
    kernel = boot({
      hw,
      root: this.mount,
      init: opts.program,
      trace: opts.trace,
      onInitExit: opts.onExit,
      quiet: opts.quietBoot,
      machine: { model: 'Sun 3/60', ethernet: eth },
    });
    this.kernel = kernel;
    if (opts.instructionTrace) {
      const out = opts.instructionTrace;
      const cpu = m.cpu;
      cpu.traceHook = () => {
        const pc = cpu.pc;
        let text: string;
        try {
          text = disassemble((a) => cpu.rd16(a), pc).text;
        } catch {
          text = '(not mapped)';
        }
        const who = cpu.srS ? 'kernel' : `pid ${this.kernel.sched.curproc?.pid ?? '?'}`;
        out(`${cpu.cycles} ${who} ${pc.toString(16).padStart(8, '0')}: ${text}`);
      };
    }
  }

  /** Advance emulated time. */
  run(cycles: number): void {
    this.machine.run(cycles);
  }

  /** The kernel has stopped (the program of `run` exited, or a panic) and the console has said everything. */
  get halted(): boolean {
    return this.machine.cpu.halted || (this.kernel.halted && this.kernel.consoleDrained());
  }
}
