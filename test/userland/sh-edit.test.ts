/**
 * The shell at a terminal, typed as a person would (key by key, on a booted
 * machine): history with the arrow keys and ^P/^N, tab completion of file
 * and command names, the help and history built-ins; grep and more.
 */
import { describe, expect, it } from 'vitest';
import { bootConsole } from '../kernel/helpers.js';

/** Boot, type each key string with a tenth of a second between them, and return what followed the first prompt. */
function keys(...typed: string[]): string {
  const c = bootConsole();
  const start = c.output().length;
  for (const k of typed) c.type(k, 0.1);
  c.type('', 1);
  return c.output().slice(start);
}

describe('sh line editing', () => {
  it('up arrow and ^P recall earlier lines; down and ^N come back; editing in the middle', () => {
    const out = keys('echo one\r', 'echo two\r', '\x1b[A', '\x1b[A', '\r', '\x10', '\x10', '\x0e', '\r');
    // up, up: "echo one" again (the history is now one, two, one); ^P ^P ^N: two, then one again.
    expect(out.match(/^one$/gm)).toHaveLength(3);
    expect(out.match(/^two$/gm)).toHaveLength(1);
    const bs8 = '\b'.repeat(8);
    expect(out).toContain(`# echo one${bs8}echo two${bs8}echo one\n`);
    const edited = keys(
      'echo abc\r',
      '\x1b[A',
      '\x1b[D',
      '\x1b[D',
      'X',
      '\r',
      'cho Z',
      '\x01',
      'e',
      '\x05',
      '!',
      '\r',
    );
    expect(edited).toMatch(/^aXbc$/m); // up, left twice: X goes in before "bc"
    expect(edited).toMatch(/^Z!$/m); // ^A: "e" at the start; ^E: "!" at the end
  });

  it('tab completes a file name, a directory with a slash, a command from /bin; twice lists the candidates', () => {
    const out = keys(
      'cat /etc/mot\t\r',
      'ls /us\t\r',
      'ch\t\t',
      '\x15',
      'ech\t completed\r',
      'ls /tests/si\t\t',
      '\x15',
    );
    expect(out).toMatch(/^cat \/etc\/motd \n/);
    expect(out).toContain('Welcome.');
    expect(out).toMatch(/# ls \/usr\/\nbin +demo +etc/);
    expect(out).toContain('# ch\u0007\nchgrp  chmod  chown\n# ch^U'); // ch: nothing to add (the bell), then the list
    expect(out).toMatch(/^completed$/m);
    expect(out).toMatch(/sieve {2}signals {2}sigpause {2}sigtrap/);
  });

  it('history lists what was typed; help lists the built-ins; ^U forgets the line', () => {
    const out = keys('echo a\r', 'echo gone\x15', 'history\r', 'help\r');
    expect(out).toContain('# echo gone^U\n');
    expect(out).toMatch(/ {4}1 {2}echo a\n {4}2 {2}history\n/);
    for (const b of ['cd', 'exit', 'jobs', 'fg', 'kill', 'ulimit', 'history', 'help'])
      expect(out).toMatch(new RegExp(`^  ${b}\\b`, 'm'));
  });

  it('a command that turns echo off (stty -echo) is obeyed: nothing typed is shown', () => {
    const out = keys('stty -echo\r', 'echo secret\r', 'stty echo\r', 'echo shown\r');
    expect(out).not.toContain('echo secret');
    expect(out).toContain('# secret\n# # echo shown'); // no echo, not even of the newline, as the terminal does
    expect(out).toContain('# echo shown\nshown\n');
  });
});

describe('grep and more', () => {
  it('grep: -n, -c, -v, -i, -l, anchors, sets and stars; exit status', () => {
    const out = keys(
      'grep -n "^[ab][a-z]*:" /etc/passwd\r',
      'grep -c sh /etc/passwd\r',
      'grep -ic ROOT /etc/passwd; echo status $?\r',
      'grep -l nothing-like-this /etc/passwd /etc/group; echo status $?\r',
      'grep -v -c : /etc/passwd\r',
      'grep "o*t:" /etc/group /etc/passwd | head -2\r',
    );
    expect(out).toMatch(/^6:alice:/m);
    expect(out).toMatch(/^7:bob:/m);
    expect(out).not.toMatch(/^1:root/m);
    expect(out).toMatch(/grep -ic ROOT \/etc\/passwd; echo status \$\?\n\d+\nstatus 0\n/);
    expect(out).toContain('echo status $?\nstatus 1\n');
    expect(out).toMatch(/grep -v -c : \/etc\/passwd\n0\n/);
    expect(out).toMatch(/^\/etc\/group:project:/m); // several files: names first; "o*t:" matches "t:"
    expect(out).toMatch(/^\/etc\/passwd:root:/m);
  });

  it('more pages a long file: --More-- with the percentage, space for a page, return for a line, q quits', () => {
    const out = keys('more /etc/services\r', ' ', '\r', 'q', 'echo after\r');
    const prompts = out.match(/--More--\((\d+)%\)/g) ?? [];
    expect(prompts.length).toBe(3);
    const pct = prompts.map((p) => Number(/\d+/.exec(p)?.[0]));
    expect(pct[0]).toBeLessThan(pct[1]);
    expect(pct[1]).toBeLessThanOrEqual(pct[2]); // one line more: perhaps less than 1%
    expect(out).toContain('# echo after\nafter\n');
    // Not a terminal: more copies like cat.
    expect(keys('more /etc/motd | grep -c .\r')).toMatch(/^\d+\n/m);
  });
});
