/**
 * The UDP link (QEMU's socket format), on 127.0.0.1 only: a peer that
 * speaks raw Ethernet frames in datagrams gets ARP and ICMP answers from a
 * lab machine; two sun3lab processes joined by a link are one LAN, and a
 * machine of one pings a machine of the other. Runs in real time (a link
 * is for labs paced to the wall clock): a few seconds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildFrame, ETHERTYPE_ARP, ETHERTYPE_IP } from '../../emu/net/ether.js';
import { in_cksum } from '../../kernel/net/in_cksum.js';
import { ROOT, SHIM } from '../cli/spawn.js';
import { describeFrame } from '../kernel/net/pair.js';

const dir = mkdtempSync(join(tmpdir(), 'sun3lab-link-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Free UDP ports on 127.0.0.1 (the kernel picks them). */
async function freePorts(n: number): Promise<number[]> {
  const socks = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Socket>((r) => {
          const s = createSocket('udp4');
          s.bind(0, '127.0.0.1', () => r(s));
        }),
    ),
  );
  const ports = socks.map((s) => s.address().port);
  for (const s of socks) s.close();
  return ports;
}

/** A sun3lab lab process; its output as it comes, and a way to wait for a line. */
function startLab(args: string[]) {
  const child: ChildProcess = spawn(process.execPath, [SHIM, 'lab', ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    out += s;
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    err += s;
  });
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return {
    child,
    exited,
    output: () => out,
    errors: () => err,
    async waitFor(text: string, ms = 30_000): Promise<void> {
      const end = Date.now() + ms;
      while (!out.includes(text)) {
        if (Date.now() > end) throw new Error(`no "${text}" after ${ms} ms:\n${out.slice(-2000)}\n${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** A one-machine lab whose machine is NAME at 192.9.200.HOST with serial HOST. */
function scenario(name: string, host: number): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `machines:\n  - name: ${name}\n    address: 192.9.200.${host}\n    serial: ${host}\n`);
  return file;
}

const PEER_MAC = [0x02, 0, 0, 0, 0, 0x63];
const PEER_IP = [192, 9, 200, 99];

function arpRequest(target: number[]): Uint8Array {
  return buildFrame({
    dst: 'ff:ff:ff:ff:ff:ff',
    src: PEER_MAC,
    type: ETHERTYPE_ARP,
    payload: [0, 1, 8, 0, 6, 4, 0, 1, ...PEER_MAC, ...PEER_IP, 0, 0, 0, 0, 0, 0, ...target],
  });
}

function echoRequest(dstMac: number[], dst: number[], seq: number): Uint8Array {
  const icmp = new Uint8Array(16);
  icmp[0] = 8;
  icmp[7] = seq;
  icmp.set([1, 2, 3, 4, 5, 6, 7, 8], 8);
  const c = in_cksum(icmp, 0, icmp.length);
  icmp[2] = c >> 8;
  icmp[3] = c & 0xff;
  const ip = new Uint8Array(20 + icmp.length);
  ip.set([0x45, 0, 0, ip.length, 0, seq, 0, 0, 64, 1, 0, 0, ...PEER_IP, ...dst]);
  const ic = in_cksum(ip, 0, 20);
  ip[10] = ic >> 8;
  ip[11] = ic & 0xff;
  ip.set(icmp, 20);
  return buildFrame({ dst: dstMac, src: PEER_MAC, type: ETHERTYPE_IP, payload: ip });
}

describe('the UDP link', () => {
  it('a peer speaking raw frames in datagrams (as QEMU does) gets ARP and ICMP answers from a lab machine', async () => {
    const [peerPort, labPort] = await freePorts(2);
    const peer = createSocket('udp4');
    await new Promise<void>((r) => peer.bind(peerPort, '127.0.0.1', () => r()));
    onTestFinished(() => {
      peer.close();
    });
    const got: Uint8Array[] = [];
    peer.on('message', (m) => got.push(new Uint8Array(m)));
    const lab = startLab(['--machines', '1', '--udp-link', `127.0.0.1:${labPort},127.0.0.1:${peerPort}`]);
    await lab.waitFor('sun0| multi-user startup');
    const send = (f: Uint8Array) => peer.send(f, labPort, '127.0.0.1');
    /** Send `frame` every 200 ms until a frame that `what` describes comes back. */
    const ask = async (frame: Uint8Array, what: RegExp) => {
      const end = Date.now() + 10_000;
      for (;;) {
        const f = got.find((x) => what.test(describeFrame(x)));
        if (f) return f;
        if (Date.now() > end) throw new Error(`no ${what} in ${got.map(describeFrame).join(', ')}`);
        send(frame);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const reply = await ask(arpRequest([192, 9, 200, 1]), /^arp reply 192\.9\.200\.1 is-at 8:0:20:0:0:1$/);
    expect(reply.length).toBe(60); // a frame without its FCS, padded as drivers pad
    await ask(
      echoRequest([8, 0, 0x20, 0, 0, 1], [192, 9, 200, 1], 1),
      /^echo-reply 192\.9\.200\.1 > 192\.9\.200\.99 seq 1$/,
    );
    lab.child.stdin?.end('~.\n');
    expect(await lab.exited).toBe(0);
  });

  it('two sun3lab processes joined by a link are one LAN: sun0 of one pings sun1 of the other', async () => {
    const [pa, pb] = await freePorts(2);
    const b = startLab(['--scenario', scenario('sun1', 2), '--udp-link', `127.0.0.1:${pb},127.0.0.1:${pa}`]);
    await b.waitFor('sun1| multi-user startup');
    const a = startLab([
      '--scenario',
      scenario('sun0', 1),
      '--udp-link',
      `127.0.0.1:${pa},127.0.0.1:${pb}`,
      '--exec',
      'sun0:ping -c 3 192.9.200.2',
    ]);
    expect(await a.exited).toBe(0);
    expect(a.output()).toContain('sun0| 3 packets transmitted, 3 packets received, 0% packet loss');
    b.child.stdin?.end('~.\n');
    expect(await b.exited).toBe(0);
  });

  it('refuses --fast: a link is for a lab paced to the wall clock', async () => {
    const lab = startLab(['--fast', '--udp-link', '127.0.0.1:1,127.0.0.1:2']);
    expect(await lab.exited).toBe(1);
    expect(lab.errors()).toBe(
      'sun3lab: a UDP link ties the lab to real time (frames come when they come): leave out --fast\n',
    );
  });
});
