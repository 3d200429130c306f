/**
 * IPv4 beyond the minimal path, on fake interfaces and a fake clock:
 * fragmentation and reassembly (order, overlaps, duplicates, the timeout
 * and its ICMP message, the bound on bytes held, impossible fragments),
 * the routing table and its ioctls, forwarding between two interfaces
 * (off by default, TTL, time exceeded, host unreachable, redirects), the
 * rules for sending ICMP errors, ICMP requests, and UDP (checksums,
 * broadcast to every socket on the port, port unreachable, a full socket).
 */
import { describe, expect, it } from 'vitest';
import {
  EACCES,
  EADDRINUSE,
  EEXIST,
  EMSGSIZE,
  ENETUNREACH,
  EPERM,
  ESRCH,
  EWOULDBLOCK,
} from '../../../kernel/errno.js';
import { FNDELAY } from '../../../kernel/fs/vnode.js';
import { if_attach } from '../../../kernel/net/if.js';
import { ETHERTYPE_IP } from '../../../kernel/net/if_ethersubr.js';
import {
  IPPROTO_ICMP,
  IPPROTO_UDP,
  in_control,
  in_ifinit,
  SIOCGIPFORWARDING,
  SIOCSIPFORWARDING,
} from '../../../kernel/net/in.js';
import { in_cksum } from '../../../kernel/net/in_cksum.js';
import { IP_DF, IpHeader } from '../../../kernel/net/ip.js';
import { icmp_error } from '../../../kernel/net/ip_icmp.js';
import { IPFRAGTTL, IPQ_MAXBYTES } from '../../../kernel/net/ip_input.js';
import { ip_output } from '../../../kernel/net/ip_output.js';
import { Mbuf } from '../../../kernel/net/mbuf.js';
import { RTF_GATEWAY, RTF_HOST, RTF_UP, SIOCADDRT, SIOCDELRT } from '../../../kernel/net/route.js';
import {
  AF_INET,
  SO_BROADCAST,
  SO_REUSEADDR,
  SOCK_DGRAM,
  SOL_SOCKET,
  sin_port,
  sockaddr_in,
} from '../../../kernel/net/socket.js';
import { pseudoSum } from '../../../kernel/net/udp_usrreq.js';
import {
  type Socket,
  sobind,
  socreate,
  soreceive,
  sosend,
  sosetopt,
  uioOf,
} from '../../../kernel/net/uipc_socket.js';
import { errnoOf } from '../../fs/helpers.js';
import {
  arpFrame,
  BROADCAST_MAC,
  configure,
  FakeEther,
  fakeNet,
  frame,
  icmp,
  ipPacket,
  MY_IP,
  MY_MAC,
  PEER_IP,
  PEER_MAC,
  parse,
  root,
  user,
} from './fakenet.js';
import { fakeProc } from './stack.js';

const p = fakeProc();
const ONE = Uint8Array.of(0, 0, 0, 1);

function setup() {
  const f = fakeNet();
  configure(f.net, f.ifp);
  f.ifp.receive(arpFrame(1, PEER_MAC, PEER_IP, new Uint8Array(6), MY_IP));
  f.ifp.take();
  return f;
}

function now<T>(g: Generator<void, T, void>): T {
  const r = g.next();
  if (!r.done) throw new Error('the call would have slept');
  return r.value;
}

function udpSocket(net: ReturnType<typeof setup>['net'], port: number, reuse = false): Socket {
  const so = socreate(net, AF_INET, SOCK_DGRAM, 0, root);
  if (reuse) sosetopt(so, SOL_SOCKET, SO_REUSEADDR, ONE);
  sobind(so, sockaddr_in(0, port), p);
  return so;
}

function sendto(so: Socket, addr: number, port: number, data: Uint8Array): number {
  return now(sosend(so, p, sockaddr_in(addr, port), uioOf(data), 0, 0));
}

function recv(so: Socket) {
  return now(soreceive(so, p, 65536, 0, FNDELAY));
}

