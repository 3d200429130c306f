// The script `node --build-snapshot` runs to make a start-up snapshot of
// `sun3lab lab` (emu/cli/sun3lab.js starts it; docs/performance.md#start-up).
// It runs the command's bundle, SUN3LAB_SNAPSHOT_MAIN, as emu/cli/sun3lab.js
// does, with SUN3LAB_SNAPSHOT_ARGS (JSON) as its command line: the bundle
// sees that a snapshot is being built, boots the lab to its prompts, and
// leaves the command line to run in the process the snapshot starts.
//
// While the snapshot is built only Node's own modules can be required; the
// packages the bundle requires (blessed, for the lab's screen) are required
// after, through the bundle's place, when the snapshot has started.
const { closeSync, readFileSync, writeSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { pathToFileURL } = require('node:url');
const v8 = require('node:v8');
const { Script } = require('node:vm');

// A snapshot cannot hold ICU's objects, and a module yargs uses (string-width) makes an
// Intl.Segmenter as it loads: while building, segmenters are made on their first use instead (and
// dropped before the heap is saved), so the one in the snapshot is made when it is first used.
const Segmenter = Intl.Segmenter;
const lazy = new Set();
class LazySegmenter {
  constructor(...args) {
    this.args = args;
    lazy.add(this);
  }
  segment(text) {
    this.real ??= new Segmenter(...this.args);
    return this.real.segment(text);
  }
  resolvedOptions() {
    this.real ??= new Segmenter(...this.args);
    return this.real.resolvedOptions();
  }
}
Intl.Segmenter = LazySegmenter;
v8.startupSnapshot.addSerializeCallback(() => {
  for (const s of lazy) s.real = undefined;
});

const file = process.env.SUN3LAB_SNAPSHOT_MAIN;
let load = require;
v8.startupSnapshot.addDeserializeCallback(() => {
  load = createRequire(file);
  Intl.Segmenter = Segmenter;
  if (process.env.SUN3LAB_SNAPSHOT_TRACE) {
    const cpu = process.cpuUsage();
    const ms = (us) => Math.round(us / 1000);
    process.stderr.write(
      `sun3lab: snapshot started after ${Math.round(performance.now())} ms, ${ms(cpu.user + cpu.system)} ms of CPU\n`,
    );
  }
  // Tell emu/cli/sun3lab.js that the snapshot started (a damaged one never gets here).
  const ready = Number(process.env.SUN3LAB_SNAPSHOT_READY_FD);
  if (Number.isInteger(ready) && ready > 2)
    try {
      writeSync(ready, 'ready');
      closeSync(ready);
    } catch {
      // started by hand, without the launcher: nobody is waiting
    }
});
// The heap keeps the bundle's source (V8 compiles most functions when first called). What is not ASCII
// in it (esbuild escapes it in strings, not in comments or regular expressions) is written as a \u
// escape, which means the same there, and the text decoded as Latin-1: V8 then keeps the source one
// byte a character instead of two (2 MB less in the snapshot).
const escaped = readFileSync(file, 'utf8').replace(
  /[^\0-\x7f]/g,
  (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
);
const source = Buffer.from(escaped, 'latin1').toString('latin1');
const params = 'exports, require, module, __filename, __dirname, __sun3lab_url';
const main = new Script(`(function (${params}) {\n${source}\n})`, { filename: file, lineOffset: -1 });
const bundle = { exports: {}, filename: file, id: file };
main.runInThisContext()(
  bundle.exports,
  (id) => load(id),
  bundle,
  file,
  dirname(file),
  pathToFileURL(file).href,
);
