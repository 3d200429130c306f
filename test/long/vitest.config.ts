import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Long campaigns: fuzzing, crash-consistency sweeps and other runs too long
// for `npm test`. They need only Node and the committed images, like the
// default suite, and run with `npm run test:long` (CI runs them too).
//
// The second project runs the whole default suite again with the CPU's
// interpreter as the default engine (SUN3LAB_CPU=interp): `npm test` runs
// the booted machines on the block engine, so between them every booted
// suite runs on both engines.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
    projects: [
      { extends: true, test: { name: 'long', include: ['test/long/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'interp',
          include: ['test/**/*.test.ts'],
          exclude: ['test/tools/**', 'test/long/**', 'node_modules/**'],
          env: { SUN3LAB_CPU: 'interp' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
