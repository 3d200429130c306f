/**
 * Who may migrate (thesis §5.6, and more). Three checks, all made by the
 * kernel on both sides:
 * - the pool: /etc/pmpool lists the machines of the processing pool, one
 *   Internet address a line (a name may follow, as in /etc/hosts; `#`
 *   starts a comment). Both machines must be in the pool of both: the
 *   source checks itself and the destination before it connects, the
 *   destination checks itself and the peer address of the connection
 *   (what the network says, not what the request claims);
 * - the shared secret: /etc/pmsecret, a file only the super-user may read
 *   (owned by root, no permission for group or others — otherwise it is
 *   not a secret and nothing migrates), the same on every machine of the
 *   pool. The destination sends a fresh nonce; the source answers
 *   HMAC-SHA-256(secret, nonce | source | destination | pid | uid). A
 *   forged client that lacks the secret cannot answer, the secret never
 *   crosses the wire, and an answer recorded on the LAN is worthless for
 *   another session (another nonce) or from another host (another source);
 * - the user: the credentials come with the request, and the process is
 *   rebuilt with them; files are reopened on the destination with its
 *   permission checks, as that user.
 * Every refusal is logged on the console of the machine that refuses, with
 * its reason, and reported as a migrate event.
 */
import { EACCES, EPERM, Errno } from '../errno.js';
import { lookupVnode } from '../fs/namei.js';
import { kwait, type Vnode, VREG } from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import type { Proc } from '../proc/proc.js';
import { hmacSha256, sameDigest } from './pm_hmac.js';
import { PM_AUTH, PM_CHALLENGE, type PmChannel } from './pm_proto.js';
import { parseDotted } from './pm_struct.js';

export const PMPOOL = '/etc/pmpool';
export const PMSECRET = '/etc/pmsecret';

/** A refusal: the errno the caller gets, and the reason that is logged. */
export class PmRefusal extends Errno {
  constructor(
    errno: number,
    readonly reason: string,
  ) {
    super(errno);
  }
}

/** A whole small file, read by the kernel (no permission check but the path search); null if it is not there. */
export function* readSmallFile(
  k: Kernel,
  p: Proc,
  path: string,
): Generator<void, { data: Uint8Array; uid: number; mode: number } | null, void> {
  let vp: Vnode;
  try {
    vp = yield* lookupVnode(k.root, p, path);
  } catch {
    return null;
  }
  try {
    const a = vp.getattr();
    if (vp.type !== VREG || a.size > 64 * 1024) return null;
    const data = yield* kwait(vp.read(0, a.size, 0));
    return { data, uid: a.uid, mode: a.mode };
  } finally {
    vp.release();
  }
}

/** The addresses of the pool file (an empty set if there is none: no machine may migrate). */
export function* readPool(k: Kernel, p: Proc): Generator<void, Set<number>, void> {
  const f = yield* readSmallFile(k, p, PMPOOL);
  const pool = new Set<number>();
  if (!f) return pool;
  for (const line of new TextDecoder().decode(f.data).split('\n')) {
    const a = parseDotted(line.replace(/#.*/, '').trim().split(/\s+/)[0]);
    if (a !== null) pool.add(a);
  }
  return pool;
}

/** Refuse unless both addresses are in the pool. */
export function* checkPool(
  k: Kernel,
  p: Proc,
  me: number,
  peer: number,
  peerRole: string,
): Generator<void, void, void> {
  const pool = yield* readPool(k, p);
  if (!pool.has(me)) throw new PmRefusal(EPERM, `this machine is not in ${PMPOOL}`);
  if (!pool.has(peer)) throw new PmRefusal(EPERM, `the ${peerRole} is not in ${PMPOOL}`);
}

/** The shared secret, if the file is there, root's, and readable by root alone. */
export function* readSecret(k: Kernel, p: Proc): Generator<void, Uint8Array, void> {
  const f = yield* readSmallFile(k, p, PMSECRET);
  if (!f) throw new PmRefusal(EACCES, `no secret in ${PMSECRET}`);
  if (f.uid !== 0 || f.mode & 0o077) throw new PmRefusal(EACCES, `${PMSECRET} is not readable by root alone`);
  let n = f.data.length;
  while (n > 0 && (f.data[n - 1] === 0x0a || f.data[n - 1] === 0x0d)) n--;
  if (n < 8) throw new PmRefusal(EACCES, `the secret in ${PMSECRET} is shorter than 8 bytes`);
  return f.data.slice(0, n);
}

/** The answer to the destination's challenge for this session. */
export function pmResponse(
  secret: Uint8Array,
  nonce: Uint8Array,
  source: number,
  dest: number,
  pid: number,
  uid: number,
): Uint8Array {
  const msg = new Uint8Array(nonce.length + 16);
  msg.set(nonce);
  const dv = new DataView(msg.buffer);
  const at = nonce.length;
  dv.setUint32(at, source);
  dv.setUint32(at + 4, dest);
  dv.setUint32(at + 8, pid);
  dv.setUint32(at + 12, uid);
  return hmacSha256(secret, msg);
}

/**
 * The destination's half of the challenge (a migration's pmrcv, a page
 * server's putpmpage): a fresh nonce out, the source's HMAC in, checked
 * with this machine's copy of the secret — after the pool check.
 */
export function* pmChallenge(
  k: Kernel,
  p: Proc,
  ch: PmChannel,
  me: number,
  peer: number,
  pid: number,
  uid: number,
): Generator<void, void, void> {
  yield* checkPool(k, p, me, peer, 'source');
  const secret = yield* readSecret(k, p);
  const nonce = new Uint8Array(16);
  const dv = new DataView(nonce.buffer);
  for (let i = 0; i < 4; i++) dv.setUint32(4 * i, k.net.random() ^ (i === 0 ? k.cpu.cycles >>> 0 : 0));
  yield* ch.send(PM_CHALLENGE, nonce);
  const answer = yield* ch.expect(PM_AUTH);
  if (!sameDigest(answer, pmResponse(secret, nonce, peer, me, pid, uid)))
    throw new PmRefusal(EACCES, 'the source did not prove it has the shared secret');
}
