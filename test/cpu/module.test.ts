/**
 * CALLM and RTM, MC68020 UM §9.7 (module descriptor, figure 9-10; entry
 * word, figure 9-11; module stack frame, figure 9-12) and §9.8 (access
 * levels: type $01 talks to access-control hardware in CPU space, and a bus
 * error there is a format error).
 */
import { describe, expect, it } from 'vitest';
import { FC_CPU_SPACE } from '../../emu/bus/bus.js';
import { VEC_FORMAT_ERROR, VEC_ILLEGAL } from '../../emu/cpu/cpu.js';
import {
  CODE,
  DATA,
  FaultBus,
  flatMachine,
  handlerFor,
  readLong,
  readWord,
  STACK,
  setup,
  writeLong,
  writeWords,
} from './harness.js';

const DESC = DATA;
const MODULE = CODE + 0x200;
const DATA_AREA = 0xcafe0000 | 0;
const NOP = 0x4e71;

/** Write a module descriptor: opt, type, access level, entry word pointer, data area pointer. */
function descriptor(mem: Uint8Array, opt: number, type: number, entry = MODULE, level = 0): void {
  writeLong(mem, DESC, ((opt << 29) | (type << 24) | (level << 16)) >>> 0);
  writeLong(mem, DESC + 4, entry);
  writeLong(mem, DESC + 8, DATA_AREA);
}

/** CALLM #n,(xxx).L DESC; NOP */
const callm = (n: number) => [0x06f9, n, DESC >>> 16, DESC & 0xffff, NOP];

