/**
 * A scripted TCP peer, in the manner of packetdrill: the stack under test
 * (192.9.200.1, on a fake Ethernet and a fake clock) talks to a peer
 * (192.9.200.2, port 5555) that is a script — segments injected at given
 * emulated times, and the segments the stack must send in answer, with
 * when it must send them.
 *
 *   const t = new TcpScript();
 *   const so = t.listen(8080);
 *   t.at(0.0).inject('S 0:0(0) win 8192 <mss 1460>');
 *   t.at(0.0).expect('S. 0:0(0) ack 1 win 4096 <mss 1460>');
 *
 * Segment lines: flags (S, F, R, P and . for ACK), then start:end(length)
 * of the data (a SYN or FIN takes a sequence number but is not counted
 * there, as in packetdrill), then optional `ack N`, `win N` and `<mss N>`.
 * Sequence numbers are relative to the initial sequence number of their
 * sender: the peer's is fixed (PEER_ISS), ours is learned from our first
 * SYN; acknowledgment numbers are relative to the other side's.
 */
import { expect } from 'vitest';
import { FNDELAY } from '../../../kernel/fs/vnode.js';
import { if_attach } from '../../../kernel/net/if.js';
import { ETHERTYPE_ARP, ETHERTYPE_IP } from '../../../kernel/net/if_ethersubr.js';
import { loattach } from '../../../kernel/net/if_loop.js';
import { IPPROTO_TCP, in_ifinit } from '../../../kernel/net/in.js';
import { in_cksum } from '../../../kernel/net/in_cksum.js';
import { Net, nettimers } from '../../../kernel/net/net.js';
import { AF_INET, SOCK_STREAM, sockaddr_in } from '../../../kernel/net/socket.js';
import { TH_ACK, TH_FIN, TH_PUSH, TH_RST, TH_SYN } from '../../../kernel/net/tcp.js';
import { intotcpcb, type Tcpcb } from '../../../kernel/net/tcp_var.js';
import { pseudoSum } from '../../../kernel/net/udp_usrreq.js';
import {
  type Socket,
  soaccept,
  sobind,
  soclose,
  soconnect,
  socreate,
  solisten,
  soreceive,
  sosend,
  soshutdown,
  uioOf,
} from '../../../kernel/net/uipc_socket.js';
import { Ucred } from '../../../kernel/proc/cred.js';
import {
  arpFrame,
  FakeEther,
  FakeKernel,
  frame,
  ipPacket,
  MY_IP,
  MY_MAC,
  PEER_IP,
  PEER_MAC,
} from './fakenet.js';
import { fakeProc } from './stack.js';

export const PEER_PORT = 5555;
export const PEER_ISS = 1_000_000;

/** A segment as a script line describes it (relative numbers). */
export interface ScriptSeg {
  flags: number;
  seq: number;
  len: number;
  ack?: number;
  win?: number;
  mss?: number;
}

/** Parse "S. 0:0(0) ack 1 win 4096 <mss 1460>". */
export function parseSeg(line: string): ScriptSeg {
  const m = /^([SFRP.]+)\s+(\d+):(\d+)\((\d+)\)(.*)$/.exec(line.trim());
  if (!m) throw new Error(`bad segment line: ${line}`);
  let flags = 0;
  for (const c of m[1])
    flags |= c === 'S' ? TH_SYN : c === 'F' ? TH_FIN : c === 'R' ? TH_RST : c === 'P' ? TH_PUSH : TH_ACK;
  const seg: ScriptSeg = { flags, seq: Number(m[2]), len: Number(m[4]) };
  if (Number(m[3]) - Number(m[2]) !== seg.len) throw new Error(`bad range in ${line}`);
  const rest = m[5];
  const ack = /\back (\d+)/.exec(rest);
  const win = /\bwin (\d+)/.exec(rest);
  const mss = /<mss (\d+)>/.exec(rest);
  if (ack) seg.ack = Number(ack[1]);
  if (win) seg.win = Number(win[1]);
  if (mss) seg.mss = Number(mss[1]);
  return seg;
}

