/**
 * What a machine's console shows: the terminal at the other end of its
 * serial line, emulated. A Sun-3 console run through `tip` (or a glass
 * terminal such as an ADM-3A on ttya) is a dumb terminal of 80 columns:
 * it prints characters, moves to the left margin on CR, down a line on LF
 * (the tty sends CR LF for a newline), one column left on a backspace (the
 * erase echo is BS SP BS), to the next multiple of 8 on a tab, and wraps
 * to the next line at the right margin. It has no cursor addressing, so
 * the cursor is always on the bottom line and everything above it is
 * scroll-back.
 *
 * The programs sun3lab runs send nothing else; a bell is counted, other
 * control characters are ignored, and ANSI escape sequences (ESC [ ...
 * final, ESC and one character) are swallowed rather than printed as
 * garbage — a dumb terminal would show junk, but nothing here sends them.
 *
 * Pure data: bytes in, rows out; no clock, no I/O.
 */

/** The console's width: a Sun console and the terminals of the day had 80 columns. */
export const CONSOLE_COLUMNS = 80;
/** Rows kept, counting the bottom one: older rows scroll off for good. */
export const SCROLLBACK_ROWS = 2000;

const BEL = 0x07;
const BS = 0x08;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const ESC = 0x1b;
const DEL = 0x7f;

/** Where an escape sequence is: not in one, ESC seen, ESC [ seen (parameters until a final byte 0x40-0x7e). */
const Esc = { None: 0, Start: 1, Csi: 2 } as const;

export class ConsoleTerminal {
  /** The rows above the bottom one, oldest first. */
  private readonly rows: string[] = [];
  /** The bottom row, where the cursor is, as character codes. */
  private line: number[] = [];
  /** The cursor's column on the bottom row. */
  private col = 0;
  /**
   * A character was written in the last column: the next one goes on a new
   * row (the cursor stays in the margin until then, so a CR there returns
   * to the start of the same row, as on a VT100 with auto-wrap).
   */
  private pendingWrap = false;
  private esc: number = Esc.None;
  /** Rows that have scrolled off the top of the scroll-back for good. */
  dropped = 0;
  /** Bells rung. */
  bells = 0;
  /** Bytes written in all (a view tells new output by it). */
  written = 0;

  constructor(
    readonly columns = CONSOLE_COLUMNS,
    readonly maxRows = SCROLLBACK_ROWS,
  ) {}

  write(bytes: Iterable<number>): void {
    for (const b of bytes) this.byte(b);
  }

  private byte(b: number): void {
    this.written++;
    if (this.esc !== Esc.None) {
      if (this.esc === Esc.Start) this.esc = b === 0x5b ? Esc.Csi : Esc.None;
      else if (b >= 0x40 && b <= 0x7e) this.esc = Esc.None;
      return;
    }
    switch (b) {
      case CR:
        this.col = 0;
        this.pendingWrap = false;
        return;
      case LF:
        this.newRow();
        return;
      case BS:
        if (this.pendingWrap) this.pendingWrap = false;
        else if (this.col > 0) this.col--;
        return;
      case TAB:
        if (this.pendingWrap) return;
        this.col = Math.min(this.columns - 1, (this.col & ~7) + 8);
        return;
      case BEL:
        this.bells++;
        return;
      case ESC:
        this.esc = Esc.Start;
        return;
    }
    if (b < 0x20 || b === DEL || (b >= 0x80 && b < 0xa0)) return;
    this.put(b);
  }

  /** A printing character at the cursor. */
  private put(b: number): void {
    if (this.pendingWrap) {
      this.newRow();
      this.col = 0;
    }
    while (this.line.length < this.col) this.line.push(0x20);
    this.line[this.col] = b;
    if (this.col === this.columns - 1) this.pendingWrap = true;
    else this.col++;
  }

  /** Line feed: the bottom row scrolls up; the cursor keeps its column. */
  private newRow(): void {
    this.rows.push(String.fromCharCode(...this.line).trimEnd());
    this.line = [];
    this.pendingWrap = false;
    if (this.rows.length >= this.maxRows) {
      const over = this.rows.length - (this.maxRows - 1);
      this.rows.splice(0, over);
      this.dropped += over;
    }
  }

  /** Rows held, the bottom one included. */
  get rowCount(): number {
    return this.rows.length + 1;
  }

  /** Row `i` of those held (0: the oldest); the bottom one is rowCount - 1. */
  row(i: number): string {
    if (i === this.rows.length) return String.fromCharCode(...this.line);
    return this.rows[i] ?? '';
  }

  /** The last `n` rows (fewer if there are not that many), ending `back` rows above the bottom. */
  tail(n: number, back = 0): string[] {
    const end = Math.max(0, this.rowCount - back);
    const out: string[] = [];
    for (let i = Math.max(0, end - n); i < end; i++) out.push(this.row(i));
    return out;
  }

  /** The cursor's column on the bottom row (in the margin: the last column). */
  get cursorColumn(): number {
    return this.col;
  }
}
