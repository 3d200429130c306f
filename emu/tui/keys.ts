/**
 * The keyboard of the terminal UI: bytes from the host's terminal (in raw
 * mode) turned into what they mean. Most keys are typed at the selected
 * machine's console as they are, as on a serial line: ^C, ^Z, ^D, ^\ reach
 * the machine's tty, which makes them signals or an end of file. A few are
 * the UI's own:
 *
 *   F1 ... F12          show machine 0 ... 11
 *   ^A n, ^A p          the next, the previous machine
 *   ^A 0 ... ^A 9       machine 0 ... 9
 *   ^A q                quit
 *   ^A ^A (or ^A a)     type a ^A at the machine
 *   ^A l                type `loadd -x` at the machine: start its load daemon, or stop it
 *   PgUp, PgDn          scroll the console's scroll-back a page up, down
 *   ^A m                migrate a process of the machine shown: then Up and
 *                       Down (or k, j) choose it, Return takes it, and a
 *                       digit (or F-key) names the destination; Esc cancels
 *   ~. at a line start  quit (the escape of tip and cu, as `sun3lab boot`)
 *
 * The prefix ^A is screen's. A line starts, for `~.`, after Return and
 * after the keys with which the tty abandons a line (TildeEscape); each
 * machine keeps its own idea of that, as each has its own line being typed.
 *
 * Escape sequences of function keys come whole in one read from a
 * terminal; an escape sequence this does not know (an arrow key) is typed
 * at the machine as it is, as a real serial line would pass it on.
 */
import { TildeEscape } from '../cli/host-io.js';

export type KeyAction =
  /** Type these bytes at that machine's console. */
  | { kind: 'type'; machine: number; bytes: string }
  /** Show that machine. */
  | { kind: 'select'; machine: number }
  /** Scroll the shown console's scroll-back (positive: up, towards older rows). */
  | { kind: 'scroll'; pages: number }
  /** ^A m: start choosing a process to migrate. */
  | { kind: 'migrate' }
  /** While choosing (KeyDecoder.picking): move the choice, take it, name machine n, or give up. */
  | { kind: 'pick'; move: number }
  | { kind: 'pick-ok' }
  | { kind: 'pick-host'; machine: number }
  | { kind: 'pick-cancel' }
  | { kind: 'quit' };

const CTRL_A = '\x01';

/** What a key sequence or a ^A key asks of the UI. */
type Command =
  | { kind: 'select'; machine: number }
  | { kind: 'step'; by: number }
  | { kind: 'scroll'; pages: number }
  | { kind: 'quit' }
  | { kind: 'migrate' }
  | { kind: 'literal'; bytes: string };

/** Function and paging keys, as xterm, the Linux console, rxvt and screen/tmux send them. */
const SEQUENCES: Record<string, Command> = {};
const fkeys: string[][] = [
  ['\x1bOP', '\x1b[11~', '\x1b[[A'],
  ['\x1bOQ', '\x1b[12~', '\x1b[[B'],
  ['\x1bOR', '\x1b[13~', '\x1b[[C'],
  ['\x1bOS', '\x1b[14~', '\x1b[[D'],
  ['\x1b[15~', '\x1b[[E'],
  ['\x1b[17~'],
  ['\x1b[18~'],
  ['\x1b[19~'],
  ['\x1b[20~'],
  ['\x1b[21~'],
  ['\x1b[23~'],
  ['\x1b[24~'],
];
for (const [i, seqs] of fkeys.entries()) for (const s of seqs) SEQUENCES[s] = { kind: 'select', machine: i };
SEQUENCES['\x1b[5~'] = { kind: 'scroll', pages: 1 };
SEQUENCES['\x1b[6~'] = { kind: 'scroll', pages: -1 };
const LONGEST = Math.max(...Object.keys(SEQUENCES).map((s) => s.length));

/** The UI's meaning of the key after ^A, or null for none (the pair is dropped). */
function prefixed(c: string): Command | null {
  if (c === 'n' || c === ' ') return { kind: 'step', by: 1 };
  if (c === 'p') return { kind: 'step', by: -1 };
  if (c === 'q') return { kind: 'quit' };
  if (c === 'm') return { kind: 'migrate' };
  if (c === CTRL_A || c === 'a') return { kind: 'literal', bytes: CTRL_A };
  // Start or stop the load daemon on the shown machine (docs/loadsharing.md), typed at its shell.
  if (c === 'l') return { kind: 'literal', bytes: 'loadd -x\r' };
  if (c >= '0' && c <= '9') return { kind: 'select', machine: c.charCodeAt(0) - 0x30 };
  return null;
}

