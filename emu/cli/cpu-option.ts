/**
 * --cpu interp|jit: how the emulated 68020 runs instructions (emu/cpu/cpu.ts):
 * the interpreter, one instruction at a time, or the block engine, which
 * translates the code that runs often into JavaScript. Both give the same
 * results cycle for cycle; the block engine is the default.
 */
import type { Argv } from 'yargs';
import { DEFAULT_ENGINE, ENGINES, type Engine } from '../cpu/engine.js';

export function cpuOption<T>(y: Argv<T>, fallback: Engine | undefined = DEFAULT_ENGINE) {
  return y.option('cpu', {
    describe: 'how the CPU runs: interp (the interpreter) or jit (translated blocks)',
    choices: ENGINES as Engine[],
    default: fallback,
    requiresArg: true,
  });
}
