/**
 * netstat and route on two booted machines: the connection table with its
 * servers and an established connection (names and numbers), the
 * interfaces, the routing table, the counters of netstat -s moving with
 * the traffic, and route add/delete changing where datagrams go — seen in
 * the capture and in the gateway's counters, with forwarding off and on.
 */
import { describe, expect, it } from 'vitest';
import { readPcap } from '../../../emu/net/pcap.js';
import { shells } from './shells.js';

/**
 * netstat -s's counters as "section: text" -> number; the ICMP histograms'
 * lines as "icmp: Input histogram: echo reply".
 */
function counters(out: string): Map<string, number> {
  const m = new Map<string, number>();
  let section = '';
  let histogram = '';
  for (const line of out.split('\n')) {
    if (/^\w+:$/.test(line)) section = line.slice(0, -1);
    let r = /^\t(\w+ histogram):$/.exec(line);
    if (r) histogram = r[1];
    r = /^\t+(\d+) (.*)$/.exec(line);
    if (r) m.set(`${section}: ${r[2]}`, Number(r[1]));
    r = /^\t\t(.+): (\d+)$/.exec(line);
    if (r) m.set(`${section}: ${histogram}: ${r[1]}`, Number(r[2]));
  }
  return m;
}

describe('netstat', () => {
  it('lists the servers with -a, an established connection at both ends, by name and with -n by number', () => {
    const { lab, sh } = shells();
    lab.background(1, 'sleep 30 | nc -l -p 6000 > /dev/null');
    lab.background(0, 'sleep 30 | nc sun1 6000 > /dev/null');
    lab.wait(1);
    const all = sh(0, 'netstat -a');
    const lines = all.split('\n');
    expect(lines[0]).toBe('Active Internet connections (including servers)');
    expect(lines[1]).toBe('Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)');
    // inetd's servers: every service of /etc/inetd.conf, TCP listening and UDP bound.
    for (const svc of ['shell', 'login', 'echo', 'discard', 'daytime', 'chargen', 'time'])
      expect(all).toMatch(new RegExp(`^tcp +0 +0  \\*\\.${svc} +\\*\\.\\* +LISTEN$`, 'm'));
    for (const svc of ['echo', 'discard', 'daytime', 'chargen', 'time'])
      expect(all).toMatch(new RegExp(`^udp +0 +0  \\*\\.${svc} +\\*\\.\\*$`, 'm'));
    const mine = /^tcp +0 +0 {2}sun0\.(\d+) +sun1\.6000 +ESTABLISHED$/m.exec(all);
    expect(mine).not.toBeNull();
    const port = mine?.[1];
    // Without -a, the connection only; on the other machine, its other end, by number with -n.
    const plain = sh(0, 'netstat');
    expect(plain).toBe(
      'Active Internet connections\n' +
        'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)\n' +
        `tcp        0      0  sun0.${port}              sun1.6000              ESTABLISHED\n`,
    );
    const other = sh(1, 'netstat -an');
    expect(other).toMatch(
      new RegExp(`^tcp +0 +0  192\\.9\\.200\\.2\\.6000 +192\\.9\\.200\\.1\\.${port} +ESTABLISHED$`, 'm'),
    );
    expect(other).toMatch(/^tcp +0 +0 {2}\*\.514 +\*\.\* +LISTEN$/m);
    expect(other).not.toMatch(/\*\.6000 /); // nc -l took one connection and closed its listener
    // Once they are over: TIME_WAIT on the side that closed first, and nothing but the servers later.
    // sun1's nc, started first, ends first: its side closed first and waits out 2MSL.
    lab.wait(31);
    expect(sh(1, 'netstat -a')).toMatch(
      new RegExp(`^tcp +0 +0  sun1\\.6000 +sun0\\.${port} +TIME_WAIT$`, 'm'),
    );
    expect(sh(0, 'netstat')).toBe('');
    lab.wait(61);
    expect(sh(1, 'netstat')).toBe('');
  });

  it('-i shows the interfaces and their counters; -r the routes; -s counters that move with the traffic', () => {
    const { sh } = shells();
    const i1 = sh(0, 'netstat -i');
    expect(i1.split('\n')[0]).toBe(
      'Name  Mtu   Net/Dest    Address            Ipkts Ierrs    Opkts Oerrs  Coll Queue',
    );
    const le = /^le0 +1500 +192\.9\.200 +sun0 +(\d+) +0 +(\d+) +0 +0 +0$/m.exec(i1);
    expect(le).not.toBeNull();
    expect(i1).toMatch(/^lo0 +1536 +loopback +localhost +\d+ +0 +\d+ +0 +0 +0$/m);
    expect(sh(0, 'netstat -in')).toMatch(/^le0 +1500 +192\.9\.200 +192\.9\.200\.1 +\d+/m);
    const routes = sh(0, 'netstat -r').split('\n');
    expect(routes.slice(0, 3)).toEqual([
      'Routing tables',
      'Destination          Gateway              Flags    Refcnt Use        Interface',
      'localhost            localhost            UH       0      0          lo0',
    ]);
    expect(routes[3]).toMatch(/^192\.9\.200 +sun0 +U +\d+ +\d+ +le0$/);

    const before = counters(sh(0, 'netstat -s'));
    expect(before.get('icmp: Input histogram: echo reply')).toBeUndefined(); // none yet: no histogram line
    sh(0, 'ping -c 3 sun1');
    sh(0, 'echo some bytes for the echo service | nc sun1 echo');
    const after = counters(sh(0, 'netstat -s'));
    expect(after.get('icmp: Input histogram: echo reply')).toBe(3);
    // sun1 answered them (ICMP's own replies are counted; ping's requests go out by a raw socket).
    const there = counters(sh(1, 'netstat -s'));
    expect(there.get('icmp: Input histogram: echo')).toBe(3);
    expect(there.get('icmp: Output histogram: echo reply')).toBe(3);
    expect(there.get('icmp: message responses generated')).toBe(3);
    const d = (k: string) => (after.get(k) ?? 0) - (before.get(k) ?? NaN);
    expect(d('ip: total packets received')).toBeGreaterThanOrEqual(3 + 4);
    expect(d('ip: packets sent from this host')).toBeGreaterThanOrEqual(3 + 4);
    expect(d('tcp: connection requests')).toBe(1);
    expect(d('tcp: connections established (including accepts)')).toBe(1);
    expect(d('tcp: packets sent')).toBeGreaterThanOrEqual(4);
    expect(after.get('tcp: discarded for bad checksums')).toBe(0);
    expect(d('udp: datagrams output')).toBe(0);
    sh(0, 'echo a datagram | nc -u -w 1 sun1 echo');
    const udp = counters(sh(0, 'netstat -s'));
    expect((udp.get('udp: datagrams output') ?? 0) - (after.get('udp: datagrams output') ?? 0)).toBe(1);
    expect((udp.get('udp: datagrams received') ?? 0) - (after.get('udp: datagrams received') ?? 0)).toBe(1);
    // The interface counted the frames too.
    const i2 = /^le0 +1500 +192\.9\.200 +sun0 +(\d+) +0 +(\d+)/m.exec(sh(0, 'netstat -i'));
    expect(Number(i2?.[1])).toBeGreaterThan(Number(le?.[1]) + 6);
    expect(Number(i2?.[2])).toBeGreaterThan(Number(le?.[2]) + 6);
  });
});

