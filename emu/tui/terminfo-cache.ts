/**
 * The terminal's capabilities, compiled once.
 *
 * To drive the terminal, blessed turns every string capability of its
 * terminfo entry (cursor motion, colours, scrolling: the parameter language
 * of tparm(3)) into a JavaScript function, made with `new Function`
 * (lib/tput.js, Tput._compile): about 400 of them for xterm-256color, some
 * 20–30 ms, each time a screen opens. A function depends only on the
 * capability's text and on two of the Tput's options (padding, printf), so
 * this keeps them by those, and a capability is compiled once per process.
 *
 * The lab's start-up snapshot (emu/cli/lab-snapshot.ts) compiles the entry
 * of the terminal where it is made (TERM) before the heap is saved: a lab
 * started from it finds the functions made. Another terminal's entry is
 * compiled as it always was; the result is the same function either way.
 */
import Tput from 'blessed/lib/tput.js';
import { findTerminalFiles } from './blessed-files.js';

/** The parts of a Tput that _compile reads. */
interface Compiler {
  padding?: unknown;
  printf?: unknown;
  debug?: unknown;
  options: { stringify?: unknown };
  _compile(info: unknown, key: string, str: unknown): unknown;
}

const compiled = new Map<string, unknown>();
let installed = false;

/** Have every Tput keep the functions it compiles, and find those compiled before. */
export function keepCompiledCapabilities(): void {
  if (installed) return;
  installed = true;
  const proto = (Tput as { prototype: Compiler }).prototype;
  const compile = proto._compile;
  proto._compile = function (this: Compiler, info, key, str) {
    // Not kept: the two capabilities that name a file (read when compiled), and the debugging modes.
    if (
      typeof str !== 'string' ||
      key === 'init_file' ||
      key === 'reset_file' ||
      this.debug ||
      this.options.stringify
    )
      return compile.call(this, info, key, str);
    const k = `${this.padding}\0${this.printf}\0${str}`;
    let f = compiled.get(k);
    if (f === undefined) {
      f = compile.call(this, info, key, str);
      compiled.set(k, f);
    }
    return f;
  };
}

/** How many compiled capabilities are kept (for tests). */
export function compiledCapabilities(): number {
  return compiled.size;
}

/**
 * Compile the entry of `terminal` (by default this process's TERM) as a
 * screen opening on it would (blessed's Program makes its Tput with only
 * the terminal's name from the lab's options), keeping its functions.
 */
export function compileTerminal(terminal = process.env.TERM || 'xterm'): void {
  findTerminalFiles();
  keepCompiledCapabilities();
  const T = Tput as new (o: { terminal: string }) => unknown;
  new T({ terminal });
}
