/**
 * The two ways the CPU runs instructions: `interp` fetches, decodes and
 * dispatches one instruction at a time (cpu.ts); `jit` translates the
 * blocks that run often into JavaScript functions (block/) and uses the
 * interpreter for the rest. Both give the same results, cycle for cycle.
 * (A module of its own so that the command line can name them without
 * loading the CPU.)
 */
export type Engine = 'interp' | 'jit';
export const ENGINES: readonly Engine[] = ['interp', 'jit'];
/** The block engine, unless the environment says SUN3LAB_CPU=interp (the long test suite runs everything on both). */
export const DEFAULT_ENGINE: Engine = process.env.SUN3LAB_CPU === 'interp' ? 'interp' : 'jit';

/**
 * How time is counted (docs/cpu-timing.md): `3/60`, the MC68020 manual's
 * cache case with the instruction cache's misses and the 3/60's memory and
 * I/O wait states on top (the default); `cache-case`, the manual's cache
 * case for every instruction (the reference the conformance tests use).
 */
export type TimingModel = '3/60' | 'cache-case';
export const TIMINGS: readonly TimingModel[] = ['3/60', 'cache-case'];
export const DEFAULT_TIMING: TimingModel = '3/60';
