/**
 * Program flow and system control: Bcc/BRA/BSR, DBcc, Scc, TRAPcc, JMP, JSR,
 * RTS, RTR, RTD, RTE, TRAP, TRAPV, CHK, STOP, RESET, NOP, TAS, MOVEC, MOVES.
 */
import { signExtend, testCC } from '../alu.js';
import { type Cpu, type Handler, VEC_CHK, VEC_FORMAT_ERROR, VEC_TRAP0, VEC_TRAPV } from '../cpu.js';
import {
  EA_CONTROL,
  EA_DATA,
  EA_DATA_ALT,
  EA_MEM_ALT,
  eaAddr,
  eaIn,
  eaKind,
  eaRead,
  rmwRead,
  rmwWrite,
  type Size,
} from '../ea.js';
import { RESTART_MARK } from '../exceptions.js';
import {
  calcEA,
  calcImmEA,
  chargeEAas,
  cycleTimes,
  EA_CALC,
  eaTime,
  jumpEA,
  rteTimes,
  instrTimes as T,
} from '../timing.js';

/** Bcc, BRA (cc 0) and BSR (cc 1): 8, 16 or 32-bit displacement from the opcode's address + 2. */
export function decodeBranch(op: number): Handler {
  const cc = (op >> 8) & 15;
  const d8 = (op << 24) >> 24;
  const read = (cpu: Cpu): number =>
    d8 === 0 ? (cpu.fetch16() << 16) >> 16 : d8 === -1 ? cpu.fetch32() : d8;
  // §8.2.15: taken (and BRA) one time for every size; not taken, .B is faster.
  const taken = T.branchTaken;
  const notTaken = d8 !== 0 && d8 !== -1 ? T.bccNotTakenB : T.bccNotTakenW;
  if (cc === 1) {
    const bsr = T.bsr;
    return (cpu) => {
      const base = cpu.pc;
      const disp = read(cpu);
      cpu.push32(cpu.pc);
      cpu.pc = (base + disp) >>> 0;
      cpu.cycles += bsr;
    };
  }
  if (cc === 0) {
    if (d8 !== 0 && d8 !== -1)
      return (cpu) => {
        cpu.pc = (cpu.pc + d8) >>> 0;
        cpu.cycles += taken;
      };
    return (cpu) => {
      const base = cpu.pc;
      cpu.pc = (base + read(cpu)) >>> 0;
      cpu.cycles += taken;
    };
  }
  if (d8 !== 0 && d8 !== -1)
    return (cpu) => {
      if (testCC(cpu, cc)) {
        cpu.pc = (cpu.pc + d8) >>> 0;
        cpu.cycles += taken;
      } else cpu.cycles += notTaken;
    };
  return (cpu) => {
    const base = cpu.pc;
    const disp = read(cpu);
    if (testCC(cpu, cc)) {
      cpu.pc = (base + disp) >>> 0;
      cpu.cycles += taken;
    } else cpu.cycles += notTaken;
  };
}

