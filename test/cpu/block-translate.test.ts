/**
 * The block engine's decoder and translator: instruction lengths agree with
 * the interpreter and the disassembler for every opcode; the code generated
 * for a simple loop is what the design promises (operands known, condition
 * codes lazy, one cycle update); and blocks end where the interpreter
 * would take an interrupt.
 */
import { describe, expect, it } from 'vitest';
import { FlatBus } from '../../emu/bus/ram.js';
import { decodeBlock, endsBlock, insnLength } from '../../emu/cpu/block/decode.js';
import { Cpu } from '../../emu/cpu/cpu.js';
import { Rng } from '../../emu/cpu/difftest/rng.js';
import { disassemble } from '../../emu/cpu/disasm.js';
import { isInstruction } from '../../emu/cpu/dispatch.js';
import { jitMachine, writeWords } from './harness.js';

describe('the decoder', () => {
  it('agrees with the disassembler and the interpreter on the length of every instruction', () => {
    const rng = new Rng(7);
    const next = () => rng.u32();
    const bus = new FlatBus(0x10000);
    const ram = bus.flatRam;
    const cpu = new Cpu(bus, { engine: 'interp', timing: 'cache-case' });
    let compared = 0;
    let ran = 0;
    const disagree: string[] = [];
    for (let op = 0; op < 0x10000; op++) {
      if (!isInstruction(op)) continue;
      for (let trial = 0; trial < 3; trial++) {
        // The opcode at 0x1000, then random words, mostly brief index words.
        const words = [op];
        for (let i = 0; i < 6; i++) {
          const w = next() & 0xffff;
          words.push(trial === 0 ? w & ~0x100 : w);
        }
        writeWords(ram, 0x1000, words);
        const w = (i: number) => (ram[0x1000 + i] << 8) | ram[0x1000 + i + 1];
        const len = insnLength(op, w);
        const d = disassemble((a) => (ram[a] << 8) | ram[a + 1], 0x1000);
        if (len >= 0 && !d.text.startsWith('dc.w') && d.length !== len) {
          disagree.push(`${op.toString(16)}: decoder ${len}, disassembler ${d.length} (${d.text})`);
        }
        compared++;
        // The interpreter: where the PC is after the instruction, when it fell through.
        if (len < 0 || endsBlock(op) || op >> 12 === 6 || (op & 0xf0f8) === 0x50c8) continue;
        for (let r = 0; r < 16; r++) cpu.r[r] = 0x4000 + 16 * r;
        cpu.setSR(0x2700);
        cpu.setISP(0xf000);
        cpu.vbr = 0;
        cpu.pc = 0x1000;
        cpu.stopped = false;
        cpu.halted = false;
        cpu.lastException = -1;
        const exceptions = cpu.exceptions;
        cpu.step();
        if (cpu.exceptions !== exceptions || cpu.halted) continue;
        ran++;
        if (cpu.pc !== 0x1000 + len)
          disagree.push(`${op.toString(16)}: decoder ${len}, interpreter ${cpu.pc - 0x1000} (${d.text})`);
      }
    }
    expect(disagree.slice(0, 20)).toEqual([]);
    expect(compared).toBeGreaterThan(100_000);
    expect(ran).toBeGreaterThan(50_000);
  });

  it('ends a block at a branch, a trap, an SR change, and runs on past a conditional branch', () => {
    const bus = new FlatBus(0x10000);
    // moveq; bne (conditional: goes on); add; bra (ends)
    writeWords(bus.flatRam, 0x1000, [0x7001, 0x6602, 0xd081, 0x60f8, 0x7002]);
    expect(decodeBlock(bus.flatRam, 0x1000, 0x1000).map((i) => i.pc)).toEqual([
      0x1000, 0x1002, 0x1004, 0x1006,
    ]);
    for (const op of [0x4e75, 0x4e73, 0x4e40, 0x46c0, 0x027c, 0x4e7b, 0xa123, 0xf000, 0x4afc, 0x4e72])
      expect(endsBlock(op), op.toString(16)).toBe(true);
    for (const op of [0x6602, 0x51c8, 0x4e71, 0x4e76, 0xd081, 0x2010])
      expect(endsBlock(op), op.toString(16)).toBe(false);
  });

  it('stops a block before an instruction that runs past the page', () => {
    const bus = new FlatBus(0x10000);
    // A move.l #imm,d0 (6 bytes) starting 4 bytes before the end of page 0.
    writeWords(bus.flatRam, 0x1ffa, [0x7001, 0x7002, 0x203c, 0x1234]);
    writeWords(bus.flatRam, 0x2000, [0x5678]);
    expect(decodeBlock(bus.flatRam, 0x1ffa, 0x1ffa).map((i) => i.pc)).toEqual([0x1ffa, 0x1ffc]);
  });
});

describe('the translator', () => {
  function run(code: number[], setup: (cpu: Cpu) => void = () => {}, at = 0x1000) {
    const { cpu } = jitMachine(code, at);
    setup(cpu);
    cpu.run(1_000_000);
    return cpu;
  }

  it('makes add.l d1,d2; bne of straight-line JavaScript: no EA or ALU helpers, one cycle update, a loop', () => {
    // 1ffc: add.l d1,d2 ; 1ffe: bne.s 1ffc ; 2000: stop #$2700 (the page ends the block before it)
    const cpu = run(
      [0xd481, 0x66fc, 0x4e72, 0x2700],
      (c) => {
        c.d[1] = 1;
        c.d[2] = -5;
      },
      0x1ffc,
    );
    expect(cpu.stopped).toBe(true);
    expect(cpu.d[2]).toBe(0);
    expect(cpu.instructions).toBe(5 * 2 + 1);
    const src = cpu.blocks?.sourceAt(0x1ffc) ?? '';
    expect(src).toContain('function block_00001ffc');
    // Operands are locals, the addition inline, the branch back a loop in the function.
    expect(src).toMatch(/\(t\d+ \+ t\d+\) \| 0/);
    expect(src).toContain('for (;;)');
    for (const helper of [
      'eaRead',
      'eaWrite',
      'eaAddr',
      'rmwRead',
      'rmwWrite',
      'testCC',
      'logicFlags',
      'shiftFor',
    ])
      expect(src).not.toContain(helper);
    expect(src).not.toMatch(/\b(add|sub|cmp|addx|subx)\(cpu/);
    expect(src).not.toMatch(/\bh\d+\(cpu\)/); // no call to an interpreter handler
    // Cycles and instructions are counted once, where the block is left.
    expect(src.match(/cpu\.cycles =/g)).toHaveLength(1);
    expect(src).not.toContain('cpu.cycles +=');
    expect(src.match(/cpu\.instructions =/g)).toHaveLength(1);
  });

  it('leaves rare instructions to the interpreter’s handlers (a call) and carries on after them', () => {
    // abcd d0,d1 (a handler); addq.l #1,d2; stop
    const cpu = run([0xc300, 0x5282, 0x4e72, 0x2700], (c) => {
      c.d[0] = 0x19;
      c.d[1] = 0x23;
    });
    expect(cpu.stopped).toBe(true);
    expect(cpu.d[1] & 0xff).toBe(0x42);
    expect(cpu.d[2]).toBe(1);
    const src = cpu.blocks?.sourceAt(0x1000) ?? '';
    expect(src).toMatch(/h0\(cpu\)/);
  });
});
