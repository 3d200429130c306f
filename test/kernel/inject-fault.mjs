// The `sun3lab` command with a fault injected into the kernel, for
// panic.test.ts: SUN3LAB_FAULT=N makes system call N throw a TypeError, as a
// kernel bug would. Used only by the tests.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
const { sysent } = await import('../../kernel/sysent.ts');
const n = Number(process.env.SUN3LAB_FAULT);
const entry = sysent[n];
if (entry) {
  entry.fn = () => {
    const table = undefined;
    return table.entry; // TypeError: Cannot read properties of undefined
  };
}
await import('../../emu/cli/main.ts');
