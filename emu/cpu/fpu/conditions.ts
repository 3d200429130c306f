/**
 * The 32 floating-point conditional predicates of FBcc, FDBcc, FScc and
 * FTRAPcc (MC68881 UM, "Conditional test definitions"): tests of FPSR's N, Z and NAN bits.
 * Predicates 0-15 are "IEEE aware" (they never complain about a NaN);
 * 16-31 repeat them but, when NAN is set, also raise BSUN (branch or set
 * on unordered). 32-63 are not predicates.
 */
import { CC_N, CC_NAN, CC_Z } from './status.js';

export const FCC_NAMES = [
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

/** Does predicate `p` (0-31) hold for the condition code byte of `fpsr`? */
export function fpTest(fpsr: number, p: number): boolean {
  const n = (fpsr & CC_N) !== 0;
  const z = (fpsr & CC_Z) !== 0;
  const nan = (fpsr & CC_NAN) !== 0;
  switch (p & 15) {
    case 0:
      return false;
    case 1:
      return z;
    case 2:
      return !(nan || z || n);
    case 3:
      return z || !(nan || n);
    case 4:
      return n && !(nan || z);
    case 5:
      return z || (n && !nan);
    case 6:
      return !(nan || z);
    case 7:
      return !nan;
    case 8:
      return nan;
    case 9:
      return nan || z;
    case 10:
      return nan || !(n || z);
    case 11:
      return nan || z || !n;
    case 12:
      return nan || (n && !z);
    case 13:
      return nan || z || n;
    case 14:
      return !z;
    default:
      return true;
  }
}