/** A UDP datagram (header and data), with its checksum (or 0). */
function udp(
  src: number,
  dst: number,
  sport: number,
  dport: number,
  data: Uint8Array,
  sum = true,
): Uint8Array {
  const u = new Uint8Array(8 + data.length);
  const v = new DataView(u.buffer);
  v.setUint16(0, sport);
  v.setUint16(2, dport);
  v.setUint16(4, u.length);
  u.set(data, 8);
  if (sum) v.setUint16(6, in_cksum(u, 0, u.length, pseudoSum(src, dst, IPPROTO_UDP, u.length)) || 0xffff);
  return u;
}

/** A fragment: datagram `whole` (header and payload) cut to payload bytes [from, to), MF unless it reaches the end. */
function fragment(whole: Uint8Array, from: number, to: number, mf = to < whole.length - 20): Uint8Array {
  const f = new Uint8Array(20 + (to - from));
  f.set(whole.subarray(0, 20), 0);
  f.set(whole.subarray(20 + from, 20 + to), 20);
  const v = new DataView(f.buffer);
  v.setUint16(2, f.length);
  v.setUint16(6, (mf ? 0x2000 : 0) | (from >> 3));
  v.setUint16(10, 0);
  v.setUint16(10, in_cksum(f, 0, 20));
  return f;
}

const fromPeer = (ip: Uint8Array, dst = MY_MAC) => frame(dst, PEER_MAC, ETHERTYPE_IP, ip);

describe('fragments', () => {
  it('cuts a datagram larger than the MTU into fragments of 1480 data bytes, and reassembles them in any order', () => {
    const { net, ifp } = setup();
    const so = udpSocket(net, 2000);
    const data = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff);
    expect(sendto(so, PEER_IP, 3000, data)).toBe(3000);
    const frags = ifp.take().map(parse);
    expect(frags.map((f) => f.ip?.len)).toEqual([1500, 1500, 68]);
    const offs = ifp.sent.length; // (taken)
    expect(offs).toBe(0);
    const raw = frags.map((f) => f.ip as NonNullable<(typeof f)['ip']>);
    expect(raw.every((r) => r.sumOk)).toBe(true);
    expect(net.ipstat).toMatchObject({ ips_fragmented: 1, ips_ofragments: 3 });
    // Back to us, in another order, as if the peer had sent them: one datagram again.
    const rx = udpSocket(net, 3000);
    const whole = ipPacket(PEER_IP, MY_IP, IPPROTO_UDP, udp(PEER_IP, MY_IP, 2000, 3000, data));
    for (const [a, b] of [
      [2960, 3008],
      [0, 1480],
      [1480, 2960],
    ])
      ifp.receive(fromPeer(fragment(whole, a, b)));
    const r = recv(rx);
    expect(r.data).toEqual(data);
    expect(net.ipstat).toMatchObject({ ips_fragments: 3, ips_reassembled: 1 });
    expect(net.ipq.length).toBe(0);
    expect(net.ipqBytes).toBe(0);
  });

  it('refuses to fragment with DF: EMSGSIZE', () => {
    const { net } = setup();
    const m = Mbuf.from(new Uint8Array(2000));
    const ip = new IpHeader(m);
    ip.ip_len = 2000;
    ip.ip_p = 99;
    ip.ip_ttl = 30;
    ip.ip_off = IP_DF;
    ip.ip_dst = PEER_IP;
    expect(errnoOf(() => ip_output(net, m, 0))).toBe(EMSGSIZE);
    expect(net.ipstat.ips_cantfrag).toBe(1);
  });

  it('trims overlaps and ignores duplicates', () => {
    const { net, ifp } = setup();
    const rx = udpSocket(net, 3000);
    const data = Uint8Array.from({ length: 200 }, (_, i) => i);
    const whole = ipPacket(PEER_IP, MY_IP, IPPROTO_UDP, udp(PEER_IP, MY_IP, 9, 3000, data));
    const pieces = [
      [0, 80],
      [0, 80],
      [40, 120],
      [64, 160],
      [120, 208],
    ];
    for (const [a, b] of pieces) ifp.receive(fromPeer(fragment(whole, a, b, b < 208)));
    expect(recv(rx).data).toEqual(data);
    expect(net.ipstat.ips_fragdropped).toBeGreaterThanOrEqual(1);
  });

  it('gives up a datagram after 30 s, telling its sender (time exceeded in reassembly)', () => {
    const { net, ifp, k } = setup();
    const whole = ipPacket(PEER_IP, MY_IP, IPPROTO_UDP, udp(PEER_IP, MY_IP, 9, 3000, new Uint8Array(100)));
    ifp.receive(fromPeer(fragment(whole, 0, 64)));
    expect(net.ipq.length).toBe(1);
    k.advance(29_000);
    expect(net.ipq.length).toBe(1);
    k.advance(1_500);
    expect(net.ipq.length).toBe(0);
    expect(net.ipstat.ips_fragtimeout).toBe(1);
    const [err] = ifp.take().map(parse);
    expect(err.ip?.p).toBe(IPPROTO_ICMP);
    expect(Array.from((err.ip as { payload: Uint8Array }).payload.subarray(0, 2))).toEqual([11, 1]);
    expect(IPFRAGTTL).toBe(60);
  });

  it('holds at most 64 KB of fragments: the oldest datagrams go first', () => {
    const { net, ifp } = setup();
    for (let id = 0; id < 60; id++) {
      const whole = ipPacket(PEER_IP, MY_IP, IPPROTO_UDP, udp(PEER_IP, MY_IP, 9, 3000, new Uint8Array(2000)));
      new DataView(whole.buffer).setUint16(4, id);
      ifp.receive(fromPeer(fragment(whole, 0, 1480)));
      expect(net.ipqBytes).toBeLessThanOrEqual(IPQ_MAXBYTES);
    }
    expect(net.ipq.length).toBeLessThan(60);
    expect(net.ipq[0].id).toBeGreaterThan(0);
  });

  it('drops impossible fragments: past 65535 bytes, a middle one not a multiple of 8, an empty one', () => {
    const { net, ifp } = setup();
    const whole = ipPacket(PEER_IP, MY_IP, IPPROTO_UDP, udp(PEER_IP, MY_IP, 9, 3000, new Uint8Array(100)));
    const far = fragment(whole, 0, 64);
    new DataView(far.buffer).setUint16(6, 0x2000 | 8190);
    far[10] = far[11] = 0;
    new DataView(far.buffer).setUint16(10, in_cksum(far, 0, 20));
    ifp.receive(fromPeer(far));
    ifp.receive(fromPeer(fragment(whole, 0, 61, true)));
    expect(net.ipstat.ips_fragdropped).toBe(2);
    expect(net.ipq.length).toBe(0);
  });
});

