/**
 * Who a process is (4.3BSD's kern_prot.c, with SunOS 4.1's saved ids):
 * getuid, getgid, setuid, setgid, setreuid, setregid, getgroups and
 * setgroups. The credentials themselves are in proc/cred.ts.
 *
 * The rules, for user ids (group ids follow the same ones):
 *
 * - The super-user (effective uid 0) may set any id. setuid(x) sets the
 *   real, effective and saved ids all to x: there is no way back.
 * - Anyone else may make the effective id the real or the saved one:
 *   setuid(x) with x the real or saved id changes only the effective id
 *   (POSIX _POSIX_SAVED_IDS), so a set-user-id program can step down to
 *   its real user and up again.
 * - setreuid(r, e) (-1 leaves an id as it is): the real id may become the
 *   effective one, the effective id the real or saved one. If the real id
 *   is set, or the effective one becomes something other than the real
 *   one, the saved id follows the new effective id (as SunOS 4.1, 4.3BSD
 *   and later BSDs do), so that swapping real and effective ids for a
 *   while still works.
 *
 * A call that changes any id (or the groups) marks the process SSUGID: it no longer dumps
 * core (proc/core.ts) until it runs an ordinary program again.
 */
import { EINVAL, EPERM, Errno } from '../errno.js';
import { MAXID, NGROUPS, suser, type Ucred } from '../proc/cred.js';
import { type Proc, SSUGID } from '../proc/proc.js';
import type { SysCtx } from '../syscall.js';
import { copyin, copyout, longs } from '../vm/copyio.js';

/** getuid(): d0 = real uid, d1 = effective uid (libc's geteuid takes d1). */
export function sysGetuid(ctx: SysCtx): void {
  ctx.rv = [ctx.p.cred.ruid, ctx.p.cred.uid];
}

/** getgid(): d0 = real gid, d1 = effective gid. */
export function sysGetgid(ctx: SysCtx): void {
  ctx.rv = [ctx.p.cred.rgid, ctx.p.cred.gid];
}

/** One kind of id of a process: real, effective and saved. */
interface Ids {
  real: number;
  eff: number;
  saved: number;
}

/** Where the user ids and the group ids live in the credentials. */
type IdField = 'ruid' | 'uid' | 'svuid' | 'rgid' | 'gid' | 'svgid';
type IdKind = Record<keyof Ids, IdField>;
const USER: IdKind = { real: 'ruid', eff: 'uid', saved: 'svuid' };
const GROUP: IdKind = { real: 'rgid', eff: 'gid', saved: 'svgid' };

const getIds = (c: Ucred, k: IdKind): Ids => ({ real: c[k.real], eff: c[k.eff], saved: c[k.saved] });

/** An id argument: 0..65535 (EINVAL otherwise), or -1 ("leave it") where `keep` allows it. */
function idArg(v: number, keep = false): number {
  const n = v | 0;
  if (keep && n === -1) return -1;
  if (n < 0 || n > MAXID) throw new Errno(EINVAL);
  return n;
}

/** setuid/setgid: root sets all three ids; others may set the effective id to the real or saved one. */
function setOne(cur: Ids, id: number, root: boolean): Ids {
  if (root) return { real: id, eff: id, saved: id };
  if (id !== cur.real && id !== cur.saved) throw new Errno(EPERM);
  return { ...cur, eff: id };
}

/** setreuid/setregid (see the rules at the top). */
function setReal(cur: Ids, r: number, e: number, root: boolean): Ids {
  if (!root) {
    if (r !== -1 && r !== cur.real && r !== cur.eff) throw new Errno(EPERM);
    if (e !== -1 && e !== cur.real && e !== cur.eff && e !== cur.saved) throw new Errno(EPERM);
  }
  const real = r === -1 ? cur.real : r;
  const eff = e === -1 ? cur.eff : e;
  const saved = r !== -1 || (e !== -1 && eff !== real) ? eff : cur.saved;
  return { real, eff, saved };
}

/** Store new ids of a kind; SSUGID if anything changed. */
function store(p: Proc, kind: IdKind, n: Ids): void {
  const c = p.cred;
  if (n.real !== c[kind.real] || n.eff !== c[kind.eff] || n.saved !== c[kind.saved]) p.flag |= SSUGID;
  c[kind.real] = n.real;
  c[kind.eff] = n.eff;
  c[kind.saved] = n.saved;
}

/** setuid(id) or setgid(id). */
function setid(ctx: SysCtx, kind: IdKind): void {
  const c = ctx.p.cred;
  store(ctx.p, kind, setOne(getIds(c, kind), idArg(ctx.args[0]), c.isSuperuser()));
  ctx.rv = [0, ctx.rv[1]];
}

/** setreuid(r, e) or setregid(r, e). */
function setreid(ctx: SysCtx, kind: IdKind): void {
  const c = ctx.p.cred;
  const r = idArg(ctx.args[0], true);
  const e = idArg(ctx.args[1], true);
  store(ctx.p, kind, setReal(getIds(c, kind), r, e, c.isSuperuser()));
  ctx.rv = [0, ctx.rv[1]];
}

export const sysSetuid = (ctx: SysCtx): void => setid(ctx, USER);
export const sysSetgid = (ctx: SysCtx): void => setid(ctx, GROUP);
/** setreuid(ruid, euid); libc's seteuid(e) is setreuid(-1, e). */
export const sysSetreuid = (ctx: SysCtx): void => setreid(ctx, USER);
export const sysSetregid = (ctx: SysCtx): void => setreid(ctx, GROUP);

/**
 * getgroups(gidsetlen, gidset): the supplementary groups, as ints (SunOS
 * 4's int gidset[]). A gidsetlen of 0 just counts them; one smaller than
 * the number of groups is EINVAL.
 */
export function sysGetgroups(ctx: SysCtx): void {
  const groups = ctx.p.cred.groups;
  const len = ctx.args[0] | 0;
  if (len < 0) throw new Errno(EINVAL);
  if (len !== 0) {
    if (len < groups.length) throw new Errno(EINVAL);
    copyout(ctx.p.vm, ctx.args[1], longs(groups));
  }
  ctx.rv = [groups.length, ctx.rv[1]];
}

/** setgroups(ngroups, gidset): the super-user sets the supplementary groups (at most NGROUPS). */
export function sysSetgroups(ctx: SysCtx): void {
  suser(ctx.p.cred);
  const n = ctx.args[0] | 0;
  if (n < 0 || n > NGROUPS) throw new Errno(EINVAL);
  const v = new DataView(copyin(ctx.p.vm, ctx.args[1], 4 * n).buffer);
  const groups: number[] = [];
  for (let i = 0; i < n; i++) groups.push(idArg(v.getInt32(4 * i)));
  const old = ctx.p.cred.groups;
  if (groups.length !== old.length || groups.some((g, i) => g !== old[i])) ctx.p.flag |= SSUGID;
  ctx.p.cred.groups = groups;
  ctx.rv = [0, ctx.rv[1]];
}
