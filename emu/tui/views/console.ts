/**
 * The console pane: the bottom of the shown machine's terminal (or higher
 * up, scrolled back), rows wider than the pane wrapped onto the next, and
 * where the cursor is.
 */
import type { ConsoleTerminal } from '../terminal.js';

export interface ConsoleView {
  /** The rows to show, top to bottom (at most `height`). */
  lines: string[];
  /** The cursor's place in the pane, or null when it is not in view. */
  cursor: { row: number; col: number } | null;
  /** Rows of scroll-back above the bottom of the terminal that the pane can reach. */
  maxScroll: number;
}

/** A terminal row as display rows of at most `width` characters. */
function wrap(row: string, width: number): string[] {
  if (row.length <= width) return [row];
  const out: string[] = [];
  for (let i = 0; i < row.length; i += width) out.push(row.slice(i, i + width));
  return out;
}

export function consoleView(
  term: ConsoleTerminal,
  width: number,
  height: number,
  scroll: number,
): ConsoleView {
  width = Math.max(1, width);
  const display: string[] = [];
  // From the bottom up, as many terminal rows as fill the pane, scrolled.
  for (let i = term.rowCount - 1; i >= 0 && display.length < height + scroll; i--)
    display.unshift(...wrap(term.row(i), width));
  const end = Math.max(0, display.length - scroll);
  const lines = display.slice(Math.max(0, end - height), end);
  let cursor: ConsoleView['cursor'] = null;
  if (scroll === 0) {
    const col = term.cursorColumn;
    const bottom = wrap(term.row(term.rowCount - 1), width).length - 1;
    const row = Math.min(lines.length - 1 - bottom + Math.floor(col / width), height - 1);
    cursor = { row: Math.max(0, row), col: col % width };
  }
  return { lines, cursor, maxScroll: Math.max(0, term.rowCount - height) };
}