/** A struct rtentry for SIOCADDRT/SIOCDELRT. */
function rtentry(dst: number, gw: number, flags: number): Uint8Array {
  const r = new Uint8Array(48);
  r.set(sockaddr_in(dst), 4);
  r.set(sockaddr_in(gw), 20);
  new DataView(r.buffer).setInt16(36, flags);
  return r;
}

describe('routes', () => {
  it('has the interface routes; route add/delete through SIOCADDRT and SIOCDELRT (super-user only)', () => {
    const { net, ifp } = setup();
    expect(net.rt.routes.map((r) => [r.dst, r.mask >>> 0, r.ifp.xname])).toEqual([
      [0x7f000001, 0xffffffff, 'lo0'],
      [0xc009c800, 0xffffff00, 'le0'],
    ]);
    const so = udpSocket(net, 2000);
    expect(errnoOf(() => sendto(so, 0x0a010203, 9, ONE))).toBe(ENETUNREACH);
    expect(errnoOf(() => in_control(net, SIOCADDRT, rtentry(0, PEER_IP, RTF_UP | RTF_GATEWAY), user))).toBe(
      EPERM,
    );
    in_control(net, SIOCADDRT, rtentry(0, PEER_IP, RTF_UP | RTF_GATEWAY), root); // default route
    expect(errnoOf(() => in_control(net, SIOCADDRT, rtentry(0, PEER_IP, RTF_GATEWAY), root))).toBe(EEXIST);
    sendto(so, 0x0a010203, 9, ONE);
    const [f] = ifp.take().map(parse);
    expect(f.dst).toEqual([...PEER_MAC]); // to the gateway
    expect(f.ip?.dst).toBe(0x0a010203);
    // A host route wins over the default.
    expect(
      errnoOf(() =>
        in_control(net, SIOCADDRT, rtentry(0x0a010203, 0x0b000001, RTF_HOST | RTF_GATEWAY), root),
      ),
    ).toBe(ENETUNREACH); // a gateway must be on an attached network
    in_control(net, SIOCADDRT, rtentry(0x0a010203, 0xc009c803, RTF_HOST | RTF_GATEWAY), root);
    expect(net.rt.alloc(0x0a010203)?.gateway).toBe(0xc009c803);
    expect(net.rt.alloc(0x0a010204)?.gateway).toBe(PEER_IP);
    in_control(net, SIOCDELRT, rtentry(0, 0, 0), root);
    expect(errnoOf(() => in_control(net, SIOCDELRT, rtentry(0, 0, 0), root))).toBe(ESRCH);
    expect(errnoOf(() => sendto(so, 0x0a010204, 9, ONE))).toBe(ENETUNREACH);
  });
});

