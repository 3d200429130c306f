import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Long campaigns: fuzzing, crash-consistency sweeps and other runs too long
// for `npm test`. They need only Node and the committed images, like the
// default suite, and run with `npm run test:long` (CI runs them too).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/long/**/*.test.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
  },
});
