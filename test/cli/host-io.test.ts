/** The host's side of the console: the `~.` escape that both `boot` paths (terminal and pipe) share. */
import { describe, expect, it } from 'vitest';
import { TildeEscape } from '../../emu/cli/host-io.js';

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