describe('route', () => {
  it('adds and deletes host, network and default routes; datagrams go where the routes say', () => {
    const { lab, sh } = shells();
    const sun1 = lab.stations[1].kernel.net;
    expect(sh(0, 'route add host 10.1.2.3 sun1')).toBe('add host 10.1.2.3: gateway sun1\n');
    expect(sh(0, 'route add net 128.32.0.0 sun1 1')).toBe('add net 128.32.0.0: gateway sun1\n');
    expect(sh(0, 'route add default sun1')).toBe('add net default: gateway sun1\n');
    const table = sh(0, 'netstat -rn');
    expect(table).toMatch(/^10\.1\.2\.3 +192\.9\.200\.2 +UGH +0 +0 +le0$/m);
    expect(table).toMatch(/^128\.32 +192\.9\.200\.2 +UG +0 +0 +le0$/m);
    expect(table).toMatch(/^default +192\.9\.200\.2 +UG +0 +0 +le0$/m);
    expect(sh(0, 'route add host 10.1.2.3 sun1; echo $?')).toBe(
      'add host 10.1.2.3: gateway sun1: entry already exists\n1\n',
    );
    expect(sh(0, 'route add host 10.1.2.4 10.7.7.7')).toBe(
      'add host 10.1.2.4: gateway 10.7.7.7: gateway not on an attached network\n',
    );
    expect(sh(0, 'su bob -c "route add host 10.1.2.5 sun1"')).toMatch(
      /^add host 10\.1\.2\.5: gateway sun1: \S/,
    );

    // Through the gateway, which does not forward: the frame goes to sun1's Ethernet address and stops there.
    const frames = () => readPcap(lab.pcap()).records.map((r) => r.data);
    const n0 = frames().length;
    expect(sh(0, 'ping -c 1 10.1.2.3')).toContain(
      '1 packets transmitted, 0 packets received, 100% packet loss',
    );
    const sent = frames()
      .slice(n0)
      .filter((f) => f[12] === 8 && f[13] === 0 && f[23] === 1 && f[30] === 10);
    expect(sent.length).toBe(1);
    expect(Array.from(sent[0].subarray(0, 6))).toEqual([8, 0, 0x20, 0, 0, 2]);
    expect(Array.from(sent[0].subarray(30, 34))).toEqual([10, 1, 2, 3]);
    expect(sun1.ipstat.ips_cantforward).toBe(1);
    expect(sh(1, 'netstat -s')).toContain('\t1 packets not forwardable\n');
    // The gateway forwarding (SIOCSIPFORWARDING, set here from the host): it would send the
    // datagram on, but has no route to 128.32 itself: sun0 hears host unreachable.
    sun1.ipforwarding = true;
    sh(0, 'ping -c 1 128.32.1.1');
    expect(sun1.ipstat.ips_cantforward).toBe(2); // no route onwards from sun1: not forwardable, and ICMP says so
    expect(sun1.icmpstat.icps_outhist[3]).toBeGreaterThanOrEqual(1); // destination unreachable

    // Deleted: no route but the default; then none at all.
    expect(sh(0, 'route delete host 10.1.2.3')).toBe('delete host 10.1.2.3: gateway *\n');
    expect(sh(0, 'route delete host 10.1.2.3; echo $?')).toBe(
      'delete host 10.1.2.3: gateway *: not in table\n1\n',
    );
    expect(sh(0, 'route -f')).toBe(
      `${'128.32'.padEnd(20)} ${'sun1'.padEnd(20)} done\n${'default'.padEnd(20)} ${'sun1'.padEnd(20)} done\n`,
    );
    expect(sh(0, 'netstat -rn')).not.toMatch(/UG/);
    expect(sh(0, 'ping -c 1 10.1.2.3')).toMatch(/Network is unreachable/);
  });
});