describe('CALLM with a type $00 descriptor', () => {
  it('builds the module stack frame of figure 9-12 and enters the module after its entry word', () => {
    const { cpu, mem } = flatMachine(callm(4));
    descriptor(mem, 0, 0);
    writeWords(mem, MODULE, [0xd000, NOP]); // entry word: A5
    const sp = STACK - 0x100;
    cpu.a[7] = sp;
    cpu.a[5] = 0x12345678;
    cpu.setCCR(0x0b);
    writeLong(mem, sp - 4, 0x5555aaaa); // +$14 of the frame: opt 000 leaves it alone
    const before = Array.from(cpu.r);
    cpu.step();
    expect(cpu.lastException).toBe(-1);
    expect(cpu.pc).toBe(MODULE + 2);
    const f = sp - 0x18;
    expect(cpu.a[7]).toBe(f);
    expect(cpu.a[5]).toBe(DATA_AREA); // the register the entry word names, loaded
    expect(cpu.getCCR()).toBe(0x0b); // not affected
    for (const r of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14]) expect(cpu.r[r]).toBe(before[r]);
    expect(readWord(mem, f)).toBe(0x0000); // opt 000, type $00, no saved access level
    expect(readWord(mem, f + 2)).toBe(0x000b); // the caller's CCR
    expect(readWord(mem, f + 4)).toBe(0x0004); // argument count
    expect(readLong(mem, f + 8)).toBe(DESC); // module descriptor pointer
    expect(readLong(mem, f + 0x0c)).toBe(CODE + 8); // the instruction after the CALLM
    expect(readLong(mem, f + 0x10)).toBe(0x12345678); // A5's old value
    expect(readLong(mem, f + 0x14)).toBe(0x5555aaaa); // not written for opt 000
  });

  it('with opt 100 saves the stack pointer the CALLM started with (the arguments pointer)', () => {
    const { cpu, mem } = flatMachine(callm(8));
    descriptor(mem, 4, 0);
    writeWords(mem, MODULE, [0x4000, NOP]); // entry word: D4
    const sp = STACK - 0x100;
    cpu.a[7] = sp;
    cpu.d[4] = 0x44;
    cpu.step();
    const f = sp - 0x18;
    expect(readWord(mem, f)).toBe(0x8000); // opt 100
    expect(readWord(mem, f + 4)).toBe(0x0008);
    expect(readLong(mem, f + 0x10)).toBe(0x44);
    expect(readLong(mem, f + 0x14)).toBe(sp);
    expect(cpu.d[4]).toBe(DATA_AREA);
  });

  it('an entry word naming A7 discards the data area pointer: A7 is the frame', () => {
    const { cpu, mem } = flatMachine(callm(0));
    descriptor(mem, 0, 0);
    writeWords(mem, MODULE, [0xf000, NOP]); // entry word: A7
    cpu.step();
    expect(cpu.a[7]).toBe(STACK - 0x18);
    expect(readLong(mem, STACK - 0x18 + 0x10)).toBe(STACK); // A7's old value, saved
  });

  it('RTM returns: PC, CCR and the register from the frame, the frame and the arguments removed', () => {
    // The caller pushes a long argument, calls, the module changes CCR and A5, RTM A5.
    const { cpu, mem } = flatMachine([0x2f3c, 0xaaaa, 0xaaaa, ...callm(4)]); // MOVE.L #$AAAAAAAA,-(A7)
    descriptor(mem, 0, 0);
    writeWords(mem, MODULE, [0xd000, 0x7000, 0x2a7c, 0x1111, 0x1111, 0x06cd]); // A5; MOVEQ #0,D0; MOVEA.L #$11111111,A5; RTM A5
    cpu.a[5] = 0x12345678;
    cpu.setCCR(0x1b);
    cpu.step(); // MOVE.L
    const ccr = cpu.getCCR();
    cpu.step(); // CALLM
    cpu.step(); // MOVEQ: Z set, N, V, C clear
    cpu.step(); // MOVEA
    expect(cpu.getCCR()).not.toBe(ccr);
    cpu.step(); // RTM A5
    expect(cpu.lastException).toBe(-1);
    expect(cpu.pc).toBe(CODE + 6 + 8);
    expect(cpu.a[5]).toBe(0x12345678);
    expect(cpu.getCCR()).toBe(ccr);
    expect(cpu.a[7]).toBe(STACK); // past the frame and the 4 bytes of argument
  });

  it('RTM A7: the saved value is lost, A7 ends past the frame', () => {
    const { cpu, mem } = flatMachine(callm(0));
    descriptor(mem, 0, 0);
    writeWords(mem, MODULE, [0xf000, 0x06cf]); // entry word: A7; RTM A7
    cpu.step();
    cpu.step();
    expect(cpu.pc).toBe(CODE + 8);
    expect(cpu.a[7]).toBe(STACK);
  });

  it('is not privileged: it runs in user state on the user stack', () => {
    const { cpu, mem } = flatMachine(callm(0), 0x0000);
    descriptor(mem, 0, 0);
    writeWords(mem, MODULE, [0xd000, 0x06cd]);
    cpu.setUSP(0x7000);
    cpu.step();
    expect(cpu.lastException).toBe(-1);
    expect(cpu.a[7]).toBe(0x7000 - 0x18);
    cpu.step();
    expect(cpu.a[7]).toBe(0x7000);
    expect(cpu.pc).toBe(CODE + 8);
  });
});

