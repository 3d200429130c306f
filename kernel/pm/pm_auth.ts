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
 *   permission checks, as that user. And the thesis's dummy file (a
 *   migration only, not the kernels' own page, terminal and note
 *   sessions): the destination makes, on the NFS-shared /home, a fresh
 *   file that only the claimed user may write — owned by whoever that
 *   user's login name is in the destination's /etc/passwd, mode 0600 —
 *   and the source must write a token into it as the migrating process,
 *   through NFS. A source whose user is not the same user there (the two
 *   password files disagree, or the claim is false) cannot. Root is
 *   exempt: NFS maps root to nobody, so no file proves root; root is
 *   trusted on the shared secret alone.
 * Every refusal is logged on the console of the machine that refuses, with
 * its reason, and reported as a migrate event.
 */
import { EACCES, EPERM, Errno } from '../errno.js';
import { lookupVnode } from '../fs/namei.js';
import { NfsVnode } from '../fs/nfs/nfs_vnops.js';
import { kwait, VDIR, type Vnode, VREG } from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import { Ucred } from '../proc/cred.js';
import type { Proc } from '../proc/proc.js';
import { hmacSha256, sameDigest } from './pm_hmac.js';
import { PM_AUTH, PM_CHALLENGE, PM_FILECHAL, PM_FILEDONE, type PmChannel, parseJson } from './pm_proto.js';
import { parseDotted } from './pm_struct.js';

export const PMPOOL = '/etc/pmpool';
export const PMSECRET = '/etc/pmsecret';
/** Where the dummy files are made: on /home, which every machine of the lab shares (sun0's disk; NFS elsewhere). Root's, mode 1777. */
export const PMCHALDIR = '/home/.pm';

/**
 * A refusal: the errno the caller gets, the reason that is logged, and
 * for one the pre-check can tell without I/O, its PMU_ code (pm_files.ts).
 */