/** A gateway: le0 on 192.9.200.1/24 (the peer .2 there), le1 on 192.9.201.1/24 (a host .5 there). */
function gateway() {
  const f = setup();
  const le1 = new FakeEther(f.net, 'le', 1, Uint8Array.of(8, 0, 0x20, 0, 1, 1));
  if_attach(f.net, le1);
  in_ifinit(f.net, le1, 0xc009c901);
  le1.receive(arpFrame(1, Uint8Array.of(8, 0, 0x20, 0, 1, 5), 0xc009c905, new Uint8Array(6), 0xc009c901));
  le1.take();
  return { ...f, le1 };
}

describe('forwarding', () => {
  it('is off by default: a datagram for another machine is dropped', () => {
    const { net, ifp, le1 } = gateway();
    ifp.receive(fromPeer(ipPacket(PEER_IP, 0xc009c905, 99, ONE)));
    expect(le1.take()).toEqual([]);
    expect(net.ipstat.ips_cantforward).toBe(1);
    const v = new Uint8Array(4);
    expect(new DataView(in_control(net, SIOCGIPFORWARDING, v, user)?.buffer as ArrayBuffer).getInt32(0)).toBe(
      0,
    );
    expect(errnoOf(() => in_control(net, SIOCSIPFORWARDING, ONE, user))).toBe(EPERM);
  });

  it('turned on, passes datagrams between the interfaces, one TTL less; TTL 1 is time exceeded', () => {
    const { net, ifp, le1 } = gateway();
    in_control(net, SIOCSIPFORWARDING, ONE, root);
    ifp.receive(fromPeer(ipPacket(PEER_IP, 0xc009c905, 99, ONE, 64)));
    const [out] = le1.take().map(parse);
    expect(out.ip).toMatchObject({ src: PEER_IP, dst: 0xc009c905, ttl: 63, sumOk: true });
    expect(net.ipstat.ips_forward).toBe(1);
    ifp.receive(fromPeer(ipPacket(PEER_IP, 0xc009c905, 99, ONE, 1)));
    expect(le1.take()).toEqual([]);
    const [err] = ifp.take().map(parse);
    expect(err.ip).toMatchObject({ dst: PEER_IP, p: IPPROTO_ICMP });
    expect((err.ip as { payload: Uint8Array }).payload[0]).toBe(11); // time exceeded
  });

  it('answers a destination it has no route to with host unreachable', () => {
    const { net, ifp } = gateway();
    in_control(net, SIOCSIPFORWARDING, ONE, root);
    ifp.receive(fromPeer(ipPacket(PEER_IP, 0x0a000001, 99, ONE)));
    const [err] = ifp.take().map(parse);
    const icp = err.ip?.payload as Uint8Array;
    expect([icp[0], icp[1]]).toEqual([3, 1]);
    expect(new DataView(icp.buffer, icp.byteOffset).getUint32(8 + 16)).toBe(0x0a000001); // the quoted destination
  });

  it('redirects a sender on the same wire to the better first hop, and forwards anyway', () => {
    const { net, ifp } = gateway();
    in_control(net, SIOCSIPFORWARDING, ONE, root);
    ifp.receive(arpFrame(1, Uint8Array.of(8, 0, 0x20, 0, 0, 3), 0xc009c803, new Uint8Array(6), MY_IP));
    ifp.take();
    in_control(net, SIOCADDRT, rtentry(0x0a000000, 0xc009c803, RTF_GATEWAY), root);
    ifp.receive(fromPeer(ipPacket(PEER_IP, 0x0a000001, 99, ONE)));
    const out = ifp.take().map(parse);
    const redirect = out.find((f) => f.ip?.p === IPPROTO_ICMP)?.ip?.payload as Uint8Array;
    expect([redirect[0], redirect[1]]).toEqual([5, 1]);
    expect(new DataView(redirect.buffer, redirect.byteOffset).getUint32(4)).toBe(0xc009c803);
    expect(out.some((f) => f.ip?.dst === 0x0a000001)).toBe(true);
    expect(net.ipstat.ips_redirectsent).toBe(1);
  });

  it('takes a redirect from its gateway as a host route', () => {
    const { net, ifp } = setup();
    in_control(net, SIOCADDRT, rtentry(0, PEER_IP, RTF_GATEWAY), root);
    const quoted = ipPacket(MY_IP, 0x0a000007, 99, new Uint8Array(8));
    const msg = new Uint8Array(8 + quoted.length);
    msg[0] = 5;
    msg[1] = 1;
    new DataView(msg.buffer).setUint32(4, 0xc009c803);
    msg.set(quoted, 8);
    new DataView(msg.buffer).setUint16(2, in_cksum(msg, 0, msg.length));
    ifp.receive(fromPeer(ipPacket(PEER_IP, MY_IP, IPPROTO_ICMP, msg)));
    const rt = net.rt.alloc(0x0a000007);
    expect(rt?.gateway).toBe(0xc009c803);
    expect((rt?.flags ?? 0) & RTF_HOST).toBeTruthy();
    expect(net.rt.alloc(0x0a000008)?.gateway).toBe(PEER_IP);
  });
});

