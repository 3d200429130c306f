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
import { calcEA, calcImmEA, fetchEA, instrTimes, moveTime, rteTimes } from '../../emu/cpu/timing.js';
import {
  CKSUM_CYCLES_PER_32,
  CLEAR_CYCLES_PER_LONG,
  COPY_CYCLES_PER_LONG,
  COST,
  CPI,
  cksumCycles,
  copyCycles,
} from '../../kernel/cost.js';

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