export class PmRefusal extends Errno {
  constructor(
    errno: number,
    readonly reason: string,
    readonly why = 0,
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
): Generator<void, { secret: Uint8Array; nonce: Uint8Array }, void> {
  yield* checkPool(k, p, me, peer, 'source');
  const secret = yield* readSecret(k, p);
  const nonce = new Uint8Array(16);
  const dv = new DataView(nonce.buffer);
  for (let i = 0; i < 4; i++) dv.setUint32(4 * i, k.net.random() ^ (i === 0 ? k.cpu.cycles >>> 0 : 0));
  yield* ch.send(PM_CHALLENGE, nonce);
  const answer = yield* ch.expect(PM_AUTH);
  if (!sameDigest(answer, pmResponse(secret, nonce, peer, me, pid, uid)))
    throw new PmRefusal(EACCES, 'the source did not prove it has the shared secret');
  return { secret, nonce };
}

/** What the source writes in the dummy file: HMAC(secret, nonce | name), in hex — this session's, and no one else's. */
export function fileToken(secret: Uint8Array, nonce: Uint8Array, name: string): Uint8Array {
  const n = new TextEncoder().encode(name);
  const msg = new Uint8Array(nonce.length + n.length);
  msg.set(nonce);
  msg.set(n, nonce.length);
  const hex = Array.from(hmacSha256(secret, msg), (b) => b.toString(16).padStart(2, '0')).join('');
  return new TextEncoder().encode(`${hex}\n`);
}

/** One line of /etc/passwd. */
interface PwEntry {
  name: string;
  uid: number;
  gid: number;
}

/** This machine's /etc/passwd (read by the kernel, as the pool file is). */
function* readPasswd(k: Kernel, p: Proc): Generator<void, PwEntry[], void> {
  const f = yield* readSmallFile(k, p, '/etc/passwd');
  if (!f) return [];
  const out: PwEntry[] = [];
  for (const line of new TextDecoder().decode(f.data).split('\n')) {
    const w = line.split(':');
    if (w.length < 4 || !/^\d+$/.test(w[2]) || !/^\d+$/.test(w[3])) continue;
    out.push({ name: w[0], uid: Number(w[2]), gid: Number(w[3]) });
  }
  return out;
}

/** The login name of `uid` here (the source's side: the request names the user), or null. */
export function* loginName(k: Kernel, p: Proc, uid: number): Generator<void, string | null, void> {
  return (yield* readPasswd(k, p)).find((e) => e.uid === uid)?.name ?? null;
}

/** Run `body` with p's credentials replaced by `cred`, the user's a migration acts for (NFS calls go with the current process's). */
export function* asUser<T>(
  p: Proc,
  cred: Ucred,
  body: () => Generator<void, T, void>,
): Generator<void, T, void> {
  const own = p.cred;
  p.cred = cred;
  try {
    return yield* body();
  } finally {
    p.cred = own;
  }
}

const NOT_WRITTEN = "the source could not write the user's challenge file";

/**
 * The destination's dummy-file challenge, for a migration, after the HMAC
 * (thesis §5.6): make a file in PMCHALDIR that only the claimed user can
 * write, send its name, wait for the source's word that it wrote, read
 * the token back, remove the file. Returns false for root (exempt).
 */
export function* pmFileChallenge(
  k: Kernel,
  p: Proc,
  ch: PmChannel,
  req: Record<string, unknown>,
  secret: Uint8Array,
  nonce: Uint8Array,
): Generator<void, boolean, void> {
  const uid = req.uid as number;
  if (uid === 0) return false;
  // Who the user is here: by login name, as the source's /etc/passwd calls it.
  let cred: Ucred;
  if (typeof req.user === 'string') {
    const e = (yield* readPasswd(k, p)).find((x) => x.name === req.user);
    if (!e) throw new PmRefusal(EACCES, `user ${req.user} has no account here`);
    cred = new Ucred(e.uid, e.gid, e.uid, e.gid, [e.gid]);
  } else cred = new Ucred(uid, 65534, uid, 65534, []);
  let dir: Vnode;
  try {
    dir = yield* lookupVnode(k.root, p, PMCHALDIR);
  } catch {
    throw new PmRefusal(EACCES, `no ${PMCHALDIR} for the user's challenge file`);
  }
  try {
    if (dir.type !== VDIR) throw new PmRefusal(EACCES, `${PMCHALDIR} is not a directory`);
    // An unpredictable name: the kernel's random source, 64 bits.
    const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
    const name = `${cred.uid}.${hex(k.net.random())}${hex(k.net.random() ^ k.cpu.cycles)}`;
    let vp: Vnode;
    try {
      vp = (yield* asUser(p, cred, () => kwait(dir.create(name, 0o600, cred)))).hold();
    } catch {
      throw new PmRefusal(EACCES, `the user's challenge file could not be made in ${PMCHALDIR}`);
    }
    try {
      const a = vp.getattr();
      if (a.uid !== cred.uid || (a.mode & 0o777) !== 0o600 || a.size !== 0)
        throw new PmRefusal(EACCES, `the user's challenge file in ${PMCHALDIR} is not the user's alone`);
      const path = `${PMCHALDIR}/${name}`;
      yield* ch.sendJson(PM_FILECHAL, { file: path });
      const done = parseJson(yield* ch.expect(PM_FILEDONE));
      if (done.errno !== 0) throw new PmRefusal(EACCES, NOT_WRITTEN);
      // What the server holds now, not what this machine cached when it made the file.
      if (vp instanceof NfsVnode) yield* asUser(p, cred, () => vp.getattrOtw(cred));
      const size = vp.getattr().size;
      const want = fileToken(secret, nonce, path);
      const got =
        size === want.length ? yield* asUser(p, cred, () => kwait(vp.read(0, size, 0))) : new Uint8Array(0);
      if (!sameDigest(got, want)) throw new PmRefusal(EACCES, NOT_WRITTEN);
    } finally {
      vp.release();
      try {
        yield* asUser(p, cred, () => kwait(dir.remove(name, cred)));
      } catch {
        // Gone already, or the server is: /etc/rc's cleaning of /home/.pm is the backstop.
      }
    }
  } finally {
    dir.release();
  }
  return true;
}

/**
 * The source's answer to the dummy-file challenge: write the token into
 * the file the destination named, as the migrating process's user
 * (`cred`), and say whether it could. Only a plain name in PMCHALDIR is
 * written: a destination may not make the source write the user's other files.
 */
export function* pmProveFile(
  k: Kernel,
  r: Proc,
  ch: PmChannel,
  cred: Ucred,
  secret: Uint8Array,
  nonce: Uint8Array,
  body: Uint8Array,
): Generator<void, void, void> {
  const path = parseJson(body).file;
  if (
    typeof path !== 'string' ||
    !/^[^/]+$/.test(path.slice(PMCHALDIR.length + 1)) ||
    !path.startsWith(`${PMCHALDIR}/`)
  )
    throw new PmRefusal(EACCES, `the destination named no challenge file in ${PMCHALDIR}`);
  let errno = 0;
  try {
    yield* asUser(r, cred, function* () {
      const vp = yield* lookupVnode(k.root, r, path);
      try {
        yield* kwait(vp.revalidate(cred));
        if (vp.type !== VREG || !vp.access(2, cred)) throw new Errno(EACCES);
        yield* kwait(vp.write(0, fileToken(secret, nonce, path), 0));
        yield* kwait(vp.fsync(cred)); // on the server before the destination looks
      } finally {
        vp.release();
      }
    });
  } catch (e) {
    if (!(e instanceof Errno)) throw e;
    errno = e.errno;
  }
  yield* ch.sendJson(PM_FILEDONE, { errno });
}
