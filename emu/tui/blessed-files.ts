/**
 * Where blessed (the terminal UI's library) finds its terminal
 * descriptions, wherever it was loaded.
 *
 * blessed is bundled into the command's script (emu/cli/sun3lab.js), so
 * that a start-up snapshot of the lab holds it loaded and its modules need
 * no loading when the lab starts from one. Two things it decides as it
 * loads would then be wrong:
 *
 * - the terminfo and termcap files it ships (blessed/usr: xterm,
 *   xterm-256color, ...), which it reads when the system's cannot be
 *   parsed (ncurses 6 writes a format blessed 0.1.81 does not know) or
 *   are missing, are found through `__dirname`, and in the bundle that is
 *   the bundle's folder, not the package's;
 * - the folders it searches for the system's files come from the
 *   environment (TERMINFO, TERMINFO_DIRS, HOME, TERMCAP, TERMPATH), read
 *   when it loaded: for a snapshot, in the process that made it.
 *
 * `findTerminalFiles()` sets both from the package's real place and the
 * environment of this process; the UI calls it before it opens a screen.
 */
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import Tput from 'blessed/lib/tput.js';

/** The parts of blessed's Tput that choose its files (blessed 0.1.81, lib/tput.js). */
interface TputFiles {
  ipaths: (string | string[])[];
  cpaths: (string | string[])[];
  prototype: {
    _useXtermInfo(): unknown;
    _useXtermCap(): unknown;
    _useInternalInfo(name: string): unknown;
    _useInternalCap(name: string): unknown;
  };
}
interface Injector {
  injectTerminfo(file: string): unknown;
  injectTermcap(file: string): unknown;
}

/** blessed's own usr folder (its terminfo and termcap files), from where Node finds the package. */
export function blessedUsr(): string {
  return join(dirname(createRequire(import.meta.url).resolve('blessed/package.json')), 'usr');
}

export function findTerminalFiles(): void {
  const T = Tput as TputFiles;
  const usr = blessedUsr();
  const info = (t: Injector, name: string) => t.injectTerminfo(join(usr, basename(name)));
  const cap = (t: Injector, name: string) => t.injectTermcap(join(usr, `${basename(name)}.termcap`));
  Object.assign(T.prototype, {
    _useXtermInfo(this: Injector) {
      return info(this, 'xterm');
    },
    _useXtermCap(this: Injector) {
      return cap(this, 'xterm');
    },
    _useInternalInfo(this: Injector, name: string) {
      return info(this, name);
    },
    _useInternalCap(this: Injector, name: string) {
      return cap(this, name);
    },
  });
  // The first entries of each list are the ones that come from the environment (lib/tput.js).
  const env = process.env;
  const home = env.HOME || '';
  T.ipaths.splice(0, 3, env.TERMINFO || '', (env.TERMINFO_DIRS || '').split(':'), `${home}/.terminfo`);
  T.cpaths.splice(0, 3, env.TERMCAP || '', (env.TERMPATH || '').split(/[: ]/), `${home}/.termcap`);
}
