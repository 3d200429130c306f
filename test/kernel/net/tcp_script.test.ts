/**
 * TCP against a scripted peer (tcpscript.ts, packetdrill's way): every
 * state transition of RFC 793's diagram, simultaneous open and close, the
 * MSS option, the delayed ACK, Nagle, window updates, persist probes,
 * retransmission with Karn's rule and exponential backoff, fast
 * retransmit and recovery and the congestion window after a loss,
 * TIME_WAIT's 2MSL, keepalive, the connection-establishment and
 * retransmission limits, the RST rules and the listen queue's bound —
 * each segment checked field by field, and when it went, in emulated time.
 */
import { describe, expect, it } from 'vitest';
import { ECONNREFUSED, ECONNRESET, EHOSTUNREACH, ETIMEDOUT } from '../../../kernel/errno.js';
import { IPPROTO_TCP, in_control } from '../../../kernel/net/in.js';
import { SIOCADDRT } from '../../../kernel/net/route.js';
import { SO_KEEPALIVE, SO_SNDBUF, SOL_SOCKET, sockaddr_in, TCP_NODELAY } from '../../../kernel/net/socket.js';
import {
  TCPS_CLOSE_WAIT,
  TCPS_CLOSING,
  TCPS_ESTABLISHED,
  TCPS_FIN_WAIT_1,
  TCPS_FIN_WAIT_2,
  TCPS_LAST_ACK,
  TCPS_SYN_RECEIVED,
  TCPS_SYN_SENT,
  TCPS_TIME_WAIT,
} from '../../../kernel/net/tcp_fsm.js';
import type { Socket } from '../../../kernel/net/uipc_socket.js';
import { sosetopt } from '../../../kernel/net/uipc_socket.js';
import { root } from './fakenet.js';
import { TcpScript } from './tcpscript.js';

const int = (v: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v);
  return b;
};

/** An established connection we opened: SYN at 0, the peer's SYN-ACK at 0.1 s, our ACK. */
function opened(peerWin = 8192, mss = 1460, before?: (so: Socket) => void) {
  const t = new TcpScript();
  const so = t.socket();
  before?.(so);
  t.connect(4000, so);
  t.at(0).expect('S 0:0(0) win 4096 <mss 1460>');
  t.at(0.1).inject(`S. 0:0(0) ack 1 win ${peerWin} <mss ${mss}>`);
  t.expect('. 1:1(0) ack 1 win 4096');
  expect(t.tcb(so)?.t_state).toBe(TCPS_ESTABLISHED);
  return { t, so };
}

