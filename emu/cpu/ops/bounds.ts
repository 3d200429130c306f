/**
 * CMP2 and CHK2 (68020): compare a register against a pair of bounds in
 * memory, lower bound first. One test serves signed and unsigned ranges:
 * the value is in bounds when (value - lower) <= (upper - lower) as
 * unsigned numbers, which holds for a signed range whose lower bound is the
 * arithmetically smaller one and for an unsigned range whose lower bound is
 * the logically smaller one (MC68020 UM, CHK2/CMP2).
 */
import { signExtend } from '../alu.js';
import { type Handler, VEC_CHK } from '../cpu.js';
import { EA_CONTROL, eaAddr, eaIn, eaKind, type Size } from '../ea.js';
import { chargeEAas, cycleTimes, EA_FETCH_IMM, fetchImmEA, instrTimes as T } from '../timing.js';

/** CMP2/CHK2 <ea>,Rn: 0000 0ss0 11 <ea> (ss 00 byte, 01 word, 10 long) + extension word. */
export function decodeCmp2(op: number): Handler | null {
  const size = ([1, 2, 4] as Size[])[(op >> 9) & 3];
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (!eaIn(mode, reg, EA_CONTROL)) return null;
  const k = eaKind(mode, reg);
  // §8.2.16: + fiea (#<data>.W column, a two-word instruction).
  chargeEAas(op, EA_FETCH_IMM);
  const cycles = T.cmp2 + fetchImmEA(k, false);
  const trapCycles = fetchImmEA(k, false) + cycleTimes.chk;
  const bits = size * 8;
  return (cpu) => {
    const ext = cpu.fetch16();
    if (ext & 0x07ff) return cpu.illegal();
    const rn = ext >> 12;
    const a = eaAddr(cpu, k, reg, size);
    let lower = cpu.read(size, a);
    let upper = cpu.read(size, a + size);
    let value = cpu.r[rn];
    if (rn >= 8) {
      // An address register is compared whole against sign-extended bounds.
      lower = signExtend(lower, size);
      upper = signExtend(upper, size);
    } else {
      value = size === 4 ? value : value & ((1 << bits) - 1);
    }
    value >>>= 0;
    lower >>>= 0;
    upper >>>= 0;
    const mask = rn >= 8 || size === 4 ? 0xffffffff : (1 << bits) - 1;
    const offset = (value - lower) & mask;
    const range = (upper - lower) & mask;
    cpu.flagZ = value === lower || value === upper ? 1 : 0;
    cpu.flagC = offset >>> 0 > range >>> 0 ? 1 : 0;
    if (ext & 0x800 && cpu.flagC) cpu.trapAfter(VEC_CHK, trapCycles);
    else cpu.cycles += cycles;
  };
}
