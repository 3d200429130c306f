/**
 * The LANCE driver (kernel/dev/if_le.ts) on a real Sun-3/60 board: a
 * kernel running a busy user program, its le0 given an address from the
 * host, and a second board on the same hub that plays the peer through
 * its own LANCE (test/machine/lance-driver.ts). Initialization, sending
 * and receiving, both rings wrapping, MISS when the kernel could not take
 * frames in time, a memory error, and the watchdog for a stuck
 * transmitter.
 */
import { describe, expect, it } from 'vitest';
import { Station } from '../../../emu/lab/station.js';
import { buildFrame, ETHERTYPE_ARP, ETHERTYPE_IP } from '../../../emu/net/ether.js';
import { Lockstep } from '../../../emu/net/lockstep.js';
import { Random } from '../../../emu/net/random.js';
import { Segment } from '../../../emu/net/segment.js';
import type { Le } from '../../../kernel/dev/if_le.js';
import {
  DVMA_VA,
  LE_C0_INEA,
  LE_C0_RXON,
  LE_C0_STOP,
  LE_C0_TXON,
  LE_NRMD,
  LE_NTMD,
  LE_OBIO,
  LE_RAP,
  LE_RDP,
} from '../../../kernel/dev/if_lereg.js';
import { IFF_PROMISC, IFF_UP, ifioctl, ifreqFor, ifunit, SIOCSIFFLAGS } from '../../../kernel/net/if.js';
import { arpwhohas } from '../../../kernel/net/if_ether.js';
import { in_ifinit } from '../../../kernel/net/in.js';
import { Ucred } from '../../../kernel/proc/cred.js';
import { makeMachine } from '../../machine/helpers.js';
import { LeDriver } from '../../machine/lance-driver.js';
import { aout, makeImage } from '../helpers.js';
import { arp, icmp, ipPacket, MY_IP, PEER_IP } from './fakenet.js';

const MS = 20_000;
const KERNEL_MAC = [8, 0, 0x20, 0, 0, 1];
const PEER_MAC = [8, 0, 0x20, 0, 0, 2];

/** A kernel (serial 1, running `bra.s *` as process 1) and a peer board (serial 2) on one hub. */
function setup() {
  const st = new Station({
    disk: makeImage({ '/loop': aout(Uint8Array.of(0x60, 0xfe)) }),
    program: { path: '/loop', argv: ['loop'] },
    consoleSink: () => {},
    quietBoot: true,
    serial: 1,
  });
  const seg = new Segment({ name: 'ether0', random: new Random(1).stream('segment/ether0') });
  st.machine.ether.attach(seg.attach(0));
  const { m } = makeMachine({ serial: 2 });
  const peer = new LeDriver(m, { rxRing: 128, txRing: 32 });
  peer.start();
  m.ether.attach(seg.attach(1));
  const ls = new Lockstep([st.machine, m], [seg]);
  const le = ifunit(st.kernel.net, 'le0') as Le;
  const hw = st.kernel.hw;
  const csr0 = () => {
    hw.obioWrite16(LE_OBIO + LE_RAP, 0);
    return hw.obioRead16(LE_OBIO + LE_RDP);
  };
  const run = (ms: number) => ls.runTo(ls.now + ms * MS);
  /** Frames the peer got, parsed. */
  const got = () =>
    peer.receive().map(({ data }) => {
      const v = new DataView(data.buffer, data.byteOffset);
      return {
        dst: [...data.subarray(0, 6)],
        type: v.getUint16(12),
        body: data.subarray(14, data.length - 4),
      };
    });
  const send = (type: number, payload: Uint8Array) =>
    peer.send(buildFrame({ dst: KERNEL_MAC, src: PEER_MAC, type, payload: [...payload] }));
  const echo = (seq: number) =>
    send(ETHERTYPE_IP, ipPacket(PEER_IP, MY_IP, 1, icmp(8, 77, seq, new Uint8Array(32))));
  /** le0 up as 192.9.200.1, and the peer known to it (it asks for us). */
  const up = () => {
    run(100);
    in_ifinit(st.kernel.net, le, MY_IP);
    run(1);
    send(ETHERTYPE_ARP, arp(1, Uint8Array.from(PEER_MAC), PEER_IP, new Uint8Array(6), MY_IP));
    run(1);
  };
  return { st, le, ls, run, csr0, got, send, echo, up, hw, peer };
}

const seqs = (frames: { type: number; body: Uint8Array }[]) =>
  frames
    .filter((f) => f.type === ETHERTYPE_IP && f.body[20] === 0)
    .map((f) => (f.body[26] << 8) | f.body[27]);