/** Line 5 with size 3: DBcc (mode 1), TRAPcc (mode 7, reg 2-4), Scc (data alterable). */
export function decodeCondSize3(op: number): Handler | null {
  const cc = (op >> 8) & 15;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (mode === 1) {
    // §8.2.15 DBcc: condition true; false and looping; false and the count expired.
    const isTrue = T.dbccTrue;
    const loop = T.dbccLoop;
    const expired = T.dbccExpired;
    return (cpu) => {
      const base = cpu.pc;
      const disp = (cpu.fetch16() << 16) >> 16;
      if (testCC(cpu, cc)) {
        cpu.cycles += isTrue;
        return;
      }
      const v = (cpu.d[reg] - 1) & 0xffff;
      cpu.d[reg] = (cpu.d[reg] & ~0xffff) | v;
      if (v !== 0xffff) {
        cpu.pc = (base + disp) >>> 0;
        cpu.cycles += loop;
      } else cpu.cycles += expired;
    };
  }
  if (mode === 7 && reg >= 2 && reg <= 4) {
    // TRAPcc with no operand, a word or a long operand (ignored by the CPU; for the handler).
    const skip = reg === 2 ? 2 : reg === 3 ? 4 : 0;
    const noTrap = reg === 2 ? T.trapccWNoTrap : reg === 3 ? T.trapccLNoTrap : T.trapccNoTrap;
    return (cpu) => {
      cpu.pc = (cpu.pc + skip) >>> 0;
      if (testCC(cpu, cc)) cpu.trapAfter(VEC_TRAPV, cycleTimes.trapv);
      else cpu.cycles += noTrap;
    };
  }
  if (!eaIn(mode, reg, EA_DATA_ALT)) return null;
  if (mode === 0) {
    const sccReg = T.sccReg;
    return (cpu) => {
      cpu.d[reg] = (cpu.d[reg] & ~0xff) | (testCC(cpu, cc) ? 0xff : 0);
      cpu.cycles += sccReg;
    };
  }
  const k = eaKind(mode, reg);
  chargeEAas(op, EA_CALC);
  const cycles = T.sccMem + calcEA(k);
  return (cpu) => {
    cpu.wr8(eaAddr(cpu, k, reg, 1), testCC(cpu, cc) ? 0xff : 0);
    cpu.cycles += cycles;
  };
}

/** JMP (0x4EC0) and JSR (0x4E80). */
export function decodeJump(op: number): Handler | null {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (!eaIn(mode, reg, EA_CONTROL)) return null;
  const k = eaKind(mode, reg);
  const jmp = T.jmp + jumpEA(k);
  const jsr = T.jsr + jumpEA(k);
  if (op & 0x40)
    return (cpu) => {
      cpu.pc = eaAddr(cpu, k, reg, 4) >>> 0;
      cpu.cycles += jmp;
    };
  return (cpu) => {
    const target = eaAddr(cpu, k, reg, 4);
    cpu.push32(cpu.pc);
    cpu.pc = target >>> 0;
    cpu.cycles += jsr;
  };
}

const RTS = T.rts;
export const rts: Handler = (cpu) => {
  cpu.pc = cpu.pop32() >>> 0;
  cpu.cycles += RTS;
};

export const rtr: Handler = (cpu) => {
  // Read both before changing anything, so a fault can restart RTR.
  const sp = cpu.a[7];
  const ccr = cpu.rd16(sp);
  const pc = cpu.rd32(sp + 2);
  cpu.a[7] = sp + 6;
  cpu.setCCR(ccr);
  cpu.pc = pc >>> 0;
  cpu.cycles += T.rtr;
};

export const rtd: Handler = (cpu) => {
  const disp = (cpu.fetch16() << 16) >> 16;
  cpu.pc = cpu.pop32() >>> 0;
  cpu.a[7] += disp;
  cpu.cycles += T.rtd;
};

/** Frame sizes by format for RTE; 0 marks a format RTE refuses. */
const FRAME_SIZE = [8, 8, 12, 0, 0, 0, 0, 0, 0, 20, 32, 92, 0, 0, 0, 0];

/** RTE: restore SR and PC from the frame, honouring the 68020 formats. */
export const rte: Handler = (cpu) => {
  if (!cpu.srS) return cpu.privilegeViolation();
  for (;;) {
    const sp = cpu.a[7];
    const sr = cpu.rd16(sp);
    const pc = cpu.rd32(sp + 2);
    const format = cpu.rd16(sp + 6) >> 12;
    const size = FRAME_SIZE[format];
    if (size === 0) {
      cpu.exception(VEC_FORMAT_ERROR, cpu.ppc);
      cpu.cycles += cycleTimes.formatError;
      return;
    }
    // Bus-fault frames ($A, $B) that this core stacked ask for the whole
    // instruction at the stacked PC to run again (see exceptions.ts).
    if (format >= 0xa && cpu.rd16(sp + 8) !== RESTART_MARK) {
      cpu.exception(VEC_FORMAT_ERROR, cpu.ppc);
      cpu.cycles += cycleTimes.formatError;
      return;
    }
    cpu.a[7] = sp + size;
    cpu.setSR(sr & 0xf71f);
    cpu.cycles += rteTimes[format];
    if (format === 1) {
      // Throwaway frame: the real frame is on the stack SR now selects.
      if (!cpu.srS) break;
      continue;
    }
    cpu.pc = pc >>> 0;
    return;
  }
};

