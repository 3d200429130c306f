/**
 * ONC RPC version 2 messages (RFC 1057; Sun's rpc_msg.h and rpc_prot.c):
 * the call and reply headers every RPC carries in front of its arguments
 * or results. A call names the program, its version and the procedure,
 * and carries a credential and a verifier (opaque_auth: a flavor and up
 * to 400 bytes). A reply is either accepted — the call ran (SUCCESS, with
 * the results after the header) or could not (PROG_UNAVAIL, PROG_MISMATCH,
 * PROC_UNAVAIL, GARBAGE_ARGS, SYSTEM_ERR) — or denied: the RPC version is
 * wrong (RPC_MISMATCH) or the credential was refused (AUTH_ERROR).
 *
 * These are pure functions over XDR (xdr.ts); the kernel's client is
 * clnt_udp.ts, its server svc.ts.
 */
import { type XdrDecoder, XdrEncoder, XdrError } from './xdr.js';

export const RPC_VERS = 2;
export const CALL = 0;
export const REPLY = 1;

/** reply_stat */
export const MSG_ACCEPTED = 0;
export const MSG_DENIED = 1;

/** accept_stat */
export const SUCCESS = 0;
export const PROG_UNAVAIL = 1;
export const PROG_MISMATCH = 2;
export const PROC_UNAVAIL = 3;
export const GARBAGE_ARGS = 4;
export const SYSTEM_ERR = 5;

/** reject_stat */
export const RPC_MISMATCH = 0;
export const AUTH_ERROR = 1;

/** auth_stat */
export const AUTH_BADCRED = 1;
export const AUTH_REJECTEDCRED = 2;
export const AUTH_BADVERF = 3;
export const AUTH_REJECTEDVERF = 4;
export const AUTH_TOOWEAK = 5;

/** Authentication flavors. */
export const AUTH_NULL = 0;
export const AUTH_UNIX = 1;
export const AUTH_SHORT = 2;

/** The most bytes an opaque_auth body may have. */
export const MAX_AUTH_BYTES = 400;

export interface OpaqueAuth {
  flavor: number;
  body: Uint8Array;
}

export const NULL_AUTH: OpaqueAuth = { flavor: AUTH_NULL, body: new Uint8Array(0) };

export interface CallHeader {
  xid: number;
  prog: number;
  vers: number;
  proc: number;
  cred: OpaqueAuth;
  verf: OpaqueAuth;
}

function putAuth(e: XdrEncoder, a: OpaqueAuth): void {
  e.u32(a.flavor).opaque(a.body);
}

function getAuth(d: XdrDecoder): OpaqueAuth {
  const flavor = d.u32();
  return { flavor, body: Uint8Array.from(d.opaque(MAX_AUTH_BYTES)) };
}

/** A call's header; the arguments follow in the same encoder. */
export function encodeCall(h: CallHeader, e = new XdrEncoder()): XdrEncoder {
  e.u32(h.xid).u32(CALL).u32(RPC_VERS).u32(h.prog).u32(h.vers).u32(h.proc);
  putAuth(e, h.cred);
  putAuth(e, h.verf);
  return e;
}

/**
 * What a server makes of a message's start: a call's fixed words (xid,
 * direction, RPC version, program, version, procedure), or an XdrError if
 * even these do not decode (a server drops such a message: it cannot even
 * tell whom to answer). What follows is laid out by RPC version 2 only, so
 * a server checks `rpcvers` before it reads on (decodeCallAuth).
 */
export function decodeCallHead(d: XdrDecoder): Omit<CallHeader, 'cred' | 'verf'> & { rpcvers: number } {
  const xid = d.u32();
  const mtype = d.u32();
  if (mtype !== CALL) throw new XdrError(`not a call (message type ${mtype})`);
  return { xid, rpcvers: d.u32(), prog: d.u32(), vers: d.u32(), proc: d.u32() };
}