export class KeyDecoder {
  /** The machine shown, and typed at. */
  selected = 0;
  /** ^A was the last key. */
  private prefix = false;
  /** A process to migrate is being chosen (^A m): keys choose, nothing is typed at the machine. */
  picking = false;
  /** Per machine: where its typed line is, for `~.`. */
  private readonly tildes = new Map<number, TildeEscape>();

  constructor(
    /** How many machines there are. */
    private readonly machines: number,
  ) {}

  /**
   * What `chunk` (one read from the terminal) means, in order. Keys typed
   * at a machine come as one 'type' action per run of them; nothing
   * follows a 'quit'.
   */
  decode(chunk: string): KeyAction[] {
    if (this.picking) return this.pick(chunk);
    const out: KeyAction[] = [];
    let typed = '';
    let quit = false;
    const flush = () => {
      if (typed === '') return;
      const tilde = this.tilde(this.selected);
      const pass = String.fromCharCode(...tilde.filter(Buffer.from(typed, 'latin1')));
      if (pass !== '') out.push({ kind: 'type', machine: this.selected, bytes: pass });
      if (tilde.quit) quit = true;
      typed = '';
    };
    const command = (c: Command) => {
      if (c.kind === 'literal') {
        typed += c.bytes;
        return;
      }
      flush();
      if (quit) return;
      if (c.kind === 'quit') quit = true;
      else if (c.kind === 'scroll' || c.kind === 'migrate') out.push(c);
      else {
        const to = c.kind === 'select' ? c.machine : (this.selected + c.by + this.machines) % this.machines;
        if (to < this.machines) {
          this.selected = to;
          out.push({ kind: 'select', machine: to });
        }
      }
    };
    for (let i = 0; i < chunk.length && !quit; i++) {
      const c = chunk[i];
      if (this.prefix) {
        this.prefix = false;
        const a = prefixed(c);
        if (a) command(a);
        continue;
      }
      if (c === CTRL_A) {
        this.prefix = true;
        continue;
      }
      const seq = c === '\x1b' ? this.sequence(chunk, i) : null;
      if (seq) {
        command(SEQUENCES[seq]);
        i += seq.length - 1;
        continue;
      }
      typed += c;
    }
    flush();
    if (quit) out.push({ kind: 'quit' });
    return out;
  }

  /** Keys while a migration is being chosen: arrows and k/j, Return, digits and F-keys, Esc or q. */
  private pick(chunk: string): KeyAction[] {
    const out: KeyAction[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      const seq = c === '\x1b' ? this.sequence(chunk, i) : null;
      if (seq && SEQUENCES[seq].kind === 'select') {
        out.push({ kind: 'pick-host', machine: (SEQUENCES[seq] as { machine: number }).machine });
        i += seq.length - 1;
      } else if (chunk.startsWith('\x1b[A', i) || chunk.startsWith('\x1bOA', i) || c === 'k') {
        out.push({ kind: 'pick', move: -1 });
        if (c === '\x1b') i += 2;
      } else if (chunk.startsWith('\x1b[B', i) || chunk.startsWith('\x1bOB', i) || c === 'j') {
        out.push({ kind: 'pick', move: 1 });
        if (c === '\x1b') i += 2;
      } else if (c === '\r' || c === '\n') out.push({ kind: 'pick-ok' });
      else if (c >= '0' && c <= '9') out.push({ kind: 'pick-host', machine: c.charCodeAt(0) - 0x30 });
      else if (c === '\x1b' || c === 'q' || c === '\x03') {
        out.push({ kind: 'pick-cancel' });
        break;
      }
    }
    return out;
  }

  /** The known sequence starting at `i`, if any. */
  private sequence(chunk: string, i: number): string | null {
    for (let n = Math.min(LONGEST, chunk.length - i); n >= 3; n--) {
      const s = chunk.slice(i, i + n);
      if (SEQUENCES[s]) return s;
    }
    return null;
  }

  private tilde(machine: number): TildeEscape {
    let t = this.tildes.get(machine);
    if (!t) {
      t = new TildeEscape();
      this.tildes.set(machine, t);
    }
    return t;
  }
}