describe('le0, the LANCE driver', () => {
  it('attaches stopped, then initializes and starts the chip and announces its address when given one', () => {
    const { st, le, run, csr0, got } = setup();
    run(100);
    expect(st.kernel.msgbuf).toContain('le0 at obio 0x120000 pri 3\n');
    expect(csr0()).toBe(LE_C0_STOP);
    expect([...le.enaddr]).toEqual(KERNEL_MAC); // from the ID PROM
    expect(got()).toEqual([]);
    in_ifinit(st.kernel.net, le, MY_IP);
    run(1);
    expect(csr0() & (LE_C0_RXON | LE_C0_TXON | LE_C0_INEA)).toBe(LE_C0_RXON | LE_C0_TXON | LE_C0_INEA);
    const [grat] = got();
    expect(grat.dst).toEqual([255, 255, 255, 255, 255, 255]);
    expect(grat.type).toBe(ETHERTYPE_ARP);
    const v = new DataView(grat.body.buffer, grat.body.byteOffset);
    expect([v.getUint16(6), v.getUint32(14), v.getUint32(24)]).toEqual([1, MY_IP, MY_IP]);
    expect(le.opackets).toBe(1);
  });

  it('receives and sends through both rings as they wrap around', () => {
    const { le, run, got, echo, up } = setup();
    up();
    const arpReply = got().filter((f) => f.type === ETHERTYPE_ARP && f.body[7] === 2);
    expect(arpReply.length).toBe(1);
    const n = 3 * LE_NRMD + 5;
    const replies: number[] = [];
    for (let i = 0; i < n; i++) {
      echo(i);
      run(1);
      replies.push(...seqs(got()));
    }
    expect(replies).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(le.ipackets).toBe(n + 1);
    expect(le.opackets).toBe(n + 2); // and the announcement and the ARP reply
    expect(le.rmd).toBe((n + 1) % LE_NRMD);
    expect(le.tmd).toBe((n + 2) % LE_NTMD);
    expect(le.ierrors + le.oerrors).toBe(0);
  });

  it('takes frames for other stations only when promiscuous', () => {
    const { st, le, run, up, peer } = setup();
    up();
    const other = () =>
      peer.send(
        buildFrame({
          dst: [8, 0, 0x20, 0, 0, 9],
          src: PEER_MAC,
          type: ETHERTYPE_IP,
          payload: [...new Uint8Array(46)],
        }),
      );
    const before = le.ipackets;
    other();
    run(1);
    expect(le.ipackets).toBe(before);
    const req = ifreqFor(le);
    new DataView(req.buffer).setInt16(16, IFF_UP | IFF_PROMISC);
    ifioctl(st.kernel.net, SIOCSIFFLAGS, req, new Ucred());
    run(1);
    other();
    run(1);
    expect(le.ipackets).toBe(before + 1);
  });

  it('counts MISS when frames come faster than it takes them, and goes on', () => {
    const { st, le, run, got, echo, up } = setup();
    up();
    got();
    const cpu = st.machine.cpu;
    cpu.setSR(cpu.getSR() | 0x0700); // the CPU keeps interrupts off for a while
    for (let i = 0; i < LE_NRMD + 4; i++) echo(i);
    run(5);
    expect(le.stats.miss).toBe(0); // not seen yet
    cpu.setSR(cpu.getSR() & ~0x0700);
    run(5);
    expect(le.stats.miss).toBe(1);
    expect(le.ierrors).toBe(1);
    expect(seqs(got())).toEqual(Array.from({ length: LE_NRMD }, (_, i) => i)); // the frames that found a buffer
    echo(99);
    run(1);
    expect(seqs(got())).toEqual([99]);
  });

  it('resets the chip after a memory error', () => {
    const { st, le, run, got, echo, up, hw } = setup();
    up();
    got();
    // Take a page of receive buffers out of the DVMA window.
    const pmeg = hw.mmu.getSegmap(0, DVMA_VA);
    const pte = hw.mmu.getPte(pmeg, 2);
    hw.mmu.setPte(pmeg, 2, 0);
    for (let i = 0; i < LE_NRMD; i++) {
      echo(i);
      run(1);
    }
    expect(le.stats.merr).toBeGreaterThan(0);
    expect(st.kernel.msgbuf).toContain('le0: memory error: resetting\n');
    hw.mmu.setPte(pmeg, 2, pte);
    got();
    for (let i = 0; i < LE_NRMD; i++) {
      echo(100 + i);
      run(1);
    }
    expect(seqs(got())).toEqual(Array.from({ length: LE_NRMD }, (_, i) => 100 + i));
  });

  it('resets a transmitter that stops handing frames back, after 5 seconds', () => {
    const { st, le, run, got, echo, up, hw } = setup();
    up();
    got();
    hw.obioWrite16(LE_OBIO + LE_RAP, 0);
    hw.obioWrite16(LE_OBIO + LE_RDP, LE_C0_STOP); // the chip stops behind the driver's back
    arpwhohas(le, 0xc009c809); // the kernel sends: the frame stays in the ring
    run(4000);
    expect(le.stats.timeout).toBe(0);
    run(2000);
    expect(le.stats.timeout).toBe(1);
    expect(st.kernel.msgbuf).toContain('le0: transmitter timeout: resetting\n');
    got();
    echo(5);
    run(1);
    expect(seqs(got())).toEqual([5]);
    expect(le.stats.timeout).toBe(1);
  });
});
