/**
 * The porting suite, built into the image (/tests/port): each program run
 * at the shell of a booted machine, as a user would type it, its output
 * checked (port-cases.ts).
 */
import { describe, it } from 'vitest';
import { bootConsole } from './helpers.js';
import { runPortCases } from './port-cases.js';

describe('the porting suite on a booted Sun-3/60', () => {
  it('every program prints what it should', () => {
    runPortCases(bootConsole(), '/tests/port');
  });
});
