/**
 * Data movement: MOVE, MOVEA, MOVEQ, MOVEM, LEA, PEA, EXG, SWAP, EXT/EXTB,
 * LINK, UNLK, and the moves to and from CCR, SR and USP.
 */
import { logicFlags, shiftFor } from '../alu.js';
import type { Handler } from '../cpu.js';
import {
  EA_ALL,
  EA_CONTROL,
  EA_CTRL_ALT,
  EA_DATA,
  EA_DATA_ALT,
  eaAddr,
  eaIn,
  eaKind,
  eaRead,
  eaWrite,
  K_DN,
  type Size,
} from '../ea.js';
import {
  calcEA,
  calcImmEA,
  chargeEAas,
  EA_CALC,
  EA_MOVE,
  eaTime,
  moveTime,
  instrTimes as T,
} from '../timing.js';

/** MOVE and MOVEA: 00ss ddd DDD sss SSS (size 1 byte, 3 word, 2 long). */
export function decodeMove(op: number): Handler | null {
  const size: Size = [0, 1, 4, 2][(op >> 12) & 3] as Size;
  const srcMode = (op >> 3) & 7;
  const srcReg = op & 7;
  const dstMode = (op >> 6) & 7;
  const dstReg = (op >> 9) & 7;
  if (!eaIn(srcMode, srcReg, EA_ALL) || (srcMode === 1 && size === 1)) return null;
  const sk = eaKind(srcMode, srcReg);
  const dk = eaKind(dstMode, dstReg);
  chargeEAas(op, EA_MOVE);
  const cycles = moveTime(sk, dk, size);
  if (dstMode === 1) {
    // MOVEA: no flags; words are sign-extended to the whole register.
    if (size === 1) return null;
    if (size === 4 && srcMode <= 1) {
      const src = srcMode * 8 + srcReg;
      const dst = 8 + dstReg;
      return (cpu) => {
        cpu.r[dst] = cpu.r[src];
        cpu.cycles += cycles;
      };
    }
    if (size === 2)
      return (cpu) => {
        cpu.a[dstReg] = (eaRead(cpu, sk, srcReg, 2) << 16) >> 16;
        cpu.cycles += cycles;
      };
    return (cpu) => {
      cpu.a[dstReg] = eaRead(cpu, sk, srcReg, 4);
      cpu.cycles += cycles;
    };
  }
  if (!eaIn(dstMode, dstReg, EA_DATA_ALT)) return null;
  const sh = shiftFor(size);
  if (dstMode === 0 && size === 4 && srcMode <= 1) {
    const src = srcMode * 8 + srcReg;
    return (cpu) => {
      const v = cpu.r[src];
      cpu.r[dstReg] = v;
      cpu.flagN = v >>> 31;
      cpu.flagZ = v === 0 ? 1 : 0;
      cpu.flagV = cpu.flagC = 0;
      cpu.cycles += cycles;
    };
  }
  if (dstMode === 0 && size === 4)
    return (cpu) => {
      const v = eaRead(cpu, sk, srcReg, 4);
      cpu.d[dstReg] = v;
      cpu.flagN = v >>> 31;
      cpu.flagZ = v === 0 ? 1 : 0;
      cpu.flagV = cpu.flagC = 0;
      cpu.cycles += cycles;
    };
  if (dk === K_DN)
    return (cpu) => {
      const v = eaRead(cpu, sk, srcReg, size);
      logicFlags(cpu, sh, v);
      const old = cpu.d[dstReg];
      cpu.d[dstReg] = size === 2 ? (old & ~0xffff) | v : (old & ~0xff) | v;
      cpu.cycles += cycles;
    };
  return (cpu) => {
    const v = eaRead(cpu, sk, srcReg, size);
    logicFlags(cpu, sh, v);
    cpu.write(size, eaAddr(cpu, dk, dstReg, size), v);
    cpu.cycles += cycles;
  };
}

/** MOVEQ #d8,Dn. */
export function decodeMoveq(op: number): Handler | null {
  if (op & 0x100) return null;
  const dn = (op >> 9) & 7;
  const v = (op << 24) >> 24;
  const n = v < 0 ? 1 : 0;
  const z = v === 0 ? 1 : 0;
  const cycles = T.moveq;
  return (cpu) => {
    cpu.d[dn] = v;
    cpu.flagN = n;
    cpu.flagZ = z;
    cpu.flagV = cpu.flagC = 0;
    cpu.cycles += cycles;
  };
}

