/**
 * The kernel's RPC and NFS pieces that need no network: XDR, the RPC call
 * and reply headers, svc_dispatch's answers to calls it cannot take (the
 * RPC errors of RFC 1057), AUTH_UNIX, the duplicate-request cache, file
 * handles and the attribute cache's time-out.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../../emu/net/random.js';
import { Errno } from '../../../kernel/errno.js';
import { attrTimeout } from '../../../kernel/fs/nfs/nfs_node.js';
import { NFS_SVC } from '../../../kernel/fs/nfs/nfs_serv.js';
import { NfsSrvCache } from '../../../kernel/fs/nfs/nfs_srvcache.js';
import type { NfsOptions } from '../../../kernel/fs/nfs/nfs_vfsops.js';
import { NFSPROC_GETATTR, NFSPROC_REMOVE } from '../../../kernel/fs/nfs/nfsproto.js';
import { VDIR, VREG } from '../../../kernel/fs/vnode.js';
import { decodeAuthUnix, encodeAuthUnix } from '../../../kernel/net/rpc/auth_unix.js';
import {
  AUTH_ERROR,
  AUTH_NULL,
  AUTH_REJECTEDCRED,
  decodeReply,
  encodeCall,
  GARBAGE_ARGS,
  NULL_AUTH,
  PROC_UNAVAIL,
  PROG_MISMATCH,
  PROG_UNAVAIL,
  RPC_MISMATCH,
  SUCCESS,
  SYSTEM_ERR,
} from '../../../kernel/net/rpc/rpc_msg.js';
import { type SvcProgram, type SvcRequest, svc_dispatch } from '../../../kernel/net/rpc/svc.js';
import { XdrDecoder, XdrEncoder, XdrError } from '../../../kernel/net/rpc/xdr.js';
import { sockaddr_in } from '../../../kernel/net/socket.js';
import { fhDecode as decodeFh, fhEncode as encodeFh } from '../../../kernel/sys/getfh.js';
import { bootedKernel } from '../helpers.js';
import { exportedRoot } from './export.js';

/** Run a generator that must not wait to its end. */
function run<T>(g: Generator<void, T, void>): T {
  const s = g.next();
  if (!s.done) throw new Error('waited');
  return s.value;
}

describe('XDR', () => {
  it('encodes words, hypers, opaque data and strings padded to four bytes, and decodes them back', () => {
    const e = new XdrEncoder(4);
    e.u32(0xdeadbeef)
      .i32(-2)
      .bool(true)
      .u64(2 ** 40 + 5)
      .opaque(Uint8Array.of(1, 2, 3))
      .string('hello');
    const b = e.bytes();
    expect(b.length).toBe(4 + 4 + 4 + 8 + (4 + 4) + (4 + 8));
    expect([...b.subarray(0, 8)]).toEqual([0xde, 0xad, 0xbe, 0xef, 0xff, 0xff, 0xff, 0xfe]);
    expect([...b.subarray(20, 28)]).toEqual([0, 0, 0, 3, 1, 2, 3, 0]);
    const d = new XdrDecoder(b);
    expect([d.u32(), d.i32(), d.bool(), d.u64()]).toEqual([0xdeadbeef, -2, true, 2 ** 40 + 5]);
    expect([...d.opaque(8)]).toEqual([1, 2, 3]);
    expect(d.string(255)).toBe('hello');
    expect(d.remaining).toBe(0);
  });

  it('refuses what does not fit: a short message, a length over the limit, a bad boolean', () => {
    expect(() => new XdrDecoder(Uint8Array.of(0, 0, 1)).u32()).toThrow(XdrError);
    expect(() => new XdrDecoder(Uint8Array.of(0, 0, 1, 0)).opaque(255)).toThrow(XdrError);
    expect(() => new XdrDecoder(Uint8Array.of(0, 0, 0, 9, 1, 2)).opaque(255)).toThrow(XdrError);
    expect(() => new XdrDecoder(Uint8Array.of(0, 0, 0, 2)).bool()).toThrow(XdrError);
    // A length word near 2^32 cannot make the decoder reach past the packet.
    expect(() => new XdrDecoder(Uint8Array.of(0xff, 0xff, 0xff, 0xfc, 0)).fopaque(0xfffffffc)).toThrow(
      XdrError,
    );
  });
});

describe('AUTH_UNIX', () => {
  it('carries the stamp, the machine name, the ids and up to 16 groups; trailing bytes are bad', () => {
    const a = encodeAuthUnix({ stamp: 7, machinename: 'sun1', uid: 100, gid: 10, gids: [10, 20] });
    expect(decodeAuthUnix(a.body)).toEqual({
      stamp: 7,
      machinename: 'sun1',
      uid: 100,
      gid: 10,
      gids: [10, 20],
    });
    expect(() => decodeAuthUnix(Uint8Array.of(...a.body, 0, 0, 0, 0))).toThrow(XdrError);
  });
});