/** A segment our stack sent, decoded. */
export interface Sent {
  tick: number;
  flags: number;
  seq: number;
  ack: number;
  win: number;
  len: number;
  mss: number | null;
  sport: number;
  dport: number;
  data: Uint8Array;
}

function flagText(f: number): string {
  return `${f & TH_SYN ? 'S' : ''}${f & TH_FIN ? 'F' : ''}${f & TH_RST ? 'R' : ''}${f & TH_PUSH ? 'P' : ''}${f & TH_ACK ? '.' : ''}`;
}

/**
 * A fake Ethernet that stamps what it sends with the fake clock's tick,
 * and answers, a tick later, the ARP requests for the peer's address (as
 * the peer would: entries age out of the table after 20 minutes).
 */
class StampedEther extends FakeEther {
  readonly stamps: number[] = [];
  k: FakeKernel | null = null;
  override start(): void {
    const before = this.sent.length;
    super.start();
    for (let i = before; i < this.sent.length; i++) {
      const f = this.sent[i];
      this.stamps.push(this.k?.ticks ?? 0);
      const v = new DataView(f.buffer, f.byteOffset, f.length);
      if (v.getUint16(12) === ETHERTYPE_ARP && v.getUint16(20) === 1 && v.getUint32(38) === PEER_IP)
        this.k?.timeout(() => this.receive(arpFrame(2, PEER_MAC, PEER_IP, MY_MAC, MY_IP)), 1);
    }
  }
}

export class TcpScript {
  readonly k = new FakeKernel();
  readonly net = new Net(this.k);
  readonly ifp = new StampedEther(this.net, 'le', 0, MY_MAC);
  readonly p = fakeProc();
  /** Our initial sequence number, once our first SYN has been seen. */
  iss: number | null = null;
  /** The local port of the connection under test. */
  port = 0;
  /** The peer's port in what is injected. */
  peerPort = PEER_PORT;
  private taken = 0;
  private readonly cred = new Ucred();

  constructor() {
    const net = this.net;
    nettimers(net);
    in_ifinit(net, loattach(net), 0x7f000001);
    this.ifp.k = this.k;
    if_attach(net, this.ifp);
    in_ifinit(net, this.ifp, MY_IP);
    // The peer's Ethernet address is known.
    this.ifp.receive(arpFrame(1, PEER_MAC, PEER_IP, new Uint8Array(6), MY_IP));
    this.ifp.take();
    this.ifp.stamps.length = 0;
  }

  /** Seconds of fake time so far. */
  get now(): number {
    return this.k.ticks / 100;
  }

  /** Move the clock to `sec` seconds (never back). */
  at(sec: number): this {
    const tick = Math.round(sec * 100);
    while (this.k.ticks < tick) this.k.tick();
    return this;
  }

  /** A new TCP socket of ours. */
  socket(): Socket {
    return socreate(this.net, AF_INET, SOCK_STREAM, 0, this.cred);
  }

  /** Our socket listening on `port`. */
  listen(port: number, backlog = 5): Socket {
    const so = this.socket();
    sobind(so, sockaddr_in(0, port), this.p);
    solisten(so, backlog);
    this.port = port;
    return so;
  }

  /** Our socket connecting from `port` to the peer. */
  connect(port: number, so = this.socket()): Socket {
    sobind(so, sockaddr_in(0, port), this.p);
    this.port = port;
    soconnect(so, sockaddr_in(PEER_IP, PEER_PORT), this.p);
    return so;
  }

  /** The connection a listener has ready (accept, without waiting). */
  accept(ls: Socket): Socket {
    const so = ls.q.shift();
    if (so === undefined) throw new Error('nothing to accept');
    so.head = null;
    soaccept(so);
    return so;
  }

  /** Write `n` bytes (or the bytes given) without waiting; how many went. */
  write(so: Socket, data: number | Uint8Array): number {
    const bytes = typeof data === 'number' ? Uint8Array.from({ length: data }, (_, i) => i & 0xff) : data;
    const g = sosend(so, this.p, null, uioOf(bytes), 0, FNDELAY);
    const r = g.next();
    if (!r.done) throw new Error('write would have slept');
    return r.value;
  }

