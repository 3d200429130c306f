/**
 * Single-bit operations BTST, BCHG, BCLR, BSET, with the bit number in a
 * register (dynamic) or an immediate word (static). On a data register the
 * operand is 32 bits wide; in memory it is a byte.
 */
import type { Handler } from '../cpu.js';
import { EA_DATA, EA_DATA_ALT, EA_DATA_NOIMM, eaAddr, eaIn, eaKind, eaRead } from '../ea.js';
import { chargeEAas, EA_FETCH_IMM, eaTime, fetchImmEA, instrTimes as T } from '../timing.js';

const BTST = 0;
const BCHG = 1;
const BCLR = 2;

function apply(type: number, v: number, mask: number): number {
  return type === BCHG ? v ^ mask : type === BCLR ? v & ~mask : v | mask;
}

/**
 * Line 0 bit operations. `dynamic` has the bit number in D(op bits 11-9);
 * otherwise it is the low bits of the immediate word that follows the opcode.
 */
export function decodeBitOp(op: number): Handler | null {
  const dynamic = (op & 0x100) !== 0;
  const type = (op >> 6) & 3;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const dn = (op >> 9) & 7;
  const allowed = type === BTST ? (dynamic ? EA_DATA : EA_DATA_NOIMM) : EA_DATA_ALT;
  if (!eaIn(mode, reg, allowed)) return null;
  const k = eaKind(mode, reg);
  // §8.2.13: the four alike; in memory + fea (Dn bit number) or fiea (#n).
  if (!dynamic) chargeEAas(op, EA_FETCH_IMM);
  const cycles = mode === 0 ? T.bitReg : T.bitMem + (dynamic ? eaTime(k, 1) : fetchImmEA(k, false));
  if (mode === 0) {
    return (cpu) => {
      const mask = 1 << ((dynamic ? cpu.d[dn] : cpu.fetch16()) & 31);
      const v = cpu.d[reg];
      cpu.flagZ = v & mask ? 0 : 1;
      if (type !== BTST) cpu.d[reg] = apply(type, v, mask);
      cpu.cycles += cycles;
    };
  }
  if (type === BTST) {
    return (cpu) => {
      const mask = 1 << ((dynamic ? cpu.d[dn] : cpu.fetch16()) & 7);
      cpu.flagZ = eaRead(cpu, k, reg, 1) & mask ? 0 : 1;
      cpu.cycles += cycles;
    };
  }
  return (cpu) => {
    const mask = 1 << ((dynamic ? cpu.d[dn] : cpu.fetch16()) & 7);
    const a = eaAddr(cpu, k, reg, 1);
    const v = cpu.rd8(a);
    cpu.flagZ = v & mask ? 0 : 1;
    cpu.wr8(a, apply(type, v, mask));
    cpu.cycles += cycles;
  };
}

/** MOVEP: 0000 ddd 1 d s 001 aaa — alternate bytes of memory to/from Dn. */
export function decodeMovep(op: number): Handler {
  const dn = (op >> 9) & 7;
  const an = op & 7;
  const toMemory = (op & 0x80) !== 0;
  const long = (op & 0x40) !== 0;
  const n = long ? 4 : 2;
  const cycles = toMemory ? (long ? T.movepToMemL : T.movepToMemW) : long ? T.movepToRegL : T.movepToRegW;
  return (cpu) => {
    const a = (cpu.a[an] + ((cpu.fetch16() << 16) >> 16)) | 0;
    if (toMemory) {
      cpu.probeWrite(a, 2 * n - 1);
      const v = cpu.d[dn];
      for (let i = 0; i < n; i++) cpu.wr8(a + 2 * i, v >>> (8 * (n - 1 - i)));
    } else {
      let v = 0;
      for (let i = 0; i < n; i++) v = (v << 8) | cpu.rd8(a + 2 * i);
      cpu.d[dn] = long ? v : (cpu.d[dn] & ~0xffff) | (v & 0xffff);
    }
    cpu.cycles += cycles;
  };
}