describe('svc_dispatch', () => {
  const PROG = 300001;
  const echo: SvcProgram = {
    prog: PROG,
    versions: new Map([
      [
        2,
        [
          function* (_req: SvcRequest, _res: XdrEncoder) {},
          function* (req: SvcRequest, res: XdrEncoder) {
            yield* [];
            res.u32(req.args.u32() + 1);
          },
          function* () {
            yield* [];
            throw new Errno(5);
          },
        ],
      ],
    ]),
  };
  const from = sockaddr_in(0xc009c802, 1023);
  let booted: ReturnType<typeof bootedKernel> | undefined;
  const kernel = () => (booted ??= bootedKernel());
  function call(prog: number, vers: number, proc: number, args: number[], rpcvers = 2, cred = NULL_AUTH) {
    const { k, p } = kernel();
    const e = encodeCall({ xid: 42, prog, vers, proc, cred, verf: NULL_AUTH });
    for (const a of args) e.u32(a);
    const msg = e.bytes();
    if (rpcvers !== 2) new DataView(msg.buffer).setUint32(8, rpcvers);
    const reply = run(svc_dispatch(k, p, [echo], msg, from));
    if (!reply) return null;
    const d = new XdrDecoder(reply);
    const h = decodeReply(d);
    expect(h.xid).toBe(42);
    return { status: h.status, rest: d };
  }

  it('runs a procedure and answers SUCCESS with its results', () => {
    const r = call(PROG, 2, 1, [41]);
    expect(r?.status).toMatchObject({ accepted: true, stat: SUCCESS });
    expect(r?.rest.u32()).toBe(42);
  });

  it('answers each call it cannot take with the RPC error RFC 1057 gives', () => {
    expect(call(PROG + 1, 2, 0, [])?.status).toMatchObject({ accepted: true, stat: PROG_UNAVAIL });
    expect(call(PROG, 3, 0, [])?.status).toMatchObject({
      accepted: true,
      stat: PROG_MISMATCH,
      low: 2,
      high: 2,
    });
    expect(call(PROG, 2, 9, [])?.status).toMatchObject({ accepted: true, stat: PROC_UNAVAIL });
    expect(call(PROG, 2, 1, [])?.status).toMatchObject({ accepted: true, stat: GARBAGE_ARGS });
    expect(call(PROG, 2, 2, [])?.status).toMatchObject({ accepted: true, stat: SYSTEM_ERR });
    expect(call(PROG, 2, 0, [], 3)?.status).toMatchObject({
      accepted: false,
      reject: RPC_MISMATCH,
      low: 2,
      high: 2,
    });
    const des = { flavor: 3, body: new Uint8Array(8) };
    expect(call(PROG, 2, 0, [], 2, des)?.status).toMatchObject({
      accepted: false,
      reject: AUTH_ERROR,
      auth: AUTH_REJECTEDCRED,
    });
    const badUnix = { flavor: 1, body: Uint8Array.of(0, 0, 0, 1) };
    expect(call(PROG, 2, 0, [], 2, badUnix)?.status).toMatchObject({ accepted: false, reject: AUTH_ERROR });
  });

  it('drops a message whose header does not decode (a reply, a short one)', () => {
    const { k, p } = kernel();
    expect(run(svc_dispatch(k, p, [echo], Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 1), from))).toBeNull();
    expect(run(svc_dispatch(k, p, [echo], Uint8Array.of(1, 2, 3), from))).toBeNull();
    expect(AUTH_NULL).toBe(0);
  });
});

describe('the duplicate-request cache', () => {
  const req = (xid: number, proc: number, port = 1023) =>
    ({ xid, proc, from: sockaddr_in(0xc009c802, port) }) as unknown as SvcRequest;

  it('drops a retransmission of a call still running, and gives a finished REMOVE its first reply', () => {
    const c = new NfsSrvCache();
    expect(c.lookup(req(1, NFSPROC_REMOVE))).toBe('run');
    expect(c.lookup(req(1, NFSPROC_REMOVE))).toBe('drop');
    const reply = Uint8Array.of(1, 2, 3);
    c.done(req(1, NFSPROC_REMOVE), reply);
    expect(c.lookup(req(1, NFSPROC_REMOVE))).toBe(reply);
    // Another port, xid or procedure is another call.
    expect(c.lookup(req(1, NFSPROC_REMOVE, 1022))).toBe('run');
    expect(c.lookup(req(2, NFSPROC_REMOVE))).toBe('run');
    expect(c.stats).toEqual({ hits: 1, inprog: 1, misses: 3 });
  });

  it('runs a finished read-only call again, and forgets the oldest calls when full (LRU)', () => {
    const c = new NfsSrvCache(3);
    c.lookup(req(1, NFSPROC_GETATTR));
    c.done(req(1, NFSPROC_GETATTR), Uint8Array.of(9));
    expect(c.lookup(req(1, NFSPROC_GETATTR))).toBe('run');
    for (const x of [10, 11, 12]) {
      c.lookup(req(x, NFSPROC_REMOVE));
      c.done(req(x, NFSPROC_REMOVE), Uint8Array.of(x));
    }
    expect(c.length).toBe(3);
    // xid 10 is used again: 11 is now the oldest and goes when 13 comes.
    expect(c.lookup(req(10, NFSPROC_REMOVE))).toEqual(Uint8Array.of(10));
    c.lookup(req(13, NFSPROC_REMOVE));
    expect(c.lookup(req(11, NFSPROC_REMOVE))).toBe('run');
  });
});

