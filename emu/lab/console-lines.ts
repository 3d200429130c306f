/**
 * A console's bytes as lines of text, for printing a lab's consoles line by
 * line (`sun0| ...`). The serial line ends lines with CR LF: a line ends at
 * LF, and the CR before it goes. Bytes are Latin-1 characters, as a 1990
 * terminal showed them (the console is 8-bit clean).
 */
const LF = 0x0a;
const CR = 0x0d;

export class ConsoleLines {
  private line: number[] = [];

  /** One byte from the console; returns the line it completes, or null. */
  byte(b: number): string | null {
    if (b !== LF) {
      this.line.push(b);
      return null;
    }
    const bytes = this.line;
    this.line = [];
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes.pop();
    return Buffer.from(bytes).toString('latin1');
  }

  /** What has come of a line not finished yet (a prompt), taken away; null if nothing. */
  takePartial(): string | null {
    if (this.line.length === 0) return null;
    const text = Buffer.from(this.line).toString('latin1');
    this.line = [];
    return text;
  }
}
