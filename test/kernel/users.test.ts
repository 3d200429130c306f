/**
 * Users on a booted machine: crypt(3) against the host's libc, the accounts
 * of the image, getty and login on the console (--login), login -f, su,
 * passwd (and that /etc/passwd is never half-written), id, whoami, chown
 * and chgrp.
 *
 * Some of it needs the kernel's credential calls (setuid, setgid,
 * setgroups...), set-user-id executables, or chown(2); those tests are
 * skipped, by the probes below, until the kernel has them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { installFile } from '../../emu/lab/disk.js';
import { Station, type StationOptions } from '../../emu/lab/station.js';
import { MemoryDisk } from '../../kernel/fs/ufs/disk.js';
import { lookupPath } from '../../kernel/fs/ufs/path.js';
import { Ufs } from '../../kernel/fs/ufs/ufs.js';
import { rootImage as committedImage, rootUfs } from './helpers.js';

/** The committed image, decompressed once: a fresh copy each time. */
const IMAGE = committedImage();
const rootImage = () => IMAGE.slice();

interface Session {
  output: string;
  status: number;
  station: Station;
}

/**
 * A machine on the committed image (or `disk`): each line of `lines` is
 * typed when it waits for input; it stops when it waits with nothing left
 * to type, when it halts (a program of `run` ended), or at `stopAt` cycles.
 */
function drive(
  opts: Partial<StationOptions>,
  lines: string[],
  stop: { stopAt?: number; trace?: (line: string, cycles: number) => void } = {},
): Session {
  let output = '';
  let status = -1;
  const st: Station = new Station({
    disk: rootImage(),
    consoleSink: (b) => {
      output += String.fromCharCode(b);
    },
    onExit: (s) => {
      status = s;
    },
    quietBoot: opts.program !== undefined,
    trace: stop.trace ? (line) => stop.trace?.(line, st.machine.cpu.cycles) : undefined,
    ...opts,
  });
  const queue = [...lines];
  const limit = stop.stopAt ?? 120 * 20_000_000;
  while (!st.halted && st.machine.cpu.cycles < limit) {
    st.run(Math.min(2_000_000, limit - st.machine.cpu.cycles), () => st.waitingForInput());
    if (st.halted || !st.waitingForInput()) continue;
    const next = queue.shift();
    if (next === undefined) break;
    st.machine.consoleInput(`${next}\n`);
  }
  return { output: output.replace(/\r\n/g, '\n'), status, station: st };
}

/** Run `argv` as process 1 (as `sun3lab run` does), as `user` (default root), typing `lines`. */
function run(argv: string[], lines: string[] = [], user?: string, disk?: Uint8Array): Session {
  return drive({ program: { path: argv[0]!, argv }, user, ...(disk ? { disk } : {}) }, lines);
}

/** The exit code of a wait status. */
const exitCode = (status: number) => (status >> 8) & 0xff;

/** The text of `path` in a file system (null if there is none). */
function readText(fs: Ufs, path: string): string | null {
  let ip: ReturnType<typeof lookupPath>;
  try {
    ip = lookupPath(fs, path);
  } catch {
    return null;
  }
  try {
    const buf = new Uint8Array(ip.size);
    fs.readi(ip, 0, buf);
    return Buffer.from(buf).toString('latin1');
  } finally {
    fs.iput(ip);
  }
}

/** Owner, group and mode of `path` in a file system. */
function attrs(fs: Ufs, path: string): { uid: number; gid: number; mode: number } {
  const ip = lookupPath(fs, path);
  const a = { uid: ip.uid, gid: ip.gid, mode: ip.mode & 0o7777 };
  fs.iput(ip);
  return a;
}

const committed = () => Ufs.mount(new MemoryDisk(rootImage()), { readonly: true });
const ORIGINAL_PASSWD = readText(committed(), '/etc/passwd') ?? '';
const hashOf = (passwd: string, name: string) =>
  passwd
    .split('\n')
    .find((l) => l.startsWith(`${name}:`))
    ?.split(':')[1];

