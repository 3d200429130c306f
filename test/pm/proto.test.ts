/**
 * The migration protocol's channel (kernel/pm/pm_proto.ts) between two
 * booted machines: a wait for the peer's answer gives up after PM_TIMEOUT
 * of silence, but a peer that is still taking what this end sent (its
 * acknowledgements come) is not silent. A send returns when its message is
 * buffered, not delivered: a destination that takes the image slowly (or a
 * lossy network whose retransmissions back off) has the tail later than
 * PM_TIMEOUT after the source's last send, and its READY later still.
 */
import { describe, expect, it } from 'vitest';
import { Errno, ETIMEDOUT } from '../../kernel/errno.js';
import { AF_INET, SO_RCVBUF, SOCK_STREAM, SOL_SOCKET, sockaddr_in } from '../../kernel/net/socket.js';
import {
  soaccept,
  soacceptwait,
  sobind,
  soclose,
  soconnect,
  soconnwait,
  socreate,
  solisten,
  soreceive,
  sosend,
  sosetopt,
  uioOf,
} from '../../kernel/net/uipc_socket.js';
import { HZ, PZERO } from '../../kernel/param.js';
import { PM_READY, PM_SEGMENT, PM_TIMEOUT, PmChannel } from '../../kernel/pm/pm_proto.js';
import { kproc_start } from '../../kernel/proc/kproc.js';
import { tsleep } from '../../kernel/proc/sched.js';
import { pair } from '../kernel/net/pair.js';

const SUN1 = 0xc009c802;
const PORT = 7101;
/** More than the sender's socket buffer: the send returns with the tail still to go. */
const IMAGE = 60 * 1024;

/**
 * sun0 sends one IMAGE-byte message to sun1 and waits for READY; sun1,
 * with a receive buffer of `chunk` bytes, takes `chunk` bytes every `every`
 * seconds (0: takes nothing), then answers READY if `answer`. Returns what
 * sun0's wait ended with, how long after the send returned it ended
 * (emulated seconds), and what sun1 took.
 */
function exchange(
  chunk: number,
  every: number,
  answer = true,
): { error: Errno | null; waited: number; took: number } {
  const lab = pair();
  const [k0, k1] = [lab.stations[0].kernel, lab.stations[1].kernel];
  let took = 0;
  kproc_start(k1, 'pmslow', function* (p) {
    const ls = socreate(k1.net, AF_INET, SOCK_STREAM, 0, p.cred);
    const size = new Uint8Array(4);
    new DataView(size.buffer).setInt32(0, chunk);
    sosetopt(ls, SOL_SOCKET, SO_RCVBUF, size);
    sobind(ls, sockaddr_in(0, PORT), p);
    solisten(ls, 1);
    const so = yield* soacceptwait(ls, p, 0);
    soaccept(so);
    sosetopt(so, SOL_SOCKET, SO_RCVBUF, size);
    while (every > 0 && took < IMAGE + 8) {
      for (let s = 0; s < every; s++) yield* tsleep(k1.sched, p, k1.sched.lbolt, PZERO + 1, 'slow');
      took += (yield* soreceive(so, p, chunk, 0, 0)).data.length;
    }
    if (answer) yield* sosend(so, p, null, uioOf(Uint8Array.of(0, 0, 0, PM_READY, 0, 0, 0, 0)), 0, 0);
    // The connection stays open, and nothing more is said on it.
    for (;;) yield* tsleep(k1.sched, p, k1.sched.lbolt, PZERO + 1, 'mute');
  });
  let sentAt = 0;
  let endedAt = 0;
  let error: Errno | null | undefined;
  kproc_start(
    k0,
    'pmsend',
    function* (p) {
      const so = socreate(k0.net, AF_INET, SOCK_STREAM, 0, p.cred);
      soconnect(so, sockaddr_in(SUN1, PORT), p);
      yield* soconnwait(so, p);
      const ch = new PmChannel(so, p);
      yield* ch.send(PM_SEGMENT, new Uint8Array(IMAGE).fill(7));
      sentAt = lab.now();
      try {
        yield* ch.expect(PM_READY);
      } finally {
        endedAt = lab.now();
        soclose(so);
      }
    },
    (e) => {
      error = e;
    },
  );
  lab.until(() => error !== undefined, 120);
  return { error: error ?? null, waited: endedAt - sentAt, took };
}

describe('the migration channel', () => {
  it('waits for the answer as long as the peer keeps taking what was sent, past PM_TIMEOUT', () => {
    // 4 KB every 2 s: the send returns with 36 KB (its buffer and the peer's) still to take, 18 s of it.
    const r = exchange(4096, 2);
    expect(r.error).toBeNull();
    expect(r.took).toBe(IMAGE + 8);
    // The answer came later than PM_TIMEOUT after the send returned: a wait timed from there would have failed.
    expect(r.waited).toBeGreaterThan(PM_TIMEOUT / HZ + 5);
  });

  it('gives up on a peer that takes nothing more: PM_TIMEOUT after what it last took', () => {
    const r = exchange(32768, 0, false); // the send fits in the two buffers
    expect(r.took).toBe(0);
    expect(r.error).toBeInstanceOf(Errno);
    expect(r.error?.errno).toBe(ETIMEDOUT);
    // (Its window probes may still find room for a byte or two at first.)
    expect(r.waited).toBeGreaterThanOrEqual(PM_TIMEOUT / HZ);
    expect(r.waited).toBeLessThan((2 * PM_TIMEOUT) / HZ);
  });

  it('gives up on a peer that took it all and does not answer: PM_TIMEOUT after that', () => {
    const r = exchange(32768, 1, false);
    expect(r.took).toBe(IMAGE + 8);
    expect(r.error?.errno).toBe(ETIMEDOUT);
    expect(r.waited).toBeGreaterThan(PM_TIMEOUT / HZ);
    expect(r.waited).toBeLessThan(PM_TIMEOUT / HZ + 3);
  });
});
