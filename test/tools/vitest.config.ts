import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests that need host tools: m68k-linux-gnu-as/objdump/gcc, qemu-m68k, gdb-multiarch.
// .ci/run installs them (apt) and runs this suite after the default one:
//   npm run test:tools
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/tools/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
