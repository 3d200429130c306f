/**
 * The kernel's RPC server side (SunOS's svc.c, svc_kudp.c and the dispatch
 * half of rfs_dispatch): a table of programs, each with the versions it
 * speaks and one function per procedure, and `svc_dispatch`, which turns
 * one received call into its reply:
 *
 *   - a message whose header does not decode is dropped (there is nobody
 *     to answer: its xid may be garbage too);
 *   - RPC version other than 2: denied, RPC_MISMATCH;
 *   - a credential of a flavor other than AUTH_NULL and AUTH_UNIX, or an
 *     AUTH_UNIX one that does not decode: denied, AUTH_ERROR;
 *   - a program not served: PROG_UNAVAIL; a version not served:
 *     PROG_MISMATCH with the versions that are; a procedure not in the
 *     table: PROC_UNAVAIL;
 *   - arguments that do not decode (the procedure throws XdrError):
 *     GARBAGE_ARGS; a Unix error the procedure does not answer itself:
 *     SYSTEM_ERR;
 *   - otherwise SUCCESS and the procedure's results.
 *
 * A duplicate-request cache (nfs_srvcache.ts) may sit in front of the
 * procedures: a retransmission of a call that changes things gets the
 * first reply again instead of running twice.
 */
import { Errno } from '../../errno.js';
import type { Kernel } from '../../kernel.js';
import type { Ucred } from '../../proc/cred.js';
import type { Proc } from '../../proc/proc.js';
import { credOf, decodeAuthUnix } from './auth_unix.js';
import {
  AUTH_BADCRED,
  AUTH_ERROR,
  AUTH_NULL,
  AUTH_REJECTEDCRED,
  AUTH_UNIX,
  type decodeCall,
  decodeCallAuth,
  decodeCallHead,
  encodeAccepted,
  encodeDenied,
  GARBAGE_ARGS,
  PROC_UNAVAIL,
  PROG_MISMATCH,
  PROG_UNAVAIL,
  RPC_MISMATCH,
  RPC_VERS,
  SUCCESS,
  SYSTEM_ERR,
} from './rpc_msg.js';
import { XdrDecoder, XdrEncoder, XdrError } from './xdr.js';

/** A procedure refuses the caller's credentials: the reply is denied, AUTH_ERROR with this auth_stat. */
export class SvcAuthError extends Error {
  constructor(readonly stat: number) {
    super(`auth_stat ${stat}`);
  }
}

/** One call, as a procedure sees it. */
export interface SvcRequest {
  readonly k: Kernel;
  /** The server process running the call (an nfsd). */
  readonly p: Proc;
  readonly xid: number;
  readonly prog: number;
  readonly vers: number;
  readonly proc: number;
  /** The caller's credentials (AUTH_UNIX), or null for AUTH_NULL. */
  readonly cred: Ucred | null;
  /** The caller's address (a sockaddr_in). */
  readonly from: Uint8Array;
  /** A cursor at the arguments. */
  readonly args: XdrDecoder;
}

/** A procedure: decodes its arguments from req.args (XdrError if it cannot) and writes its results to `res`. */
export type SvcProc = (req: SvcRequest, res: XdrEncoder) => Generator<void, void, void>;

export interface SvcProgram {
  prog: number;
  /** Procedures by version, each a table indexed by procedure number. */
  versions: Map<number, (SvcProc | undefined)[]>;
}

/** Where svc_dispatch keeps replies for retransmitted calls (nfs_srvcache.ts). */
export interface ReplyCache {
  /**
   * Before running a call: 'run' it, 'drop' it (the same call is running
   * now), or send a reply kept from the first time.
   */
  lookup(req: SvcRequest): 'run' | 'drop' | Uint8Array;
  /** The call has run; its reply (kept if the procedure is one that changes things). */
  done(req: SvcRequest, reply: Uint8Array): void;
}

/**
 * The reply to one received call `data` from `from`, or null to send
 * nothing (a header that does not decode; a retransmission of a call
 * still running).
 */
export function* svc_dispatch(
  k: Kernel,
  p: Proc,
  programs: readonly SvcProgram[],
  data: Uint8Array,
  from: Uint8Array,
  cache?: ReplyCache,
): Generator<void, Uint8Array | null, void> {
  k.charge(k.cost.rpcDispatch);
  k.chargeCopy(data.length);
  const args = new XdrDecoder(data);
  let head: ReturnType<typeof decodeCallHead>;
  try {
    head = decodeCallHead(args);
  } catch (e) {
    if (e instanceof XdrError) return null;
    throw e;
  }
  // Another RPC version: what follows its fixed words is not ours to read.
  if (head.rpcvers !== RPC_VERS)
    return encodeDenied(head.xid, RPC_MISMATCH, { low: RPC_VERS, high: RPC_VERS });
  let h: ReturnType<typeof decodeCall>;
  try {
    h = { ...head, ...decodeCallAuth(args) };
  } catch (e) {
    // A credential over 400 bytes, or cut short: refused, as libc's servers refuse it.
    if (e instanceof XdrError) return encodeDenied(head.xid, AUTH_ERROR, { auth: AUTH_BADCRED });
    throw e;
  }
  let cred: Ucred | null = null;
  if (h.cred.flavor === AUTH_UNIX) {
    try {
      cred = credOf(decodeAuthUnix(h.cred.body));
    } catch (e) {
      if (e instanceof XdrError) return encodeDenied(h.xid, AUTH_ERROR, { auth: AUTH_BADCRED });
      throw e;
    }
  } else if (h.cred.flavor !== AUTH_NULL) return encodeDenied(h.xid, AUTH_ERROR, { auth: AUTH_REJECTEDCRED });
  const program = programs.find((pr) => pr.prog === h.prog);
  if (!program) return encodeAccepted(h.xid, PROG_UNAVAIL).bytes();
  const table = program.versions.get(h.vers);
  if (!table) {
    const vs = [...program.versions.keys()];
    return encodeAccepted(h.xid, PROG_MISMATCH, undefined, {
      low: Math.min(...vs),
      high: Math.max(...vs),
    }).bytes();
  }
  const fn = table[h.proc];
  if (!fn) return encodeAccepted(h.xid, PROC_UNAVAIL).bytes();
  const req: SvcRequest = { k, p, xid: h.xid, prog: h.prog, vers: h.vers, proc: h.proc, cred, from, args };
  const cached = cache?.lookup(req) ?? 'run';
  if (cached === 'drop') return null;
  if (cached !== 'run') return cached;
  const res = encodeAccepted(h.xid, SUCCESS, new XdrEncoder(512));
  let reply: Uint8Array;
  try {
    yield* fn(req, res);
    reply = res.bytes();
  } catch (e) {
    // Arguments that do not decode; a Unix error the procedure did not turn into its own status.
    if (e instanceof XdrError) reply = encodeAccepted(h.xid, GARBAGE_ARGS).bytes();
    else if (e instanceof SvcAuthError) reply = encodeDenied(h.xid, AUTH_ERROR, { auth: e.stat });
    else if (e instanceof Errno) reply = encodeAccepted(h.xid, SYSTEM_ERR).bytes();
    else throw e;
  }
  cache?.done(req, reply);
  k.chargeCopy(reply.length);
  return reply;
}