describe('opening', () => {
  it('passive: LISTEN, SYN_RCVD on a SYN (answered with our SYN and MSS), ESTABLISHED on the ACK', () => {
    const t = new TcpScript();
    const ls = t.listen(8080);
    t.at(0).inject('S 0:0(0) win 8192 <mss 1460>');
    t.expect('S. 0:0(0) ack 1 win 4096 <mss 1460>');
    expect(ls.q0.length).toBe(1);
    expect(t.tcb(ls.q0[0])?.t_state).toBe(TCPS_SYN_RECEIVED);
    t.at(0.1).inject('. 1:1(0) ack 1 win 8192');
    const so = t.accept(ls);
    expect(t.tcb(so)?.t_state).toBe(TCPS_ESTABLISHED);
    expect(t.net.tcpstat).toMatchObject({ tcps_accepts: 1, tcps_connects: 1 });
    t.expectNothing();
  });

  it('active: SYN_SENT, then ESTABLISHED on the SYN-ACK, acknowledged at once; the handshake is the first RTT sample', () => {
    const { t, so } = opened();
    const tp = t.tcb(so);
    expect(tp?.t_srtt).toBe(8); // one slow tick, ×8
    expect(t.net.tcpstat.tcps_rttupdated).toBe(1);
    t.expectNothing();
  });

  it('simultaneous open: SYN_SENT takes a SYN (SYN_RCVD, our SYN-ACK), then the SYN-ACK makes it ESTABLISHED', () => {
    const t = new TcpScript();
    const so = t.connect(4000);
    t.at(0).expect('S 0:0(0) win 4096 <mss 1460>');
    t.at(0.05).inject('S 0:0(0) win 8192 <mss 1460>');
    t.expect('S. 0:0(0) ack 1 win 4096 <mss 1460>');
    expect(t.tcb(so)?.t_state).toBe(TCPS_SYN_RECEIVED);
    t.at(0.1).inject('S. 0:0(0) ack 1 win 8192 <mss 1460>');
    expect(t.tcb(so)?.t_state).toBe(TCPS_ESTABLISHED);
    expect(so.state & 0x2).toBeTruthy(); // SS_ISCONNECTED
    t.expectNothing();
  });

  it('offers the interface MTU less 40 on the local net, 512 through a gateway; takes the smaller of the two', () => {
    const t2 = new TcpScript();
    // A route to net 10 through the peer.
    const rt = new Uint8Array(48);
    rt.set(sockaddr_in(0x0a000000), 4);
    rt.set(sockaddr_in(0xc009c802), 20);
    new DataView(rt.buffer).setInt16(36, 0x3); // RTF_UP | RTF_GATEWAY
    in_control(t2.net, SIOCADDRT, rt, root);
    const s2 = t2.socket();
    t2.port = 4001;
    t2.connectTo(s2, 0x0a010203);
    t2.at(0).expect('S 0:0(0) win 4096 <mss 512>');
  });

  it('sends segments no larger than the peer offered (536), or 536 when it offers nothing', () => {
    const { t, so } = opened(8192, 536);
    expect(t.tcb(so)?.t_maxseg).toBe(536);
    t.at(0.2);
    t.write(so, 1000);
    t.expect('. 1:537(536) ack 1 win 4096');
    const t2 = new TcpScript();
    const s2 = t2.connect(4000);
    t2.at(0).expect('S 0:0(0) win 4096 <mss 1460>');
    t2.at(0.1).inject('S. 0:0(0) ack 1 win 8192');
    expect(t2.tcb(s2)?.t_maxseg).toBe(536);
  });
});