/** LEA <ea>,An. */
export function decodeLea(op: number): Handler | null {
  const an = (op >> 9) & 7;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (!eaIn(mode, reg, EA_CONTROL)) return null;
  const k = eaKind(mode, reg);
  chargeEAas(op, EA_CALC);
  const cycles = T.lea + calcEA(k);
  return (cpu) => {
    cpu.a[an] = eaAddr(cpu, k, reg, 4);
    cpu.cycles += cycles;
  };
}

/** PEA <ea>. */
export function decodePea(op: number): Handler | null {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (!eaIn(mode, reg, EA_CONTROL)) return null;
  const k = eaKind(mode, reg);
  chargeEAas(op, EA_CALC);
  const cycles = T.pea + calcEA(k);
  return (cpu) => {
    cpu.push32(eaAddr(cpu, k, reg, 4));
    cpu.cycles += cycles;
  };
}

/** EXG: opmode 01000 Dx,Dy; 01001 Ax,Ay; 10001 Dx,Ay. */
export function decodeExg(op: number): Handler | null {
  const rx = (op >> 9) & 7;
  const ry = op & 7;
  switch ((op >> 3) & 0x1f) {
    case 0x08:
      return (cpu) => {
        const t = cpu.d[rx];
        cpu.d[rx] = cpu.d[ry];
        cpu.d[ry] = t;
        cpu.cycles += T.exg;
      };
    case 0x09:
      return (cpu) => {
        const t = cpu.a[rx];
        cpu.a[rx] = cpu.a[ry];
        cpu.a[ry] = t;
        cpu.cycles += T.exg;
      };
    case 0x11:
      return (cpu) => {
        const t = cpu.d[rx];
        cpu.d[rx] = cpu.a[ry];
        cpu.a[ry] = t;
        cpu.cycles += T.exg;
      };
    default:
      return null;
  }
}

/** SWAP Dn. */
export function swap(dn: number): Handler {
  return (cpu) => {
    const v = cpu.d[dn];
    const r = (v << 16) | (v >>> 16);
    cpu.d[dn] = r;
    logicFlags(cpu, 0, r);
    cpu.cycles += T.swap;
  };
}

/** EXT.W (opmode 2), EXT.L (3), EXTB.L (7). */
export function ext(opmode: number, dn: number): Handler {
  if (opmode === 2)
    return (cpu) => {
      const v = (cpu.d[dn] << 24) >> 24;
      cpu.d[dn] = (cpu.d[dn] & ~0xffff) | (v & 0xffff);
      logicFlags(cpu, 0, v);
      cpu.cycles += T.ext;
    };
  const shift = opmode === 3 ? 16 : 24;
  return (cpu) => {
    const v = (cpu.d[dn] << shift) >> shift;
    cpu.d[dn] = v;
    logicFlags(cpu, 0, v);
    cpu.cycles += T.ext;
  };
}

/** LINK An,#disp (word form 0x4E50, long form 0x4808). */
export function link(an: number, long: boolean): Handler {
  return (cpu) => {
    const disp = long ? cpu.fetch32() : (cpu.fetch16() << 16) >> 16;
    // LINK A7 stores A7's value from before the push.
    const sp = cpu.a[7] - 4;
    cpu.wr32(sp, cpu.a[an]);
    cpu.a[7] = sp;
    cpu.a[an] = sp;
    cpu.a[7] += disp;
    cpu.cycles += long ? T.linkL : T.linkW;
  };
}

/** UNLK An. */
export function unlk(an: number): Handler {
  return (cpu) => {
    const fp = cpu.a[an];
    const v = cpu.rd32(fp);
    cpu.a[7] = fp + 4;
    cpu.a[an] = v;
    cpu.cycles += T.unlk;
  };
}