/** TRAP #n: vector 32+n, format 0, stacked PC = the next instruction. */
export function trap(n: number): Handler {
  return (cpu) => {
    cpu.exception(VEC_TRAP0 + n, cpu.pc);
    cpu.cycles += cycleTimes.trap;
  };
}

export const trapv: Handler = (cpu) => {
  if (cpu.flagV) cpu.trapAfter(VEC_TRAPV, cycleTimes.trapv);
  else cpu.cycles += T.trapccNoTrap;
};

/** CHK <ea>,Dn: word (0100 ddd 110) or, on the 68020, long (0100 ddd 100). */
export function decodeChk(op: number): Handler | null {
  const size: Size = op & 0x80 ? 2 : 4;
  const dn = (op >> 9) & 7;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (!eaIn(mode, reg, EA_DATA)) return null;
  const k = eaKind(mode, reg);
  const cycles = T.chk + eaTime(k, size);
  // Trap taken: the operand fetch, then the exception (see cycleTimes.chk).
  const trapCycles = eaTime(k, size) + cycleTimes.chk;
  return (cpu) => {
    const bound = signExtend(eaRead(cpu, k, reg, size), size);
    const v = signExtend(cpu.d[dn], size);
    // Z, V and C are undefined in the manual; these follow the 68000 microcode.
    cpu.flagZ = v === 0 ? 1 : 0;
    cpu.flagV = 0;
    cpu.flagC = 0;
    cpu.flagN = 0;
    if (v < 0) {
      cpu.flagN = 1;
      cpu.trapAfter(VEC_CHK, trapCycles);
    } else if (v > bound) {
      cpu.trapAfter(VEC_CHK, trapCycles);
    } else cpu.cycles += cycles;
  };
}

/**
 * STOP #sr: load SR and wait for an interrupt. A traced STOP (T1 or T0 set
 * when it begins: it loads SR, so it is a change of flow) loads SR, takes
 * the trace exception and never enters the stopped state (MC68020 UM §6.1.7).
 */
export const stop: Handler = (cpu) => {
  if (!cpu.srS) return cpu.privilegeViolation();
  const traced = cpu.srT !== 0;
  const sr = cpu.fetch16();
  cpu.setSR(sr & 0xf71f);
  if (!traced) cpu.stopped = true;
  cpu.cycles += T.stop;
};

/** RESET: assert the reset line to the devices (not the CPU itself). */
export const reset: Handler = (cpu) => {
  if (!cpu.srS) return cpu.privilegeViolation();
  cpu.onResetInstruction?.();
  cpu.cycles += T.reset;
};

const NOP = T.nop;
export const nop: Handler = (cpu) => {
  cpu.cycles += NOP;
};

/** TAS <ea>: test a byte and set its bit 7 in one indivisible cycle. */
export function decodeTas(op: number): Handler | null {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (!eaIn(mode, reg, EA_DATA_ALT)) return null;
  const k = eaKind(mode, reg);
  chargeEAas(op, EA_CALC);
  const cycles = mode === 0 ? T.tasReg : T.tasMem + calcEA(k);
  return (cpu) => {
    const v = rmwRead(cpu, k, reg, 1);
    cpu.flagN = (v >> 7) & 1;
    cpu.flagZ = v === 0 ? 1 : 0;
    cpu.flagV = cpu.flagC = 0;
    rmwWrite(cpu, k, reg, 1, v | 0x80);
    cpu.cycles += cycles;
  };
}

