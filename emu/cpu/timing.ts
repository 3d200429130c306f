/**
 * Cycle costs. The core charges every instruction a cost fixed when its
 * handler is built: a base time for the operation plus the time to fetch
 * its effective address. These follow the shape of the MC68020 User's
 * Manual §8 cache-case tables; the exact per-table figures arrive with the
 * timing work of the CPU's second part, and this file is where they go.
 */
import {
  K_ABSL,
  K_ABSW,
  K_AN,
  K_DISP,
  K_DN,
  K_IMM,
  K_IND,
  K_INDEX,
  K_PCDISP,
  K_PCINDEX,
  K_POSTINC,
  K_PREDEC,
} from './ea.js';

/** Exception processing times (cache case). */
export const cycleTimes = {
  busError: 50,
  addressError: 50,
  illegal: 20,
  zeroDivide: 38,
  chk: 40,
  trapv: 20,
  privilege: 34,
  trace: 25,
  lineAF: 20,
  interrupt: 30,
  trap: 20,
  reset: 40,
};

/** Time to calculate and fetch an operand by EA kind (cache case, "fetch effective address"). */
export function eaTime(kind: number, size: number): number {
  const long = size === 4 ? 1 : 0;
  switch (kind) {
    case K_DN:
    case K_AN:
      return 0;
    case K_IND:
      return 3 + long;
    case K_POSTINC:
      return 4 + long;
    case K_PREDEC:
      return 3 + long;
    case K_DISP:
    case K_PCDISP:
      return 3 + long;
    case K_INDEX:
    case K_PCINDEX:
      return 4 + long;
    case K_ABSW:
      return 3 + long;
    case K_ABSL:
      return 4 + long;
    case K_IMM:
      return size === 4 ? 2 : 1;
    default:
      return 0;
  }
}
