/**
 * The kernel's trace (kernel/ktrace.ts, systrace.ts): system calls decoded
 * from their signatures, with results, error names and times; and each
 * class of the trace on a run that exercises it. Tracing must not change
 * the run: the same cycles and output with and without it.
 */
import { describe, expect, it } from 'vitest';
import { Station, type StationOptions } from '../../emu/lab/station.js';
import type { KernelEvent } from '../../kernel/events.js';
import type { TraceClass } from '../../kernel/ktrace.js';
import { parseTraceClasses } from '../../kernel/ktrace.js';
import { sysent } from '../../kernel/sysent.js';
import { SYS_SIGNATURES } from '../../kernel/systrace_sig.js';
import { rootImage } from './helpers.js';

interface Traced {
  lines: string[];
  events: KernelEvent[];
  output: string;
  cycles: number;
  status: number;
}

/** Run `argv` as process 1 with the given trace classes (none: no trace at all). */
function traced(argv: string[], what: TraceClass[] | null, more: Partial<StationOptions> = {}): Traced {
  const lines: string[] = [];
  const events: KernelEvent[] = [];
  let output = '';
  let status = -1;
  const st = new Station({
    disk: rootImage(),
    program: { path: argv[0], argv: [argv[0].replace(/.*\//, ''), ...argv.slice(1)] },
    consoleSink: (b) => {
      output += String.fromCharCode(b);
    },
    onExit: (s) => {
      status = s;
    },
    quietBoot: true,
    ...(what ? { trace: (l: string) => lines.push(l), traceWhat: what, events: (e) => events.push(e) } : {}),
    ...more,
  });
  for (let i = 0; i < 1200 && !st.halted; i++) st.run(200_000);
  return { lines, events, output, cycles: st.machine.cpu.cycles, status };
}

/** The text of a line after its time and pid. */
const text = (l: string) => l.replace(/^\s*\d+\.\d{6} (-|\d+) /, '');

describe('the system-call signature table', () => {
  it('has a signature for every call of sysent.ts, with as many arguments as the call takes', () => {
    const missing: string[] = [];
    const wrong: string[] = [];
    sysent.forEach((e, n) => {
      if (!e) return;
      const sig = SYS_SIGNATURES[e.name];
      if (!sig) missing.push(`${n} ${e.name}`);
      else if (sig.args.length !== e.nargs)
        wrong.push(`${e.name}: ${sig.args.length} kinds for ${e.nargs} arguments`);
    });
    expect(missing).toEqual([]);
    expect(wrong).toEqual([]);
    // And nothing stale: every signature is of a call the table has.
    const names = new Set(sysent.filter((e) => e).map((e) => e?.name));
    expect(Object.keys(SYS_SIGNATURES).filter((n) => !names.has(n))).toEqual([]);
  });
});

describe('the system-call trace', () => {
  const ls = traced(['/bin/ls', '-l', '/etc/passwd', '/nonexistent'], ['syscalls']);

  it('shows each call with strings, flags, structs, results and error names, and its emulated time', () => {
    const calls = ls.lines.map(text);
    const has = (re: RegExp) =>
      expect(
        calls.some((c) => re.test(c)),
        `${re} in\n${calls.join('\n')}`,
      ).toBe(true);
    has(
      /^stat\("\/etc\/passwd", \{st_mode=S_IFREG\|0644, st_ino=\d+, st_nlink=1, st_uid=0, st_size=\d+\}\) = 0 {2}<\d+\.\d us>$/,
    );
    // A failed call: its error by name and text, and what it would have filled in as a bare address.
    has(/^stat\("\/nonexistent", 0x[0-9a-f]+\) = -1 ENOENT \(no such file or directory\) {2}<\d+\.\d us>$/);
    has(/^open\("\/etc\/passwd", O_RDONLY, 0666\) = 3 /);
    has(/^ioctl\(3, TIOCGETP, 0x[0-9a-f]+\) = -1 ENOTTY /);
    // What a read brought in is shown after it, up to 32 bytes; what a write sent, when it is made.
    has(/^read\(3, "root:[^"]{27}"\.\.\., 1024\) = \d+ /);
    has(/^write\(2, "ls: ", 4\) = 4 /);
    has(/^write\(1, "-rw-r--r-- {2}1 root[^"]*"\.\.\., \d+\) = \d+ /);
    has(/^gettimeofday\(\{tv_sec=\d+, tv_usec=\d+\}, NULL\) = 0 /);
    // exit does not return: it is shown as it is made, without a result.
    expect(calls.at(-1)).toBe('exit(1)');
    // Every line: the time in seconds, the pid.
    for (const l of ls.lines) expect(l).toMatch(/^ +\d+\.\d{6} 1 [a-z_]/);
  });

  it('changes nothing in the run: the same output at the same cycle', () => {
    const plain = traced(['/bin/ls', '-l', '/etc/passwd', '/nonexistent'], null);
    expect(ls.output).toBe(plain.output);
    expect(ls.cycles).toBe(plain.cycles);
    expect(ls.status).toBe(plain.status);
  });

  it('is also an event stream: one trace event per line, with its class, pid and text', () => {
    const ev = ls.events.filter((e) => e.type === 'trace');
    expect(ev.length).toBe(ls.lines.length);
    expect(ev[0]).toEqual({ type: 'trace', cls: 'syscalls', pid: 1, text: text(ls.lines[0]) });
  });

  it('names signals, wait options, fcntl commands and descriptors of pipe', () => {
    const r = traced(['/bin/sh', '-c', '/bin/echo a | /bin/cat; kill -TERM $$'], ['syscalls']);
    const calls = r.lines.map(text);
    expect(calls.some((c) => /^pipe\(\) = \[\d+, \d+\]/.test(c))).toBe(true);
    expect(calls.some((c) => /^kill\(\d+, SIGTERM\) = 0/.test(c))).toBe(true);
    expect(
      calls.some((c) => /^execve\("\/bin\/echo", \["\/bin\/echo", "a"\], 0x[0-9a-f]+\) = 0/.test(c)),
    ).toBe(true);
    expect(calls.some((c) => /^wait4\(-?\d+, (0x[0-9a-f]+|NULL), (0|WUNTRACED|WNOHANG)/.test(c))).toBe(true);
  });
});

describe('a call a caught signal cuts short', () => {
  it('is shown interrupted, then the handler, then the call again when it completes', () => {
    const r = traced(['/tests/restart'], ['syscalls', 'signals']);
    expect(r.output).toMatch(/restart: PASS/);
    const calls = r.lines.map(text);
    const cut = calls.findIndex((c) =>
      /^read\(3, 0x[0-9a-f]+, 8\) interrupted, restarts after the handler {2}<\d+\.\d us>$/.test(c),
    );
    expect(cut).toBeGreaterThanOrEqual(0);
    expect(calls[cut + 1]).toMatch(/^SIGALRM caught: handler at 0x[0-9a-f]+$/);
    expect(calls.slice(cut + 2).some((c) => /^read\(3, "[^"]*", 8\) = \d+ /.test(c))).toBe(true);
  });
});

describe('the trace classes', () => {
  const sleeps = Array(9).fill('/bin/sleep 1 &').join(' ');
  const busy = traced(
    ['/bin/sh', '-c', `${sleeps} wait; /bin/echo a | /bin/cat; kill -TERM $$`],
    ['faults', 'signals', 'sched', 'interrupts'],
  );
  const of = (re: RegExp) => busy.lines.map(text).filter((l) => re.test(l));

  it('faults: page faults, and MMU contexts stolen when more than seven processes run', () => {
    expect(of(/^page fault at 0x[0-9a-f]+ \((read|write)\) by pc 0x[0-9a-f]+$/).length).toBeGreaterThan(20);
    expect(of(/^MMU context \d stolen from pid \d+ \(sleep\)$/).length).toBeGreaterThan(0);
  });

  it('signals: posted, and what the process does with them', () => {
    expect(of(/^SIGCHLD posted/).length).toBeGreaterThan(5);
    expect(of(/^SIGTERM posted$/).length).toBe(1);
    expect(of(/^SIGTERM not caught: the process exits$/).length).toBe(1);
  });

  it('sched: the switches from process to process and to idle', () => {
    expect(of(/^switch to pid \d+ \(\w+\), priority \d+, from (pid \d+|idle)$/).length).toBeGreaterThan(10);
    expect(of(/^switch to idle, from pid \d+$/).length).toBeGreaterThan(0);
  });

  it('interrupts: the clock and the console, by level', () => {
    expect(of(/^interrupt level 5 \(clock\)$/).length).toBeGreaterThan(50);
    expect(of(/^interrupt level 6 \(serial ports: console\)$/).length).toBeGreaterThan(0);
  });

  it('net: the frames le0 sends (a booting machine announces its address)', () => {
    const lines: string[] = [];
    const st = new Station({
      disk: rootImage(),
      consoleSink: () => {},
      trace: (l) => lines.push(l),
      traceWhat: ['net'],
    });
    for (let i = 0; i < 30 && !lines.length; i++) st.run(2_000_000);
    expect(lines.map(text)).toContainEqual(
      expect.stringMatching(
        /^le0 out 8:0:20:[0-9a-f:]+ > ff:ff:ff:ff:ff:ff 42 bytes: ARP who-has [\d.]+ tell [\d.]+$/,
      ),
    );
  });

  it('are chosen by a list, and all is every kernel class', () => {
    expect(parseTraceClasses('syscalls,signals')).toEqual(['syscalls', 'signals']);
    expect(parseTraceClasses('all')).toEqual(['syscalls', 'faults', 'interrupts', 'signals', 'sched', 'net']);
    expect(parseTraceClasses('syscalls,bogus')).toMatch(/^unknown trace class "bogus"/);
  });
});
