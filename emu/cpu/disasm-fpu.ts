/**
 * The disassembler's part for the MC68881 (coprocessor 1 on the F-line):
 * the general instructions (an operation word after the opcode), FBcc,
 * FDBcc, FScc, FTRAPcc, FSAVE and FRESTORE, in Motorola syntax:
 * `fadd.d (a0),fp1`, `fmovem.x fp0-fp3,-(sp)`, `fmove.p fp0,(a0){#5}`,
 * `fsincos.x fp0,fp2:fp3` (cosine to fp2, sine to fp3), `fbne.w $1234`.
 *
 * It accepts exactly the words the emulated chip executes (emu/cpu/fpu):
 * anything the 68881 would refuse, or another coprocessor's word, is
 * `dc.w` (reason `line-f`). Real immediates print as their bits in hex.
 */
import {
  ALTERABLE,
  CONTROL,
  CTRL_ALT,
  DATA,
  DATA_ALT,
  type Decoder,
  dn,
  eaKind,
  Illegal,
  imm,
  MEM_ALT,
  MEMORY,
  need,
  type Operand,
  type Out,
  out,
  special,
} from './disasm.js';

/** A word the 68881 refuses (made when thrown: disasm.ts and this file import each other). */
const refused = (): Illegal => new Illegal('line-f');

/** Operation names by opmode (command word bits 6-0); '' for opmodes the 68881 lacks. */
const OPS: string[] = new Array(0x40).fill('');
Object.assign(OPS, {
  0: 'fmove',
  1: 'fint',
  2: 'fsinh',
  3: 'fintrz',
  4: 'fsqrt',
  6: 'flognp1',
  8: 'fetoxm1',
  9: 'ftanh',
  10: 'fatan',
  12: 'fasin',
  13: 'fatanh',
  14: 'fsin',
  15: 'ftan',
  16: 'fetox',
  17: 'ftwotox',
  18: 'ftentox',
  20: 'flogn',
  21: 'flog10',
  22: 'flog2',
  24: 'fabs',
  25: 'fcosh',
  26: 'fneg',
  28: 'facos',
  29: 'fcos',
  30: 'fgetexp',
  31: 'fgetman',
  32: 'fdiv',
  33: 'fmod',
  34: 'fadd',
  35: 'fmul',
  36: 'fsgldiv',
  37: 'frem',
  38: 'fscale',
  39: 'fsglmul',
  40: 'fsub',
  56: 'fcmp',
  58: 'ftst',
});
for (let i = 0x30; i < 0x38; i++) OPS[i] = 'fsincos';

/** The 32 conditional predicates. */
export const FP_CONDITIONS = [
  'f',
  'eq',
  'ogt',
  'oge',
  'olt',
  'ole',
  'ogl',
  'or',
  'un',
  'ueq',
  'ugt',
  'uge',
  'ult',
  'ule',
  'ne',
  't',
  'sf',
  'seq',
  'gt',
  'ge',
  'lt',
  'le',
  'gl',
  'gle',
  'ngle',
  'ngl',
  'nle',
  'nlt',
  'nge',
  'ngt',
  'sne',
  'st',
];

/** Formats by source/destination specifier: suffix and size in bytes. */
const FMT = ['l', 's', 'x', 'p', 'w', 'd', 'b', 'p'];
const FSIZE = [4, 4, 12, 12, 2, 8, 1, 12];

const fp = (r: number): Operand => ({ k: 'fp', r });

export function lineF(d: Decoder, op: number): Out {
  if (((op >> 9) & 7) !== 1) throw refused();
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  switch ((op >> 6) & 7) {
    case 0:
      return general(d, mode, reg);
    case 1:
      return conditional(d, mode, reg);
    case 2:
    case 3: {
      const long = (op & 0x40) !== 0;
      const p = op & 0x3f;
      if (p > 31) throw refused();
      const disp = long ? d.s.long() | 0 : (d.s.word() << 16) >> 16;
      if (p === 0 && !long && disp === 0) return out('fnop');
      return out(`fb${FP_CONDITIONS[p]}${long ? '.l' : '.w'}`, d.target(disp));
    }
    case 4:
      if (mode !== 4) need(mode, reg, CTRL_ALT);
      return out('fsave', d.ea(mode, reg, 4));
    case 5:
      if (mode !== 3) need(mode, reg, CONTROL);
      return out('frestore', d.ea(mode, reg, 4));
    default:
      throw refused();
  }
}

/** Fails unless the EA is in `mask` (as the chip's F-line for a bad mode). */
function check(mode: number, reg: number, mask: number): void {
  const k = eaKind(mode, reg);
  if (k < 0 || ((mask >> k) & 1) === 0) throw refused();
}

/** A source or destination operand of format `f`. */
function operand(d: Decoder, mode: number, reg: number, f: number): Operand {
  const size = FSIZE[f];
  if (mode === 0 && size > 4) throw refused();
  if (mode === 7 && reg === 4) {
    if (size === 1) return imm(d.s.word() & 0xff, 1);
    if (size === 2) return imm(d.s.word(), 2);
    if (size === 4) return imm(d.s.long(), 4);
    const words = [d.s.long(), d.s.long()];
    if (size === 12) words.push(d.s.long());
    return { k: 'fimm', words };
  }
  return d.ea(mode, reg, size === 1 ? 1 : size === 2 ? 2 : 4);
}

