import { defineConfig } from 'vitest/config';

// The default suite needs only Node and the committed files. Tests that need
// the m68k cross tools, qemu-m68k or other host programs live in test/tools/
// and run with `npm run test:tools` (test/tools/vitest.config.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/tools/**', 'test/long/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