describe('file handles and the attribute cache', () => {
  it('packs file system, inode, generation and the export into 32 bytes, and refuses foreign ones', () => {
    const fh = { fsid: 0x700, fstype: 1, ino: 1234, gen: 0x5eed, xino: 2, xgen: 77 };
    const b = encodeFh(fh);
    expect(b.length).toBe(32);
    expect(decodeFh(b)).toEqual(fh);
    expect(decodeFh(b.subarray(0, 28))).toBeNull();
    const bad = Uint8Array.from(b);
    bad[9] = 12;
    expect(decodeFh(bad)).toBeNull();
  });

  it('keeps attributes a tenth of the time since the last change, within acregmin..acregmax', () => {
    const o = { acregmin: 3, acregmax: 60, acdirmin: 30, acdirmax: 60 } as NfsOptions;
    expect(attrTimeout(o, VREG, 1000, 1001)).toBe(3);
    expect(attrTimeout(o, VREG, 1000, 1200)).toBe(20);
    expect(attrTimeout(o, VREG, 0, 1_000_000)).toBe(60);
    expect(attrTimeout(o, VDIR, 1000, 1001)).toBe(30);
  });
});

describe('the NFS server under garbage', () => {
  it('answers fuzzed calls (bad lengths, bad handles, bad credentials) with RPC errors or NFS statuses, never failing itself', () => {
    // / exported as rpc.mountd would: a real handle to start from.
    const { k, p, fh } = exportedRoot();
    const rnd = new Random('nfs-fuzz');
    const byte = () => rnd.next() & 0xff;
    const from = sockaddr_in(0xc009c802, 800);
    const stats = { dropped: 0, accepted: 0, denied: 0, nfsError: 0 };
    for (let i = 0; i < 3000; i++) {
      const proc = rnd.next() % 20;
      const cred =
        rnd.next() % 4 === 0
          ? { flavor: rnd.next() % 4, body: Uint8Array.from({ length: rnd.next() % 40 }, byte) }
          : encodeAuthUnix({
              stamp: 1,
              machinename: 'sun1',
              uid: rnd.next() % 3 === 0 ? 0 : 100,
              gid: 10,
              gids: [],
            });
      const e = encodeCall({
        xid: i,
        prog: 100003,
        vers: rnd.next() % 8 === 0 ? 3 : 2,
        proc,
        cred,
        verf: NULL_AUTH,
      });
      // Arguments: a good handle (or a damaged one), then random words and strings of random lengths.
      const h = Uint8Array.from(fh);
      if (rnd.next() % 3 === 0) h[rnd.next() % 32] ^= 1 << (rnd.next() % 8);
      if (rnd.next() % 5 !== 0) e.fopaque(h);
      for (let n = rnd.next() % 12; n > 0; n--) {
        if (rnd.next() % 3 === 0) e.string(`f${rnd.next() % 6}`);
        else e.u32(rnd.next() % 4 === 0 ? rnd.next() : rnd.next() % 5000);
      }
      let msg = e.bytes();
      if (rnd.next() % 6 === 0) msg = msg.subarray(0, rnd.next() % msg.length);
      const reply = run(svc_dispatch(k, p, [NFS_SVC], msg, from));
      if (!reply) {
        stats.dropped++;
        continue;
      }
      const d = new XdrDecoder(reply);
      const r = decodeReply(d);
      expect(r.xid).toBe(i);
      if (!r.status.accepted) stats.denied++;
      else if (r.status.stat === SUCCESS && d.remaining >= 4 && d.u32() !== 0) stats.nfsError++;
      else stats.accepted++;
    }
    // Every kind of answer came up.
    expect(stats.dropped).toBeGreaterThan(0);
    expect(stats.denied).toBeGreaterThan(0);
    expect(stats.nfsError).toBeGreaterThan(0);
    expect(stats.accepted).toBeGreaterThan(0);
  });
});
