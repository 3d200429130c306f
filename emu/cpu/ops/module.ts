/**
 * CALLM and RTM (0x06C0-0x06FF), the 68020's module call and return.
 *
 * sun3lab does not implement module calls: no compiler or Unix of the
 * Sun-3 era emitted them, and the MC68030 dropped them. These opcodes take
 * the illegal-instruction exception, as they do on a 68030 (the 68020
 * without module support). docs/cpu.md records the deviation.
 */
import type { Handler } from '../cpu.js';

export function decodeCallmRtm(_op: number): Handler | null {
  return null; // the table fills unknown words with the illegal-instruction handler
}