describe('crypt(3)', () => {
  it('matches the host C library on every vector of test/fixtures/crypt', () => {
    const vectors = readFileSync(new URL('../fixtures/crypt/vectors.txt', import.meta.url));
    const n = vectors
      .toString()
      .split('\n')
      .filter((l) => l && !l.startsWith('#')).length;
    expect(n).toBeGreaterThan(200);
    const image = rootImage();
    installFile(image, '/tmp/vectors', new Uint8Array(vectors), 0o644);
    const r = run(['/tests/crypt', '/tmp/vectors'], [], undefined, image);
    expect(r.output).not.toMatch(/mismatch|FAIL/);
    expect(r.output).toContain(`PASS: ${n} of ${n} vectors of /tmp/vectors match`);
    expect(exitCode(r.status)).toBe(0);
  });
});

describe('the accounts of the image', () => {
  it('has set-user-id login, su and passwd, and a home directory for each student', () => {
    const fs = committed();
    for (const p of ['/bin/login', '/bin/su', '/bin/passwd'])
      expect(attrs(fs, p)).toEqual({ uid: 0, gid: 0, mode: 0o4755 });
    expect(attrs(fs, '/etc/passwd')).toEqual({ uid: 0, gid: 0, mode: 0o644 });
    expect(attrs(fs, '/home')).toEqual({ uid: 0, gid: 0, mode: 0o755 });
    expect(attrs(fs, '/home/alice')).toEqual({ uid: 1001, gid: 100, mode: 0o755 });
    expect(attrs(fs, '/home/bob')).toEqual({ uid: 1002, gid: 100, mode: 0o755 });
    expect(attrs(fs, '/home/carol')).toEqual({ uid: 1003, gid: 100, mode: 0o755 });
    expect(attrs(fs, '/bin/id')).toEqual({ uid: 0, gid: 0, mode: 0o755 });
  });

  it('honours the set-user-id bit: a set-uid root copy of id run by alice has euid 0', () => {
    const image = rootImage();
    installFile(
      image,
      '/tmp/suid-id',
      new Uint8Array(readFileSync(new URL('../../images/root/bin/id', import.meta.url))),
      0o4755,
    );
    const out = run(['/bin/sh', '-c', '/tmp/suid-id'], [], 'alice', image).output;
    expect(out).toMatch(/uid=1001\(alice\)/);
    expect(out).toMatch(/euid=0\(root\)/);
  });

  it('boots logged in as root: id, whoami, the environment of a login shell', () => {
    const r = drive({}, ['id', 'whoami', 'id alice', 'echo $HOME $USER $LOGNAME $SHELL $PATH $TERM', 'pwd']);
    expect(r.output).toContain('Welcome.'); // login printed /etc/motd
    expect(r.output).toMatch(/# id\nuid=0\(root\) gid=0\(wheel\)( groups=0\(wheel\))?\n/);
    expect(r.output).toContain('# whoami\nroot\n');
    expect(r.output).toContain('uid=1001(alice) gid=100(students) groups=100(students),101(project)\n');
    expect(r.output).toContain('/ root root /bin/sh /bin:/usr/bin:/sbin:/usr/sbin sun\n');
    expect(r.output).toContain('# pwd\n/\n');
  });

  it('runs a program as the user --user names, with that user environment', () => {
    const r = run(['/bin/sh', '-c', 'id; whoami; echo $HOME $USER $PATH'], [], 'carol');
    expect(r.output).toMatch(/^uid=1003\(carol\) gid=100\(students\)( groups=100\(students\))?\ncarol\n/);
    expect(r.output).toContain('/home/carol carol /bin:/usr/bin\n');
    expect(() => run(['/bin/id'], [], 'nosuchuser')).toThrow(/no such user in the machine's \/etc\/passwd/);
  });
});

describe('getty and login on the console (--login)', () => {
  it('refuses a wrong password without echoing it, and logs root in with the right one', () => {
    const r = drive({ login: true }, ['root', 'wrong-pw', 'root', 'sun3lab', 'pwd', 'id', 'exit']);
    expect(r.output).toContain(
      'SunOS UNIX (sun0) (console)\n\nlogin: root\nPassword:\nLogin incorrect\nlogin: root\n',
    );
    expect(r.output).not.toContain('wrong-pw');
    expect(r.output).not.toMatch(/^sun3lab$/m); // the password is not echoed
    expect(r.output).toContain('Welcome.');
    expect(r.output).toContain('# pwd\n/\n# id\nuid=0(root)');
    // the shell exits: init starts getty again
    const after = r.output.slice(r.output.indexOf('# exit'));
    expect(after).toContain('SunOS UNIX (sun0) (console)\n\nlogin: ');
  });

  it('gives up after three wrong tries, and getty asks again; a name starting with - is refused', () => {
    const r = drive({ login: true }, ['-froot', 'alice', 'a', 'bob', 'b', 'nosuchuser', 'c']);
    expect(r.output.match(/Login incorrect/g)).toHaveLength(3);
    expect(r.output.match(/SunOS UNIX \(sun0\)/g)).toHaveLength(2);
    expect(r.output).toMatch(/login: -froot\nlogin: alice\n/);
    expect(r.output).not.toMatch(/^# /m);
  });

  it('logs a student in: her shell in her home directory, her ids and groups', () => {
    const r = drive({ login: true }, ['alice', 'alice123', 'pwd', 'id', 'echo $HOME $USER $PATH', 'exit']);
    expect(r.output).toContain('$ pwd\n/home/alice\n');
    expect(r.output).toContain('$ id\nuid=1001(alice) gid=100(students) groups=100(students),101(project)\n');
    expect(r.output).toContain('/home/alice alice /bin:/usr/bin\n');
  });

  it('boot --user NAME logs the console in as NAME', () => {
    const r = drive({ user: 'bob' }, ['pwd', 'whoami']);
    expect(r.output).toContain('$ pwd\n/home/bob\n$ whoami\nbob\n');
  });
});

describe('login -f and su', () => {
  it('login -f is for the super-user only', () => {
    const r = run(['/bin/login', '-f', 'root'], [], 'alice');
    expect(r.output).toContain('login: -f is for the super-user only');
    expect(exitCode(r.status)).toBe(1);
  });

  it('su: unknown users, a wrong password, and root needs no password', () => {
    expect(run(['/bin/su', 'nobody2'], []).output).toContain('su: unknown login: nobody2');
    const wrong = run(['/bin/su', 'bob', '-c', 'id'], ['not-it'], 'alice');
    expect(wrong.output).toContain('Password:\nSorry\n');
    expect(wrong.output).not.toContain('not-it');
    expect(exitCode(wrong.status)).toBe(1);
    const root = run(['/bin/su', 'root', '-c', 'whoami; echo $HOME $SHELL'], []);
    expect(root.output).toBe('root\n/ /bin/sh\n');
  });

  it('root becomes anyone without a password; su - is a login', () => {
    const r = run(['/bin/sh', '-c', "su alice -c id; su - bob -c 'pwd; echo $USER'"]);
    expect(r.output).toBe(
      'uid=1001(alice) gid=100(students) groups=100(students),101(project)\n/home/bob\nbob\n',
    );
  });

  it('login -f NAME, run by root, logs in without a password', () => {
    const r = run(['/bin/login', '-f', 'carol'], ['pwd', 'id']);
    expect(r.output).toContain('$ pwd\n/home/carol\n$ id\nuid=1003(carol)');
  });

  it('a student becomes another with the password (su is set-user-id)', () => {
    // (through sh: the set-user-id bit is for execve)
    const r = run(['/bin/sh', '-c', "su bob -c 'id'"], ['bob123'], 'alice');
    expect(r.output).toContain('uid=1002(bob) gid=100(students) groups=100(students),101(project)\n');
  });
});

describe('passwd', () => {
  it('root changes a password: too short is refused twice, then taken; the new one is in /etc/passwd', () => {
    const r = run(['/bin/passwd', 'carol'], ['abc', 'Ab1', 'abc', 'abc']);
    expect(r.output).toBe(
      'Changing password for carol\nNew password:\nPlease use a longer password.\nNew password:\n' +
        'Please use a longer password.\nNew password:\nRetype new password:\n',
    );
    expect(exitCode(r.status)).toBe(0);
    const now = readText(rootUfs(r.station), '/etc/passwd') ?? '';
    const hash = hashOf(now, 'carol');
    expect(hash).toMatch(/^[./0-9A-Za-z]{13}$/);
    expect(hash).not.toBe(hashOf(ORIGINAL_PASSWD, 'carol'));
    // every other line is as it was, and the lock is gone
    expect(now.split('\n').filter((l) => !l.startsWith('carol:'))).toEqual(
      ORIGINAL_PASSWD.split('\n').filter((l) => !l.startsWith('carol:')),
    );
    expect(readText(rootUfs(r.station), '/etc/ptmp')).toBeNull();
    expect(attrs(rootUfs(r.station), '/etc/passwd')).toEqual({ uid: 0, gid: 0, mode: 0o644 });
  });

  it('the new password works and the old one does not', () => {
    const r = drive({ login: true }, [
      'root',
      'sun3lab',
      'passwd',
      'r00tpass',
      'r00tpass',
      'exit',
      'root',
      'sun3lab',
      'root',
      'r00tpass',
      'whoami',
    ]);
    expect(r.output).toContain(
      '# passwd\nChanging password for root\nNew password:\nRetype new password:\n# exit',
    );
    const after = r.output.slice(r.output.indexOf('# exit'));
    expect(after).toContain('login: root\nPassword:\nLogin incorrect\nlogin: root\nPassword:\n');
    expect(after).toContain('# whoami\nroot\n');
  });

  it('a user must give the old password, and may change only their own', () => {
    const other = run(['/bin/passwd', 'bob'], [], 'alice');
    expect(other.output).toContain("passwd: permission denied: only root may change bob's password");
    const wrong = run(['/bin/passwd'], ['bad-old'], 'alice');
    expect(wrong.output).toContain('Changing password for alice\nOld password:\nSorry.\n');
    expect(exitCode(wrong.status)).toBe(1);
    // the right old password gets to the new one; an empty new one changes nothing
    const right = run(['/bin/passwd'], ['alice123', ''], 'alice');
    expect(right.output).toContain('Old password:\nNew password:\nPassword unchanged.\n');
    expect(readText(rootUfs(right.station), '/etc/passwd')).toBe(ORIGINAL_PASSWD);
  });

  it('a student changes her own password (passwd is set-user-id)', () => {
    const r = run(['/bin/sh', '-c', 'passwd'], ['alice123', 'n3wpass', 'n3wpass'], 'alice');
    expect(exitCode(r.status)).toBe(0);
    expect(hashOf(readText(rootUfs(r.station), '/etc/passwd') ?? '', 'alice')).not.toBe(
      hashOf(ORIGINAL_PASSWD, 'alice'),
    );
  });

  it('never leaves /etc/passwd half-written: stopped anywhere, it is the old file or the new one', () => {
    // Where passwd's system calls are, from creating /etc/ptmp to the rename.
    const calls: [string, number][] = [];
    const full = drive(
      { program: { path: '/bin/passwd', argv: ['passwd', 'bob'] } },
      ['bobpass9', 'bobpass9'],
      {
        trace: (line, cycles) => calls.push([line, cycles]),
      },
    );
    expect(exitCode(full.status)).toBe(0);
    const newText = readText(rootUfs(full.station), '/etc/passwd');
    expect(newText).not.toBe(ORIGINAL_PASSWD);
    // open(PTMP, O_WRONLY | O_CREAT | O_EXCL, 0644), as the trace decodes it
    const first = calls.findIndex(([l]) => /open\("\/etc\/ptmp", O_WRONLY\|O_CREAT\|O_EXCL, 0644\)/.test(l));
    const last = calls.findIndex(([l]) => /rename/.test(l));
    expect(first).toBeGreaterThan(0);
    expect(last).toBeGreaterThan(first);
    const instants = new Set<number>();
    for (let i = first - 1; i <= last + 1; i++) {
      const c = calls[i]![1];
      instants.add(c);
      instants.add(c + 1);
      if (i < last + 1) instants.add(Math.floor((c + calls[i + 1]![1]) / 2));
    }
    let sawPtmp = false;
    for (const at of instants) {
      const r = drive(
        { program: { path: '/bin/passwd', argv: ['passwd', 'bob'] } },
        ['bobpass9', 'bobpass9'],
        {
          stopAt: at,
        },
      );
      const text = readText(rootUfs(r.station), '/etc/passwd');
      expect([ORIGINAL_PASSWD, newText], `stopped at cycle ${at}`).toContain(text);
      if (readText(rootUfs(r.station), '/etc/ptmp') !== null) sawPtmp = true;
    }
    expect(sawPtmp).toBe(true); // some stops fell while the new file was being written
    expect(instants.size).toBeGreaterThan(10);
  });

  it('leaves /etc/passwd as it was when the disk is full, or when /etc/ptmp is there', () => {
    const image = rootImage();
    const fs = Ufs.mount(new MemoryDisk(image));
    const root = fs.root();
    const fill = fs.create(root, 'fill', 0o100644, 0, 0);
    const chunk = new Uint8Array(8192);
    try {
      for (let off = 0; ; off += chunk.length) if (fs.writei(fill, off, chunk) < chunk.length) break;
    } catch {
      // ENOSPC: full
    }
    fs.iput(fill);
    fs.iput(root);
    fs.sync();
    fs.unmount();
    const full = run(['/bin/passwd', 'bob'], ['bobpass9', 'bobpass9'], undefined, image);
    expect(full.output).toContain(
      'passwd: cannot write /etc/ptmp: No space left on device; /etc/passwd unchanged',
    );
    expect(exitCode(full.status)).toBe(1);
    expect(readText(rootUfs(full.station), '/etc/passwd')).toBe(ORIGINAL_PASSWD);
    expect(readText(rootUfs(full.station), '/etc/ptmp')).toBeNull();

    const busy = rootImage();
    installFile(busy, '/etc/ptmp', new TextEncoder().encode('someone else\n'), 0o644);
    const r = run(['/bin/passwd', 'bob'], ['bobpass9', 'bobpass9'], undefined, busy);
    expect(r.output).toContain('passwd: /etc/ptmp exists: the password file is busy, try again later');
    expect(readText(rootUfs(r.station), '/etc/passwd')).toBe(ORIGINAL_PASSWD);
    expect(readText(rootUfs(r.station), '/etc/ptmp')).toBe('someone else\n');
  });
});

describe('chown and chgrp', () => {
  it('refuse unknown users and groups, and bad usage', () => {
    const r = run(
      ['/bin/sh', '-c', 'chown nosuch /etc/motd; chown alice.nogrp /etc/motd; chgrp nogrp /etc/motd; chown'],
      [],
    );
    expect(r.output).toContain('chown: unknown user nosuch\n');
    expect(r.output).toContain('chown: unknown group nogrp\n');
    expect(r.output).toContain('chgrp: unknown group nogrp\n');
    expect(r.output).toContain('usage: chown [-fR] owner[.group] file...\n');
  });

  it('give files away (owner.group, owner:group, :group, numbers, -R)', () => {
    const r = run(
      [
        '/bin/sh',
        '-c',
        'mkdir -p /tmp/d/e; echo x > /tmp/d/e/f; echo y > /tmp/g; ln -s /etc/motd /tmp/d/link; ' +
          'chown alice.project /tmp/g; chown -R bob:students /tmp/d; chown :wheel /tmp/d/e; chgrp 101 /tmp/d/e/f',
      ],
      [],
    );
    expect(exitCode(r.status)).toBe(0);
    const fs = rootUfs(r.station);
    expect(attrs(fs, '/tmp/g')).toMatchObject({ uid: 1001, gid: 101 });
    expect(attrs(fs, '/tmp/d')).toMatchObject({ uid: 1002, gid: 100 });
    expect(attrs(fs, '/tmp/d/e')).toMatchObject({ uid: 1002, gid: 0 });
    expect(attrs(fs, '/tmp/d/e/f')).toMatchObject({ uid: 1002, gid: 101 });
    expect(attrs(fs, '/etc/motd')).toMatchObject({ uid: 0, gid: 0 }); // the link was not followed
  });

  it('a user gives her file to a group she is in, and not to another', () => {
    const r = run(
      ['/bin/sh', '-c', 'cd; echo x > mine; chgrp project mine; echo $?; chgrp wheel mine; echo $?'],
      [],
      'alice',
    );
    expect(r.output).toBe('0\nchgrp: you are not a member of group wheel\n1\n');
    expect(attrs(rootUfs(r.station), '/home/alice/mine')).toMatchObject({ uid: 1001, gid: 101 });
  });
});
