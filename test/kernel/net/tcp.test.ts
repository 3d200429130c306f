/**
 * TCP and UDP between two booted Sun-3/60s on one hub, in lockstep
 * (pair.ts), with /tests/netxfer on both: 1 MB each way byte-exact, clean
 * and with 10% loss, duplication and reordering; a 5-second partition that
 * heals; a partition longer than the retransmission limit (ETIMEDOUT at
 * both ends); a peer that reboots (ECONNRESET); 200 connections that leave
 * nothing behind once TIME_WAIT is over; UDP both ways and an unreachable
 * port (ECONNREFUSED). Every capture decodes, with no malformed frame and no
 * bad checksum.
 */
import { describe, expect, it } from 'vitest';
import type { Partition } from '../../../emu/net/segment.js';
import type { Kernel } from '../../../kernel/kernel.js';
import { TCPS_ESTABLISHED, TCPS_TIME_WAIT } from '../../../kernel/net/tcp_fsm.js';
import { intotcpcb, TCPT_PERSIST } from '../../../kernel/net/tcp_var.js';
import { checkCapture } from './capture.js';
import { pair } from './pair.js';

const MB = 1 << 20;
const CYCLES = 20_000_000;

type Lab = ReturnType<typeof pair>;

/** The capture is clean: everything decodes, every checksum is right. */
function cleanCapture(lab: Lab) {
  const r = checkCapture(lab.pcap());
  expect(r.malformed).toEqual([]);
  expect(r.badChecksums).toEqual([]);
  return r;
}

/** What is left of the network on a machine: sockets and TCP control blocks. */
function leftovers(k: Kernel) {
  return {
    sockets: k.net.sockets.size,
    tcbs: k.net.tcb.length,
    udbs: k.net.udb.length,
    timeWait: k.net.tcb.filter((inp) => intotcpcb(inp)?.t_state === TCPS_TIME_WAIT).length,
  };
}

/** Whether machine k has data sent and not yet acknowledged on an established connection. */
function sending(k: Kernel): boolean {
  return k.net.tcb.some((inp) => {
    const tp = intotcpcb(inp);
    return tp?.t_state === TCPS_ESTABLISHED && tp.snd_max !== tp.snd_una;
  });
}

/** Whether machine k is probing a shut window (its persist timer runs). */
function probing(k: Kernel): boolean {
  return k.net.tcb.some((inp) => intotcpcb(inp)?.t_timer[TCPT_PERSIST] !== 0);
}

/** Partitions of sun0 that partitioned() places, one per attempt. */
const later = (): Partition[] =>
  Array.from({ length: 8 }, () => ({
    ports: [0],
    from: Number.MAX_SAFE_INTEGER - 1,
    to: Number.MAX_SAFE_INTEGER,
  }));

/**
 * Type `command` at sun0 and, from `after` seconds on, cut sun0 off for
 * `seconds` while both machines have data in flight, so that both go on
 * by retransmitting; then run the command to its end (at most `limit` s)
 * and give its output. A partition that begins while a receiver's window
 * is shut (an acknowledgment that shut it was already on its way) leaves
 * that sender probing the window instead, which 4.3BSD's TCP does for
 * ever without timing out; how often a window is shut depends on the two
 * machines' exact timing, so such a partition is ended after a second and
 * another tried.
 */
function partitioned(
  lab: Lab,
  parts: Partition[],
  command: string,
  after: number,
  seconds: number,
  limit: number,
) {
  const from = lab.consoles()[0].length;
  lab.stations[0].machine.consoleInput(`${command}\n`);
  lab.until(() => lab.now() >= after, after + 1);
  for (const part of parts) {
    lab.until(() => lab.stations.every((st) => sending(st.kernel) && !probing(st.kernel)), 60);
    part.from = Math.round(lab.now() * CYCLES);
    part.to = part.from + seconds * CYCLES;
    lab.wait(1);
    if (!lab.stations.some((st) => probing(st.kernel))) break;
    part.to = Math.round(lab.now() * CYCLES);
    lab.wait(1);
  }
  lab.until(() => lab.stations[0].waitingForInput(), limit);
  return lab.consoles()[0].slice(from);
}