describe('CALLM and RTM format errors (§6.1.8, §9.7)', () => {
  const bad: [string, number, number][] = [
    ['opt 010', 2, 0],
    ['opt 111', 7, 0],
    ['type $02', 0, 2],
    ['type $10 (reserved for the user)', 0, 0x10],
  ];
  for (const [name, opt, type] of bad) {
    it(`CALLM with ${name}: format error, nothing changed, the frame points at the CALLM`, () => {
      const { cpu, mem } = flatMachine(callm(4));
      descriptor(mem, opt, type);
      cpu.a[5] = 0x12345678;
      const before = Array.from(cpu.r);
      cpu.step();
      expect(cpu.lastException).toBe(VEC_FORMAT_ERROR);
      expect(cpu.pc).toBe(handlerFor(VEC_FORMAT_ERROR));
      expect(Array.from(cpu.r).slice(0, 15)).toEqual(before.slice(0, 15));
      expect(cpu.a[7]).toBe(STACK - 8);
      expect(readLong(mem, STACK - 6)).toBe(CODE);
      expect(readWord(mem, STACK - 2)).toBe(VEC_FORMAT_ERROR * 4); // format $0
    });
  }

  it('RTM with an unrecognised opt in its frame: format error at the RTM', () => {
    const { cpu, mem } = flatMachine([0x06cd]);
    const sp = STACK - 0x100;
    writeWords(mem, sp, [0x4000]); // opt 010
    cpu.a[7] = sp;
    cpu.step();
    expect(cpu.lastException).toBe(VEC_FORMAT_ERROR);
    expect(readLong(mem, sp - 6)).toBe(CODE);
  });
});

describe('type $01: access-control hardware in CPU space (§9.8)', () => {
  /** A FaultBus that notes the CPU-space cycles it refuses. */
  class Recording extends FaultBus {
    cpuSpace: string[] = [];
    override read8(addr: number, fc: number): number {
      if (fc === FC_CPU_SPACE) this.cpuSpace.push(`read ${addr.toString(16)}`);
      return super.read8(addr, fc);
    }
    override write8(addr: number, v: number, fc: number): void {
      if (fc === FC_CPU_SPACE) this.cpuSpace.push(`write ${addr.toString(16)}`);
      super.write8(addr, v, fc);
    }
  }

  it('CALLM reads the current access level (CAL, $10000); the bus error makes it a format error', () => {
    const bus = new Recording();
    const cpu = setup(bus, bus.mem, callm(4));
    descriptor(bus.mem, 0, 1, MODULE, 0x33);
    cpu.a[5] = 0x12345678;
    cpu.step();
    expect(bus.cpuSpace).toEqual(['read 10000']);
    expect(cpu.lastException).toBe(VEC_FORMAT_ERROR);
    expect(cpu.a[5]).toBe(0x12345678);
    expect(cpu.a[7]).toBe(STACK - 8);
    expect(readLong(bus.mem, STACK - 6)).toBe(CODE);
  });

  it('RTM of a type $01 frame writes the saved level to DAL ($1000C); the bus error makes it a format error', () => {
    const bus = new Recording();
    const cpu = setup(bus, bus.mem, [0x06cd]);
    const sp = STACK - 0x100;
    writeWords(bus.mem, sp, [0x0111]); // opt 000, type $01, saved level $11
    cpu.a[7] = sp;
    cpu.step();
    expect(bus.cpuSpace).toEqual(['write 1000c']);
    expect(cpu.lastException).toBe(VEC_FORMAT_ERROR);
  });
});

describe('CALLM encodings', () => {
  it('takes only control addressing modes: (An)+ is illegal', () => {
    const { cpu } = flatMachine([0x06d8, 0x0000]); // CALLM #0,(A0)+
    cpu.step();
    expect(cpu.lastException).toBe(VEC_ILLEGAL);
  });

  it('CALLM #n,(d16,PC) finds its descriptor relative to the extension word', () => {
    // CALLM #0,(d16,PC) with the descriptor 12 bytes past the displacement word.
    const { cpu, mem } = flatMachine([0x06fa, 0x0000, 0x000c, NOP]);
    const at = CODE + 4 + 12;
    writeLong(mem, at, 0);
    writeLong(mem, at + 4, MODULE);
    writeLong(mem, at + 8, DATA_AREA);
    writeWords(mem, MODULE, [0x0000, NOP]); // entry word: D0
    cpu.step();
    expect(cpu.pc).toBe(MODULE + 2);
    expect(cpu.d[0]).toBe(DATA_AREA);
    expect(readLong(mem, STACK - 0x18 + 8)).toBe(at);
  });
});
