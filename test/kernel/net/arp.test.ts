/**
 * ARP (kernel/net/if_ether.ts) on a fake Ethernet interface: requests and
 * replies, the one packet held per unresolved address, learning, the
 * timers, and the ioctls.
 */
import { describe, expect, it } from 'vitest';
import { ENETUNREACH, ENXIO, EPERM } from '../../../kernel/errno.js';
import {
  ARPT_KILLC,
  ARPT_KILLI,
  ARPTAB_BSIZ,
  ARPTAB_NB,
  ATF_COM,
  ATF_PERM,
  arpioctl,
  arpresolve,
  SIOCDARP,
  SIOCGARP,
  SIOCSARP,
} from '../../../kernel/net/if_ether.js';
import { ETHERTYPE_ARP, ETHERTYPE_IP } from '../../../kernel/net/if_ethersubr.js';
import { Mbuf } from '../../../kernel/net/mbuf.js';
import { PR_SLOWHZ } from '../../../kernel/net/net.js';
import { sockaddr_in } from '../../../kernel/net/socket.js';
import { errnoOf } from '../../fs/helpers.js';
import {
  arpFrame,
  BROADCAST_MAC,
  configure,
  fakeNet,
  MY_IP,
  MY_MAC,
  PEER_IP,
  PEER_MAC,
  parse,
  root,
  user,
} from './fakenet.js';

const MINUTE = 60 * PR_SLOWHZ; // slow timer calls

function setup() {
  const f = fakeNet();
  configure(f.net, f.ifp);
  f.ifp.take();
  return f;
}

/** An IP packet to send through the interface. */
function packet(tag: number): Mbuf {
  const m = Mbuf.get(20);
  m.data[19] = tag;
  return m;
}

