/** The UI's keys (emu/tui/keys.ts): what goes to the machines, what is the UI's own. */
import { describe, expect, it } from 'vitest';
import { KeyDecoder } from '../../emu/tui/keys.js';

describe('KeyDecoder', () => {
  it('types ordinary keys and control keys at the selected machine as they are', () => {
    const k = new KeyDecoder(3);
    expect(k.decode('ls -l\r')).toEqual([{ kind: 'type', machine: 0, bytes: 'ls -l\r' }]);
    expect(k.decode('\x03\x1a\x04\x1c')).toEqual([{ kind: 'type', machine: 0, bytes: '\x03\x1a\x04\x1c' }]);
    expect(k.decode('\x1b[A')).toEqual([{ kind: 'type', machine: 0, bytes: '\x1b[A' }]); // an arrow: passed on
  });

  it('F1 ... F12 select a machine, in the sequences of xterm, the Linux console and rxvt', () => {
    const k = new KeyDecoder(12);
    expect(k.decode('\x1bOQ')).toEqual([{ kind: 'select', machine: 1 }]);
    expect(k.decode('\x1b[[C')).toEqual([{ kind: 'select', machine: 2 }]);
    expect(k.decode('\x1b[24~')).toEqual([{ kind: 'select', machine: 11 }]);
    expect(k.decode('\x1b[13~')).toEqual([{ kind: 'select', machine: 2 }]);
    expect(new KeyDecoder(3).decode('\x1b[15~')).toEqual([]); // F5: no fifth machine
  });

  it('^A n, ^A p and ^A digit move between machines; what follows goes to the new one', () => {
    const k = new KeyDecoder(3);
    expect(k.decode('\x01n')).toEqual([{ kind: 'select', machine: 1 }]);
    expect(k.decode('\x01')).toEqual([]);
    expect(k.decode('pdate\r')).toEqual([
      { kind: 'select', machine: 0 },
      { kind: 'type', machine: 0, bytes: 'date\r' },
    ]);
    expect(k.decode('\x01p')).toEqual([{ kind: 'select', machine: 2 }]); // wraps round
    expect(k.decode('\x012ab\x010cd')).toEqual([
      { kind: 'select', machine: 2 },
      { kind: 'type', machine: 2, bytes: 'ab' },
      { kind: 'select', machine: 0 },
      { kind: 'type', machine: 0, bytes: 'cd' },
    ]);
    expect(k.decode('\x01\x01')).toEqual([{ kind: 'type', machine: 0, bytes: '\x01' }]);
    expect(k.decode('\x01x')).toEqual([]); // an unknown ^A key is dropped
    expect(k.decode('\x019')).toEqual([]); // no machine 9
  });

  it('~. at the start of a line quits, and nothing after it counts; ^A q quits too', () => {
    const k = new KeyDecoder(2);
    expect(k.decode('~.')).toEqual([{ kind: 'quit' }]);
    const k2 = new KeyDecoder(2);
    expect(k2.decode('echo a~.b\r~x\r')).toEqual([{ kind: 'type', machine: 0, bytes: 'echo a~.b\r~x\r' }]);
    expect(k2.decode('~.ls\x01n')).toEqual([{ kind: 'quit' }]);
    expect(new KeyDecoder(2).decode('\x01q')).toEqual([{ kind: 'quit' }]);
  });

  it('keeps the line start of each machine apart', () => {
    const k = new KeyDecoder(2);
    expect(k.decode('ab')).toEqual([{ kind: 'type', machine: 0, bytes: 'ab' }]);
    k.decode('\x01n');
    // sun1 is at the start of its line, though sun0 is not.
    expect(k.decode('~.')).toEqual([{ kind: 'quit' }]);
  });

  it('PgUp and PgDn scroll', () => {
    const k = new KeyDecoder(2);
    expect(k.decode('\x1b[5~\x1b[6~')).toEqual([
      { kind: 'scroll', pages: 1 },
      { kind: 'scroll', pages: -1 },
    ]);
  });
});
