/**
 * The migration timeline pane: the latest migration, step by step, in
 * emulated milliseconds from its request — authentication, the freeze, the
 * structures, each memory segment and the files with their bytes on the
 * wire, the destination's READY, the commit, the resume and the source's
 * cleanup (docs/migration.md, "Events") — and then its freeze and total
 * times, as docs/migration.md's figures count them.
 */
import { CPU_HZ } from '../../machine/sun3.js';
import type { LabModel, Migration, MigrationStep } from '../model.js';
import { cut, escapeTags } from './text.js';

const ms = (cycles: number) => ((cycles * 1000) / CPU_HZ).toFixed(1);

function label(s: MigrationStep): string {
  const what = s.phase === 'part' ? (s.part ?? 'part') : s.phase;
  const bytes = s.bytes === undefined ? '' : ` ${s.bytes} B`;
  const why = s.reason === undefined ? '' : `: ${s.reason}`;
  return `${what}${bytes}${why}`;
}

/** Freeze (freeze to resume) and total (request to cleanup) of a migration that has ended, in ms; '' otherwise. */
export function migrationTimes(g: Migration): string {
  const at = (phase: string) => g.steps.find((s) => s.phase === phase)?.t;
  const start = g.steps[0]?.t ?? 0;
  const freeze = at('freeze');
  const resume = at('resume');
  const cleanup = at('cleanup');
  if (g.outcome !== 'resume' || freeze === undefined || resume === undefined) return '';
  return `freeze ${ms(resume - freeze)} ms${cleanup === undefined ? '' : `, total ${ms(cleanup - start)} ms`}`;
}

export function timelineLines(model: LabModel, width: number, height: number): string[] {
  const g = model.migrations.at(-1);
  if (!g) return ['  (no migration yet: ^A m)'].map((l) => cut(l, width));
  const state = g.outcome === null ? 'under way' : g.outcome === 'resume' ? `on ${g.to}` : g.outcome;
  const head = `pid ${g.pid}: ${g.from} -> ${g.to} (${state})`;
  const start = g.steps[0]?.t ?? 0;
  const rows = g.steps.map(
    (s) => `${`+${ms(s.t - start)}`.padStart(9)} ms ${s.machine.padEnd(5)} ${label(s)}`,
  );
  const times = migrationTimes(g);
  const tail = times ? [times] : [];
  // The head, then as many of the last steps as fit, then the times.
  const room = Math.max(0, height - 1 - tail.length);
  const lines = [head, ...rows.slice(Math.max(0, rows.length - room)), ...tail];
  return lines.slice(0, height).map((l) => escapeTags(cut(l, width)));
}