describe('ICMP', () => {
  it('sends no error about an ICMP error, a broadcast, or a fragment other than the first', () => {
    const { net, ifp } = setup();
    const unreach = ipPacket(PEER_IP, MY_IP, IPPROTO_ICMP, icmp(3, 0, 0, new Uint8Array(28)));
    icmp_error(net, Mbuf.from(unreach), 3, 3, 0);
    expect(net.icmpstat.icps_oldicmp).toBe(1);
    const bcast = Mbuf.from(ipPacket(PEER_IP, 0xc009c8ff, IPPROTO_UDP, new Uint8Array(8)));
    icmp_error(net, bcast, 3, 3, 0);
    const linkb = Mbuf.from(ipPacket(PEER_IP, MY_IP, IPPROTO_UDP, new Uint8Array(8)));
    linkb.flags |= 1; // M_BCAST
    icmp_error(net, linkb, 3, 3, 0);
    const frag = ipPacket(PEER_IP, MY_IP, IPPROTO_UDP, new Uint8Array(8));
    new DataView(frag.buffer).setUint16(6, 10);
    icmp_error(net, Mbuf.from(frag), 3, 3, 0);
    expect(ifp.take()).toEqual([]);
    // About an echo request, it does.
    icmp_error(net, Mbuf.from(ipPacket(PEER_IP, MY_IP, IPPROTO_ICMP, icmp(8, 1, 1))), 3, 3, 0);
    expect(ifp.take().length).toBe(1);
  });

  it('answers timestamp and address-mask requests', () => {
    const { ifp } = setup();
    ifp.receive(fromPeer(ipPacket(PEER_IP, MY_IP, IPPROTO_ICMP, icmp(13, 7, 1, new Uint8Array(12)))));
    ifp.receive(fromPeer(ipPacket(PEER_IP, MY_IP, IPPROTO_ICMP, icmp(17, 7, 2, new Uint8Array(4)))));
    const [ts, mask] = ifp.take().map((f) => parse(f).ip?.payload as Uint8Array);
    expect(ts[0]).toBe(14);
    expect(mask[0]).toBe(18);
    expect(new DataView(mask.buffer, mask.byteOffset).getUint32(8)).toBe(0xffffff00);
  });
});

