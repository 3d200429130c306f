/**
 * The kernel on the emulated Sun-3/60, with a hand-assembled program (no
 * cross compiler needed): system calls, EFAULT, ENOSYS, and a fatal page
 * fault, deterministically.
 */
import { describe, expect, it } from 'vitest';
import { installFile } from '../../emu/lab/disk.js';
import { aout, hex, makeImage, rootImage, runOn } from './helpers.js';

// test/kernel/smoke.S, assembled: write "hello\n"; write from 0x1000 (EFAULT) then
// "ok\n"; call 250 (ENOSYS) then "OK\n"; store to 0x800000 (not mapped: killed).
const SMOKE = hex(
  '2f3c00000006487a00b62f3c0000000142a72f3c000000044e404fef00102f3c000000062f3c000010002f3c0000000142a72f3c00000004' +
    '4e406400002e0c800000000e660000244fef00102f3c00000003487a00702f3c0000000142a72f3c000000044e404fef001042a72f3c0000' +
    '00fa4e40588f6400002a0c800000005a660000202f3c00000003487a003b2f3c0000000142a72f3c000000044e404fef0010207c00800000' +
    '20bc000000012f3c0000000042a72f3c000000014e4068656c6c6f0a6f6b0a4f4b0a',
);

describe('booting the kernel and running a program', () => {
  const image = makeImage({ '/smoke': aout(SMOKE) });

  it('runs system calls, reports EFAULT and ENOSYS, and kills on a bad store', () => {
    const r = runOn(image.slice(), '/smoke', ['smoke']);
    expect(r.output).toBe('hello\nok\nOK\npid 1 (smoke): segmentation violation at 0x800000 (pc 0x20c8)\n');
    expect(r.status).toBe(11); // terminated by SIGSEGV
    expect(r.station.kernel.stats.syscalls).toBe(5);
  });

  it('is deterministic: the same run takes the same cycles', () => {
    const a = runOn(image.slice(), '/smoke', ['smoke']);
    const b = runOn(image.slice(), '/smoke', ['smoke']);
    expect(a.cycles).toBe(b.cycles);
    expect(a.output).toBe(b.output);
  });

  it('refuses a file that is not a 68020 a.out', () => {
    const bad = makeImage({ '/bad': new TextEncoder().encode('echo hi\n') });
    expect(() => runOn(bad, '/bad')).toThrow('cannot run /bad: exec format error');
  });

  it('refuses a directory as process 1 with EACCES, as execve does (not "exec format error")', () => {
    expect(() => runOn(rootImage(), '/bin')).toThrow('cannot run /bin: permission denied');
    expect(() => runOn(rootImage(), '/bin/')).toThrow('cannot run /bin/: permission denied');
  });

  it('runs a "#!" script as process 1 through its interpreter', () => {
    const img = rootImage();
    installFile(img, '/tmp/hi', new TextEncoder().encode('#!/bin/sh\necho hi from $0 $1\nexit 4\n'), 0o755);
    const r = runOn(img, '/tmp/hi', ['hi', 'there']);
    expect(r.output).toBe('hi from /tmp/hi there\n');
    expect(r.status).toBe(4 << 8);
    // and a missing interpreter is ENOENT
    installFile(img, '/tmp/bad', new TextEncoder().encode('#!/no/shell\n'), 0o755);
    expect(() => runOn(img, '/tmp/bad')).toThrow('cannot run /tmp/bad: no such file or directory');
  });
});
