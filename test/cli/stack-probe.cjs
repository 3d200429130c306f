// Preloaded (node --require) by test/cli/bundle.test.ts: the first write to standard output prints,
// on standard error, the stack of whoever wrote it: frames in the command's bundle.
Error.stackTraceLimit = 100;
const write = process.stdout.write;
let shown = false;
process.stdout.write = function (...args) {
  if (!shown) {
    shown = true;
    process.stderr.write(`${new Error('probe').stack}\n`);
  }
  return write.apply(this, args);
};