describe('ARP', () => {
  it('asks for an unknown address (at most once a second), holds the packet, and sends it when the reply comes', () => {
    const { net, ifp, k } = setup();
    expect(arpresolve(ifp, packet(1), PEER_IP)).toBeNull();
    const [req] = ifp.take().map(parse);
    expect(req.dst).toEqual([...BROADCAST_MAC]);
    expect(req.type).toBe(ETHERTYPE_ARP);
    expect(req.arp).toEqual({ op: 1, sha: [...MY_MAC], spa: MY_IP, tpa: PEER_IP });
    const at = net.arptab.look(PEER_IP);
    expect(at?.flags).toBe(1); // in use, not complete
    // A second packet in the same second replaces the first, and does not ask again...
    ifp.output(packet(2), { family: 'inet', addr: PEER_IP });
    expect(ifp.take()).toEqual([]);
    expect(net.arptab.stats).toMatchObject({ dropped: 1, limited: 1 });
    // ...a third, a second later, does.
    k.advance(1000);
    ifp.output(packet(2), { family: 'inet', addr: PEER_IP });
    expect(ifp.take().map((f) => parse(f).arp?.op)).toEqual([1]);
    expect(net.arptab.stats.dropped).toBe(2);
    // The reply: the entry is complete and the held packet (the second) goes to the peer.
    ifp.receive(arpFrame(2, PEER_MAC, PEER_IP, MY_MAC, MY_IP));
    expect(at?.flags).toBe(1 | ATF_COM);
    const out = ifp.take().map(parse);
    expect(out.length).toBe(1);
    expect(out[0].dst).toEqual([...PEER_MAC]);
    expect(out[0].type).toBe(ETHERTYPE_IP);
    expect(out[0].ip?.payload).toBeDefined();
    expect(ifp.sent.length).toBe(0);
    // Now resolved at once.
    expect(arpresolve(ifp, packet(3), PEER_IP)).toEqual(PEER_MAC);
  });

  it('answers a request for its own address, and learns the asker', () => {
    const { net, ifp } = setup();
    ifp.receive(arpFrame(1, PEER_MAC, PEER_IP, new Uint8Array(6), MY_IP));
    const [rep] = ifp.take().map(parse);
    expect(rep.dst).toEqual([...PEER_MAC]);
    expect(rep.arp).toEqual({ op: 2, sha: [...MY_MAC], spa: MY_IP, tpa: PEER_IP });
    expect(net.arptab.look(PEER_IP)?.enaddr).toEqual(PEER_MAC);
  });

  it('neither answers nor learns from a request for another machine', () => {
    const { net, ifp } = setup();
    ifp.receive(arpFrame(1, PEER_MAC, PEER_IP, new Uint8Array(6), 0xc009c803));
    expect(ifp.take()).toEqual([]);
    expect(net.arptab.look(PEER_IP)).toBeNull();
  });

  it('says so when another machine claims its address, and defends it', () => {
    const { ifp, log } = setup();
    ifp.receive(arpFrame(1, PEER_MAC, MY_IP, new Uint8Array(6), MY_IP));
    expect(log.join('')).toBe('duplicate IP address!! sent from ethernet address: 8:0:20:0:0:2\n');
    expect(parse(ifp.take()[0]).arp).toEqual({ op: 2, sha: [...MY_MAC], spa: MY_IP, tpa: MY_IP });
  });

  it('ignores ARP until the interface has an address', () => {
    const { net, ifp } = fakeNet();
    ifp.receive(arpFrame(1, PEER_MAC, PEER_IP, new Uint8Array(6), MY_IP));
    expect(ifp.take()).toEqual([]);
    expect(net.arptab.stats.received).toBe(0);
  });

  it('forgets an incomplete entry after 3 minutes and a complete one 20 minutes after its last use', () => {
    const { net, ifp } = setup();
    arpresolve(ifp, packet(1), 0xc009c803); // never answered
    ifp.receive(arpFrame(1, PEER_MAC, PEER_IP, new Uint8Array(6), PEER_IP)); // another's announcement: not learnt
    expect(net.arptab.look(PEER_IP)).toBeNull();
    ifp.receive(arpFrame(1, PEER_MAC, PEER_IP, new Uint8Array(6), MY_IP));
    const tick = (minutes: number) => {
      for (let i = 0; i < minutes * MINUTE; i++) net.slowtimo();
    };
    tick(ARPT_KILLI - 1);
    expect(net.arptab.look(0xc009c803)).not.toBeNull();
    tick(1);
    expect(net.arptab.look(0xc009c803)).toBeNull();
    expect(net.arptab.stats.dropped).toBe(1); // the packet it held
    // Using the complete entry restarts its clock.
    tick(10);
    expect(arpresolve(ifp, packet(2), PEER_IP)).toEqual(PEER_MAC);
    tick(ARPT_KILLC - 1);
    expect(net.arptab.look(PEER_IP)).not.toBeNull();
    tick(1);
    expect(net.arptab.look(PEER_IP)).toBeNull();
  });

  it('keeps permanent entries, and reuses the longest unused slot of a full bucket', () => {
    const { net, ifp } = setup();
    const set = (a: number, flags: number) => {
      const req = new Uint8Array(36);
      req.set(sockaddr_in(a), 0);
      req.set(PEER_MAC, 18);
      new DataView(req.buffer).setInt32(32, flags);
      arpioctl(net, SIOCSARP, req, root);
    };
    // Addresses that hash to the same bucket: the permanent one first, then the others a minute apart.
    const same = (k: number) => PEER_IP + k * ARPTAB_NB;
    set(same(0), ATF_PERM);
    for (let k = 1; k < ARPTAB_BSIZ; k++) {
      set(same(k), 0);
      for (let i = 0; i < MINUTE; i++) net.slowtimo();
    }
    arpresolve(ifp, packet(9), same(ARPTAB_BSIZ)); // the bucket is full
    expect(net.arptab.look(same(1))).toBeNull(); // the longest unused went
    expect(net.arptab.look(same(2))).not.toBeNull();
    expect(net.arptab.look(same(ARPTAB_BSIZ))).not.toBeNull();
    for (let i = 0; i < 100 * MINUTE; i++) net.slowtimo();
    expect(net.arptab.look(same(0))?.flags).toBe(1 | ATF_COM | ATF_PERM); // permanent stays
    expect(net.arptab.look(same(2))).toBeNull();
  });

  it('SIOCSARP, SIOCGARP and SIOCDARP set, get and delete entries; only root may change them', () => {
    const { net } = setup();
    const req = new Uint8Array(36);
    req.set(sockaddr_in(PEER_IP), 0);
    req.set(PEER_MAC, 18);
    expect(errnoOf(() => arpioctl(net, SIOCSARP, req, user))).toBe(EPERM);
    arpioctl(net, SIOCSARP, req, root);
    const got = arpioctl(net, SIOCGARP, Uint8Array.from(req), user) as Uint8Array;
    expect(got.subarray(18, 24)).toEqual(PEER_MAC);
    expect(new DataView(got.buffer).getInt32(32)).toBe(1 | ATF_COM);
    expect(errnoOf(() => arpioctl(net, SIOCDARP, req, user))).toBe(EPERM);
    arpioctl(net, SIOCDARP, req, root);
    expect(net.arptab.look(PEER_IP)).toBeNull();
    expect(errnoOf(() => arpioctl(net, SIOCGARP, req, root))).toBe(ENXIO);
    const far = Uint8Array.from(req);
    far.set(sockaddr_in(0x0a000001), 0); // 10.0.0.1: on no interface's network
    expect(errnoOf(() => arpioctl(net, SIOCSARP, far, root))).toBe(ENETUNREACH);
  });
});