/** A version 2 call's credential and verifier (an XdrError if either is longer than 400 bytes or cut short). */
export function decodeCallAuth(d: XdrDecoder): { cred: OpaqueAuth; verf: OpaqueAuth } {
  const cred = getAuth(d);
  return { cred, verf: getAuth(d) };
}

/** A whole call header, the cursor left at the arguments (an XdrError if any of it does not decode). */
export function decodeCall(d: XdrDecoder): CallHeader & { rpcvers: number } {
  const head = decodeCallHead(d);
  return { ...head, ...decodeCallAuth(d) };
}

/** How a reply answered: accepted with a status, or denied. */
export type ReplyStatus =
  | { accepted: true; stat: number; low?: number; high?: number; verf: OpaqueAuth }
  | { accepted: false; reject: number; low?: number; high?: number; auth?: number };

/** An accepted reply's header (SUCCESS: the results follow in the same encoder). */
export function encodeAccepted(
  xid: number,
  stat: number,
  e = new XdrEncoder(),
  mismatch?: { low: number; high: number },
): XdrEncoder {
  e.u32(xid).u32(REPLY).u32(MSG_ACCEPTED);
  putAuth(e, NULL_AUTH);
  e.u32(stat);
  if (stat === PROG_MISMATCH) e.u32(mismatch?.low ?? 0).u32(mismatch?.high ?? 0);
  return e;
}

/** A denied reply: RPC_MISMATCH (the versions this server speaks) or AUTH_ERROR (why the credential was refused). */
export function encodeDenied(
  xid: number,
  reject: number,
  detail: { low?: number; high?: number; auth?: number },
): Uint8Array {
  const e = new XdrEncoder(32);
  e.u32(xid).u32(REPLY).u32(MSG_DENIED).u32(reject);
  if (reject === RPC_MISMATCH) e.u32(detail.low ?? RPC_VERS).u32(detail.high ?? RPC_VERS);
  else e.u32(detail.auth ?? AUTH_BADCRED);
  return e.bytes();
}

/** A reply's header: its xid and how it answered; the cursor is left at the results. */
export function decodeReply(d: XdrDecoder): { xid: number; status: ReplyStatus } {
  const xid = d.u32();
  const mtype = d.u32();
  if (mtype !== REPLY) throw new XdrError(`not a reply (message type ${mtype})`);
  const rstat = d.u32();
  if (rstat === MSG_ACCEPTED) {
    const verf = getAuth(d);
    const stat = d.u32();
    if (stat === PROG_MISMATCH)
      return { xid, status: { accepted: true, stat, verf, low: d.u32(), high: d.u32() } };
    return { xid, status: { accepted: true, stat, verf } };
  }
  if (rstat !== MSG_DENIED) throw new XdrError(`bad reply status ${rstat}`);
  const reject = d.u32();
  if (reject === RPC_MISMATCH)
    return { xid, status: { accepted: false, reject, low: d.u32(), high: d.u32() } };
  if (reject === AUTH_ERROR) return { xid, status: { accepted: false, reject, auth: d.u32() } };
  throw new XdrError(`bad reject status ${reject}`);
}

/** The words clnt_sperrno would print for a reply that did not succeed ("RPC: Program unavailable"...). */
export function replyError(s: ReplyStatus): string {
  if (s.accepted) {
    switch (s.stat) {
      case PROG_UNAVAIL:
        return 'RPC: Program unavailable';
      case PROG_MISMATCH:
        return 'RPC: Program/version mismatch';
      case PROC_UNAVAIL:
        return 'RPC: Procedure unavailable';
      case GARBAGE_ARGS:
        return "RPC: Server can't decode arguments";
      case SYSTEM_ERR:
        return 'RPC: Remote system error';
      default:
        return s.stat === SUCCESS ? 'RPC: Success' : `RPC: accept status ${s.stat}`;
    }
  }
  return s.reject === RPC_MISMATCH ? 'RPC: Incompatible versions of RPC' : 'RPC: Authentication error';
}