/** MOVE to CCR (0x44C0), to SR (0x46C0), from SR (0x40C0), from CCR (0x42C0). */
export function decodeMoveSR(op: number): Handler | null {
  const which = (op >> 9) & 3; // 0 from SR, 1 from CCR, 2 to CCR, 3 to SR
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const k = eaKind(mode, reg);
  if (which >= 2) {
    if (!eaIn(mode, reg, EA_DATA)) return null;
    const cycles = (which === 2 ? T.moveToCcr : T.moveToSr) + eaTime(k, 2);
    if (which === 2)
      return (cpu) => {
        cpu.setCCR(eaRead(cpu, k, reg, 2));
        cpu.cycles += cycles;
      };
    return (cpu) => {
      if (!cpu.srS) return cpu.privilegeViolation();
      cpu.setSR(eaRead(cpu, k, reg, 2) & 0xf71f);
      cpu.cycles += cycles;
    };
  }
  if (!eaIn(mode, reg, EA_DATA_ALT)) return null;
  chargeEAas(op, EA_CALC);
  const cycles = mode === 0 ? T.moveFromSrToDn : T.moveFromSrToMem + calcEA(k);
  if (which === 1)
    return (cpu) => {
      eaWrite(cpu, k, reg, 2, cpu.getCCR());
      cpu.cycles += cycles;
    };
  // MOVE from SR is privileged from the 68010 on.
  return (cpu) => {
    if (!cpu.srS) return cpu.privilegeViolation();
    eaWrite(cpu, k, reg, 2, cpu.getSR());
    cpu.cycles += cycles;
  };
}

/** MOVE An,USP (0x4E60) and MOVE USP,An (0x4E68): privileged. */
export function moveUsp(op: number): Handler {
  const an = op & 7;
  if (op & 8)
    return (cpu) => {
      if (!cpu.srS) return cpu.privilegeViolation();
      cpu.a[an] = cpu.usp;
      cpu.cycles += T.moveUsp;
    };
  return (cpu) => {
    if (!cpu.srS) return cpu.privilegeViolation();
    cpu.usp = cpu.a[an];
    cpu.cycles += T.moveUsp;
  };
}

/** MOVEM: 0100 1d00 1s mmmrrr, register mask in the next word. */
export function decodeMovem(op: number): Handler | null {
  const toRegs = (op & 0x400) !== 0;
  const size: Size = op & 0x40 ? 4 : 2;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const k = eaKind(mode, reg);
  // §8.2.7: a base plus a time per register, and the calculate immediate EA time.
  chargeEAas(op, EA_CALC);
  const perReg = toRegs ? T.movemToRegsPerReg : T.movemToMemPerReg;
  const base = (toRegs ? T.movemToRegs : T.movemToMem) + calcImmEA(k);
  if (toRegs) {
    if (!(mode === 3 || eaIn(mode, reg, EA_CONTROL))) return null;
    return (cpu) => {
      const mask = cpu.fetch16();
      let a = mode === 3 ? cpu.a[reg] : eaAddr(cpu, k, reg, size);
      let n = 0;
      for (let i = 0; i < 16; i++) {
        if (!(mask & (1 << i))) continue;
        const v = size === 4 ? cpu.rd32(a) : (cpu.rd16(a) << 16) >> 16;
        cpu.logRegister(i); // a later fault puts the register back
        cpu.r[i] = v;
        a += size;
        n++;
      }
      if (mode === 3) cpu.a[reg] = a;
      cpu.cycles += base + n * perReg;
    };
  }
  if (!(mode === 4 || eaIn(mode, reg, EA_CTRL_ALT))) return null;
  if (mode === 4) {
    // -(An): the mask is reversed (bit 0 = A7) and registers go from A7 down to D0.
    // On the 68020 a stored An is its initial value minus the operand size.
    return (cpu) => {
      const mask = cpu.fetch16();
      const initial = cpu.a[reg];
      let a = initial;
      let n = 0;
      // All stores or none: check the whole block can be written first.
      const bytes = popcount16(mask) * size;
      cpu.probeWrite(initial - bytes, bytes);
      for (let i = 0; i < 16; i++) {
        if (!(mask & (1 << i))) continue;
        const r = 15 - i;
        let v = r < 8 ? cpu.d[r] : cpu.a[r - 8];
        if (r - 8 === reg) v = initial - size;
        a -= size;
        if (size === 4) cpu.wr32(a, v);
        else cpu.wr16(a, v);
        n++;
      }
      cpu.a[reg] = a;
      cpu.cycles += base + n * perReg;
    };
  }
  return (cpu) => {
    const mask = cpu.fetch16();
    let a = eaAddr(cpu, k, reg, size);
    let n = 0;
    cpu.probeWrite(a, popcount16(mask) * size);
    for (let i = 0; i < 16; i++) {
      if (!(mask & (1 << i))) continue;
      const v = i < 8 ? cpu.d[i] : cpu.a[i - 8];
      if (size === 4) cpu.wr32(a, v);
      else cpu.wr16(a, v);
      a += size;
      n++;
    }
    cpu.cycles += base + n * perReg;
  };
}

function popcount16(m: number): number {
  let n = 0;
  for (let x = m; x; x &= x - 1) n++;
  return n;
}