describe('closing', () => {
  it('active close: FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT for 2MSL (60 s), then the connection is gone', () => {
    const { t, so } = opened();
    t.at(0.2);
    expect(t.write(so, 100)).toBe(100);
    t.expect('P. 1:101(100) ack 1 win 4096');
    t.at(0.3).inject('. 1:1(0) ack 101 win 8192');
    t.close(so);
    t.expect('F. 101:101(0) ack 1 win 4096');
    expect(t.tcb(so)?.t_state).toBe(TCPS_FIN_WAIT_1);
    t.at(0.4).inject('. 1:1(0) ack 102 win 8192');
    expect(t.tcb(so)?.t_state).toBe(TCPS_FIN_WAIT_2);
    t.at(0.6).inject('F. 1:1(0) ack 102 win 8192');
    t.expect('. 102:102(0) ack 2 win 4096');
    expect(t.tcb(so)?.t_state).toBe(TCPS_TIME_WAIT);
    // The slow timer runs every 500 ms: 120 of its ticks from 1.0 s.
    t.at(60.4);
    expect(t.tcb(so)?.t_state).toBe(TCPS_TIME_WAIT);
    t.at(60.6);
    expect(t.tcb(so)).toBeNull();
    expect(t.net.tcb.length).toBe(0);
    expect(t.net.sockets.size).toBe(0);
    t.expectNothing();
  });

  it('a FIN again in TIME_WAIT is acknowledged again, and TIME_WAIT starts over', () => {
    const { t, so } = opened();
    t.close(so);
    t.expect('F. 1:1(0) ack 1 win 4096');
    t.at(0.2).inject('F. 1:1(0) ack 2 win 8192');
    t.expect('. 2:2(0) ack 2 win 4096');
    expect(t.tcb(so)?.t_state).toBe(TCPS_TIME_WAIT); // FIN_WAIT_1 straight to TIME_WAIT: FIN and ACK together
    t.at(30).inject('F. 1:1(0) ack 2 win 8192');
    t.expect('. 2:2(0) ack 2 win 4096');
    t.at(80);
    expect(t.tcb(so)?.t_state).toBe(TCPS_TIME_WAIT);
    t.at(90.1);
    expect(t.tcb(so)).toBeNull();
  });

  it('passive close: CLOSE_WAIT on the FIN (acknowledged at once, end of file), LAST_ACK on close, gone on the ACK', () => {
    const { t, so } = opened();
    t.at(0.2).inject('F. 1:1(0) ack 1 win 8192');
    t.expect('. 1:1(0) ack 2 win 4096');
    expect(t.tcb(so)?.t_state).toBe(TCPS_CLOSE_WAIT);
    expect(t.read(so)).toEqual(new Uint8Array(0));
    expect(so.state & 0x20).toBeTruthy(); // SS_CANTRCVMORE
    t.at(0.3);
    t.close(so);
    t.expect('F. 1:1(0) ack 2 win 4096');
    expect(t.tcb(so)?.t_state).toBe(TCPS_LAST_ACK);
    t.at(0.4).inject('. 2:2(0) ack 2 win 8192');
    expect(t.tcb(so)).toBeNull();
    expect(t.net.sockets.size).toBe(0);
  });

  it('simultaneous close: FIN_WAIT_1 takes a FIN (CLOSING), then the ACK of ours (TIME_WAIT)', () => {
    const { t, so } = opened();
    t.close(so);
    t.expect('F. 1:1(0) ack 1 win 4096');
    t.at(0.15).inject('F. 1:1(0) ack 1 win 8192');
    // 4.3BSD's tcp_output sends the FIN again with the ACK while it is not acknowledged.
    t.expect('F. 1:1(0) ack 2 win 4096');
    expect(t.tcb(so)?.t_state).toBe(TCPS_CLOSING);
    t.at(0.2).inject('. 2:2(0) ack 2 win 8192');
    expect(t.tcb(so)?.t_state).toBe(TCPS_TIME_WAIT);
  });

  it('shutdown(1) sends the FIN but keeps receiving', () => {
    const { t, so } = opened();
    t.shutdown(so);
    t.expect('F. 1:1(0) ack 1 win 4096');
    t.at(0.2).inject('P. 1:11(10) ack 2 win 8192');
    expect(t.read(so).length).toBe(10);
    expect(t.tcb(so)?.t_state).toBe(TCPS_FIN_WAIT_2);
  });
});