describe('TCP between two machines', () => {
  it('moves 1 MB each way at once, byte-exact, over a clean hub; the capture is clean', () => {
    const lab = pair();
    lab.background(1, '/tests/netxfer -s');
    const out = lab.type(0, `/tests/netxfer -c sun1 -n ${MB}`, 120);
    expect(out).toMatch(new RegExp(`client: sent ${MB} received ${MB} bytes`));
    expect(out).toContain('netxfer: data ok');
    lab.wait(1);
    expect(lab.consoles()[1]).toMatch(new RegExp(`server: sent ${MB} received ${MB} bytes in \\d+ ms`));
    expect(lab.consoles()[1]).toContain('netxfer: data ok');
    const r = cleanCapture(lab);
    expect(r.syn).toBe(2);
    expect(r.fin).toBeGreaterThanOrEqual(2);
    expect(r.rst).toBe(0);
    // No retransmissions on a clean wire.
    for (const st of lab.stations) expect(st.kernel.net.tcpstat.tcps_sndrexmitpack).toBe(0);
  });

  it('moves 1 MB each way byte-exact through 10% loss, 5% duplication and reordering', () => {
    const lab = pair({ loss: 0.1, duplicate: 0.05, jitter: 40_000, seed: 5 });
    lab.background(1, '/tests/netxfer -s');
    const out = lab.type(0, `/tests/netxfer -c sun1 -n ${MB}`, 900);
    expect(out).toContain('netxfer: data ok');
    lab.wait(1);
    expect(lab.consoles()[1]).toContain('netxfer: data ok');
    const st = lab.segment.stats;
    expect(st.lost).toBeGreaterThan(100);
    expect(st.duplicated).toBeGreaterThan(50);
    expect(st.reordered).toBeGreaterThan(50);
    const tcp = lab.stations[0].kernel.net.tcpstat;
    expect(tcp.tcps_sndrexmitpack).toBeGreaterThan(0);
    expect(tcp.tcps_rcvduppack).toBeGreaterThan(0);
    expect(tcp.tcps_rcvoopack).toBeGreaterThan(0);
    cleanCapture(lab);
  });

  it('survives a 5-second partition: the retransmissions carry it over', () => {
    const parts = later();
    const lab = pair({ partitions: parts });
    lab.background(1, `/tests/netxfer -s -n ${2 * MB}`);
    const out = partitioned(lab, parts, `/tests/netxfer -c sun1 -n ${2 * MB}`, 1.5, 5, 300);
    expect(out).toContain('netxfer: data ok');
    expect(lab.segment.stats.partitioned).toBeGreaterThan(0);
    const tcp = lab.stations[0].kernel.net.tcpstat;
    expect(tcp.tcps_rexmttimeo).toBeGreaterThan(0);
    expect(tcp.tcps_timeoutdrop).toBe(0);
    cleanCapture(lab);
  }, 180_000); // ~20 s of emulated time, with a partition that may take a few tries to place

  it('a partition longer than the retransmission limit: ETIMEDOUT at both ends', () => {
    const parts = later();
    const lab = pair({ partitions: parts });
    const idle = lab.stations.map((s) => leftovers(s.kernel)); // the daemons' (inetd's) listeners
    lab.background(1, '/tests/netxfer -s');
    const out = partitioned(lab, parts, `/tests/netxfer -c sun1 -n ${4 * MB}`, 3, 20 * 60, 1200);
    expect(out).toMatch(/netxfer: (read|write): Connection timed out/);
    lab.until(() => /netxfer: (read|write): Connection timed out/.test(lab.consoles()[1]), 300);
    lab.stations.forEach((st, i) => {
      expect(st.kernel.net.tcpstat.tcps_timeoutdrop).toBeGreaterThan(0);
      expect(leftovers(st.kernel).tcbs).toBeLessThanOrEqual(idle[i].tcbs + 1); // netxfer's listener at most
    });
    cleanCapture(lab);
  });

  it('a peer that crashed and rebooted answers with RST: ECONNRESET', () => {
    const lab = pair();
    // The server only receives: the client waits for an answer it will never get from the old kernel.
    lab.background(1, '/tests/netxfer -s -x -n 1000');
    lab.background(0, '/tests/netxfer -c sun1 -n 1000 -i 20');
    lab.until(() => lab.consoles()[0].includes('idle for 20 s'), 30);
    // reboot -n: no sync, no closing of files — as after a crash, the connection simply is not there any more.
    lab.type(1, 'reboot -n', 60);
    expect(lab.stations[1].boots).toBe(2);
    lab.until(() => /netxfer: (read|write): Connection reset by peer/.test(lab.consoles()[0]), 60);
    const r = cleanCapture(lab);
    expect(r.rst).toBeGreaterThanOrEqual(1);
  });

  it('200 connections opened and closed leave nothing once TIME_WAIT is over (2MSL, 60 s)', () => {
    const lab = pair();
    const idle = lab.stations.map((s) => leftovers(s.kernel)); // the daemons' (inetd's) listeners
    expect(idle[0].timeWait).toBe(0);
    lab.background(1, '/tests/netxfer -s -k 200 -n 0 -q');
    const out = lab.type(0, '/tests/netxfer -c sun1 -r 200', 300);
    expect(out).toContain('200 connections opened and closed');
    lab.wait(2);
    const before = lab.stations.map((s) => leftovers(s.kernel));
    expect(before[0].timeWait + before[1].timeWait).toBeGreaterThan(100);
    lab.wait(61);
    lab.stations.forEach((st, i) => {
      expect(leftovers(st.kernel)).toEqual(idle[i]);
    });
    expect(lab.stations[1].kernel.net.tcpstat.tcps_accepts).toBe(200);
    const r = cleanCapture(lab);
    expect(r.syn).toBe(400);
  });
});

describe('UDP between two machines', () => {
  it('echoes datagrams both ways; a connected socket hears port unreachable as ECONNREFUSED', () => {
    const lab = pair();
    lab.background(1, '/tests/netxfer -u -s -k 20');
    expect(lab.type(0, '/tests/netxfer -u -c sun1 -k 20 -l 1400')).toContain(
      '20 datagrams of 1400 bytes echoed',
    );
    lab.background(0, '/tests/netxfer -u -s -k 10 -p 5010');
    expect(lab.type(1, '/tests/netxfer -u -c sun0 -k 10 -l 3000 -p 5010')).toContain(
      '10 datagrams of 3000 bytes echoed',
    );
    expect(lab.type(0, '/tests/netxfer -u -c sun1 -k 1 -p 9999')).toContain(
      'netxfer: recv: Connection refused',
    );
    const r = cleanCapture(lab);
    expect(r.fragments).toBeGreaterThan(0); // the 3000-byte datagrams went in fragments
    expect(r.icmp).toBeGreaterThanOrEqual(1);
    expect(lab.stations[1].kernel.net.udpstat.udps_noport).toBe(1);
  });
});
