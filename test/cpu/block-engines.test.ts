/**
 * Instruction by instruction, the block engine's inline translations
 * against the interpreter: each instruction, between a few others, on many
 * random register values and condition codes, must leave every register,
 * the status register, memory, the cycle and instruction counts and the
 * exceptions taken the same on both engines. Edge values (0, -1, the
 * largest and smallest numbers) come often.
 */
import { describe, expect, it } from 'vitest';
import { FlatBus } from '../../emu/bus/ram.js';
import { Cpu, type Engine } from '../../emu/cpu/cpu.js';
import { Rng } from '../../emu/cpu/difftest/rng.js';
import { engineOptions, writeWords } from './harness.js';

const EDGES = [
  0, 1, -1, 0x7fffffff, -0x80000000, 0x80, 0x7f, 0xff, 0x8000, 0x7fff, 0xffff, 2, 31, 32, 63, 64,
];

/** Run `code` (then STOP) from a state made by `seed` on `engine`; the state after. */
function run(code: number[], seed: number, engine: Engine) {
  const bus = new FlatBus(0x10000);
  const rng = new Rng(seed);
  const pick = () => (rng.u32() % 3 === 0 ? EDGES[rng.u32() % EDGES.length] : rng.u32());
  for (let v = 0; v < 256; v++) writeWords(bus.flatRam, 4 * v, [0, 0x4000 + 4 * v]); // vectors
  for (let v = 0; v < 256; v++) writeWords(bus.flatRam, 0x4000 + 4 * v, [0x4e72, 0x2700]); // handlers: stop
  for (let i = 0x5000; i < 0x6000; i++) bus.flatRam[i] = rng.u32() & 0xff;
  writeWords(bus.flatRam, 0x1000, [...code, 0x4e72, 0x2700]);
  const cpu = new Cpu(bus, engineOptions(engine));
  cpu.setSR(0x2700 | (rng.u32() & 0x1f));
  cpu.setISP(0x8000);
  for (let i = 0; i < 8; i++) cpu.d[i] = pick();
  for (let i = 0; i < 7; i++) cpu.a[i] = 0x5400 + (rng.u32() & 0x3fe);
  cpu.pc = 0x1000;
  cpu.run(10_000);
  return {
    r: Array.from(cpu.r),
    sr: cpu.getSR(),
    pc: cpu.pc,
    cycles: cpu.cycles,
    instructions: cpu.instructions,
    exception: cpu.lastException,
    mem: Array.from(bus.flatRam.subarray(0x5000, 0x8000)),
    translations: cpu.blocks?.stats.translations ?? 0,
  };
}

/** An instruction (its words) and what it is, for the message. */
const CASES: [string, number[]][] = [
  ['divu.l d1,d2', [0x4c41, 0x2002]],
  ['divs.l d1,d2', [0x4c41, 0x2802]],
  ['divul.l d1,d3:d2', [0x4c41, 0x2003]],
  ['divsl.l d1,d3:d2', [0x4c41, 0x2803]],
  ['divs.l #-1,d2', [0x4c7c, 0x2802, 0xffff, 0xffff]],
  ['divu.l #0,d2', [0x4c7c, 0x2002, 0, 0]],
  ['addx.l d1,d2', [0xd581]],
  ['addx.b d1,d2', [0xd501]],
  ['subx.w d1,d2', [0x9541]],
  ['subx.l d1,d2', [0x9581]],
  ['lsr.l d1,d2', [0xe2aa]],
  ['lsl.w d1,d2', [0xe36a]],
  ['asr.b d1,d2', [0xe222]],
  ['asl.l d1,d2', [0xe3a2]],
  ['ror.l d1,d2', [0xe2ba]],
  ['rol.b d1,d2', [0xe33a]],
  ['roxl.l #3,d2', [0xe792]],
  ['roxr.w d1,d2', [0xe272]],
  ['asl.b #8,d2', [0xe102]],
  ['lsr.l #8,d2', [0xe08a]],
  ['muls.l d1,d3:d2', [0x4c01, 0x2c03]],
  ['mulu.l d1,d2', [0x4c01, 0x2002]],
  ['cmp.b d1,d2; scs d3', [0xb401, 0x55c3]],
  ['sub.w d1,d2; shi d3', [0x9441, 0x52c3]],
  ['add.l d1,d2; svs d3; smi d4', [0xd481, 0x59c3, 0x5bc4]],
  ['neg.b d2; sge d3; sle d4', [0x4402, 0x5cc3, 0x5fc4]],
  ['move.w (a1)+,d2; sgt d3', [0x3419, 0x5ec3]],
  ['eor.l d1,d2; slt d3', [0xb382, 0x5dc3]],
  ['btst d1,d2; seq d3', [0x0302, 0x57c3]],
  ['bchg #5,(a2); sne d3', [0x0852, 0x0005, 0x56c3]],
  ['movem.l d0-d3/a0,-(a2)', [0x48e2, 0xf080]],
  ['movem.w (a2)+,d0-d2/a3', [0x4c9a, 0x0807]],
  ['exg d1,a2', [0xc38a]],
  ['ext.w d2; extb.l d3', [0x4882, 0x49c3]],
  ['cmpm.b (a1)+,(a2)+; shi d3', [0xb509, 0x52c3]],
  ['addq.w #3,(a1); subq.l #8,d2', [0x5651, 0x5182]],
  ['bfextu d4{22:2},d0; smi d5', [0xe9c4, 0x0582, 0x5bc5]],
  ['bfexts d4{0:32},d0; seq d5', [0xebc4, 0x0000, 0x57c5]],
  ['bfexts d4{30:5},d0; smi d5', [0xebc4, 0x0785, 0x5bc5]],
  ['bftst d4{7:1}; sne d5', [0xe8c4, 0x01c1, 0x56c5]],
];

describe('the block engine translates instructions as the interpreter runs them', () => {
  it.each(CASES)('%s', (_name, code) => {
    let translated = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const jit = run(code, seed, 'jit');
      const { translations, ...j } = jit;
      const { translations: _t, ...i } = run(code, seed, 'interp');
      translated += translations;
      expect(j, `seed ${seed}`).toEqual(i);
    }
    expect(translated).toBeGreaterThan(0);
  });
});