function general(d: Decoder, mode: number, reg: number): Out {
  const cmd = d.s.word();
  const opclass = cmd >>> 13;
  const rx = (cmd >> 10) & 7;
  const ry = (cmd >> 7) & 7;
  const opm = cmd & 0x7f;
  switch (opclass) {
    case 0:
    case 2: {
      if (opclass === 2 && rx === 7) {
        if (mode !== 0 || reg !== 0) throw refused();
        return out('fmovecr.x', imm(opm, 1, 'dec'), fp(ry));
      }
      const name = opm < 0x40 ? OPS[opm] : '';
      if (name === '') throw refused();
      let src: Operand;
      let suffix = 'x';
      if (opclass === 0) src = fp(rx);
      else {
        check(mode, reg, DATA);
        suffix = FMT[rx];
        src = operand(d, mode, reg, rx);
      }
      if (name === 'ftst') return out(`ftst.${suffix}`, src);
      if (name === 'fsincos') return out(`fsincos.${suffix}`, src, { k: 'pair', a: fp(opm & 7), b: fp(ry) });
      return out(`${name}.${suffix}`, src, fp(ry));
    }
    case 3: {
      check(mode, reg, DATA_ALT);
      if ((cmd & (rx === 3 ? 0 : rx === 7 ? 0x0f : 0x7f)) !== 0) throw refused();
      const dst = operand(d, mode, reg, rx);
      if (rx === 3)
        return out('fmove.p', fp(ry), { k: 'kfactor', ea: dst, factor: { v: (opm << 25) >> 25 } });
      if (rx === 7) return out('fmove.p', fp(ry), { k: 'kfactor', ea: dst, factor: { reg: (opm >> 4) & 7 } });
      return out(`fmove.${FMT[rx]}`, fp(ry), dst);
    }
    case 4:
    case 5: {
      const list = rx;
      const n = (list & 1) + ((list >> 1) & 1) + (list >> 2);
      if (n === 0 || (cmd & 0x3ff) !== 0) throw refused();
      const toMem = opclass === 5;
      let allowed = toMem ? ALTERABLE : DATA | (1 << 1); // FMOVE to FPIAR may read An
      if (n > 1) allowed &= toMem ? MEM_ALT : MEMORY;
      check(mode, reg, allowed);
      if (mode === 1 && list !== 1) throw refused();
      const regs: Operand =
        n === 1 ? special(['fpiar', 'fpsr', '', 'fpcr'][list - 1]) : { k: 'fpctl', mask: list };
      const name = n === 1 ? 'fmove.l' : 'fmovem.l';
      if (mode === 7 && reg === 4) {
        // One immediate long word per register.
        const values = Array.from({ length: n }, () => imm(d.s.long(), 4));
        return out(name, ...values, regs);
      }
      const ea = d.ea(mode, reg, 4);
      return toMem ? out(name, regs, ea) : out(name, ea, regs);
    }
    case 6:
    case 7: {
      const toMem = opclass === 7;
      const predec = (cmd & 0x1000) === 0;
      if (predec !== (mode === 4) || (cmd & (cmd & 0x800 ? 0x078f : 0x0700)) !== 0) throw refused();
      check(mode, reg, toMem ? CTRL_ALT | (1 << 4) : CONTROL | (1 << 3));
      let list: Operand;
      if (cmd & 0x800) list = dn((cmd >> 4) & 7);
      else {
        let mask = 0;
        for (let i = 0; i < 8; i++) if (cmd & (predec ? 1 << i : 0x80 >> i)) mask |= 1 << i;
        list = { k: 'fpregs', mask };
      }
      const ea = d.ea(mode, reg, 4);
      return toMem ? out('fmovem.x', list, ea) : out('fmovem.x', ea, list);
    }
    default:
      throw refused();
  }
}

/** Type 001: FDBcc, FTRAPcc, FScc. */
function conditional(d: Decoder, mode: number, reg: number): Out {
  const p = d.s.word();
  if (p > 31) throw refused(); // bits 15-6 must be zero
  const cc = FP_CONDITIONS[p];
  if (mode === 1) {
    const at = d.s.pos;
    const disp = (d.s.word() << 16) >> 16;
    return out(`fdb${cc}`, dn(reg), { k: 'addr', v: (at + disp) >>> 0 });
  }
  if (mode === 7 && reg >= 2 && reg <= 4) {
    if (reg === 4) return out(`ftrap${cc}`);
    if (reg === 2) return out(`ftrap${cc}.w`, imm(d.s.word(), 2));
    return out(`ftrap${cc}.l`, imm(d.s.long(), 4));
  }
  check(mode, reg, DATA_ALT);
  return out(`fs${cc}`, d.ea(mode, reg, 1));
}
