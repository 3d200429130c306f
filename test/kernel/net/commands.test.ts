/**
 * The network commands between two booted machines, typed at their
 * shells: rsh (standard input with a half-close at its end, standard error
 * on its own connection, the exit status, signals passed on, who is
 * trusted), rlogin (a session on a pseudo-terminal, raw mode, the password
 * when not trusted, ~.), inetd's services over TCP and UDP and its
 * re-reading of inetd.conf, nc both ways byte for byte, and ttcp's
 * throughput report. Every frame of each test's capture is checked.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { readPcap } from '../../../emu/net/pcap.js';
import { checkCapture } from './capture.js';
import { type Pair, shells as twoShells } from './shells.js';

/** Two machines' shells; when the test ends, every frame they exchanged must decode with right checksums. */
function shells() {
  const s = twoShells();
  onTestFinished(() => {
    const r = checkCapture(s.lab.pcap());
    expect(r.malformed).toEqual([]);
    expect(r.badChecksums).toEqual([]);
    expect(r.tcp).toBeGreaterThan(0);
  });
  return s;
}

interface Syn {
  src: string;
  sport: number;
  dst: string;
  dport: number;
}

/** The connection openings (SYN without ACK) captured since frame `from`. */
function syns(lab: Pair, from: number): Syn[] {
  const out: Syn[] = [];
  for (const { data: f } of readPcap(lab.pcap()).records.slice(from)) {
    if (f[12] !== 8 || f[13] !== 0 || f[23] !== 6) continue;
    const t = 14 + (f[14] & 15) * 4;
    if ((f[t + 13] & 0x12) !== 0x02) continue;
    out.push({
      src: f.subarray(26, 30).join('.'),
      sport: (f[t] << 8) | f[t + 1],
      dst: f.subarray(30, 34).join('.'),
      dport: (f[t + 2] << 8) | f[t + 3],
    });
  }
  return out;
}

const frames = (lab: Pair) => readPcap(lab.pcap()).records.length;
const SUN0 = '192.9.200.1';
const SUN1 = '192.9.200.2';

describe('rsh', () => {
  it('sends standard input and then end of file, brings back output, error output apart and the exit status', () => {
    const { lab, sh } = shells();
    const equiv = sh(0, 'cat /etc/hosts.equiv');
    const n0 = frames(lab);
    // The remote cat ends only when the end of rsh's input arrives (a half-close), while the
    // connection still carries what the command prints after it.
    expect(
      sh(
        0,
        `su alice -c "rsh sun1 'cat; echo end of input seen; echo to stderr >&2; exit 3'" < /etc/hosts.equiv > /tmp/o 2> /tmp/e; echo status $?`,
      ),
    ).toBe('status 3\n');
    expect(sh(0, 'cat /tmp/o')).toBe(`${equiv}end of input seen\n`);
    expect(sh(0, 'cat /tmp/e')).toBe('to stderr\n');
    // Two connections: rsh's from a privileged port to the shell port, and the standard
    // error's, which in.rshd opens back to the port rsh named, from a privileged port of its own.
    const opened = syns(lab, n0);
    expect(opened.length).toBe(2);
    expect(opened[0]).toMatchObject({ src: SUN0, dst: SUN1, dport: 514 });
    expect(opened[0].sport).toBeGreaterThanOrEqual(512);
    expect(opened[0].sport).toBeLessThan(1024);
    expect(opened[1]).toMatchObject({ src: SUN1, dst: SUN0 });
    expect(opened[1].sport).toBeGreaterThanOrEqual(512);
    expect(opened[1].sport).toBeLessThan(1024);

    // A binary input of some size arrives whole; -n sends none (the remote cat reads end of file at once).
    const size = sh(0, 'wc -c < /bin/sh').trim();
    expect(Number(size)).toBeGreaterThan(20_000);
    expect(sh(0, 'su alice -c "rsh sun1 wc -c" < /bin/sh').trim()).toBe(size);
    expect(sh(0, 'su alice -c "rsh -n sun1 cat"; echo status $?')).toBe('status 0\n');
    expect(sh(0, 'su alice -c "rsh sun1 id"')).toBe(
      'uid=1001(alice) gid=100(students) groups=100(students),101(project)\n',
    );
    // hosts.equiv trusts a user as the same name only; bob's ~/.rhosts may trust alice of sun0 as bob.
    expect(sh(0, 'su alice -c "rsh -l bob sun1 whoami"')).toBe('Permission denied.\n');
    sh(1, 'su bob -c "echo sun0 alice > /home/bob/.rhosts"');
    expect(sh(0, 'su alice -c "rsh -l bob sun1 whoami"')).toBe('bob\n');
    expect(sh(0, 'su carol -c "rsh -l bob sun1 whoami"')).toBe('Permission denied.\n');
    // Nothing left behind on sun1: the servers inetd started have exited.
    expect(sh(1, 'ps ax')).not.toMatch(/in\.rshd/);
  });

  it('trusts root only by /.rhosts; an interrupt is passed on to the remote command', () => {
    const { lab, sh, keys } = shells();
    expect(sh(0, 'rsh sun1 id; echo status $?')).toBe('Permission denied.\nstatus 1\n');
    sh(1, 'echo sun0 > /.rhosts');
    expect(sh(0, 'rsh sun1 id')).toBe('uid=0(root) gid=0(wheel) groups=0(wheel)\n');
    expect(sh(0, 'rsh nosuchhost id; echo status $?')).toMatch(/nosuchhost.*\nstatus 1\n$/);

    // ^C at sun0's terminal: rsh sends the signal down the error channel; in.rshd kills the command.
    lab.stations[0].machine.consoleInput('rsh sun1 sleep 100; echo status $?\n');
    lab.wait(2);
    expect(sh(1, 'ps ax')).toMatch(/ sleep$/m);
    const after = keys(0, '\x03', /status \d+/, 10);
    expect(after).toMatch(/status [1-9]\d*/);
    expect(sh(1, 'ps ax')).not.toMatch(/ sleep$|in\.rshd/m);
  });
});