describe('data and acknowledgments', () => {
  it('delays the ACK of data to the next 200 ms tick, one ACK for two segments', () => {
    const { t, so } = opened();
    t.at(0.11).inject('P. 1:101(100) ack 1 win 8192');
    t.at(0.12).inject('P. 101:201(100) ack 1 win 8192');
    t.at(0.19);
    t.expectNothing();
    t.at(0.2);
    t.expect('. 1:1(0) ack 201 win 3896');
    expect(t.net.tcpstat.tcps_delack).toBe(1);
    expect(t.read(so).length).toBe(200);
  });

  it('acknowledges out-of-order data at once, keeps it, and delivers it when the hole is filled', () => {
    const { t, so } = opened();
    t.at(0.2).inject('. 1461:2921(1460) ack 1 win 8192');
    t.expect('. 1:1(0) ack 1 win 4096');
    expect(t.read(so).length).toBe(0);
    expect(t.tcb(so)?.segqBytes).toBe(1460);
    t.inject('. 1:1461(1460) ack 1 win 8192');
    t.expect('. 1:1(0) ack 2921 win 1176');
    expect(t.read(so).length).toBe(2920);
    expect(t.net.tcpstat.tcps_rcvoopack).toBe(2); // both went through the reassembly queue
  });

  it('opens a closed window when the reader makes room (a window update)', () => {
    const { t, so } = opened();
    t.at(0.2).inject('. 1:1461(1460) ack 1 win 8192');
    t.inject('. 1461:2921(1460) ack 1 win 8192');
    t.inject('P. 2921:4097(1176) ack 1 win 8192');
    t.at(0.4);
    t.expect('. 1:1(0) ack 4097 win 0');
    t.at(0.5);
    expect(t.read(so).length).toBe(4096);
    t.expect('. 1:1(0) ack 4097 win 4096');
    expect(t.net.tcpstat.tcps_sndwinup).toBe(1);
  });

  it('sends no window update once the peer has closed (its FIN is in: it will send nothing more)', () => {
    const { t, so } = opened();
    t.at(0.2).inject('. 1:1461(1460) ack 1 win 8192');
    t.inject('. 1461:2921(1460) ack 1 win 8192');
    t.inject('FP. 2921:4097(1176) ack 1 win 8192');
    t.expect('. 1:1(0) ack 4098 win 0');
    expect(t.tcb(so)?.t_state).toBe(TCPS_CLOSE_WAIT);
    // The reader drains the buffer after the FIN: an update now could only reach a peer that may
    // already have closed and forgotten the connection (it would answer RST).
    t.at(0.5);
    expect(t.read(so).length).toBe(4096);
    t.at(1);
    t.expectNothing();
    expect(t.net.tcpstat.tcps_sndwinup).toBe(0);
  });

  it('Nagle: a small write waits while data is unacknowledged; TCP_NODELAY sends it at once', () => {
    const { t, so } = opened();
    t.at(0.2);
    t.write(so, 10);
    t.expect('P. 1:11(10) ack 1 win 4096');
    t.write(so, 10);
    t.write(so, 10);
    t.expectNothing();
    t.at(0.3).inject('. 1:1(0) ack 11 win 8192');
    t.expect('P. 11:31(20) ack 1 win 4096');
    t.at(0.4).inject('. 1:1(0) ack 31 win 8192');
    sosetopt(so, IPPROTO_TCP, TCP_NODELAY, int(1));
    t.write(so, 10);
    t.expect('P. 31:41(10) ack 1 win 4096');
    t.write(so, 10);
    t.expect('P. 41:51(10) ack 1 win 4096');
  });

  it('takes the fast path (header prediction) for in-order data and pure ACKs (past slow start)', () => {
    const { t, so } = opened(1460);
    t.at(0.2).inject('P. 1:101(100) ack 1 win 1460');
    t.write(so, 100);
    t.expect('P. 1:101(100) ack 101 win 3996');
    t.at(0.3).inject('. 101:101(0) ack 101 win 1460');
    expect(t.net.tcpstat).toMatchObject({ tcps_preddat: 1, tcps_predack: 1 });
  });
});

