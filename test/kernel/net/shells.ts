/**
 * Two machines (pair.ts) driven through their console shells, for the
 * network commands: a command has finished when the login shell itself
 * reads the console again — not merely some process (rsh's sender, or
 * rlogin, reads the console while the command runs) — and keys can be
 * typed at whatever runs, waiting for what it prints.
 */
import { type PairOptions, pair } from './pair.js';

export type Pair = ReturnType<typeof pair>;

export interface Shells {
  lab: Pair;
  /** Run `command` at machine i's shell to its end; what it printed, without the echo and the next prompt. */
  sh(i: number, command: string, seconds?: number): string;
  /** Type `text` at machine i (no newline added) and run until what it prints from there matches `until`. */
  keys(i: number, text: string, until: RegExp, seconds?: number): string;
  /** What machine i printed since `from` (a mark). */
  since(i: number, from: number): string;
  /** Where machine i's console is now, for since(). */
  mark(i: number): number;
}

export function shells(opts: PairOptions = {}): Shells {
  const lab = pair(opts);
  const login = lab.stations.map((s) => s.consoleReader());
  const con = (i: number) => lab.consoles()[i];
  return {
    lab,
    sh(i, command, seconds = 60) {
      const from = con(i).length;
      const st = lab.stations[i];
      st.machine.consoleInput(`${command}\n`);
      lab.until(() => st.waitingForInput() && st.consoleReader() === login[i], seconds);
      const out = con(i).slice(from);
      return out.slice(out.indexOf('\n') + 1).replace(/[#$] $/, '');
    },
    keys(i, text, until, seconds = 30) {
      const from = con(i).length;
      lab.stations[i].machine.consoleInput(text);
      lab.until(() => until.test(con(i).slice(from)), seconds);
      return con(i).slice(from);
    },
    since: (i, from) => con(i).slice(from),
    mark: (i) => con(i).length,
  };
}
