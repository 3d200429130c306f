/**
 * Where the panes go on a screen of `width` × `height` characters:
 *
 *   tabs (a row)                                        [sun0]  sun1   sun2
 *   the console of the machine shown  | status, a block per machine
 *   (as wide as the screen allows,     |
 *    80 columns or more)               | processes of the machine shown
 *   the event log                      | the latest migration's timeline
 *   help (a row)
 *
 * The console gets what the side column and the log leave; the side column
 * is narrower on narrow screens.
 */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Layout {
  tabs: Rect;
  console: Rect;
  status: Rect;
  processes: Rect;
  log: Rect;
  timeline: Rect;
  help: Rect;
}

/** Rows each machine's block takes in the status column. */
export const STATUS_ROWS = 5;

export function layout(width: number, height: number, machines: number): Layout {
  width = Math.max(width, 40);
  height = Math.max(height, 12);
  const side = width >= 118 ? 38 : Math.max(24, Math.floor(width * 0.32));
  const logHeight = height >= 30 ? 9 : Math.max(4, Math.floor(height / 4));
  const middle = height - 2 - logHeight;
  // The status column: every machine if it can, else at least half the middle (it scrolls).
  const statusHeight = Math.min(machines * STATUS_ROWS + 2, Math.max(Math.floor(middle / 2), middle - 8));
  return {
    tabs: { left: 0, top: 0, width, height: 1 },
    console: { left: 0, top: 1, width: width - side, height: middle },
    status: { left: width - side, top: 1, width: side, height: statusHeight },
    processes: { left: width - side, top: 1 + statusHeight, width: side, height: middle - statusHeight },
    log: { left: 0, top: 1 + middle, width: width - side, height: logHeight },
    timeline: { left: width - side, top: 1 + middle, width: side, height: logHeight },
    help: { left: 0, top: height - 1, width, height: 1 },
  };
}
