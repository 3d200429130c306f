/**
 * A Sun-3/60 set up the way a small kernel would leave it, for machine tests.
 *
 * Virtual layout (identical in all 8 contexts, supervisor only):
 *   0x00000000-0x0001FFFF  PMEG 0 → physical 0-0x1FFFF (RAM), writable
 *     0x0000  vector table (VBR = 0); every vector points at its stub
 *     0x0400  stubs: `$A000+n; RTE` (4 bytes each), so every exception
 *             reaches `hostCall(n)` unless a test points the vector elsewhere
 *     0x1000  CODE: the test program
 *     0x1800  HANDLER: room for a guest-code exception handler
 *     0x8000  STACK top (supervisor)
 *     0x9000  DATA
 *   0x0FE00000  PMEG 1 → on-board I/O, one 8 KB page per device:
 *     +0x0000 zs0, +0x2000 zs1, +0x4000 EEPROM, +0x6000 clock,
 *     +0x8000 memory error, +0xA000 interrupt register
 */

import { Sun3Machine, type Sun3MachineOptions } from '../../emu/machine/sun3.js';
import { makePte, PGTYPE_OBIO } from '../../emu/mmu/mmu.js';
import { writeLong, writeWords } from '../cpu/harness.js';

export const CODE = 0x1000;
export const HANDLER = 0x1800;
export const STACK = 0x8000;
export const DATA = 0x9000;
export const STUBS = 0x0400;

export const OBIO_VA = 0x0fe00000;
export const ZS0_VA = OBIO_VA;
export const ZS1_VA = OBIO_VA + 0x2000;
export const EEPROM_VA = OBIO_VA + 0x4000;
export const CLOCK_VA = OBIO_VA + 0x6000;
export const MEMERR_VA = OBIO_VA + 0x8000;
export const INTREG_VA = OBIO_VA + 0xa000;
/** ttya control and data ports. */
export const TTYA_CTL = ZS1_VA + 4;
export const TTYA_DATA = ZS1_VA + 6;

export const KERNEL_PMEG = 0;
export const OBIO_PMEG = 1;

export { readLong, writeLong, writeWords } from '../cpu/harness.js';

export interface TestMachine {
  m: Sun3Machine;
  /** Console output so far. */
  out: number[];
  /** Cycle at which each console byte left the line. */
  outAt: number[];
  /** Host-call handlers by vector; unhandled vectors are recorded in `unexpected`. */
  handlers: Map<number, () => void>;
  unexpected: number[];
  text(): string;
}

/**
 * Power on, map the kernel and OBIO pages in every context, install stubs;
 * do not boot yet. The device tests count cycles by the manual's cache case
 * (no cache misses or wait states to work out) unless `opts` says otherwise.
 */
export function makeMachine(opts: Sun3MachineOptions = {}): TestMachine {
  const out: number[] = [];
  const outAt: number[] = [];
  const m = new Sun3Machine({
    timing: 'cache-case',
    ...opts,
    consoleSink: (b) => {
      out.push(b);
      outAt.push(m.now);
    },
  });
  m.powerOn();
  out.length = 0; // drop the banner
  outAt.length = 0;
  const mmu = m.mmu;
  for (let ctx = 0; ctx < 8; ctx++) {
    mmu.setSegmap(ctx, 0, KERNEL_PMEG);
    mmu.setSegmap(ctx, OBIO_VA, OBIO_PMEG);
  }
  for (let i = 0; i < 16; i++) mmu.setPte(KERNEL_PMEG, i, makePte(i, { write: true, system: true }));
  for (let i = 0; i < 6; i++)
    mmu.setPte(OBIO_PMEG, i, makePte((i * 0x20000) >>> 13, { write: true, system: true, type: PGTYPE_OBIO }));
  for (let v = 0; v < 256; v++) {
    writeLong(m.ram, 4 * v, STUBS + 4 * v);
    writeWords(m.ram, STUBS + 4 * v, [0xa000 + v, 0x4e73]);
  }
  const handlers = new Map<number, () => void>();
  const unexpected: number[] = [];
  m.cpu.hostCall = (n) => {
    const h = handlers.get(n);
    if (h) h();
    else unexpected.push(n);
  };
  return { m, out, outAt, handlers, unexpected, text: () => String.fromCharCode(...out) };
}

/** makeMachine, load `code` at CODE and boot there (supervisor, mask 7). */
export function bootWith(code: number[], opts: Sun3MachineOptions = {}): TestMachine {
  const t = makeMachine(opts);
  writeWords(t.m.ram, CODE, code);
  t.m.boot({ pc: CODE, ssp: STACK, vbr: 0 });
  return t;
}

/** Split a 32-bit value into two instruction words. */
export function long(v: number): [number, number] {
  return [(v >>> 16) & 0xffff, v & 0xffff];
}
