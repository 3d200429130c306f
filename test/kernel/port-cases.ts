/**
 * The porting suite (userland/port): each program, what is typed at the
 * shell to run it, and what the console must show until the next prompt.
 * The programs are sun3lab's own, written in the style of the classic
 * textbooks' examples (docs/userland.md, "Porting a program"); the same
 * cases check them built into the image (port.test.ts) and built with
 * `sun3lab cc` on the host (test/tools/cc.test.ts).
 */
import { expect } from 'vitest';
import type { Console } from './helpers.js';

export interface PortCase {
  /** The program's name (userland/port/NAME.c). */
  name: string;
  /** The shell command, with DIR for the directory the programs are in. */
  command: string;
  /** Typed once the console shows `ready` (the program waits for it). */
  input?: string;
  ready?: RegExp;
  /** The console output from the command line to the next prompt, DIR replaced. */
  expect: string;
  /** Output that comes after the prompt (a child the shell does not wait for), to wait for. */
  after?: string;
  /** Emulated seconds to wait for it (default 20). */
  seconds?: number;
}

/** The machine's memory for the suite, MB: small, so that bigarray is larger than memory. */
export const PORT_MEMORY_MB = 4;

export const PORT_CASES: PortCase[] = [
  { name: 'sigusr', command: 'DIR/sigusr', expect: 'received SIGUSR1\nreceived SIGUSR2\n' },
  {
    name: 'critical',
    command: 'DIR/critical',
    expect:
      'program start:\nin critical region: SIGINT\nin sig_int: SIGINT SIGUSR1\n' +
      'after return from sigsuspend: SIGINT\nprogram exit:\n',
  },
  { name: 'pending', command: 'DIR/pending', expect: 'SIGQUIT pending\ncaught SIGQUIT\nSIGQUIT unblocked\n' },
  {
    name: 'waitint',
    command: 'DIR/waitint',
    expect: 'caught SIGUSR1: yes\nwaitpid returned the child: yes\nnormal termination, exit status = 3\n',
  },
  {
    name: 'restart',
    command: 'DIR/restart',
    expect:
      'alarm\nsignal(): read 6 bytes\nalarm\nsigaction(): read error: Interrupted system call\n' +
      'alarm\nsigaction(SA_RESTART): read 6 bytes\n',
  },
  {
    name: 'session',
    command: 'DIR/session',
    expect:
      'child: session id is its pid: yes\nchild: process group is its pid: yes\n' +
      "child: left its parent's group: yes\nchild: no controlling terminal: No such device or address\n" +
      'child: setsid again: Not owner\nparent: still has its terminal: yes\n',
  },
  {
    name: 'orphan',
    command: 'DIR/orphan',
    expect: 'child: ppid is 1: no, in the foreground: yes\nparent exits\n',
    after: 'SIGHUP received\nchild: ppid is 1: yes, in the foreground: no\nread error 5 on controlling TTY\n',
  },
  {
    name: 'rawmode',
    command: 'DIR/rawmode',
    ready: /terminate with q\n$/,
    input: 'a\x03\rq',
    expect: 'enter raw mode characters, terminate with q\n141\n3\n15\nback to cooked mode\n',
  },
  {
    name: 'pipeline',
    command: 'DIR/pipeline',
    expect:
      '       2\nls found some names: yes\nls exit status 0, wc exit status 0\na command that fails: exit status 3\n',
  },
  {
    name: 'longopts',
    command: 'DIR/longopts -v --name=world --count 2 extra; DIR/longopts --bogus; echo status $?',
    expect:
      'hello, world\nhello, world\nverbose: on\noperand: extra\n' +
      "DIR/longopts: unrecognized option '--bogus'\n" +
      'usage: longopts [-v|--verbose] [-n|--name name] [-c|--count n] [file ...]\nstatus 2\n',
  },
  {
    name: 'errs',
    command: 'DIR/errs; echo status $?; DIR/errs /etc/motd a b; echo status $?',
    expect:
      'errs: /nonexistent: No such file or directory\nerrs: done with /nonexistent\nstatus 0\n' +
      'errs: 3 arguments is too many\nstatus 2\n',
  },
  {
    name: 'sysinfo',
    command: 'DIR/sysinfo',
    expect:
      'SunOS sun0 4.1.1 1 sun3\nARG_MAX = 1048576\nCHILD_MAX = 25\nclock ticks/second = 100\n' +
      'NGROUPS_MAX = 8\nOPEN_MAX = 64\n_POSIX_VERSION = 198808\nNAME_MAX = 255\nPATH_MAX = 1024\n' +
      'MAX_CANON = 256\nterminal: /dev/console\ncontrolling terminal: /dev/tty\nlogin name: root\n',
  },
  {
    name: 'wordfreq',
    command: 'echo "the cat and the hat. The end" | DIR/wordfreq',
    expect: '   3 the\n   1 and\n   1 cat\n   1 end\n   1 hat\n',
  },
  {
    name: 'mcopy',
    command:
      'echo "a file copied through mmap" > /tmp/mc.in; DIR/mcopy /tmp/mc.in /tmp/mc.out; cat /tmp/mc.out',
    expect: 'copied 27 bytes\na file copied through mmap\n',
  },
  {
    // 8 MB of array on a 4 MB machine (PORT_MEMORY_MB): it pages.
    name: 'bigarray',
    command: 'DIR/bigarray',
    expect: 'array of 8192 KB\nsum = 1380253777\n4242 occurs 210 times\n',
    seconds: 120,
  },
];

/**
 * Run every case at the shell of a booted machine, the programs in `dir`:
 * each command's output up to the next prompt must be what the case says.
 */
export function runPortCases(c: Console, dir: string): void {
  for (const k of PORT_CASES) {
    const command = k.command.replaceAll('DIR', dir);
    const start = c.output().length;
    c.type(`${command}\n`, 0);
    if (k.input) {
      const ready = k.ready ?? /$/;
      c.waitFor(new RegExp(`${quote(command)}\\n[\\s\\S]*${ready.source}`), 10);
      c.type(k.input, 0);
    }
    const want = `${command}\n${k.expect.replaceAll('DIR', dir)}# ${k.after ?? ''}`;
    c.waitFor(new RegExp(`${quote(want)}$`), k.seconds ?? 20);
    expect(c.output().slice(start), k.name).toBe(want);
  }
}

function quote(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
