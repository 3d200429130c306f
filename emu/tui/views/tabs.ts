/**
 * The tab bar: one tab per machine, the one shown in brackets and
 * highlighted, a machine that is down in red, `*` after one whose console
 * has printed while it was not shown; on the right, the lab's emulated
 * time and its note (the seed, or how it ended).
 */
import type { LabModel } from '../model.js';
import { seconds } from '../model.js';
import { escapeTags } from './text.js';

export function tabBar(model: LabModel, width: number): string {
  const parts: string[] = [];
  let used = 0;
  for (const [i, m] of model.machines.entries()) {
    const label = i === model.selected ? `[${m.name}]` : ` ${m.name}${m.unseen ? '*' : ' '}`;
    used += label.length + 1;
    const down = m.state === 'off' || m.state === 'halted';
    let tagged = escapeTags(label);
    if (i === model.selected) tagged = `{inverse}${tagged}{/inverse}`;
    else if (down) tagged = `{red-fg}${tagged}{/red-fg}`;
    parts.push(tagged);
  }
  const right = `${seconds(model.now)} s  ${model.note}  sun3lab lab `;
  const gap = width - used - right.length;
  return `${parts.join(' ')}${gap > 0 ? ' '.repeat(gap) + escapeTags(right) : ''}`;
}
