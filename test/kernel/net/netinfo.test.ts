/**
 * netinfo (sun3lab's call 223) and the C headers that describe its
 * answers: the counters' structs in <netinet/*_var.h> list the kernel's
 * counters in the kernel's order; the socket and route records decode as
 * <sys/sun3lab.h> and <net/route.h> say.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EINVAL } from '../../../kernel/errno.js';
import { Ipstat } from '../../../kernel/net/ip.js';
import { Icmpstat } from '../../../kernel/net/ip_icmp.js';
import {
  NI_ICMPSTAT,
  NI_IPSTAT,
  NI_ROUTES,
  NI_SOCKETS,
  NI_TCPSTAT,
  NI_UDPSTAT,
  netinfo,
  SOCKINFO_SIZE,
} from '../../../kernel/net/netinfo.js';
import { RTINFO_SIZE } from '../../../kernel/net/route.js';
import { AF_INET, SOCK_DGRAM, SOCK_STREAM, sockaddr_in } from '../../../kernel/net/socket.js';
import { TCPS_LISTEN } from '../../../kernel/net/tcp_fsm.js';
import { Tcpstat } from '../../../kernel/net/tcp_var.js';
import { Udpstat } from '../../../kernel/net/udp_usrreq.js';
import { sobind, socreate, solisten } from '../../../kernel/net/uipc_socket.js';
import { errnoOf } from '../../fs/helpers.js';
import { configure, fakeNet, root } from './fakenet.js';
import { fakeProc } from './stack.js';

/** The members of `struct name` in a header: [name, array length or 1]. */
function members(header: string, name: string): [string, number][] {
  const text = readFileSync(new URL(`../../../userland/include/${header}`, import.meta.url), 'utf8');
  const body = new RegExp(`struct ${name} \\{([^}]*)\\}`).exec(text)?.[1];
  if (!body) throw new Error(`no struct ${name} in ${header}`);
  return [...body.matchAll(/u_long (\w+)(?:\[([^\]]+)\])?;/g)].map((m) => [m[1], m[2] ? 19 : 1]);
}

/** The kernel's counters in order, with array lengths. */
function fields(st: object): [string, number][] {
  return Object.entries(st).map(([k, v]) => [k, Array.isArray(v) ? v.length : 1]);
}

describe('netinfo', () => {
  it.each([
    ['netinet/ip_var.h', 'ipstat', new Ipstat(), NI_IPSTAT],
    ['netinet/icmp_var.h', 'icmpstat', new Icmpstat(), NI_ICMPSTAT],
    ['netinet/udp_var.h', 'udpstat', new Udpstat(), NI_UDPSTAT],
    ['netinet/tcp_var.h', 'tcpstat', new Tcpstat(), NI_TCPSTAT],
  ] as const)(
    '%s: struct %s has the kernel counters, in order; netinfo gives that many longs',
    (h, s, st, what) => {
      const m = members(h, s);
      expect(m).toEqual(fields(st));
      const { net } = fakeNet();
      expect(netinfo(net, what).length).toBe(4 * m.reduce((n, [, k]) => n + k, 0));
    },
  );

  it('lists the sockets (NI_SOCKETS) and the routes (NI_ROUTES) in their documented records', () => {
    const { net, ifp } = fakeNet();
    configure(net, ifp);
    const p = fakeProc();
    const ls = socreate(net, AF_INET, SOCK_STREAM, 0, root);
    sobind(ls, sockaddr_in(0, 7000), p);
    solisten(ls, 5);
    const us = socreate(net, AF_INET, SOCK_DGRAM, 0, root);
    sobind(us, sockaddr_in(0xc009c801, 53), p);
    const b = netinfo(net, NI_SOCKETS);
    expect(b.length).toBe(2 * SOCKINFO_SIZE);
    const v = new DataView(b.buffer);
    const rec = (i: number) => [0, 4, 8, 12, 16, 20].map((o) => v.getInt32(i * SOCKINFO_SIZE + o) >>> 0);
    expect([rec(0), rec(1)]).toEqual([
      [AF_INET, SOCK_STREAM, 6, TCPS_LISTEN, 0, 7000],
      [AF_INET, SOCK_DGRAM, 17, 0xffffffff, 0xc009c801, 53],
    ]);
    const r = netinfo(net, NI_ROUTES);
    expect(r.length).toBe(2 * RTINFO_SIZE);
    expect(new TextDecoder().decode(r.subarray(RTINFO_SIZE + 40, RTINFO_SIZE + 43))).toBe('le0');
    expect(errnoOf(() => netinfo(net, 42))).toBe(EINVAL);
  });
});
