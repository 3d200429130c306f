/** A workstation (emu/lab/station.ts): stopping where the program exits, traces that change nothing, waiting for input. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SUPER_READ, USER_READ } from '../../emu/bus/tlb.js';
import { installFile } from '../../emu/lab/disk.js';
import { MAX_DISKS, Station } from '../../emu/lab/station.js';

const image = gunzipSync(readFileSync(new URL('../../images/root.img.gz', import.meta.url)));

function station(
  path: string,
  argv: string[],
  extra: { trace?: string[]; disk?: Uint8Array; consoleBaud?: number } = {},
) {
  let out = '';
  let status = -1;
  const st = new Station({
    disk: extra.disk ?? new Uint8Array(image),
    program: { path, argv },
    consoleSink: (b) => {
      out += String.fromCharCode(b);
    },
    onExit: (s) => {
      status = s;
    },
    quietBoot: true,
    consoleBaud: extra.consoleBaud,
    ...(extra.trace ? { instructionTrace: (l: string) => extra.trace?.push(l) } : {}),
  });
  return { st, out: () => out, status: () => status };
}

describe('Station.run', () => {
  it('stops where the program exits, not at the end of the time it was given', () => {
    const a = station('/bin/true', ['true']);
    a.st.run(20_000_000);
    expect(a.st.halted).toBe(true);
    expect(a.status()).toBe(0);
    const cycles = a.st.machine.now;
    expect(cycles).toBeGreaterThan(0);
    expect(cycles).toBeLessThan(20_000); // a thousandth of a second, not the 20 million offered
    // The same again, however the time is handed out.
    const b = station('/bin/true', ['true']);
    while (!b.st.halted) b.st.run(97);
    expect(b.st.machine.now).toBe(cycles);
  });

  it('with output, stops when the console has sent its last byte', () => {
    const a = station('/bin/echo', ['echo', 'hello'], { consoleBaud: 9600 });
    a.st.run(20_000_000);
    expect(a.out()).toBe('hello\r\n');
    // Seven characters at 9600 baud take 7 × 20,833 cycles; the program's own work is small.
    expect(a.st.machine.now).toBeGreaterThan(7 * 20_833);
    expect(a.st.machine.now).toBeLessThan(7 * 20_833 + 100_000);
  });

  it('runs the console at the speed asked for: 38400 by default, a quarter of the character time of 9600', () => {
    const text = 'x'.repeat(1000);
    const times = [undefined, 9600, 110].map((consoleBaud) => {
      const a = station('/bin/echo', ['echo', text], { consoleBaud });
      a.st.run(20_000_000 * 120);
      expect(a.out()).toBe(`${text}\r\n`);
      return a.st.machine.now / 20e6;
    });
    // 1002 characters of 10 bits: 0.26 s at 38400, 1.04 s at 9600, 91 s at 110; the program's work is the same.
    expect(times[1] - times[0]).toBeCloseTo(10_020 / 9600 - 10_020 / 38400, 2);
    expect(times[0]).toBeLessThan(10_020 / 38400 + 0.05);
    expect(times[2]).toBeGreaterThan(90); // the SCC makes 110.02 baud of it
  });

  it('stty SPEED reprograms the SCC (WR12, the baud-rate time constant)', () => {
    const a = station('/bin/stty', ['stty', '9600']);
    expect(a.st.machine.console.wr[12]).toBe(2); // 38400 from the EEPROM, before the kernel runs
    a.st.run(20_000_000);
    expect(a.status()).toBe(0);
    expect(a.st.machine.console.wr[12]).toBe(14); // 9600
  });
});

describe('instruction traces', () => {
  it('read memory without changing it: no R bits, no translation cache fills, no bus error register', () => {
    const trace: string[] = [];
    const a = station('/bin/echo', ['echo', 'hi'], { trace });
    const { machine: m } = a.st;
    const cpu = m.cpu;
    // To a user instruction some way into the program.
    a.st.run(200_000, () => cpu.instructions > 50);
    for (let i = 0; i < 1000 && (cpu.srS || cpu.stopped); i++) a.st.run(1);
    expect(cpu.srS).toBeFalsy();
    const pc = cpu.pc;
    // Clear R on the page of the next instruction, as a kernel scanning pages would.
    const pmeg = m.mmu.getSegmap(m.mmu.context, pc);
    m.mmu.clearRefMod(pmeg, (pc >>> 13) & 15);
    const ptes = m.mmu.ptes.slice();
    const busError = m.mmu.busError;
    m.mmu.busError = 0x55;
    const tables = cpu.tlb.tables.map((t) => t.slice());
    const n = trace.length;
    cpu.traceHook?.(cpu);
    expect(trace.length).toBe(n + 1);
    expect(trace[n]).toMatch(new RegExp(`^\\d+ pid 1 ${pc.toString(16).padStart(8, '0')}: [a-z]`));
    expect(m.mmu.ptes).toEqual(ptes);
    expect(m.mmu.busError).toBe(0x55);
    expect(cpu.tlb.tables[USER_READ]).toEqual(tables[USER_READ]);
    expect(cpu.tlb.tables[SUPER_READ]).toEqual(tables[SUPER_READ]);
    m.mmu.busError = busError;
  });

  it('show the instruction on a page the MMU does not map yet, and the run is the same as without a trace', () => {
    const trace: string[] = [];
    const traced = station('/bin/echo', ['echo', 'hi'], { trace });
    traced.st.run(20_000_000);
    const plain = station('/bin/echo', ['echo', 'hi']);
    plain.st.run(20_000_000);
    expect(traced.out()).toBe(plain.out());
    expect(traced.st.machine.now).toBe(plain.st.machine.now);
    expect(traced.st.kernel.stats.faults).toBe(plain.st.kernel.stats.faults);
    const user = trace.filter((l) => / pid 1 /.test(l));
    expect(user.length).toBeGreaterThan(100);
    expect(user.filter((l) => l.includes('(not mapped)'))).toEqual([]);
    // The first instruction faults its page in, then runs: it appears twice.
    expect(user[0]).toMatch(/^\d+ pid 1 00002020: \S.*\(not in the MMU yet: page fault\)$/);
    expect(user[1].slice(user[1].indexOf(' pid'))).toBe(
      user[0].slice(user[0].indexOf(' pid')).replace('  (not in the MMU yet: page fault)', ''),
    );
  });
});

describe('waitingForInput', () => {
  it('is true while a process sleeps reading the terminal with everything typed read, and false otherwise', () => {
    const a = station('/bin/cat', ['cat']);
    a.st.setConsoleEcho(false);
    a.st.run(20_000_000, () => a.st.waitingForInput());
    expect(a.st.waitingForInput()).toBe(true);
    a.st.machine.consoleInput('abc\n');
    expect(a.st.waitingForInput()).toBe(false);
    a.st.run(20_000_000, () => a.st.waitingForInput());
    expect(a.out()).toBe('abc\r\n'); // cat's copy only: the echo is off
    a.st.machine.consoleInput([4]); // ^D: end of file
    a.st.run(20_000_000);
    expect(a.st.halted).toBe(true);
    expect(a.status()).toBe(0);
  });
});

describe('disks and reboots', () => {
  it('takes up to MAX_DISKS disks, and says so in one line beyond', () => {
    const disk = () => new Uint8Array(image);
    const many = Array.from({ length: MAX_DISKS - 1 }, disk);
    const ok = new Station({ disk: disk(), extraDisks: many, consoleSink: () => {} });
    expect(ok.disks.length).toBe(MAX_DISKS);
    expect(ok.kernel.msgbuf).toContain(`sd${MAX_DISKS - 1}: <sun3lab disk 16384K>`);
    expect(() => new Station({ disk: disk(), extraDisks: [...many, disk()], consoleSink: () => {} })).toThrow(
      `a station takes at most ${MAX_DISKS} disks (sd0-sd${MAX_DISKS - 1})`,
    );
  });

  it('boots the same program again after a reboot under `run`, on the same disk', () => {
    const disk = new Uint8Array(image);
    const script = '#!/bin/sh\ntest -f /marker && exit 3\necho > /marker\nreboot\n';
    installFile(disk, '/tmp/twice', new TextEncoder().encode(script), 0o755);
    const a = station('/tmp/twice', ['twice'], { disk });
    a.st.run(20_000_000 * 10);
    expect(a.st.halted).toBe(true);
    expect(a.st.boots).toBe(2);
    expect(a.status()).toBe(3 << 8);
    expect(a.out()).toBe('syncing file systems... done\r\nrebooting...\r\n');
  });

  it('stays down, saying why, when there is nothing to boot after a reboot', () => {
    const disk = new Uint8Array(image);
    installFile(disk, '/tmp/once', new TextEncoder().encode('#!/bin/sh\nrm /tmp/once\nreboot\n'), 0o755);
    const a = station('/tmp/once', ['once'], { disk });
    a.st.run(20_000_000 * 10);
    expect(a.st.halted).toBe(true);
    expect(a.st.machine.cpu.haltReason).toBe('cannot run /tmp/once: no such file or directory');
    expect(a.out()).toContain('boot failed: cannot run /tmp/once: no such file or directory\r\n');
  });
});
