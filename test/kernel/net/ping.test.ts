/**
 * Two booted machines on one hub, in lockstep: ping, arp -a and ifconfig
 * from the shell; the capture of the hub; lost frames; a ping nobody
 * answers; and the same run twice giving the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { readPcap } from '../../../emu/net/pcap.js';
import { in_cksum } from '../../../kernel/net/in_cksum.js';
import { describeFrame, pair } from './pair.js';

const REPLY = /^64 bytes from 192\.9\.200\.2: icmp_seq=(\d+) ttl=255 time=\d+\.\d{3} ms$/;

/** The ping summary's numbers. */
function summary(out: string) {
  const m = /(\d+) packets transmitted, (\d+) packets received, (\d+)% packet loss/.exec(out);
  if (!m) throw new Error(`no summary in:\n${out}`);
  return { sent: Number(m[1]), got: Number(m[2]), loss: Number(m[3]) };
}

function pingSession() {
  const lab = pair();
  // Frames of the boot: the gratuitous ARPs, and sun1 mounting sun0's /home.
  const boot = readPcap(lab.pcap()).records.length;
  const ping = lab.type(0, 'ping -c 3 sun1');
  const arp = lab.type(0, 'arp -a');
  const ifc = lab.type(0, 'ifconfig le0');
  return { lab, boot, ping, arp, ifc };
}

describe('two machines on one Ethernet', () => {
  it('ping -c 3 gets three replies with round-trip times; arp -a shows the peer; the capture decodes', () => {
    const { lab, boot, ping, arp, ifc } = pingSession();
    const lines = ping.split('\n');
    expect(lines[0]).toBe('PING sun1 (192.9.200.2): 56 data bytes');
    expect(lines.slice(1, 4).map((l) => REPLY.exec(l)?.[1])).toEqual(['0', '1', '2']);
    expect(lines.slice(4)).toEqual([
      '',
      '--- sun1 ping statistics ---',
      '3 packets transmitted, 3 packets received, 0% packet loss',
      expect.stringMatching(/^round-trip min\/avg\/max = \d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3} ms$/),
      '',
    ]);
    expect(arp).toBe('sun1 (192.9.200.2) at 8:0:20:0:0:2\n');
    expect(ifc).toMatch(
      /^le0: flags=63<UP,BROADCAST,NOTRAILERS,RUNNING>\n\tinet 192\.9\.200\.1 netmask ffffff00 broadcast 192\.9\.200\.255\n\tether 8:0:20:0:0:1\n\tipackets \d+ ierrors 0 opackets \d+ oerrors 0 collisions 0\n$/,
    );
    // Both machines found their LANCE at boot, and neither missed its cable.
    for (const c of lab.consoles()) {
      expect(c).toContain('le0 at obio 0x120000 pri 3\n');
      expect(c).not.toContain('no carrier');
    }

    const pcap = readPcap(lab.pcap());
    const frames = pcap.records.map((r) => r.data);
    const described = frames.map(describeFrame);
    // Each machine announces its address at boot (gratuitous ARP); then sun1
    // asks for sun0's to mount its /home, and sun0 learns sun1's from the
    // question (4.3BSD's arpinput enters the asker), so the ping needs no ARP.
    expect(described.slice(0, 4)).toEqual([
      'arp who-has 192.9.200.1 tell 192.9.200.1',
      'arp who-has 192.9.200.2 tell 192.9.200.2',
      'arp who-has 192.9.200.1 tell 192.9.200.2',
      'arp reply 192.9.200.1 is-at 8:0:20:0:0:1',
    ]);
    expect(described.slice(boot)).toEqual([
      'echo 192.9.200.1 > 192.9.200.2 seq 0',
      'echo-reply 192.9.200.2 > 192.9.200.1 seq 0',
      'echo 192.9.200.1 > 192.9.200.2 seq 1',
      'echo-reply 192.9.200.2 > 192.9.200.1 seq 1',
      'echo 192.9.200.1 > 192.9.200.2 seq 2',
      'echo-reply 192.9.200.2 > 192.9.200.1 seq 2',
    ]);
    for (const f of frames) {
      expect(f.length).toBeGreaterThanOrEqual(60); // padded to the minimum frame
      if (f[12] === 8 && f[13] === 0) {
        expect(in_cksum(f, 14, 20)).toBe(0);
        if (f[23] === 1) expect(in_cksum(f, 34, 64)).toBe(0); // ICMP
      }
    }
    // A second apart, as ping sends them (select wakes at clock ticks: within 10 ms).
    const t = pcap.records.map((r) => r.sec + r.usec / 1e6);
    expect(Math.abs(t[boot + 2] - t[boot] - 1)).toBeLessThan(0.011);
  });

  it('is deterministic: the same run gives byte-identical consoles and capture', () => {
    const a = pingSession();
    const b = pingSession();
    expect(b.lab.consoles()).toEqual(a.lab.consoles());
    expect(Buffer.from(b.lab.pcap()).equals(Buffer.from(a.lab.pcap()))).toBe(true);
  });

  it('reports the pings a lossy segment loses, and the summary agrees', () => {
    const lab = pair({ loss: 0.3, seed: 7 });
    const out = lab.type(0, 'ping -c 10 sun1');
    const replies = out.split('\n').filter((l) => REPLY.test(l)).length;
    const s = summary(out);
    expect(s.sent).toBe(10);
    expect(s.got).toBe(replies);
    expect(replies).toBeGreaterThan(0);
    expect(replies).toBeLessThan(10);
    expect(s.loss).toBe(Math.floor(((10 - replies) * 100) / 10));
    expect(lab.segment.stats.lost).toBeGreaterThan(0);
  });

  it('a ping to an address nobody has: ARP asks, no reply, 100% loss, and the machine goes on', () => {
    const lab = pair();
    const out = lab.type(0, 'ping -c 2 sun5');
    expect(out).not.toMatch(/bytes from/);
    expect(summary(out)).toEqual({ sent: 2, got: 0, loss: 100 });
    expect(lab.type(0, 'arp -a')).toBe(
      'sun5 (192.9.200.6) at (incomplete)\nsun1 (192.9.200.2) at 8:0:20:0:0:2\n',
    );
    expect(lab.type(0, 'echo still here')).toBe('still here\n');
    const asked = readPcap(lab.pcap()).records.map((r) => describeFrame(r.data));
    expect(asked.filter((d) => d === 'arp who-has 192.9.200.6 tell 192.9.200.1').length).toBe(2);
    expect(asked.filter((d) => d.startsWith('echo')).length).toBe(0);
  });
});
