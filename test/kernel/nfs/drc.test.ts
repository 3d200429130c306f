/**
 * The duplicate-request cache in front of the real NFS procedures: a
 * CREATE sent again (same client, port and xid) after a WRITE to the new
 * file gets the reply of the first CREATE, byte for byte, and does not run
 * again — which would truncate the file, as a new CREATE of the same name
 * does. The classic case of Juszczak's 1989 paper on NFS servers.
 */
import { describe, expect, it } from 'vitest';
import { NFS_SVC } from '../../../kernel/fs/nfs/nfs_serv.js';
import { NfsSrvCache } from '../../../kernel/fs/nfs/nfs_srvcache.js';
import { getAttrStat, getDirOpRes, putCreateArgs, putWriteArgs } from '../../../kernel/fs/nfs/nfs_xdr.js';
import { NFS_OK, NFSPROC_CREATE, NFSPROC_GETATTR, NFSPROC_WRITE } from '../../../kernel/fs/nfs/nfsproto.js';
import { encodeAuthUnix } from '../../../kernel/net/rpc/auth_unix.js';
import { decodeReply, encodeCall, NULL_AUTH } from '../../../kernel/net/rpc/rpc_msg.js';
import { svc_dispatch } from '../../../kernel/net/rpc/svc.js';
import { XdrDecoder, type XdrEncoder } from '../../../kernel/net/rpc/xdr.js';
import { sockaddr_in } from '../../../kernel/net/socket.js';
import { exportedRoot } from './export.js';

describe('the duplicate-request cache and the NFS server', () => {
  it('a retransmitted CREATE gets the first reply and does not truncate what was written since', () => {
    // / exported with anon=0, so that the caller's root may create there.
    const { k, p, fh: dir } = exportedRoot(0);
    const cache = new NfsSrvCache();
    const from = sockaddr_in(0xc009c802, 1000);
    const cred = encodeAuthUnix({ stamp: 1, machinename: 'sun1', uid: 0, gid: 0, gids: [] });
    /** Call procedure `proc` with xid `xid`; the reply's bytes and a cursor at its results. */
    const call = (xid: number, proc: number, put: (e: XdrEncoder) => unknown) => {
      const e = encodeCall({ xid, prog: 100003, vers: 2, proc, cred, verf: NULL_AUTH });
      put(e);
      const g = svc_dispatch(k, p, [NFS_SVC], e.bytes(), from, cache);
      const s = g.next();
      if (!s.done || !s.value) throw new Error('no reply');
      const d = new XdrDecoder(s.value);
      decodeReply(d);
      return { bytes: s.value, d };
    };
    const create = (xid: number) =>
      call(xid, NFSPROC_CREATE, (e) =>
        putCreateArgs(e, { where: { dir, name: 'drc.file' }, attrs: { mode: 0o100644, size: 0 } }),
      );
    const size = (fh: Uint8Array, xid: number) =>
      getAttrStat(call(xid, NFSPROC_GETATTR, (e) => e.fopaque(fh)).d).attr?.size;

    const first = create(100);
    const made = getDirOpRes(first.d);
    expect(made.status).toBe(NFS_OK);
    const fh = made.file as Uint8Array;
    const data = new TextEncoder().encode('written after the create\n');
    const w = call(101, NFSPROC_WRITE, (e) =>
      putWriteArgs(e, { file: fh, beginoffset: 0, offset: 0, totalcount: data.length, data }),
    );
    expect(getAttrStat(w.d).status).toBe(NFS_OK);
    expect(size(fh, 102)).toBe(data.length);

    // The CREATE comes again (its reply was lost): the first reply, and the data stays.
    const again = create(100);
    expect(again.bytes).toEqual(first.bytes);
    expect(size(fh, 103)).toBe(data.length);
    expect(cache.stats.hits).toBe(1);

    // A new CREATE of the same name (another xid) does run: it truncates.
    expect(getDirOpRes(create(104).d).status).toBe(NFS_OK);
    expect(size(fh, 105)).toBe(0);
  });
});
