/**
 * Machine options shared by boot, run and lab.
 *
 * --cpu interp|jit: how the emulated 68020 runs instructions (emu/cpu/cpu.ts):
 * the interpreter, one instruction at a time, or the block engine, which
 * translates the code that runs often into JavaScript. Both give the same
 * results cycle for cycle; the block engine is the default.
 */
import type { Argv } from 'yargs';
import { DEFAULT_ENGINE, ENGINES, type Engine } from '../cpu/engine.js';
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