/** MOVEC Rc,Rn (0x4E7A) and Rn,Rc (0x4E7B). */
export function movec(toControl: boolean): Handler {
  const cycles = toControl ? T.movecToCtl : T.movecToReg;
  return (cpu) => {
    if (!cpu.srS) return cpu.privilegeViolation();
    const ext = cpu.fetch16();
    const r = ext >> 12;
    const code = ext & 0xfff;
    if (toControl) {
      const v = r < 8 ? cpu.d[r] : cpu.a[r - 8];
      if (!writeControl(cpu, code, v)) return cpu.illegal();
    } else {
      const v = readControl(cpu, code);
      if (v === undefined) return cpu.illegal();
      if (r < 8) cpu.d[r] = v;
      else cpu.a[r - 8] = v;
    }
    cpu.cycles += cycles;
  };
}

function readControl(cpu: Cpu, code: number): number | undefined {
  switch (code) {
    case 0x000:
      return cpu.sfc;
    case 0x001:
      return cpu.dfc;
    case 0x002:
      return cpu.cacr;
    case 0x800:
      return cpu.getUSP();
    case 0x801:
      return cpu.vbr;
    case 0x802:
      return cpu.caar;
    case 0x803:
      return cpu.getMSP();
    case 0x804:
      return cpu.getISP();
    default:
      return undefined;
  }
}

function writeControl(cpu: Cpu, code: number, v: number): boolean {
  switch (code) {
    case 0x000:
      cpu.sfc = v & 7;
      return true;
    case 0x001:
      cpu.dfc = v & 7;
      return true;
    case 0x002:
      // Of the four CACR bits only E (enable, bit 0) and F (freeze, bit 1)
      // are kept; C (clear cache, bit 3) and CE (clear entry, bit 2) are
      // commands and always read as 0 (MC68020 UM section 4, CACR). The
      // cache itself is emu/cpu/icache.ts (the 3/60 timing model). Code
      // that clears the cache expects newly written instructions to run,
      // so the block engine drops its translations too (it already does on
      // every write to translated code).
      cpu.setCacr(v);
      if (v & 0xc) cpu.blocks?.flush();
      return true;
    case 0x800:
      cpu.setUSP(v);
      return true;
    case 0x801:
      cpu.vbr = v >>> 0;
      return true;
    case 0x802:
      cpu.caar = v;
      return true;
    case 0x803:
      cpu.setMSP(v);
      return true;
    case 0x804:
      cpu.setISP(v);
      return true;
    default:
      return false;
  }
}

/** MOVES: 0000 1110 ss <ea> + ext; access another address space through SFC/DFC. */
export function decodeMoves(op: number): Handler | null {
  const sz = (op >> 6) & 3;
  if (sz === 3) return null;
  const size = ([1, 2, 4] as Size[])[sz];
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (!eaIn(mode, reg, EA_MEM_ALT)) return null;
  const k = eaKind(mode, reg);
  chargeEAas(op, EA_CALC);
  const toMem = T.movesToMem + calcImmEA(k);
  const toReg = T.movesToReg + calcImmEA(k);
  return (cpu) => {
    if (!cpu.srS) return cpu.privilegeViolation();
    const ext = cpu.fetch16();
    if (ext & 0x7ff) return cpu.illegal();
    const r = ext >> 12;
    const a = eaAddr(cpu, k, reg, size) >>> 0;
    const bus = cpu.bus;
    if (ext & 0x800) {
      const v = r < 8 ? cpu.d[r] : cpu.a[r - 8];
      if (size === 4) bus.write32(a, v, cpu.dfc);
      else if (size === 2) bus.write16(a, v & 0xffff, cpu.dfc);
      else bus.write8(a, v & 0xff, cpu.dfc);
    } else {
      const v =
        size === 4 ? bus.read32(a, cpu.sfc) : size === 2 ? bus.read16(a, cpu.sfc) : bus.read8(a, cpu.sfc);
      if (r >= 8) cpu.a[r - 8] = signExtend(v, size);
      else if (size === 4) cpu.d[r] = v;
      else if (size === 2) cpu.d[r] = (cpu.d[r] & ~0xffff) | v;
      else cpu.d[r] = (cpu.d[r] & ~0xff) | v;
    }
    cpu.cycles += ext & 0x800 ? toMem : toReg;
  };
}
