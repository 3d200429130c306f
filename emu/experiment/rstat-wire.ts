/**
 * rstatd's answers as they crossed the wire: a segment capture (a
 * FrameSink, as a pcap file takes) that keeps, for every RSTATPROC_STATS
 * reply, who answered whom, when, and the 1-minute load it carried. The
 * experiment uses it to check that each loadd decision's inputs are what
 * the other machines' rstatd said (docs/experiments/loadbalance.md): the
 * check reads the packets, not loadd's own account of them.
 *
 * Frames: Ethernet II, IPv4, UDP, ONC RPC (RFC 5531). A reply's results
 * are the rstat protocol's statstime, avenrun[0] its 19th word.
 */
import type { FrameSink } from '../net/segment.js';

const RSTATPROG = 100001;
const RSTATPROC_STATS = 1;
/** Words of statstime before avenrun: cp_time[4], dk_xfer[4], 5 paging counters, 4 interface counters, v_swtch. */
const AVENRUN_WORD = 18;

export interface RstatReply {
  /** Cycle the reply was on the wire. */
  t: number;
  /** The machine whose rstatd answered, and the one that asked. */
  from: string;
  to: string;
  /** avenrun[0], 1/256 of a load. */
  load: number;
}

export class RstatWire implements FrameSink {
  readonly replies: RstatReply[] = [];
  /** Calls seen: "client address:port:xid". */
  private calls = new Set<string>();

  /** names: each machine's Internet address (dotted) to its name. */
  constructor(private readonly names: Map<string, string>) {}

  record(frame: Uint8Array, cycle: number): void {
    const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    if (frame.length < 14 + 20 + 8 + 12 || v.getUint16(12) !== 0x0800) return;
    const ip = 14;
    const ihl = (frame[ip] & 15) * 4;
    if (frame[ip + 9] !== 17 || (v.getUint16(ip + 6) & 0x3fff) !== 0) return; // UDP, not a fragment
    const src = frame.subarray(ip + 12, ip + 16).join('.');
    const dst = frame.subarray(ip + 16, ip + 20).join('.');
    const udp = ip + ihl;
    const sport = v.getUint16(udp);
    const dport = v.getUint16(udp + 2);
    const rpc = udp + 8;
    const word = (i: number) => v.getUint32(rpc + 4 * i);
    if (rpc + 4 * 6 > frame.length) return;
    const xid = word(0);
    if (word(1) === 0) {
      // A call: rpcvers, prog, vers, proc.
      if (word(3) === RSTATPROG && word(5) === RSTATPROC_STATS) this.calls.add(`${src}:${sport}:${xid}`);
      return;
    }
    const key = `${dst}:${dport}:${xid}`;
    if (!this.calls.has(key)) return;
    this.calls.delete(key);
    // reply_stat 0 (accepted), the verifier (flavor, length, body), accept_stat 0 (success).
    if (word(2) !== 0) return;
    const verf = Math.ceil(word(4) / 4);
    const results = 5 + verf + 1;
    if (word(5 + verf) !== 0 || rpc + 4 * (results + AVENRUN_WORD + 1) > frame.length) return;
    const from = this.names.get(src);
    const to = this.names.get(dst);
    if (from === undefined || to === undefined) return;
    this.replies.push({ t: cycle, from, to, load: v.getInt32(rpc + 4 * (results + AVENRUN_WORD)) });
  }
}
