/** The event log pane: its last lines, cut to the pane's width. */
import type { LabModel } from '../model.js';
import { cut, escapeTags } from './text.js';

export function logLines(model: LabModel, width: number, height: number): string[] {
  return model.log.slice(-height).map((l) => escapeTags(cut(l, width)));
}
