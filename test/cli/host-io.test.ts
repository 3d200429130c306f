/** The host's side of the console: the `~.` escape that both `boot` paths (terminal and pipe) share, and piped input. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_TYPED, ScriptInput, TildeEscape } from '../../emu/cli/host-io.js';

const bytes = (s: string) => [...Buffer.from(s, 'latin1')];
const text = (b: number[]) => Buffer.from(b).toString('latin1');

describe('TildeEscape', () => {
  it('quits at ~. at the start of the input and of each line, passing on what came before', () => {
    expect(new TildeEscape().filter(bytes('~.')).length).toBe(0);
    const e = new TildeEscape();
    expect(text(e.filter(bytes('ls\n~.echo')))).toBe('ls\n');
    expect(e.quit).toBe(true);
    expect(e.filter(bytes('more\n'))).toEqual([]);
    const cr = new TildeEscape();
    expect(text(cr.filter(bytes('ls\r~.')))).toBe('ls\r');
    expect(cr.quit).toBe(true);
  });

  it.each([
    ['^C', '\x03'],
    ['^\\', '\x1c'],
    ['^U', '\x15'],
    ['^D', '\x04'],
    ['^Z', '\x1a'],
  ])('a line starts after %s too (a fresh prompt follows it)', (_name, key) => {
    const e = new TildeEscape();
    expect(text(e.filter(bytes(`sleep 100${key}~.`)))).toBe(`sleep 100${key}`);
    expect(e.quit).toBe(true);
  });

  it('passes on a ~ in the middle of a line, and one followed by something else', () => {
    const e = new TildeEscape();
    expect(text(e.filter(bytes('echo a~.b\n~x\n~~\n')))).toBe('echo a~.b\n~x\n~~\n');
    expect(e.quit).toBe(false);
  });

  it('holds a ~ back until the next byte comes, even in another chunk', () => {
    const e = new TildeEscape();
    expect(text(e.filter(bytes('\n~')))).toBe('\n');
    expect(text(e.filter(bytes('ls\n')))).toBe('~ls\n');
    expect(text(e.filter(bytes('~')))).toBe('');
    expect(e.filter(bytes('.'))).toEqual([]);
    expect(e.quit).toBe(true);
  });

  it('gives back a held ~ when the input ends', () => {
    const e = new TildeEscape();
    expect(e.filter(bytes('~'))).toEqual([]);
    expect(text(e.end())).toBe('~');
    expect(e.end()).toEqual([]);
    expect(e.quit).toBe(false);
  });
});

describe('ScriptInput', () => {
  const lines = (input: ScriptInput) => {
    const got: string[] = [];
    for (let l = input.nextLine(); l !== null; l = input.nextLine())
      got.push(Buffer.from(l).toString('latin1'));
    return got;
  };

  it('hands out a line at a time, the unterminated rest at the end', async () => {
    const s = new PassThrough();
    const input = new ScriptInput(s, false);
    // (more() waits for input that comes after it is called.)
    const first = input.more();
    s.write('one\ntwo\rthr');
    await first;
    expect(lines(input)).toEqual(['one\n', 'two\r']);
    const end = input.more();
    s.end('ee');
    await end;
    await new Promise((r) => setImmediate(r));
    expect(input.ended).toBe(true);
    expect(lines(input)).toEqual(['three']);
    expect(input.exhausted).toBe(true);
    input.close();
  });

  it('types a long line (or input with no line ends) in pieces of MAX_TYPED bytes', async () => {
    const s = new PassThrough();
    const input = new ScriptInput(s, false);
    const came = input.more();
    s.write(Buffer.alloc(MAX_TYPED * 2 + 10, 0x61));
    await came;
    expect(lines(input).map((l) => l.length)).toEqual([MAX_TYPED, MAX_TYPED]);
    expect(input.held).toBe(10);
    input.close();
  });

  it('holds a bounded amount: the stream is paused when full and resumed as the machine takes it', async () => {
    const s = new PassThrough({ highWaterMark: 1024 });
    const input = new ScriptInput(s, false, 8192);
    let written = 0;
    const line = Buffer.from(`${'x'.repeat(99)}\n`);
    // Write until the stream pushes back: the writer must see back-pressure long before 1 MB.
    while (written < 1 << 20 && s.write(line)) written += line.length;
    await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 10 && written < 1 << 20; i++) {
      while (s.write(line)) written += line.length;
      await new Promise((r) => setImmediate(r));
    }
    expect(s.isPaused()).toBe(true);
    expect(input.held).toBeGreaterThanOrEqual(8192);
    expect(input.held).toBeLessThan(8192 + 2048);
    expect(written).toBeLessThan(64 * 1024);
    // Taking half of it resumes reading.
    for (let i = 0; i < 50; i++) input.nextLine();
    expect(s.isPaused()).toBe(false);
    input.close();
  });

  it('more(ms) gives up after that much real time', async () => {
    const s = new PassThrough();
    const input = new ScriptInput(s, false);
    expect(await input.more(20)).toBe(false);
    const came = input.more(10_000);
    s.write('x\n');
    expect(await came).toBe(true);
    input.close();
  });
});