  /** Read what is there, without waiting. */
  read(so: Socket, max = 65536): Uint8Array {
    try {
      const g = soreceive(so, this.p, max, 0, FNDELAY);
      const r = g.next();
      if (!r.done) throw new Error('read would have slept');
      return r.value.data;
    } catch (e) {
      if ((e as { errno?: number }).errno === 35) return new Uint8Array(0);
      throw e;
    }
  }

  close(so: Socket): void {
    soclose(so);
  }

  shutdown(so: Socket): void {
    soshutdown(so, 1);
  }

  /** Our socket connecting from port `this.port` to `addr`, the peer's port. */
  connectTo(so: Socket, addr: number): void {
    sobind(so, sockaddr_in(0, this.port), this.p);
    soconnect(so, sockaddr_in(addr, PEER_PORT), this.p);
  }

  /** Inject a segment as if from another port of the peer. */
  injectFrom(port: number, line: string): this {
    const keep = this.peerPort;
    this.peerPort = port;
    try {
      return this.inject(line);
    } finally {
      this.peerPort = keep;
    }
  }

  /** A router (the peer) says the destination of a segment we sent is unreachable (ICMP type 3, `code`). */
  injectIcmpUnreach(code: number, about: Sent): this {
    const quoted = new Uint8Array(28);
    const q = new DataView(quoted.buffer);
    quoted[0] = 0x45;
    q.setUint16(2, 40 + about.len);
    quoted[9] = IPPROTO_TCP;
    q.setUint32(12, MY_IP);
    q.setUint32(16, PEER_IP);
    q.setUint16(20, about.sport);
    q.setUint16(22, about.dport);
    q.setUint32(24, about.seq);
    q.setUint16(10, in_cksum(quoted, 0, 20));
    const icmp = new Uint8Array(8 + quoted.length);
    icmp[0] = 3;
    icmp[1] = code;
    icmp.set(quoted, 8);
    new DataView(icmp.buffer).setUint16(2, in_cksum(icmp, 0, icmp.length));
    this.ifp.receive(frame(MY_MAC, PEER_MAC, ETHERTYPE_IP, ipPacket(PEER_IP, MY_IP, 1, icmp)));
    return this;
  }

  /** The Tcpcb of a socket (null once TCP has let it go). */
  tcb(so: Socket): Tcpcb | null {
    const inp = so.pcb as Parameters<typeof intotcpcb>[0] | null;
    return inp ? intotcpcb(inp) : null;
  }

  /** Inject a segment from the peer now: a script line, or a segment. */
  inject(line: string | ScriptSeg, data?: Uint8Array): this {
    const s = typeof line === 'string' ? parseSeg(line) : line;
    const payload = data ?? Uint8Array.from({ length: s.len }, (_, i) => i & 0xff);
    const ack = s.ack !== undefined && this.iss !== null ? (this.iss + s.ack) >>> 0 : (s.ack ?? 0);
    const opt = s.mss !== undefined ? Uint8Array.of(2, 4, s.mss >> 8, s.mss & 0xff) : new Uint8Array(0);
    const seg = new Uint8Array(20 + opt.length + payload.length);
    const v = new DataView(seg.buffer);
    v.setUint16(0, this.peerPort);
    v.setUint16(2, this.port);
    v.setUint32(4, (PEER_ISS + s.seq) >>> 0);
    v.setUint32(8, ack);
    seg[12] = ((20 + opt.length) / 4) << 4;
    seg[13] = s.flags;
    v.setUint16(14, s.win ?? 8192);
    seg.set(opt, 20);
    seg.set(payload, 20 + opt.length);
    v.setUint16(16, in_cksum(seg, 0, seg.length, pseudoSum(PEER_IP, MY_IP, IPPROTO_TCP, seg.length)));
    this.ifp.receive(frame(MY_MAC, PEER_MAC, ETHERTYPE_IP, ipPacket(PEER_IP, MY_IP, IPPROTO_TCP, seg)));
    return this;
  }

