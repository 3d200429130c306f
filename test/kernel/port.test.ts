/**
 * The porting suite, built into the image (/tests/port): each program run
 * at the shell of a booted machine (of 4 MB, so that bigarray pages), as a
 * user would type it, its output checked (port-cases.ts).
 */
import { describe, it } from 'vitest';
import { bootConsole } from './helpers.js';
import { PORT_MEMORY_MB, runPortCases } from './port-cases.js';

describe('the porting suite on a booted Sun-3/60', () => {
  it('every program prints what it should', () => {
    runPortCases(bootConsole(undefined, [], undefined, PORT_MEMORY_MB), '/tests/port');
  });
});
