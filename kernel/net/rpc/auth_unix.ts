/**
 * AUTH_UNIX credentials (RFC 1057 appendix; Sun's auth_unix.c and
 * authunix_prot.c): a client tells the server who the caller is — a time
 * stamp, the client's host name, the user and group ids and up to 16
 * supplementary groups — and the server believes it (the machines of a
 * lab trust each other, as the machines of a department did). The kernel
 * NFS client sends the calling process's effective ids; the server runs
 * the call with them (after the export's mapping of root: nfs_export.ts).
 */
import { Ucred } from '../../proc/cred.js';
import { AUTH_UNIX, type OpaqueAuth } from './rpc_msg.js';
import { XdrDecoder, XdrEncoder, XdrError } from './xdr.js';

/** The most bytes of a machine name, and of supplementary groups, AUTH_UNIX carries. */
export const MAX_MACHINE_NAME = 255;
export const NGRPS = 16;

export interface AuthUnixParms {
  stamp: number;
  machinename: string;
  uid: number;
  gid: number;
  gids: number[];
}

export function encodeAuthUnix(a: AuthUnixParms): OpaqueAuth {
  const e = new XdrEncoder(64);
  e.u32(a.stamp).string(a.machinename.slice(0, MAX_MACHINE_NAME)).u32(a.uid).u32(a.gid);
  const gids = a.gids.slice(0, NGRPS);
  e.u32(gids.length);
  for (const g of gids) e.u32(g);
  return { flavor: AUTH_UNIX, body: e.bytes() };
}

/** The parameters of an AUTH_UNIX credential's body; an XdrError if they do not decode or do not fill it. */
export function decodeAuthUnix(body: Uint8Array): AuthUnixParms {
  const d = new XdrDecoder(body);
  const stamp = d.u32();
  const machinename = d.string(MAX_MACHINE_NAME);
  const uid = d.u32();
  const gid = d.u32();
  const n = d.u32();
  if (n > NGRPS) throw new XdrError(`${n} groups`);
  const gids: number[] = [];
  for (let i = 0; i < n; i++) gids.push(d.u32());
  if (d.remaining !== 0) throw new XdrError('bytes after the groups');
  return { stamp, machinename, uid, gid, gids };
}

/** The AUTH_UNIX credential of a process acting with `cred` on machine `host`. */
export function authunixOf(cred: Ucred, host: string, stamp: number): OpaqueAuth {
  return encodeAuthUnix({
    stamp,
    machinename: host,
    uid: cred.uid,
    gid: cred.gid,
    gids: cred.groups,
  });
}

/** The credentials a server acts with for an AUTH_UNIX caller (ids cut to 16 bits, as inodes keep them). */
export function credOf(a: AuthUnixParms): Ucred {
  const uid = a.uid & 0xffff;
  const gid = a.gid & 0xffff;
  return new Ucred(
    uid,
    gid,
    uid,
    gid,
    a.gids.map((g) => g & 0xffff),
  );
}