describe('rlogin', () => {
  it('logs a trusted user in on a pseudo-terminal of the other machine; raw mode; the session ends with its shell', () => {
    const { sh, keys } = shells();
    expect(keys(0, 'su alice -c "rlogin sun1"\n', /\$ $/)).toContain('SunOS');
    const who = keys(0, 'tty; hostname; whoami; pwd\n', /\/home\/alice\r?\n\$ $/);
    expect(who.replace(/\r/g, '')).toContain('/dev/ttyp0\nsun1\nalice\n/home/alice\n');
    // ^C reaches the remote terminal (rlogin's own terminal is raw): it interrupts the remote sleep, not rlogin.
    keys(0, 'sleep 100\n', /sleep 100\r?\n/);
    expect(keys(0, '\x03', /\$ $/, 10)).not.toContain('Connection closed');
    expect(keys(0, 'echo still here\n', /still here\r?\n\$ $/)).toBeTruthy();
    // On sun1, the session is a login on ttyp0 under in.rlogind.
    const ps = sh(1, 'ps ax');
    expect(ps).toMatch(/in\.rlogind/);
    expect(ps).toMatch(/p0 .*sh/);
    expect(keys(0, 'exit\n', /Connection closed\.\r?\n[\s\S]*# $/)).toBeTruthy();
    expect(sh(1, 'ps ax')).not.toMatch(/in\.rlogind|p0 /);
    // The pty is free again: the next session gets it.
    keys(0, 'su bob -c "rlogin sun1"\n', /\$ $/);
    expect(keys(0, 'tty; whoami\n', /bob\r?\n\$ $/)).toMatch(/\/dev\/ttyp0\r?\nbob/);
    expect(keys(0, '~.', /closed connection\.[\s\S]*# $/)).toBeTruthy();
    expect(sh(0, 'echo back on sun0')).toBe('back on sun0\n');
  });

  it('passes the window size on at the start and when it changes (SIGWINCH)', () => {
    const { sh, keys } = shells();
    const line = (text: string, until: RegExp) => keys(0, text, until).replace(/\r/g, '');
    keys(0, 'su alice -c "rlogin sun1"\n', /\$ $/);
    // The console has no window size, so sun1's pty starts without one; give it one there.
    expect(line('stty size\n', /\$ $/)).toContain('\n0 0\n');
    expect(line('stty rows 30 columns 90; stty size\n', /\$ $/)).toContain('\n30 90\n');
    // From that session on to sun0: rlogin sends the size, sun0's rlogind gives it to its pty.
    keys(0, 'rlogin sun0\n', /\$ $/);
    expect(line('hostname; tty; stty size\n', /\$ $/)).toContain('\nsun0\n/dev/ttyp0\n30 90\n');
    // sun1's root changes the first session's size: the inner rlogin, its foreground job, gets
    // SIGWINCH and sends the new size on, in band.
    expect(sh(1, 'stty rows 40 columns 100 > /dev/ttyp0; echo $?')).toBe('0\n');
    expect(line('stty size\n', /\$ $/)).toContain('\n40 100\n');
    expect(line('exit\n', /Connection closed\.\n[\s\S]*\$ $/)).toBeTruthy();
    expect(line('hostname; stty size\n', /\$ $/)).toContain('\nsun1\n40 100\n');
    expect(line('exit\n', /Connection closed\.\n[\s\S]*# $/)).toBeTruthy();
    expect(sh(0, 'stty size; echo $?')).toBe('0 0\n0\n'); // the console's size: never set
  });

  it('asks for the password when the user is not trusted', () => {
    const { keys } = shells();
    expect(keys(0, 'rlogin sun1\n', /Password:/)).not.toContain('# ');
    expect(keys(0, 'wrong\n', /Login incorrect[\s\S]*login: $/)).toBeTruthy();
    keys(0, 'root\n', /Password:/);
    keys(0, 'sun3lab\n', /# $/);
    expect(keys(0, 'hostname; tty\n', /ttyp\d\r?\n# $/)).toMatch(/sun1\r?\n\/dev\/ttyp0/);
    expect(keys(0, 'exit\n', /Connection closed\./)).toBeTruthy();
  });
});

describe('inetd', () => {
  it('serves echo, discard, daytime, chargen and time over TCP and UDP; reads inetd.conf again on SIGHUP', () => {
    const { sh } = shells();
    expect(sh(0, 'echo hello there | nc sun1 echo')).toBe('hello there\n');
    expect(sh(0, 'nc sun1 discard < /etc/services; echo status $?')).toBe('status 0\n');
    expect(sh(0, 'nc sun1 daytime')).toMatch(/^Mon Jan {2}1 00:00:\d\d 1990\r?\n$/);
    const chargen = sh(0, 'nc sun1 chargen | head -2').split('\n');
    expect(chargen[0]).toBe(' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg\r');
    expect(chargen[1]).toBe('!"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefgh\r');
    expect(sh(0, 'nc sun1 time | wc -c').trim()).toBe('4');
    // UDP: one datagram each way.
    expect(sh(0, 'echo a datagram | nc -u -w 1 sun1 echo')).toBe('a datagram\n');
    expect(sh(0, 'echo | nc -u -w 1 sun1 daytime')).toMatch(/^Mon Jan {2}1 00:00:\d\d 1990\r?\n$/);
    expect(sh(0, 'echo | nc -u -w 1 sun1 time | wc -c').trim()).toBe('4');
    expect(sh(0, 'echo | nc -u -w 1 sun1 chargen | wc -c').trim()).toBe('74'); // one line of 72 and CR LF
    expect(sh(0, 'echo into the void | nc -u -w 1 sun1 discard')).toBe('');

    // A shorter inetd.conf and a SIGHUP: echo is no longer served, daytime still is.
    const pid = /^\s*(\d+) .*inetd/m.exec(sh(1, 'ps ax'))?.[1];
    expect(pid).toBeDefined();
    sh(1, "echo 'daytime stream tcp nowait root internal' > /etc/inetd.conf");
    sh(1, `kill -HUP ${pid}`);
    expect(sh(0, 'echo hello | nc sun1 echo; echo status $?')).toMatch(/Connection refused\nstatus 1\n$/);
    expect(sh(0, 'nc sun1 daytime')).toMatch(/1990/);
    expect(sh(1, 'netstat -a')).not.toMatch(/\*\.echo/);
  });
});

describe('nc', () => {
  it('carries a file byte for byte either way, listening on one machine and connecting from the other', () => {
    const { lab, sh } = shells();
    const services = sh(0, 'cat /etc/services');
    expect(services.length).toBeGreaterThan(500);
    // sun0 -> sun1: the listener writes what it receives.
    lab.background(1, 'nc -l -p 7000 > /tmp/got');
    expect(sh(0, 'nc sun1 7000 < /etc/services; echo status $?')).toBe('status 0\n');
    lab.wait(1);
    expect(sh(1, 'cat /tmp/got')).toBe(services);
    // sun1 -> sun0: the listener sends; the client writes; a binary file too.
    lab.background(1, 'nc -l -p 7001 < /bin/sh');
    sh(0, 'nc sun1 7001 < /dev/null > /tmp/sh');
    expect(sh(0, 'wc -c < /tmp/sh')).toBe(sh(1, 'wc -c < /bin/sh'));
    expect(sh(0, 'chmod 755 /tmp/sh; /tmp/sh -c "echo the copy runs"')).toBe('the copy runs\n');
    // UDP: a listener prints the datagram it hears.
    lab.background(1, 'nc -u -l -p 7002 > /tmp/dgram');
    sh(0, 'echo one datagram | nc -u -w 1 sun1 7002');
    expect(sh(1, 'cat /tmp/dgram')).toBe('one datagram\n');
    // Nobody listening: refused, status 1; -v says what happens.
    expect(sh(0, 'nc sun1 7999; echo status $?')).toMatch(/Connection refused\nstatus 1\n$/);
    expect(sh(0, 'nc -v sun1 echo < /dev/null')).toBe('connected to [192.9.200.2] 7\n');
  });
});

describe('ttcp', () => {
  it('reports the throughput of a transfer at both ends; carries standard input to standard output', () => {
    const { lab, sh } = shells();
    lab.background(1, 'ttcp -r -s');
    const t = sh(0, 'ttcp -t -s -n 128 sun1', 120);
    expect(t).toMatch(/^ttcp-t: buflen=8192, nbuf=128, port=5001 {2}tcp {2}-> sun1$/m);
    const rate = /^ttcp-t: 1048576 bytes in (\d+\.\d{3}) real seconds = (\d+\.\d\d) KB\/sec \+\+\+$/m.exec(t);
    expect(rate).not.toBeNull();
    // 1 MB over 10 Mbit/s takes at least 0.84 s of emulated time; the kernel's cost model keeps it under 4 s.
    expect(Number(rate?.[1])).toBeGreaterThan(0.84);
    expect(Number(rate?.[1])).toBeLessThan(4);
    expect(Number(rate?.[2])).toBeCloseTo(1024 / Number(rate?.[1]), -1);
    expect(t).toMatch(/^ttcp-t: 128 I\/O calls, msec\/call = \d+\.\d\d, calls\/sec = \d+\.\d\d$/m);
    lab.wait(1);
    const r = lab.consoles()[1];
    // The shell's prompt may come first on the line: the job writes while the shell prompts.
    expect(r).toMatch(/^(# )?ttcp-r: accept from 192\.9\.200\.1$/m);
    expect(r).toMatch(/^ttcp-r: 1048576 bytes in \d+\.\d{3} real seconds = \d+\.\d\d KB\/sec \+\+\+$/m);

    // Without -s: what the transmitter reads is what the receiver writes.
    lab.background(1, 'ttcp -r > /tmp/copy');
    expect(sh(0, 'ttcp -t sun1 < /bin/sh')).toMatch(/^ttcp-t: \d+ bytes in/m);
    lab.wait(1);
    expect(sh(1, 'wc -c < /tmp/copy')).toBe(sh(0, 'wc -c < /bin/sh'));
    // UDP: the receiver counts what came between the marks.
    lab.background(1, 'ttcp -r -s -u');
    expect(sh(0, 'ttcp -t -s -u -n 64 -l 1024 sun1')).toMatch(/^ttcp-t: 65536 bytes in/m);
    lab.wait(1);
    const u = lab.consoles()[1];
    expect(u).toMatch(/ttcp-r: buflen=8192, nbuf=2048, port=5001 {2}udp$/m);
    expect(u).toMatch(/^ttcp-r: 65536 bytes in \d+\.\d{3} real seconds = \d+\.\d\d KB\/sec \+\+\+$/m);
  });
});
