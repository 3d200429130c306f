/**
 * `sun3lab grade LAB [--kernel DIR]`: run a lab's checks on a student's
 * working tree (emu/grade/grade.ts; docs/labs/README.md). Prints a line per
 * check with its points and, for points lost, why; then the total. Exit
 * status 0 with every point, 3 when some were lost, 1 on an error (no such
 * lab, DIR not a working tree).
 */
import type { Argv, CommandModule } from 'yargs';

interface GradeArgs {
  lab: string;
  kernel: string;
}

/** Exit status when the grading ran and some points were lost. */
export const LOST_POINTS = 3;

export function gradeCommand(done: (status: number) => void): CommandModule<object, GradeArgs> {
  return {
    command: 'grade <lab>',
    describe: "Run a lab's checks on a working tree: points per check, a reason for each point lost",
    builder: (y: Argv) =>
      y
        .positional('lab', {
          describe: 'the lab (docs/labs/grade/LAB.yaml)',
          type: 'string',
          demandOption: true,
        })
        .option('kernel', {
          describe: "the student's working tree (a copy of sun3lab with their changes)",
          type: 'string',
          default: '.',
          requiresArg: true,
        }) as unknown as Argv<GradeArgs>,
    handler: async (a) => {
      const { GradeError, formatResult, formatTotal, grade, loadLab } = await import('../grade/grade.js');
      const { resolve } = await import('node:path');
      try {
        const lab = loadLab(a.lab);
        console.log(`${lab.name}: ${lab.title}`);
        console.log(`grading the tree in ${resolve(a.kernel)}`);
        const results = grade(lab, a.kernel, (r) => console.log(formatResult(r)));
        console.log(formatTotal(results));
        done(results.every((r) => r.score === r.check.points) ? 0 : LOST_POINTS);
      } catch (err) {
        if (err instanceof GradeError) throw new Error(err.message);
        throw err;
      }
    },
  };
}