describe('retransmission', () => {
  it('retransmits after the RTO, doubling it each time (1.5, 3, 6, 12 s); Karn: no sample from a retransmission', () => {
    const { t, so } = opened();
    const tp = t.tcb(so);
    expect(tp?.t_rxtcur).toBe(3); // srtt 1 tick + 4 × rttvar (½ tick): 1.5 s
    t.at(1.0);
    t.write(so, 100);
    t.expect('P. 1:101(100) ack 1 win 4096');
    for (const at of [2.5, 5.5, 11.5, 23.5]) t.at(at).expect('P. 1:101(100) ack 1 win 4096');
    expect(tp?.t_rxtshift).toBe(4);
    // After 3 tries the estimate is given up (srtt 0, the variance widened), as 4.3BSD-Reno does.
    expect(tp?.t_srtt).toBe(0);
    t.at(23.6).inject('. 1:1(0) ack 101 win 8192');
    expect(t.net.tcpstat.tcps_rttupdated).toBe(1); // no sample: the ACK may be for any of the copies
    expect(tp?.t_rxtshift).toBe(4); // the backed-off timeout stays until a real sample
    expect(t.net.tcpstat).toMatchObject({ tcps_rexmttimeo: 4, tcps_sndrexmitpack: 4, tcps_rttupdated: 1 });
    // The next segment is timed, and its ACK ends the backoff.
    t.at(24.0);
    t.write(so, 100);
    t.expect('P. 101:201(100) ack 1 win 4096');
    t.at(24.2).inject('. 1:1(0) ack 201 win 8192');
    expect(tp?.t_rxtshift).toBe(0);
    expect(t.net.tcpstat.tcps_rttupdated).toBe(2);
  });

  it('after a timeout: the congestion window is one segment, the threshold half the window (at least two)', () => {
    const { t, so } = opened();
    const tp = t.tcb(so);
    t.at(1.0);
    t.write(so, 100);
    t.expect('P. 1:101(100) ack 1 win 4096');
    t.at(2.5).expect('P. 1:101(100) ack 1 win 4096');
    expect(tp?.snd_cwnd).toBe(1460);
    expect(tp?.snd_ssthresh).toBe(2 * 1460);
  });

  it('fast retransmit on the third duplicate ACK, fast recovery after, and the window back to the threshold', () => {
    const { t, so } = opened(16384, 1460, (s) => sosetopt(s, SOL_SOCKET, SO_SNDBUF, int(16384)));
    const tp = t.tcb(so) as NonNullable<ReturnType<typeof t.tcb>>;
    t.at(0.2);
    t.write(so, 14600);
    t.expect('. 1:1461(1460) ack 1 win 4096');
    t.at(0.3).inject('. 1:1(0) ack 1461 win 16384');
    t.expect('. 1461:2921(1460) ack 1 win 4096');
    t.expect('. 2921:4381(1460) ack 1 win 4096');
    t.at(0.4).inject('. 1:1(0) ack 2921 win 16384');
    t.expect('. 4381:5841(1460) ack 1 win 4096');
    t.expect('. 5841:7301(1460) ack 1 win 4096');
    t.inject('. 1:1(0) ack 4381 win 16384');
    t.expect('. 7301:8761(1460) ack 1 win 4096');
    t.expect('. 8761:10221(1460) ack 1 win 4096');
    expect(tp.snd_cwnd).toBe(5840);
    // 4381 is lost: each later segment brings a duplicate ACK.
    t.at(0.5).inject('. 1:1(0) ack 4381 win 16384');
    t.inject('. 1:1(0) ack 4381 win 16384');
    t.expectNothing();
    t.inject('. 1:1(0) ack 4381 win 16384');
    t.expect('. 4381:5841(1460) ack 1 win 4096'); // at once, not after the RTO
    expect(tp.snd_ssthresh).toBe(2920);
    expect(tp.snd_cwnd).toBe(2920 + 3 * 1460);
    t.inject('. 1:1(0) ack 4381 win 16384');
    expect(tp.snd_cwnd).toBe(2920 + 4 * 1460);
    t.expect('. 10221:11681(1460) ack 1 win 4096');
    t.expect('. 11681:13141(1460) ack 1 win 4096');
    t.at(0.6).inject('. 1:1(0) ack 13141 win 16384');
    expect(tp.snd_cwnd).toBe(2920 + 1460); // deflated to ssthresh, then one segment more
    expect(t.net.tcpstat.tcps_rcvdupack).toBe(4);
  });

  it('gives up after 12 retransmissions: RST, and ETIMEDOUT', () => {
    const { t, so } = opened();
    t.at(1.0);
    t.write(so, 100);
    t.expect('P. 1:101(100) ack 1 win 4096');
    t.at(1000);
    const out = t.outbound();
    expect(out.filter((s) => s.len === 100).length).toBe(12);
    expect(t.describe(out[out.length - 1])).toBe('R. 101:101(0) ack 1 win 4096');
    expect(so.error).toBe(ETIMEDOUT);
    expect(t.net.tcpstat.tcps_timeoutdrop).toBe(1);
    const span = (out[out.length - 1].tick - out[0].tick) / 100;
    expect(span).toBeGreaterThan(400); // 64 s at most between tries: about 8 minutes in all
    expect(span).toBeLessThan(700);
  });

  it('gives up connecting after 75 s: SYN at 0, 6 and 30 s, then ETIMEDOUT', () => {
    const t = new TcpScript();
    const so = t.connect(4000);
    t.at(0).expect('S 0:0(0) win 4096 <mss 1460>');
    t.at(6).expect('S 0:0(0) win 4096 <mss 1460>');
    t.at(30).expect('S 0:0(0) win 4096 <mss 1460>');
    t.at(74.9);
    expect(t.tcb(so)?.t_state).toBe(TCPS_SYN_SENT);
    t.at(75);
    t.expectNothing(); // no RST: the connection never was
    expect(so.error).toBe(ETIMEDOUT);
    expect(t.tcb(so)).toBeNull();
  });
});

