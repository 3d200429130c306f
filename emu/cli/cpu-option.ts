/**
 * Machine options shared by boot, run and lab.
 *
 * --cpu interp|jit: how the emulated 68020 runs instructions (emu/cpu/cpu.ts):
 * the interpreter, one instruction at a time, or the block engine, which
 * translates the code that runs often into JavaScript. Both give the same
 * results cycle for cycle; the block engine is the default.
 */
import type { Argv } from 'yargs';
import {
  DEFAULT_ENGINE,
  DEFAULT_TIMING,
  ENGINES,
  type Engine,
  TIMINGS,
  type TimingModel,
} from '../cpu/engine.js';
import { CONSOLE_BAUDS, DEFAULT_CONSOLE_BAUD } from '../dev/obio.js';

export function cpuOption<T>(y: Argv<T>, fallback: Engine | undefined = DEFAULT_ENGINE) {
  return y.option('cpu', {
    describe: 'how the CPU runs: interp (the interpreter) or jit (translated blocks)',
    choices: ENGINES as Engine[],
    default: fallback,
    requiresArg: true,
  });
}

/**
 * --timing 3/60|cache-case: how emulated time is counted (docs/cpu-timing.md):
 * like a real 3/60 (the instruction cache, memory and I/O wait states; the
 * default) or the MC68020 manual's cache case for every instruction.
 */
export function timingOption<T>(y: Argv<T>) {
  return y.option('timing', {
    describe: 'how time is counted: 3/60 (cache misses and wait states, like the real machine) or cache-case',
    choices: TIMINGS as TimingModel[],
    default: DEFAULT_TIMING,
    requiresArg: true,
  });
}

/**
 * --console-baud: the console line's speed, one of a Sun's (kept in the
 * machine's EEPROM, where the kernel's console driver finds it). The
 * default, 38400, feels instant; 9600 is a real Sun's console.
 */
export const consoleBaudOption = {
  describe: 'the console line speed in baud (9600: a real Sun console)',
  type: 'number',
  choices: [...CONSOLE_BAUDS],
  default: DEFAULT_CONSOLE_BAUD,
  requiresArg: true,
} as const;
