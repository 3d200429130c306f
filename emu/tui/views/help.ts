/** The help line: the keys of the UI (keys.ts). */
import { cut, escapeTags } from './text.js';

export function helpLine(machines: number, width: number): string {
  const fkeys = machines === 1 ? 'F1' : `F1-F${Math.min(machines, 12)}`;
  const text = ` ${fkeys}, ^A n, ^A p, ^A 0-9: machine   PgUp PgDn: scroll back   ~. or ^A q: quit   ^A ^A: type ^A   ^A l: loadd on/off`;
  return escapeTags(cut(text, width));
}