describe('windows', () => {
  it('probes a zero window (persist) 5, 5, 5 and 8 s apart, backing off, then sends when it opens', () => {
    const { t, so } = opened();
    t.at(0.2);
    t.write(so, 100);
    t.expect('P. 1:101(100) ack 1 win 4096');
    t.at(0.3).inject('. 1:1(0) ack 101 win 0');
    t.at(1.0);
    t.write(so, 50);
    t.expectNothing();
    for (const at of [6, 11, 16, 24]) {
      t.at(at).expect('. 101:102(1) ack 1 win 4096');
      t.inject('. 1:1(0) ack 101 win 0');
    }
    expect(t.net.tcpstat.tcps_sndprobe).toBe(4);
    t.at(25).inject('. 1:1(0) ack 101 win 4096');
    t.expect('P. 101:151(50) ack 1 win 4096');
    t.inject('. 1:1(0) ack 151 win 4096');
    t.at(60);
    t.expectNothing();
  });
});

describe('keepalive', () => {
  it('probes an idle connection after 2 hours, every 75 s, and drops it 10 minutes on (9 unanswered: ETIMEDOUT)', () => {
    const { t, so } = opened();
    sosetopt(so, SOL_SOCKET, SO_KEEPALIVE, int(1));
    t.at(7199);
    t.expectNothing();
    t.at(7200.1).expect('. 0:0(0) ack 1 win 4096', 0.2);
    for (let i = 1; i < 9; i++) t.at(7200.1 + 75 * i).expect('. 0:0(0) ack 1 win 4096', 0.2);
    t.at(7875.2).expect('R. 1:1(0) ack 1 win 4096', 0.2);
    expect(so.error).toBe(ETIMEDOUT);
    expect(t.net.tcpstat).toMatchObject({ tcps_keepprobe: 9, tcps_keepdrops: 1 });
  });

  it('an answered probe keeps the connection', () => {
    const { t, so } = opened();
    sosetopt(so, SOL_SOCKET, SO_KEEPALIVE, int(1));
    t.at(7200.1).expect('. 0:0(0) ack 1 win 4096', 0.2);
    t.inject('. 1:1(0) ack 1 win 8192');
    t.at(7300);
    t.expectNothing();
    expect(t.tcb(so)?.t_state).toBe(TCPS_ESTABLISHED);
  });
});

