/**
 * The minimal IPv4 path on a fake Ethernet interface, no machine: IP
 * input's checks, ICMP echo answered, echo replies and other protocols to
 * raw sockets, IP output's route, broadcast and size rules, the loopback.
 */
import { describe, expect, it } from 'vitest';
import { EACCES, EMSGSIZE, ENETUNREACH, EPROTONOSUPPORT } from '../../../kernel/errno.js';
import { ETHERTYPE_IP } from '../../../kernel/net/if_ethersubr.js';
import { IPPROTO_ICMP } from '../../../kernel/net/in.js';
import { in_cksum } from '../../../kernel/net/in_cksum.js';
import { IpHeader } from '../../../kernel/net/ip.js';
import { ip_output } from '../../../kernel/net/ip_output.js';
import { Mbuf } from '../../../kernel/net/mbuf.js';
import { AF_INET, SOCK_DGRAM, SOCK_RAW, sin_addr, sockaddr_in } from '../../../kernel/net/socket.js';
import { type Socket, socreate, soreceive, sosend, uioOf } from '../../../kernel/net/uipc_socket.js';
import type { Proc } from '../../../kernel/proc/proc.js';
import { errnoOf } from '../../fs/helpers.js';
import {
  arpFrame,
  configure,
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

const BCAST = 0xc009c8ff; // 192.9.200.255
const data = Uint8Array.from({ length: 56 }, (_, i) => i);

function setup() {
  const f = fakeNet();
  configure(f.net, f.ifp);
  // The peer's address is known (it asked for ours): no ARP exchange in these tests.
  f.ifp.receive(arpFrame(1, PEER_MAC, PEER_IP, new Uint8Array(6), MY_IP));
  f.ifp.take();
  return f;
}

/** A datagram from the peer, as a frame for us. */
function fromPeer(ip: Uint8Array): Uint8Array {
  return frame(MY_MAC, PEER_MAC, ETHERTYPE_IP, ip);
}

/** Run a socket call that must not sleep. */
function now<T>(g: Generator<void, T, void>): T {
  const r = g.next();
  if (!r.done) throw new Error('the call would have slept');
  return r.value;
}
const proc = {} as Proc;

/** sendto on a socket: `bytes` to `dst`. */
function send(so: Socket, dst: number, bytes: Uint8Array): number {
  return now(sosend(so, proc, sockaddr_in(dst), uioOf(bytes), 0, 0));
}

describe('IP and ICMP input', () => {
  it('answers an echo request: addresses swapped, TTL 255, id, sequence and data kept, checksums right', () => {
    const { net, ifp } = setup();
    ifp.receive(fromPeer(ipPacket(PEER_IP, MY_IP, IPPROTO_ICMP, icmp(8, 0x4321, 7, data))));
    const [rep] = ifp.take().map(parse);
    expect(rep.dst).toEqual([...PEER_MAC]);
    expect(rep.ip).toMatchObject({
      src: MY_IP,
      dst: PEER_IP,
      p: IPPROTO_ICMP,
      ttl: 255,
      len: 84,
      sumOk: true,
    });
    const m = rep.ip?.payload as Uint8Array;
    expect(in_cksum(m, 0, m.length)).toBe(0);
    expect(Array.from(m.subarray(0, 8))).toEqual([0, 0, ...Array.from(m.subarray(2, 4)), 0x43, 0x21, 0, 7]);
    expect(m.subarray(8)).toEqual(data);
    expect(net.icmpstat.icps_inhist[8]).toBe(1);
    expect(net.icmpstat.icps_reflect).toBe(1);
  });

  it('trims the Ethernet padding of a short datagram', () => {
    const { ifp } = setup();
    const f = fromPeer(ipPacket(PEER_IP, MY_IP, IPPROTO_ICMP, icmp(8, 1, 1)));
    expect(f.length).toBe(60); // padded: 14 + 28 + 18
    ifp.receive(f);
    expect(parse(ifp.take()[0]).ip?.len).toBe(28);
  });

  it('drops bad datagrams and counts why', () => {
    const { net, ifp } = setup();
    const good = () => ipPacket(PEER_IP, MY_IP, IPPROTO_ICMP, icmp(8, 1, 1));
    const badsum = good();
    badsum[10] ^= 0xff;
    const badvers = good();
    badvers[0] = 0x65;
    const badhlen = good();
    badhlen[0] = 0x44;
    const tooshort = good();
    tooshort[3] = 200; // ip_len beyond what came
    tooshort[10] = tooshort[11] = 0;
    new DataView(tooshort.buffer).setUint16(10, in_cksum(tooshort, 0, 20));
    const frag = ipPacket(PEER_IP, MY_IP, IPPROTO_ICMP, icmp(8, 1, 1));
    frag[6] = 0x20; // more fragments
    frag[10] = frag[11] = 0;
    new DataView(frag.buffer).setUint16(10, in_cksum(frag, 0, 20));
    const other = ipPacket(PEER_IP, 0xc009c803, IPPROTO_ICMP, icmp(8, 1, 1)); // for another machine
    const icmpsum = good();
    icmpsum[25] ^= 1;
    for (const p of [badsum, badvers, badhlen, tooshort, frag, other, icmpsum]) ifp.receive(fromPeer(p));
    expect(ifp.take()).toEqual([]);
    expect(net.ipstat).toMatchObject({
      ips_total: 7,
      ips_badsum: 1,
      ips_badvers: 1,
      ips_badhlen: 1,
      ips_tooshort: 1,
      ips_fragments: 1,
      ips_cantforward: 1,
      ips_delivered: 1,
    });
    expect(net.icmpstat.icps_checksum).toBe(1);
  });

  it('answers an echo request to the broadcast address from its own address, but not one from a broadcast source', () => {
    const { ifp } = setup();
    ifp.receive(
      frame(new Uint8Array(6).fill(0xff), PEER_MAC, ETHERTYPE_IP, ipPacket(PEER_IP, BCAST, 1, icmp(8, 1, 1))),
    );
    expect(parse(ifp.take()[0]).ip).toMatchObject({ src: MY_IP, dst: PEER_IP });
    ifp.receive(fromPeer(ipPacket(BCAST, MY_IP, 1, icmp(8, 1, 1))));
    expect(ifp.take()).toEqual([]);
  });

  it('gives echo replies to raw ICMP sockets, with the sender, and other protocols to raw sockets of theirs', () => {
    const { net, ifp } = setup();
    const icmpSock = socreate(net, AF_INET, SOCK_RAW, IPPROTO_ICMP, root);
    const any = socreate(net, AF_INET, SOCK_RAW, 0, root);
    const p89 = socreate(net, AF_INET, SOCK_RAW, 89, root);
    ifp.receive(fromPeer(ipPacket(PEER_IP, MY_IP, IPPROTO_ICMP, icmp(0, 5, 6, data))));
    ifp.receive(fromPeer(ipPacket(PEER_IP, MY_IP, 89, Uint8Array.of(1, 2, 3))));
    ifp.receive(fromPeer(ipPacket(PEER_IP, MY_IP, 77, Uint8Array.of(4))));
    const got = (so: Socket) =>
      so.rcv.records.map((r) => [sin_addr(r.from as Uint8Array), r.data[9], r.data.length]);
    expect(got(icmpSock)).toEqual([[PEER_IP, IPPROTO_ICMP, 84]]);
    expect(got(p89)).toEqual([[PEER_IP, 89, 23]]);
    expect(got(any)).toEqual([
      [PEER_IP, IPPROTO_ICMP, 84],
      [PEER_IP, 89, 23],
      [PEER_IP, 77, 21],
    ]);
    const r = now(soreceive(icmpSock, proc, 40, 0, 0));
    expect(r.data.length).toBe(40); // the rest of the datagram is discarded
    expect(icmpSock.rcv.records.length).toBe(0);
    expect(net.ipstat.ips_noproto).toBe(0);
    ifp.receive(fromPeer(ipPacket(PEER_IP, MY_IP, 78, Uint8Array.of(4))));
    expect(net.ipstat.ips_noproto).toBe(0); // `any` took it
  });

  it('counts a datagram no socket wants', () => {
    const { net, ifp } = setup();
    ifp.receive(fromPeer(ipPacket(PEER_IP, MY_IP, 89, Uint8Array.of(1))));
    expect(net.ipstat.ips_noproto).toBe(1);
  });
});

describe('raw sockets and IP output', () => {
  it('are for the super-user only; the Unix domain has none', () => {
    const { net } = setup();
    expect(errnoOf(() => socreate(net, AF_INET, SOCK_RAW, IPPROTO_ICMP, user))).toBe(EACCES);
    expect(errnoOf(() => socreate(net, AF_INET, SOCK_DGRAM, IPPROTO_ICMP, root))).toBe(EPROTONOSUPPORT);
    expect(errnoOf(() => socreate(net, 1, SOCK_RAW, 0, root))).toBe(EPROTONOSUPPORT);
  });

  it('send a datagram with a full IP header to a host on the subnet', () => {
    const { net, ifp } = setup();
    const so = socreate(net, AF_INET, SOCK_RAW, IPPROTO_ICMP, root);
    expect(send(so, PEER_IP, icmp(8, 1, 2, data))).toBe(64);
    const [f] = ifp.take().map(parse);
    expect(f.dst).toEqual([...PEER_MAC]);
    expect(f.ip).toMatchObject({ src: MY_IP, dst: PEER_IP, p: 1, ttl: 255, len: 84, sumOk: true });
    expect(net.ipstat.ips_localout).toBe(1);
  });

  it('refuse what has no route, a broadcast without permission, and more than the send buffer', () => {
    const { net } = setup();
    const so = socreate(net, AF_INET, SOCK_RAW, IPPROTO_ICMP, root);
    expect(errnoOf(() => send(so, 0x0a000001, icmp(8, 1, 1)))).toBe(ENETUNREACH);
    const m = Mbuf.from(new Uint8Array(28));
    const ip = new IpHeader(m);
    ip.ip_len = 28;
    ip.ip_p = 1;
    ip.ip_dst = BCAST;
    expect(errnoOf(() => ip_output(net, m, 0))).toBe(EACCES);
    expect(net.ipstat).toMatchObject({ ips_noroute: 1 });
    // Larger than the send buffer: refused before anything is copied in.
    const huge = () =>
      now(sosend(so, proc, sockaddr_in(PEER_IP), { resid: 0x7fffffff, take: () => new Uint8Array(0) }, 0, 0));
    expect(errnoOf(huge)).toBe(EMSGSIZE);
  });

  it('loop a datagram for this machine back through lo0, and a broadcast to it as well as to the wire', () => {
    const { net, ifp, lo } = setup();
    const so = socreate(net, AF_INET, SOCK_RAW, IPPROTO_ICMP, root);
    send(so, MY_IP, icmp(8, 9, 1, data)); // to ourselves: answered at once
    send(so, 0x7f000001, icmp(8, 9, 2, data));
    expect(ifp.take()).toEqual([]);
    expect(so.rcv.records.map((r) => [sin_addr(r.from as Uint8Array), r.data[20], r.data[27]])).toEqual([
      [MY_IP, 0, 1],
      [0x7f000001, 0, 2],
    ]);
    so.rcv.flush();
    send(so, BCAST, icmp(8, 9, 3, data)); // raw sockets may broadcast
    expect(ifp.take().map((f) => parse(f).dst)).toEqual([[255, 255, 255, 255, 255, 255]]);
    expect(so.rcv.records.map((r) => [sin_addr(r.from as Uint8Array), r.data[20]])).toEqual([[MY_IP, 0]]);
    expect(lo.opackets).toBe(6); // two requests and their replies, the broadcast's copy and its reply
  });
});
