/**
 * The shell and the boot script with the process work: vfork for simple
 * commands, "(core dumped)" and ulimit, `time` counting grandchildren, and
 * /etc/rc at boot.
 */
import { describe, expect, it } from 'vitest';
import { Station } from '../../emu/lab/station.js';
import { rootImage, runOn, session } from './helpers.js';

function sh(cmd: string) {
  return runOn(rootImage(), '/bin/sh', ['sh', '-c', cmd]);
}

describe('the shell', () => {
  it('starts simple commands with vfork, and the rest with fork', () => {
    const calls: string[] = [];
    const st = new Station({
      disk: rootImage(),
      program: {
        path: '/bin/sh',
        argv: ['sh', '-c', '/bin/true; X=1 /bin/true; cd / | /bin/cat; /bin/echo a | /bin/cat'],
      },
      consoleSink: () => {},
      trace: (line) => {
        const m = /^ *[\d.]+ 1 (\w+)\(/.exec(line);
        if (m && (m[1] === 'fork' || m[1] === 'vfork')) calls.push(m[1]);
      },
      quietBoot: true,
    });
    for (let i = 0; i < 500 && !st.halted; i++) st.run(200_000);
    // true: vfork; X=1 true: fork (the assignment is made in the child); cd | cat: fork, vfork; echo | cat: vfork, vfork.
    expect(calls).toEqual(['vfork', 'fork', 'fork', 'vfork', 'vfork', 'vfork']);
  });

  it('says "(core dumped)" when a command leaves a core, and ulimit -c allows it', () => {
    const r = sh(
      'cd /tmp; /tests/core segv; ulimit -c; ulimit -c unlimited; ulimit -c; /tests/core segv; ls core',
    );
    // The kernel reports the fault on the console, then the shell the signal.
    expect(r.output).toMatch(
      /^pid 2 \(core\): segmentation violation at 0x10 \(pc 0x[0-9a-f]+\)\nSegmentation fault\n0\nunlimited\n/,
    );
    expect(r.output).toMatch(
      /\npid 3 \(core\): segmentation violation at 0x10 \(pc 0x[0-9a-f]+\) \(core dumped\)\nSegmentation fault \(core dumped\)\ncore\n$/,
    );
  });

  it('time counts the grandchildren a child waited for', () => {
    const r = sh('time sh -c /tests/matmul');
    const user = /user (\d+)\.(\d\d)/.exec(r.output);
    expect(user).not.toBeNull();
    expect(Number(user?.[1]) + Number(user?.[2]) / 100).toBeGreaterThan(1);
  });
});

describe('/etc/rc', () => {
  it('names the machine, clears /tmp and says when the system came up', () => {
    const out = session('ls -l /\n', 3);
    expect(out).toContain('hostname: sun0\n');
    expect(out).toContain('clearing /tmp.\n');
    expect(out).toMatch(/multi-user startup: \w{3} \w{3} +\d+ \d\d:\d\d:\d\d/);
    expect(out).toMatch(/drwxrwxrwt .* tmp\n/);
  });
});