describe('resets', () => {
  it('a SYN for a port nobody has: RST.ACK acknowledging it; an ACK: RST with its sequence; an RST: nothing', () => {
    const t = new TcpScript();
    t.port = 9;
    t.inject('S 0:0(0) win 8192');
    t.expect('R. 0:0(0) ack 1 win 0');
    t.inject({ flags: 0x10, seq: 5, len: 0, ack: 777 });
    expect(t.outbound().map((s) => [s.flags, s.seq])).toEqual([[0x04, 777]]);
    t.inject('R 0:0(0) win 0');
    t.expectNothing();
    expect(t.net.tcb.length).toBe(0);
  });

  it('SYN_SENT: RST.ACK for our SYN is ECONNREFUSED; an RST without ACK is ignored', () => {
    const t = new TcpScript();
    const so = t.connect(4000);
    t.at(0).expect('S 0:0(0) win 4096 <mss 1460>');
    t.inject('R 0:0(0) win 0');
    expect(t.tcb(so)?.t_state).toBe(TCPS_SYN_SENT);
    t.inject('R. 0:0(0) ack 1 win 0');
    expect(so.error).toBe(ECONNREFUSED);
    expect(t.tcb(so)).toBeNull();
    t.expectNothing();
  });

  it('ESTABLISHED: an RST in the window is ECONNRESET; one outside it is ignored', () => {
    const { t, so } = opened();
    t.at(0.2).inject('R. 9000:9000(0) ack 1 win 0');
    expect(t.tcb(so)?.t_state).toBe(TCPS_ESTABLISHED);
    t.expectNothing();
    t.inject('R. 1:1(0) ack 1 win 0');
    expect(so.error).toBe(ECONNRESET);
    expect(t.tcb(so)).toBeNull();
    t.expectNothing();
  });

  it('a SYN in the window of a connection resets it', () => {
    const { t, so } = opened();
    t.at(0.2).inject('S 10:10(0) win 8192');
    expect(so.error).toBe(ECONNRESET);
    expect(t.outbound().some((s) => s.flags & 0x04)).toBe(true);
  });

  it('an ACK to a listener is answered with RST; its RST is ignored', () => {
    const t = new TcpScript();
    const ls = t.listen(8080);
    t.inject({ flags: 0x10, seq: 1, len: 0, ack: 4242 });
    expect(t.outbound().map((s) => [s.flags, s.seq])).toEqual([[0x04, 4242]]);
    t.inject('R 0:0(0) win 0');
    t.expectNothing();
    expect(ls.q0.length).toBe(0);
  });

  it('data for a connection whose process has gone is answered with RST', () => {
    const { t, so } = opened();
    t.close(so);
    t.expect('F. 1:1(0) ack 1 win 4096');
    t.at(0.2).inject('. 1:1(0) ack 2 win 8192');
    expect(t.tcb(so)?.t_state).toBe(TCPS_FIN_WAIT_2);
    t.inject('P. 1:11(10) ack 2 win 8192');
    expect(t.describe(t.outbound()[0])).toBe('R 2:2(0) win 0'); // its ACK's number, no ACK of ours
    expect(t.net.tcb.length).toBe(0);
  });

  it('an RST closes a connection in TIME_WAIT', () => {
    const { t, so } = opened();
    t.close(so);
    t.expect('F. 1:1(0) ack 1 win 4096');
    t.at(0.2).inject('F. 1:1(0) ack 2 win 8192');
    t.expect('. 2:2(0) ack 2 win 4096');
    t.inject('R 2:2(0) win 0');
    expect(t.net.tcb.length).toBe(0);
  });
});

describe('errors from ICMP', () => {
  it('an unreachable host fails a connect in SYN_SENT at once; on an open connection it is only a soft error', () => {
    const t = new TcpScript();
    const so = t.connect(4000);
    const syn = t.at(0).expect('S 0:0(0) win 4096 <mss 1460>');
    t.injectIcmpUnreach(1, syn);
    expect(so.error).toBe(EHOSTUNREACH);
    expect(t.tcb(so)).toBeNull();
    const { t: t2, so: s2 } = opened();
    t2.at(0.2);
    t2.write(s2, 10);
    const seg = t2.expect('P. 1:11(10) ack 1 win 4096');
    t2.injectIcmpUnreach(1, seg);
    expect(s2.error).toBe(0);
    expect(t2.tcb(s2)?.t_softerror).toBe(EHOSTUNREACH);
  });
});

describe('the listen queue', () => {
  it('holds at most 3/2 of the backlog; a SYN beyond is dropped; SYN_RCVD entries give up after 75 s', () => {
    const t = new TcpScript();
    const ls = t.listen(8080, 2);
    for (let i = 0; i < 5; i++) t.injectFrom(6000 + i, 'S 0:0(0) win 8192');
    expect(ls.q0.length).toBe(3);
    expect(t.outbound().filter((s) => s.flags === 0x12).length).toBe(3);
    expect(t.net.tcpstat.tcps_listendrop).toBe(2);
    t.at(76);
    expect(ls.q0.length).toBe(0);
    expect(t.net.sockets.size).toBe(1);
    t.injectFrom(7000, 'S 0:0(0) win 8192');
    expect(ls.q0.length).toBe(1);
  });
});
