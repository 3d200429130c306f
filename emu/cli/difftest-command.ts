/**
 * `sun3lab difftest [--seed S] [--count N] [--show K]`: differential testing
 * of the 68020 core against qemu-m68k (emu/cpu/difftest/, docs/difftest.md).
 * Needs the m68k cross binutils and qemu-user on the PATH.
 *
 * Like the other subcommands it imports its code only inside the handler.
 * Errors are thrown as one-line messages; main.ts prints them as
 * `sun3lab: ...` and exits with status 1. The last line of the output is
 * `N passed, N failed`; the exit status is 1 if any case failed.
 */
import type { Argv, CommandModule } from 'yargs';
import type { Engine } from '../cpu/engine.js';
import { cpuOption } from './cpu-option.js';

interface DifftestArgs {
  seed: number;
  count: number;
  show: number;
  batch: number;
  families?: string[];
  cpu: Engine;
}

const whole = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min;

export function difftestCommand(done: (status: number) => void): CommandModule<object, DifftestArgs> {
  return {
    command: 'difftest',
    describe: 'Compare the CPU core with qemu-m68k on random 68020 instruction sequences',
    builder: (y: Argv) =>
      cpuOption(y)
        .option('seed', {
          describe: 'seed of the random cases',
          type: 'number',
          default: 1,
          requiresArg: true,
        })
        .option('count', { describe: 'number of cases', type: 'number', default: 10000, requiresArg: true })
        .option('show', {
          describe: 'failures to describe in full',
          type: 'number',
          default: 5,
          requiresArg: true,
        })
        .option('batch', {
          describe: 'cases per assembled test program',
          type: 'number',
          default: 1000,
          requiresArg: true,
        })
        .option('families', {
          describe: 'only these instruction families (names as in emu/cpu/difftest/gen.ts)',
          type: 'string',
          array: true,
          requiresArg: true,
        })
        .check((a) => {
          if (!whole(a.seed, 0) || a.seed > 0xffffffff)
            throw new Error('--seed must be a whole number (0 to 2^32-1)');
          if (!whole(a.count, 1)) throw new Error('--count must be a whole number (1 or more)');
          if (!whole(a.show, 0)) throw new Error('--show must be a whole number (0 or more)');
          if (!whole(a.batch, 1)) throw new Error('--batch must be a whole number (1 or more)');
          return true;
        }) as unknown as Argv<DifftestArgs>,
    handler: async (a) => {
      const { checkTools, runDifftest } = await import('../cpu/difftest/difftest.js');
      const { FAMILY_NAMES } = await import('../cpu/difftest/gen.js');
      const families = a.families?.flatMap((f) => f.split(',')).filter((f) => f !== '');
      for (const f of families ?? [])
        if (!FAMILY_NAMES.includes(f))
          throw new Error(`unknown instruction family ${f} (known: ${FAMILY_NAMES.join(', ')})`);
      await checkTools();
      const r = await runDifftest({
        seed: a.seed,
        count: a.count,
        show: a.show,
        batchSize: a.batch,
        families,
        engine: a.cpu,
      });
      const out: string[] = [];
      for (const f of r.failures) out.push(f, '');
      if (r.failed > r.failures.length && r.failures.length > 0)
        out.push(`... and ${r.failed - r.failures.length} more`);
      if (r.failed > 0)
        out.push(
          `failed by family: ${[...r.failedByFamily]
            .sort((x, y) => y[1] - x[1])
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`,
        );
      out.push(`${r.passed} passed, ${r.failed} failed`);
      process.stdout.write(`${out.join('\n')}\n`);
      done(r.failed > 0 ? 1 : 0);
    },
  };
}
