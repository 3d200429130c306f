/**
 * The TAP bridge: a Linux network stack and a lab on one Ethernet. In a
 * network namespace of the test's own, socat joins a TAP interface
 * (192.9.200.100/24) to the lab's UDP link on the namespace's 127.0.0.1;
 * Linux pings sun0, and sun0 pings Linux. Every packet stays inside the
 * namespace, which is removed afterwards. Needs root, /dev/net/tun, ip,
 * socat and ping; skipped, saying which is missing, where they are not.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SHIM } from '../cli/spawn.js';
import { NetNamespace, netnsUnavailable, spawnLab } from './netns.js';

const why = netnsUnavailable();
const LINUX = '192.9.200.100';

describe.skipIf(why !== null)(`the TAP bridge${why ? ` (skipped: ${why})` : ''}`, () => {
  let ns: NetNamespace | null = null;
  afterAll(() => {
    ns?.close();
    if (ns) expect(ns.exists()).toBe(false);
  });

  it('Linux pings sun0 through a TAP interface, and sun0 pings Linux', async () => {
    ns = NetNamespace.create();
    await ns.tapBridge({ name: 'sun3tap', address: `${LINUX}/24`, udp: 5556, lab: 5555 });
    const lab = spawnLab(ns, SHIM, ['--machines', '2', '--udp-link', '127.0.0.1:5555,127.0.0.1:5556']);
    await lab.waitFor(/^sun0\| multi-user startup/m);

    // Linux pings sun0: ARP, then three echoes answered by the lab's kernel.
    const ping = ns.exec('ping', ['-c', '3', '-i', '0.3', '-W', '3', '192.9.200.1']);
    expect(`${ping.stdout}${ping.stderr}`).toMatch(/3 packets transmitted, 3 received, 0% packet loss/);
    expect(ping.stdout).toMatch(/64 bytes from 192\.9\.200\.1: icmp_seq=1 ttl=255/);
    expect(ns.exec('ip', ['neigh', 'show', '192.9.200.1']).stdout).toMatch(/lladdr 08:00:20:00:00:01/);

    // sun0 pings Linux.
    lab.type(`sun0: ping -c 3 ${LINUX}`);
    await lab.waitFor(/^sun0\| 3 packets transmitted, 3 packets received, 0% packet loss$/m, 20_000);
    expect(lab.output()).toMatch(
      new RegExp(`^sun0\\| 64 bytes from ${LINUX.replace(/\./g, '\\.')}: icmp_seq=2 ttl=64 time=`, 'm'),
    );

    expect(await lab.end('~.')).toBe(0);
  });
});