describe('UDP', () => {
  it('checks checksums (0: none computed), and answers a port nobody has with port unreachable', () => {
    const { net, ifp } = setup();
    const rx = udpSocket(net, 3000);
    const good = udp(PEER_IP, MY_IP, 9, 3000, Uint8Array.of(1, 2, 3));
    const bad = Uint8Array.from(good);
    bad[9] ^= 1;
    ifp.receive(fromPeer(ipPacket(PEER_IP, MY_IP, IPPROTO_UDP, bad)));
    ifp.receive(fromPeer(ipPacket(PEER_IP, MY_IP, IPPROTO_UDP, udp(PEER_IP, MY_IP, 9, 3000, ONE, false))));
    expect(net.udpstat.udps_badsum).toBe(1);
    const r = recv(rx);
    expect(r.data).toEqual(ONE);
    expect(sin_port(r.from as Uint8Array)).toBe(9);
    ifp.receive(fromPeer(ipPacket(PEER_IP, MY_IP, IPPROTO_UDP, udp(PEER_IP, MY_IP, 9, 3001, ONE))));
    const [err] = ifp.take().map(parse);
    expect(Array.from((err.ip as { payload: Uint8Array }).payload.subarray(0, 2))).toEqual([3, 3]);
    expect(net.udpstat.udps_noport).toBe(1);
    // Not for a broadcast.
    ifp.receive(
      fromPeer(
        ipPacket(PEER_IP, 0xc009c8ff, IPPROTO_UDP, udp(PEER_IP, 0xc009c8ff, 9, 3001, ONE)),
        BROADCAST_MAC,
      ),
    );
    expect(ifp.take()).toEqual([]);
    expect(net.udpstat.udps_noportbcast).toBe(1);
  });

  it('binds as 4.3BSD does; a broadcast goes to the sockets bound to any address; sending one needs SO_BROADCAST', () => {
    const { net, ifp } = setup();
    const a = udpSocket(net, 4000);
    expect(errnoOf(() => udpSocket(net, 4000))).toBe(EADDRINUSE);
    expect(errnoOf(() => udpSocket(net, 4000, true))).toBe(EADDRINUSE); // the same address: even with SO_REUSEADDR
    const b = socreate(net, AF_INET, SOCK_DGRAM, 0, root);
    expect(errnoOf(() => sobind(b, sockaddr_in(MY_IP, 4000), p))).toBe(EADDRINUSE);
    sosetopt(b, SOL_SOCKET, SO_REUSEADDR, ONE);
    sobind(b, sockaddr_in(MY_IP, 4000), p); // a more precise address, with SO_REUSEADDR
    ifp.receive(
      fromPeer(
        ipPacket(PEER_IP, 0xc009c8ff, IPPROTO_UDP, udp(PEER_IP, 0xc009c8ff, 9, 4000, ONE)),
        BROADCAST_MAC,
      ),
    );
    expect(recv(a).data).toEqual(ONE);
    expect(errnoOf(() => recv(b))).toBe(EWOULDBLOCK);
    ifp.receive(fromPeer(ipPacket(PEER_IP, MY_IP, IPPROTO_UDP, udp(PEER_IP, MY_IP, 9, 4000, ONE))));
    expect(recv(b).data).toEqual(ONE); // the exact match wins
    expect(errnoOf(() => sendto(a, 0xc009c8ff, 4000, ONE))).toBe(EACCES);
    sosetopt(a, SOL_SOCKET, SO_BROADCAST, ONE);
    sendto(a, 0xc009c8ff, 4000, ONE);
    expect(ifp.take().map((f) => parse(f).dst)).toEqual([[...BROADCAST_MAC]]);
    expect(recv(a).data).toEqual(ONE); // this machine hears its own broadcast (through lo0)
  });

  it('drops what does not fit in a full socket buffer', () => {
    const { net, ifp } = setup();
    const rx = udpSocket(net, 3000);
    rx.rcv.hiwat = 100;
    for (let i = 0; i < 3; i++)
      ifp.receive(
        fromPeer(ipPacket(PEER_IP, MY_IP, IPPROTO_UDP, udp(PEER_IP, MY_IP, 9, 3000, new Uint8Array(60)))),
      );
    expect(net.udpstat.udps_fullsock).toBe(2);
    recv(rx);
    expect(errnoOf(() => recv(rx))).toBe(EWOULDBLOCK);
  });
});
