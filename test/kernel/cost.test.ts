/**
 * The cost model (kernel/cost.ts) is the arithmetic docs/network.md shows,
 * redone here from the CPU's own timing tables (emu/cpu/timing.ts, the
 * MC68020 manual's cache case): the copy, checksum and clear loops, the
 * trap path, and the cycles per instruction of compiled C measured on the
 * CPU benchmark. The kernel's charges use these figures and nothing else.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlatBus } from '../../emu/bus/ram.js';
import { Cpu } from '../../emu/cpu/cpu.js';
import type { TimingModel } from '../../emu/cpu/engine.js';
import { InstructionCache, MEM_WAIT_3_60, MISALIGN_3_60 } from '../../emu/cpu/icache.js';
import { calcEA, calcImmEA, fetchEA, instrTimes, moveTime, rteTimes } from '../../emu/cpu/timing.js';
import { Station } from '../../emu/lab/station.js';
import {
  CKSUM_CYCLES_PER_32,
  CLEAR_CYCLES_PER_LONG,
  COPY_CYCLES_PER_LONG,
  COST,
  COST_3_60,
  CPI,
  CPI_3_60,
  cksumCycles,
  copyCycles,
  costFor,
} from '../../kernel/cost.js';
import { aout, hex, makeImage } from './helpers.js';

// Effective-address kinds of the timing tables.
const Dn = 0;
const PostInc = 3;
const AbsL = 8;

describe('the cost model', () => {
  it('copies a long word per 13 cycles: movl a0@+,a1@+ and dbf', () => {
    expect(COPY_CYCLES_PER_LONG).toBe(moveTime(PostInc, PostInc, 4) + instrTimes.dbccLoop);
    expect(copyCycles(8192)).toBe((8192 / 4) * 13);
  });

  it('checksums 32 bytes per 70 cycles: 8 × (movl a0@+,d1; addxl d1,d0) and dbf', () => {
    expect(CKSUM_CYCLES_PER_32).toBe(
      8 * (moveTime(PostInc, Dn, 4) + instrTimes.extendReg) + instrTimes.dbccLoop,
    );
    expect(cksumCycles(1460)).toBe(COST.cksumCall + Math.ceil((1460 * 70) / 32));
  });

  it('clears a long word per 12 cycles: clrl a0@+ and dbf', () => {
    expect(CLEAR_CYCLES_PER_LONG).toBe(instrTimes.clrMem + calcEA(PostInc) + instrTimes.dbccLoop);
  });

  it("charges locore's interrupt path for every trap: 108 cycles, rounded to 110", () => {
    const save = instrTimes.movemToMem + 4 * instrTimes.movemToMemPerReg + calcImmEA(PostInc); // d0-d1/a0-a1
    const restore = instrTimes.movemToRegs + 4 * instrTimes.movemToRegsPerReg + calcImmEA(PostInc);
    const tst = instrTimes.tst + fetchEA(AbsL, 4);
    const path =
      save +
      instrTimes.bsr +
      restore +
      instrTimes.quickToReg +
      instrTimes.branchTaken +
      2 * (tst + instrTimes.bccNotTakenW) +
      rteTimes[0];
    expect(path).toBe(108);
    expect(COST.trap).toBe(110);
  });

  it('takes CPI from the CPU benchmark: compiled C runs about 4 cycles an instruction', () => {
    const image = new Uint8Array(readFileSync(new URL('../bench/work.bin', import.meta.url)));
    const bus = new FlatBus(16 * 1024 * 1024);
    bus.flatRam.set(image, 0x1000);
    const cpu = new Cpu(bus, { timing: 'cache-case' }); // the model the CPI was taken with
    cpu.setSR(0x2700);
    cpu.setISP(0xe00000);
    cpu.pc = 0x1000;
    let cycles = 0;
    let instructions = 0;
    while (!cpu.stopped && !cpu.halted) {
      instructions = cpu.instructions;
      cycles = cpu.cycles;
      cpu.run(64);
    }
    expect(instructions).toBe(16_858_087);
    expect(cycles / instructions).toBeCloseTo(4.07, 2);
    expect(CPI).toBe(Math.round(cycles / instructions));
  });
});

describe('the cost model under the 3/60 timing', () => {
  const wait = MEM_WAIT_3_60; // a data access
  const miss = new InstructionCache(MEM_WAIT_3_60).missCost; // a long word of code fetched

  it('adds the wait states of the loops: a read and a write per long word copied, a read per long word summed, a write per long word cleared', () => {
    expect([wait, miss]).toEqual([1, 3]);
    expect(COST_3_60.copy(8192)).toBe((8192 / 4) * (13 + 2 * wait));
    expect(COST_3_60.cksum(1460)).toBe(COST_3_60.cksumCall + Math.ceil((1460 * (70 + 8 * wait)) / 32));
    expect(COST_3_60.clear(8192)).toBe((8192 / 4) * (12 + wait));
  });

  it("adds the trap path's 14 data accesses and 10 long words of code: 152, rounded to 150", () => {
    expect(COST_3_60.trap).toBe(Math.round((108 + 14 * wait + 10 * miss) / 10) * 10);
    expect(COST_3_60.trap).toBe(150);
  });

  it('charges C at CPI_3_60: CPI plus the misses and waits per instruction of code not in the cache', () => {
    // test/bench/intbench.c under the 3/60 model (npm run bench:dhry): 230 misses,
    // 296 data accesses and 23 misaligned ones per iteration of 510 instructions.
    expect(CPI_3_60).toBe(Math.round(CPI + (230 * miss + 296 * wait + 23 * MISALIGN_3_60) / 510));
    expect(COST_3_60.syscall).toBe(Math.round((109 + 24 * wait + 5 * miss + 80 * CPI_3_60) / 10) * 10);
    expect(COST_3_60.tcpInput).toBe(200 * CPI_3_60);
    expect(COST_3_60.pmegLoaded).toBe(16 * (14 + wait) + 26 + wait);
  });

  it('gives each timing model its own table', () => {
    expect(costFor('cache-case')).toBe(COST);
    expect(costFor('3/60')).toBe(COST_3_60);
  });

  // A program that makes n getpid calls and exits; the runs of 100 and 200 calls
  // differ by 100 calls' worth of cycles, boot and exit cancelling out.
  function loopCycles(timing: TimingModel, n: number): number {
    const N = n.toString(16).padStart(8, '0');
    // movl #n,d7; 1: clrl sp@-; movl #20,sp@-; trap #0; addql #4,sp; subql #1,d7; bne 1b; then exit(0)
    const code = hex(`2e3c${N}42a72f3c000000144e40588f538766f042a742a72f3c000000014e40`);
    let cycles = -1;
    const st: Station = new Station({
      disk: makeImage({ '/loop': aout(code) }),
      timing,
      quietBoot: true,
      consoleSink: () => {},
      program: { path: '/loop', argv: ['loop'] },
      onExit: () => {
        cycles = st.machine.cpu.cycles;
      },
    });
    while (cycles < 0 && !st.halted) st.run(200_000);
    return cycles;
  }

  it("charges a booted 3/60's system calls from the 3/60 table", () => {
    const perCall = (t: TimingModel) => (loopCycles(t, 200) - loopCycles(t, 100)) / 100;
    const cacheCase = perCall('cache-case');
    const sun360 = perCall('3/60');
    // The kernel's share differs by the tables' difference; the CPU's own
    // additions (the loop's two pushes, the exception frames) are a few cycles.
    const kernel = COST_3_60.trap + COST_3_60.syscall - (COST.trap + COST.syscall);
    expect(kernel).toBe(240);
    expect(sun360 - cacheCase - kernel).toBeGreaterThanOrEqual(0);
    expect(sun360 - cacheCase - kernel).toBeLessThan(20);
  });
});
