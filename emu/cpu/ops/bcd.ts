/**
 * Binary-coded decimal: ABCD, SBCD, NBCD, and the 68020's PACK and UNPK.
 *
 * The adds and subtracts work on both digits at once: first the binary
 * result, then the carries (or borrows) out of each nibble, then a
 * correction of 6 for each nibble that carried or went past 9. The V flag
 * ("undefined" in the manual) comes out as the real chip computes it: set
 * when the correction flips bit 7 from 0 to 1 (add) or 1 to 0 (subtract).
 */
import type { Cpu, Handler } from '../cpu.js';
import { EA_DATA_ALT, eaAddr, eaIn, eaKind, K_PREDEC, rmwRead, rmwWrite } from '../ea.js';
import { eaTime, instrTimes as T } from '../timing.js';

/** dst + src + X in BCD; sets X, C, V, N and clears Z if the result is non-zero. */
export function bcdAdd(cpu: Cpu, src: number, dst: number): number {
  const ss = dst + src + cpu.flagX;
  const carries = ((dst & src) | (~ss & dst) | (~ss & src)) & 0x88; // out of each nibble
  const past9 = (((ss + 0x66) ^ ss) & 0x110) >> 1; // a nibble above 9
  const need = carries | past9;
  const res = ss + (need - (need >> 2)); // 0x88 -> 0x66
  cpu.flagC = cpu.flagX = ((carries | (ss & ~res)) >> 7) & 1;
  cpu.flagV = ((~ss & res) >> 7) & 1;
  return setNZ(cpu, res);
}

/** dst - src - X in BCD; flags as bcdAdd. */
export function bcdSub(cpu: Cpu, src: number, dst: number): number {
  const dd = dst - src - cpu.flagX;
  const borrows = ((~dst & src) | (dd & ~dst) | (dd & src)) & 0x88;
  const res = dd - (borrows - (borrows >> 2));
  cpu.flagC = cpu.flagX = ((borrows | (~dd & res)) >> 7) & 1;
  cpu.flagV = ((dd & ~res) >> 7) & 1;
  return setNZ(cpu, res);
}

function setNZ(cpu: Cpu, res: number): number {
  const r = res & 0xff;
  cpu.flagN = r >> 7;
  if (r !== 0) cpu.flagZ = 0;
  return r;
}

/** ABCD (line C) and SBCD (line 8): Dy,Dx or -(Ay),-(Ax). */
export function decodeAbcdSbcd(op: number): Handler {
  const fn = op >> 12 === 0xc ? bcdAdd : bcdSub;
  const rx = (op >> 9) & 7;
  const ry = op & 7;
  if ((op & 8) === 0)
    return (cpu) => {
      const r = fn(cpu, cpu.d[ry] & 0xff, cpu.d[rx] & 0xff);
      cpu.d[rx] = (cpu.d[rx] & ~0xff) | r;
      cpu.cycles += T.bcdReg;
    };
  return (cpu) => {
    const s = cpu.rd8(eaAddr(cpu, K_PREDEC, ry, 1));
    const a = eaAddr(cpu, K_PREDEC, rx, 1);
    const d = cpu.rd8(a);
    cpu.probeWrite(a, 1); // fault before X and Z change (restart)
    cpu.logCCR();
    cpu.wr8(a, fn(cpu, s, d));
    cpu.cycles += T.bcdMem;
  };
}

/** NBCD <ea>: 0 - <ea> - X in BCD. */
export function decodeNbcd(op: number): Handler | null {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (!eaIn(mode, reg, EA_DATA_ALT)) return null;
  const k = eaKind(mode, reg);
  const cycles = T.nbcd + eaTime(k, 1);
  return (cpu) => {
    const v = rmwRead(cpu, k, reg, 1);
    cpu.logCCR(); // X and Z are inputs: a restart must find them unchanged
    rmwWrite(cpu, k, reg, 1, bcdSub(cpu, v, 0));
    cpu.cycles += cycles;
  };
}

/**
 * PACK (opmode 5) and UNPK (opmode 6) on line 8: convert between two
 * unpacked digits in a word and a packed byte, adding an adjustment word.
 * No flags change.
 */
export function decodePackUnpk(op: number): Handler {
  const pack = ((op >> 6) & 7) === 5;
  const ry = (op >> 9) & 7; // destination
  const rx = op & 7; // source
  const memory = (op & 8) !== 0;
  if (!memory) {
    if (pack)
      return (cpu) => {
        const v = (cpu.d[rx] + cpu.fetch16()) & 0xffff;
        cpu.d[ry] = (cpu.d[ry] & ~0xff) | ((v >> 4) & 0xf0) | (v & 0xf);
        cpu.cycles += T.packReg;
      };
    return (cpu) => {
      const v = cpu.d[rx] & 0xff;
      const w = ((((v << 4) & 0xf00) | (v & 0xf)) + cpu.fetch16()) & 0xffff;
      cpu.d[ry] = (cpu.d[ry] & ~0xffff) | w;
      cpu.cycles += T.unpkReg;
    };
  }
  const src = (cpu: Cpu) => eaAddr(cpu, K_PREDEC, rx, 1);
  const dst = (cpu: Cpu) => eaAddr(cpu, K_PREDEC, ry, 1);
  if (pack)
    return (cpu) => {
      const adj = cpu.fetch16();
      const lo = cpu.rd8(src(cpu));
      const hi = cpu.rd8(src(cpu));
      const v = (((hi << 8) | lo) + adj) & 0xffff;
      cpu.wr8(dst(cpu), ((v >> 4) & 0xf0) | (v & 0xf));
      cpu.cycles += T.packMem;
    };
  return (cpu) => {
    const adj = cpu.fetch16();
    const v = cpu.rd8(src(cpu));
    const w = ((((v << 4) & 0xf00) | (v & 0xf)) + adj) & 0xffff;
    dst(cpu);
    // The two bytes as one (unaligned) word operand: all or nothing, so a
    // restart never reads back a byte this instruction already wrote.
    cpu.wr16(dst(cpu), w);
    cpu.cycles += T.unpkMem;
  };
}