  /** Every segment our stack has sent and the script has not looked at yet. */
  outbound(): Sent[] {
    const out: Sent[] = [];
    while (this.taken < this.ifp.sent.length) {
      const f = this.ifp.sent[this.taken];
      const tick = this.ifp.stamps[this.taken];
      this.taken++;
      const v = new DataView(f.buffer, f.byteOffset, f.length);
      if (v.getUint16(12) !== ETHERTYPE_IP || f[23] !== IPPROTO_TCP) continue;
      const ip = f.subarray(14);
      const hl = (ip[0] & 15) * 4;
      const tl = new DataView(ip.buffer, ip.byteOffset).getUint16(2);
      const th = ip.subarray(hl, tl);
      const tv = new DataView(th.buffer, th.byteOffset, th.length);
      expect(in_cksum(ip, 0, hl), 'IP header checksum').toBe(0);
      const src = new DataView(ip.buffer, ip.byteOffset).getUint32(12);
      const dst = new DataView(ip.buffer, ip.byteOffset).getUint32(16);
      expect(in_cksum(th, 0, th.length, pseudoSum(src, dst, IPPROTO_TCP, th.length)), 'TCP checksum').toBe(0);
      const off = (th[12] >> 4) * 4;
      let mss: number | null = null;
      for (let i = 20; i < off; ) {
        if (th[i] === 0) break;
        if (th[i] === 1) {
          i++;
          continue;
        }
        if (th[i] === 2) mss = (th[i + 2] << 8) | th[i + 3];
        i += th[i + 1] || 1;
      }
      const flags = th[13];
      if (flags & TH_SYN && this.iss === null) this.iss = tv.getUint32(4);
      out.push({
        tick,
        flags,
        seq: tv.getUint32(4),
        ack: tv.getUint32(8),
        win: tv.getUint16(14),
        len: th.length - off,
        mss,
        sport: tv.getUint16(0),
        dport: tv.getUint16(2),
        data: th.subarray(off),
      });
    }
    return out;
  }

  /** Relative form of a segment we sent, as a script line would say it. */
  describe(s: Sent): string {
    const seq = this.iss === null ? s.seq : (s.seq - this.iss) >>> 0;
    const space = s.len;
    const ack = s.flags & TH_ACK ? ` ack ${(s.ack - PEER_ISS) >>> 0}` : '';
    return `${flagText(s.flags)} ${seq}:${seq + space}(${space})${ack} win ${s.win}${s.mss !== null ? ` <mss ${s.mss}>` : ''}`;
  }

  /**
   * The next segment we sent must be this one (the window only if the line
   * gives it), sent at the current time (within `slack` seconds before it,
   * a clock tick after). Returns it.
   */
  expect(line: string, slack = 0.01): Sent {
    const want = parseSeg(line);
    this.pending.push(...this.outbound());
    const got = this.pending.shift();
    if (got === undefined) throw new Error(`at ${this.now.toFixed(2)} s nothing was sent; expected ${line}`);
    let text = this.describe(got);
    if (want.win === undefined) text = text.replace(/ win \d+/, '');
    if (want.mss === undefined) text = text.replace(/ <mss \d+>/, '');
    const wantText = line.trim().replace(/\s+/g, ' ');
    expect(text, `segment sent at ${(got.tick / 100).toFixed(2)} s`).toBe(wantText);
    const when = got.tick / 100;
    expect(when, `${line}: sent at ${when} s, expected at ${this.now} s`).toBeGreaterThanOrEqual(
      this.now - slack,
    );
    expect(when).toBeLessThanOrEqual(this.now + 0.01);
    return got;
  }

  /** Nothing more has been sent by now. */
  expectNothing(): void {
    const rest = [...this.pending, ...this.outbound()];
    this.pending.length = 0;
    expect(rest.map((s) => `${(s.tick / 100).toFixed(2)} ${this.describe(s)}`)).toEqual([]);
  }

  private readonly pending: Sent[] = [];
}
