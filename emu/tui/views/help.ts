/** The help line: the keys of the UI (keys.ts), or, while a migration is being chosen (^A m), the keys of that. */
import type { Picker } from '../model.js';
import { cut, escapeTags } from './text.js';

export function helpLine(
  machines: number,
  width: number,
  picker?: Picker | null,
  names?: readonly string[],
): string {
  const fkeys = machines === 1 ? 'F1' : `F1-F${Math.min(machines, 12)}`;
  let text = ` ${fkeys}, ^A n, ^A p, ^A 0-9: machine   PgUp PgDn: scroll back   ~. or ^A q: quit   ^A ^A: type ^A   ^A m: migrate   ^A l: loadd on/off`;
  if (picker?.stage === 'process')
    text = ' migrate: Up/Down (k/j) choose the process, Return takes it, Esc cancels';
  else if (picker?.stage === 'host') {
    const hosts = (names ?? []).map((n, i) => `${i} ${n}`).join('  ');
    text = ` migrate ${picker.pid} to: ${hosts} (the digit or F-key), Esc cancels`;
  }
  return escapeTags(cut(text, width));
}
