/**
 * The 68020's compare-and-swap instructions, the building blocks of
 * lock-free updates on a multiprocessor: CAS (one operand) and CAS2 (two
 * operands through two registers). Both are read-modify-write cycles that
 * hold the bus; here one instruction runs to completion before any other
 * bus master moves, so they are indivisible by construction.
 */
import { cmp, shiftFor } from '../alu.js';
import type { Cpu, Handler } from '../cpu.js';
import { EA_MEM_ALT, eaAddr, eaIn, eaKind, mergeDn, type Size } from '../ea.js';
import { calcImmEA, chargeEAas, EA_CALC, instrTimes as T } from '../timing.js';

/** CAS Dc,Du,<ea>: 0000 1ss0 11 <ea>, ss = 01 byte, 10 word, 11 long; extension word 0000 000u uu00 0ccc. */
export function decodeCas(op: number): Handler | null {
  const size = ([0, 1, 2, 4] as const)[(op >> 9) & 3] as Size;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (!eaIn(mode, reg, EA_MEM_ALT)) return null;
  const k = eaKind(mode, reg);
  const sh = shiftFor(size);
  // §8.2.16: by the outcome of the compare, + ciea.
  chargeEAas(op, EA_CALC);
  const miss = T.cas + calcImmEA(k);
  const hit = T.casHit + calcImmEA(k);
  return (cpu) => {
    const ext = cpu.fetch16();
    if (ext & 0xfe38) return cpu.illegal();
    const dc = ext & 7;
    const du = (ext >> 6) & 7;
    const a = eaAddr(cpu, k, reg, size);
    const v = cpu.read(size, a);
    cmp(cpu, sh, cpu.d[dc], v);
    if (cpu.flagZ) {
      cpu.write(size, a, cpu.d[du]);
      cpu.cycles += hit;
    } else {
      cpu.d[dc] = mergeDn(cpu.d[dc], v, size);
      cpu.cycles += miss;
    }
  };
}

/** CAS2 Dc1:Dc2,Du1:Du2,(Rn1):(Rn2): 0x0CFC (word) or 0x0EFC (long), two extension words. */
export function cas2(size: 2 | 4): Handler {
  const sh = shiftFor(size);
  return (cpu: Cpu) => {
    const ext1 = cpu.fetch16();
    const ext2 = cpu.fetch16();
    if ((ext1 | ext2) & 0x0e38) return cpu.illegal();
    const a1 = cpu.r[ext1 >> 12];
    const a2 = cpu.r[ext2 >> 12];
    const dc1 = ext1 & 7;
    const dc2 = ext2 & 7;
    const v1 = cpu.read(size, a1);
    const v2 = cpu.read(size, a2);
    cmp(cpu, sh, cpu.d[dc1], v1);
    if (cpu.flagZ) cmp(cpu, sh, cpu.d[dc2], v2);
    if (cpu.flagZ) {
      // Both operands matched: store both updates. Check the second address
      // first so a fault cannot leave the first one half-done; and should the
      // second write fail all the same, put the first operand back, since
      // the restarted CAS2 compares it again.
      cpu.probeWrite(a2, size);
      cpu.write(size, a1, cpu.d[(ext1 >> 6) & 7]);
      try {
        cpu.write(size, a2, cpu.d[(ext2 >> 6) & 7]);
      } catch (e) {
        cpu.write(size, a1, v1);
        throw e;
      }
    } else {
      // Load the operands; with Dc1 = Dc2 the register ends up with operand 1.
      cpu.d[dc2] = mergeDn(cpu.d[dc2], v2, size);
      cpu.d[dc1] = mergeDn(cpu.d[dc1], v1, size);
    }
    cpu.cycles += cpu.flagZ ? T.cas2Hit : T.cas2;
  };
}
