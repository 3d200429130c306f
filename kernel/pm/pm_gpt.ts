/**
 * The global process table (thesis §4.3.8 and §5.3): the processes that
 * have migrated, and the parents of such processes, kept lab-wide in
 * "shared memory" — pages of pm_proc slots that live in the kernels'
 * memory, each page owned by exactly one machine at a time.
 *
 * - A page is a token: only its owner reads or changes it, so no other
 *   locking is needed between machines. A process takes a page with
 *   get_pm_page (the page comes to its machine, if it is elsewhere) and
 *   gives it back with pm_release; taking several, it takes them in
 *   increasing order, so two machines never wait for each other in a
 *   circle.
 * - Every machine remembers a probable owner (probowner) for every page:
 *   a hint, updated exactly as the thesis lists — when M1 gives page p to
 *   M2, probowner(p) = M2 at M1; when M1 is asked for p and does not own
 *   it, it answers its probowner(p) and sets probowner(p) to the asker
 *   (who is about to own it); when the asker hears "ask M3", it sets
 *   probowner(p) = M3. Following the hints always ends at the owner.
 * - Initial ownership, by the pool file (/etc/pmpool): method 1 (the
 *   default), page p to the machine number p mod N of the pool sorted by
 *   address; method 2 (a line `pmtable method 2`), all pages to the
 *   first. An owner allocates a page's memory only when it is first used.
 * - The slot of pid is on page (pid + pid / 1000) mod NPMPAGE (pmpage), so
 *   a parent and a child made one after the other are on different pages.
 *
 * Pages travel over TCP (port 1790, `pmpage` in /etc/services) between
 * the kernel asking (get_pm_page, in the system call of the process that
 * needs the page) and migd's page server on the owner, which calls
 * putpmpage (put_pm_page) on each connection; both authenticate as for a
 * migration (pm_auth.ts). The operations on slots — a migration's record
 * of the current host, the exit and delete routines, kill by pid — are in
 * pm_table.ts; the recovery of a dead owner's pages in pm_gptdead.ts.
 */
import { EINVAL, EPROTO, Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import type { Inpcb } from '../net/in_pcb.js';
import { AF_INET, SOCK_STREAM } from '../net/socket.js';
import { type Socket, soclose, socreate } from '../net/uipc_socket.js';
import { getsock } from '../net/uipc_syscalls.js';
import { HZ, PZERO } from '../param.js';
import { suser } from '../proc/cred.js';
import { kproc_start } from '../proc/kproc.js';
import type { Proc } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';
import type { SysCtx } from '../syscall.js';
import { copyout } from '../vm/copyio.js';
import { PmRefusal, pmChallenge, readSmallFile } from './pm_auth.js';
import { pm_dead, pm_deadServe } from './pm_gptdead.js';
import { pmConnect, pmEvent } from './pm_migrate.js';
import {
  PM_ACCEPT,
  PM_GETPAGE,
  PM_OWNER,
  PM_PAGE,
  PM_READY,
  PM_REFUSE,
  PM_REQUEST,
  PM_SIGKILL,
  PmChannel,
  parseJson,
} from './pm_proto.js';
import { myaddr, PIDS_PER_HOST, parseDotted } from './pm_struct.js';
import { pm_noteServe } from './pm_table.js';

/** Pages of the table, and slots per page: up to 8 x 16 processes that migrated or have a migrated child. */
export const NPMPAGE = 8;
export const PMSLOTS = 16;

/** migd's page server. */
export const PMPAGE_PORT = 1790;

/** How long a page request waits for its connection (9 s: one lost SYN is sent again at 6 s); then the peer is down. */
export const PMPAGE_CONNECT = 9 * HZ;

/** A session with the table's page server on `to` (migd's second port), authenticated as a kernel's (pid 0). */
export function pageConnect(k: Kernel, p: Proc, so: Socket, to: number): Generator<void, PmChannel, void> {
  return pmConnect(k, p, so, to, { pid: 0, uid: 0, kind: 'page' }, PMPAGE_PORT, PMPAGE_CONNECT);
}

/** A slot's state. */
export const PS_RUN = 1; // alive, running on `host`
export const PS_ZOMB = 2; // exited; xstat and ru wait for the parent

/**
 * pm_proc, one slot of the table. A process that never migrated has a
 * slot only as the parent of one that did (the thesis's Unix_parent):
 * `migrated` false. Links between slots are pids (ppid, children).
 */
export interface PmProc {
  pid: number;
  ppid: number;
  /** The machine its parent is on (0: orphan, or its parent is init). */
  pphost: number;
  migrated: boolean;
  /** Its real user id (who may signal it). */
  uid: number;
  home: number;
  source: number;
  /** Where it runs now: the copy on this machine is the one that runs. */
  host: number;
  uqMachine: number;
  uqTime: number;
  hops: number;
  stat: number;
  /** Its parent has exited: nobody will wait for it (§5.3.3). */
  orphan: boolean;
  xstat: number;
  ru: Record<string, number> | null;
  comm: string;
  /** Its children that have slots. */
  children: number[];
  /** The hand-off of migration number `hops`: the destination has confirmed it runs the process. */
  confirmed: boolean;
  /** "DEST/HOPS": that destination gave that migration up (pm_table.ts); '' if none. */
  veto: string;
}

/** One page as this machine knows it. */
interface PmPage {
  owner: boolean;
  probowner: number;
  /** The slots, if owned (null until first used: the thesis's optimization). */
  slots: PmProc[] | null;
  /** The process here that has taken it (get_pm_page ... pm_release). */
  holder: Proc | null;
}

/** The table as one machine holds it. */
export interface Gpt {
  me: number;
  pool: number[];
  method: 1 | 2;
  pages: PmPage[];
  /** Machines found dead (pm_gptdead.ts). */
  dead: Set<number>;
  /** Set while the lowest live machine rebuilds a dead owner's pages. */
  rebuilding: boolean;
}

const tables = new WeakMap<Kernel, Gpt>();

/** This machine's table if it has one already (no I/O). */
export function gptPeek(k: Kernel): Gpt | null {
  return tables.get(k) ?? null;
}

/**
 * The page a pid's slot is on: pid mod NPMPAGE, shifted by the machine's
 * range (pid / 1000) so that the n-th process of each machine does not
 * land on the same page.
 */
export function pmpage(pid: number): number {
  const n = Math.max(0, pid);
  return (n + Math.floor(n / PIDS_PER_HOST)) % NPMPAGE;
}

/** The pool file's addresses, sorted, and its table method. */
export function* readPmtable(k: Kernel, p: Proc): Generator<void, { pool: number[]; method: 1 | 2 }, void> {
  const f = yield* readSmallFile(k, p, '/etc/pmpool');
  const pool = new Set<number>();
  let method: 1 | 2 = 1;
  for (const raw of new TextDecoder().decode(f?.data ?? new Uint8Array(0)).split('\n')) {
    const words = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (words[0] === 'pmtable' && words[1] === 'method' && words[2] === '2') method = 2;
    const a = parseDotted(words[0]);
    if (a !== null) pool.add(a);
  }
  return { pool: [...pool].sort((a, b) => a - b), method };
}

/** This machine's table, set up from the pool file the first time (initial ownership by method 1 or 2). */
export function* gptOf(k: Kernel, p: Proc): Generator<void, Gpt, void> {
  const had = tables.get(k);
  if (had) return had;
  const { pool, method } = yield* readPmtable(k, p);
  const me = myaddr(k);
  if (!pool.includes(me)) throw new Errno(EINVAL);
  const again = tables.get(k); // (another process may have set it up meanwhile)
  if (again) return again;
  const pages: PmPage[] = [];
  for (let n = 0; n < NPMPAGE; n++) {
    const owner = method === 2 ? pool[0] : pool[n % pool.length];
    pages.push({ owner: owner === me, probowner: owner, slots: null, holder: null });
  }
  const g: Gpt = { me, pool, method, pages, dead: new Set(), rebuilding: false };
  tables.set(k, g);
  return g;
}

/**
 * get_pm_page (§5.3.1): take page n for process p, bringing it here from
 * its owner if need be, following the probable owners. Returns its slots;
 * the page stays this machine's, and p's, until pm_release. A probable
 * owner that does not take the connection is down: the table goes on
 * without it (pm_gptdead.ts) and the request starts again — so a request
 * never waits forever on a dead owner; one that is alive but slow is asked
 * again (a hard mount's patience).
 */
export function* get_pm_page(k: Kernel, p: Proc, n: number): Generator<void, PmProc[], void> {
  const g = yield* gptOf(k, p);
  const pg = g.pages[n];
  for (let asks = 0; ; asks++) {
    if (pg.owner) {
      if (pg.holder !== null && pg.holder !== p) {
        yield* tsleep(k.sched, p, pg, PZERO, 'pmpage');
        continue; // (it may have been given away meanwhile)
      }
      pg.holder = p;
      pg.slots ??= [];
      return pg.slots;
    }
    if (g.rebuilding && pg.probowner === g.me) {
      yield* tsleep(k.sched, p, g, PZERO, 'pmrbld');
      continue;
    }
    if (pg.probowner === g.me || g.dead.has(pg.probowner)) {
      // A stale hint that points here (this machine gave the page away since):
      // ask the others in turn; each answers with the page or its own hint.
      const others = g.pool.filter((a) => a !== g.me && !g.dead.has(a));
      if (others.length === 0) throw new Errno(EINVAL);
      pg.probowner = others[asks % others.length];
    }
    const to = pg.probowner;
    const answer = yield* pmAside(k, p, 'pmpage', (kp) => askPage(k, kp, g, to, n));
    if (answer === 'down') {
      yield* pm_dead(k, p, to);
      continue;
    }
    if (answer === 'again') {
      yield* tsleep(k.sched, p, k.sched.lbolt, PZERO, 'pmpage');
      continue;
    }
    if (Array.isArray(answer)) {
      pg.owner = true;
      pg.slots = answer;
      pg.probowner = g.me;
      pg.holder = p;
      return answer;
    }
    // "Ask M3": follow the hint (and after going round the pool twice, pause a moment).
    pg.probowner = answer;
    if (asks % (2 * g.pool.length) === 2 * g.pool.length - 1)
      yield* tsleep(k.sched, p, k.sched.lbolt, PZERO, 'pmpage');
  }
}

/**
 * Talk to another machine's page server from a kernel process, while p
 * waits uninterruptibly: a socket wait in p's own name would end at p's
 * first signal (a shell's SIGCHLD), and the table's requests must go on
 * to their end — as a hard NFS mount's do.
 */
export function* pmAside<T>(
  k: Kernel,
  p: Proc,
  name: string,
  body: (kp: Proc) => Generator<void, T, void>,
): Generator<void, T, void> {
  const box: { done: boolean; value?: T; error?: unknown } = { done: false };
  kproc_start(k, name, function* (kp) {
    try {
      box.value = yield* body(kp);
    } catch (e) {
      box.error = e;
    } finally {
      box.done = true;
      k.sched.wakeup(box);
    }
  });
  while (!box.done) yield* tsleep(k.sched, p, box, PZERO, name);
  if (box.error !== undefined) throw box.error;
  return box.value as T;
}

/** Give page n back (it stays this machine's until another asks for it). */
export function pm_release(k: Kernel, n: number): void {
  const g = tables.get(k);
  if (!g) return;
  g.pages[n].holder = null;
  k.sched.wakeup(g.pages[n]);
}

/** Take several pages, in increasing order (no circular waits); returns the slots of each by page number. */
export function* pm_lock(k: Kernel, p: Proc, pids: number[]): Generator<void, Map<number, PmProc[]>, void> {
  const pages = [...new Set(pids.map(pmpage))].sort((a, b) => a - b);
  const got = new Map<number, PmProc[]>();
  for (const n of pages) got.set(n, yield* get_pm_page(k, p, n));
  return got;
}

export function pm_unlock(k: Kernel, held: Map<number, PmProc[]>): void {
  for (const n of held.keys()) pm_release(k, n);
}

/** The slot of pid among pages held, or undefined. */
export function slotOf(held: Map<number, PmProc[]>, pid: number): PmProc | undefined {
  return held.get(pmpage(pid))?.find((s) => s.pid === pid);
}

/** Put a slot on its page (held); false if the page is full. */
export function slotAdd(held: Map<number, PmProc[]>, s: PmProc): boolean {
  const page = held.get(pmpage(s.pid));
  if (!page || page.length >= PMSLOTS) return false;
  page.push(s);
  return true;
}

export function slotDelete(held: Map<number, PmProc[]>, pid: number): void {
  const page = held.get(pmpage(pid));
  const i = page?.findIndex((s) => s.pid === pid) ?? -1;
  if (page && i >= 0) page.splice(i, 1);
}

/**
 * Ask machine `to` for page n: its slots (the page is ours now), the
 * address of the machine to ask next, 'again' (it answered but not in
 * time: busy, ask again) or 'down' (it did not take the connection).
 */
function* askPage(
  k: Kernel,
  p: Proc,
  g: Gpt,
  to: number,
  n: number,
): Generator<void, PmProc[] | number | 'again' | 'down', void> {
  const so = socreate(k.net, AF_INET, SOCK_STREAM, 0, p.cred);
  let connected = false;
  try {
    const ch = yield* pageConnect(k, p, so, to);
    connected = true;
    yield* ch.sendJson(PM_GETPAGE, { page: n });
    const m = yield* ch.recv();
    const body = parseJson(m.body);
    if (m.type === PM_PAGE && Array.isArray(body.slots)) {
      // The page is ours once the owner hears we have it.
      yield* ch.send(PM_READY, new Uint8Array(0));
      pmEvent(k, 0, 'page', to, { part: `get ${n}`, bytes: ch.received });
      return body.slots as PmProc[];
    }
    if (m.type === PM_OWNER && Number.isInteger(body.owner)) return (body.owner as number) >>> 0;
    throw new Errno(EPROTO);
  } catch (e) {
    if (!(e instanceof Errno)) throw e;
    return connected || g.dead.has(to) ? 'again' : 'down';
  } finally {
    soclose(so);
  }
}

/**
 * put_pm_page (§5.3.2), on the machine asked for page n: if this machine
 * owns it, send it (once no process here holds it) and the asker owns it
 * from then on; else send the probable owner. Either way the probable
 * owner becomes the asker.
 */
function* put_pm_page(
  k: Kernel,
  p: Proc,
  ch: PmChannel,
  asker: number,
  n: number,
): Generator<void, void, void> {
  const g = yield* gptOf(k, p);
  if (!Number.isInteger(n) || n < 0 || n >= NPMPAGE) throw new Errno(EPROTO);
  const pg = g.pages[n];
  while ((pg.owner && pg.holder !== null) || (g.rebuilding && pg.probowner === g.me && !pg.owner))
    yield* tsleep(k.sched, p, pg.owner ? pg : g, PZERO, 'pmpage');
  if (!pg.owner) {
    yield* ch.sendJson(PM_OWNER, { page: n, owner: pg.probowner });
    pg.probowner = asker;
    return;
  }
  // Held while it travels, so that no process here takes it meanwhile.
  pg.holder = p;
  try {
    yield* ch.sendJson(PM_PAGE, { page: n, slots: pg.slots ?? [] });
    yield* ch.expect(PM_READY);
    pg.owner = false;
    pg.slots = null;
    pg.probowner = asker;
    pmEvent(k, 0, 'page', asker, { part: `put ${n}`, bytes: ch.sent });
  } finally {
    pm_release(k, n);
  }
}

/**
 * putpmpage(s) — system call 205, super-user only (migd's page server):
 * authenticate the peer on connected socket s and answer its request — a
 * page (put_pm_page), or one of the recovery's (pm_gptdead.ts).
 */
export function* sysPutpmpage(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  suser(p.cred);
  const { so } = getsock(p, ctx.args[0]);
  const inp = so.pcb as Inpcb | null;
  if (!inp || typeof inp.faddr !== 'number' || inp.faddr === 0) throw new Errno(EINVAL);
  const peer = inp.faddr >>> 0;
  const ch = new PmChannel(so, p);
  const req = parseJson(yield* ch.expect(PM_REQUEST));
  if (req.kind !== 'page') throw new Errno(EPROTO);
  yield* pmChallenge(k, p, ch, myaddr(k), peer, 0, 0);
  yield* ch.send(PM_ACCEPT, new Uint8Array(0));
  const m = yield* ch.recv();
  const body = parseJson(m.body);
  try {
    if (m.type === PM_GETPAGE) yield* put_pm_page(k, p, ch, peer, body.page as number);
    else if (m.type === PM_SIGKILL) yield* pm_noteServe(k, ch, body);
    else yield* pm_deadServe(k, p, ch, m.type, body);
  } catch (e) {
    if (e instanceof PmRefusal) yield* ch.sendJson(PM_REFUSE, { errno: e.errno, reason: e.reason });
    throw e;
  }
  ctx.rv = [0, 0];
}

/**
 * getpmpage(page, buf, maxslots) — system call 204: take page `page` of
 * the table (it comes to this machine), copy out its slots as struct
 * pmslot (64 bytes each, <sys/sun3lab.h>) and give it back; returns the
 * number of slots. getpmpage(-1, buf, max) copies out this machine's
 * probable owner of every page instead (its own address for the pages it
 * owns), NPMPAGE addresses: what `pmstat -o` prints.
 */
export function* sysGetpmpage(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const n = ctx.args[0] | 0;
  const max = Math.max(0, ctx.args[2] | 0);
  const g = yield* gptOf(k, p);
  if (n === -1) {
    const out = new Uint8Array(4 * Math.min(max, NPMPAGE));
    const v = new DataView(out.buffer);
    for (let i = 0; i < out.length / 4; i++)
      v.setUint32(4 * i, g.pages[i].owner ? g.me : g.pages[i].probowner);
    copyout(p.vm, ctx.args[1], out);
    ctx.rv = [out.length / 4, 0];
    return;
  }
  if (n < 0 || n >= NPMPAGE) throw new Errno(EINVAL);
  let slots: PmProc[];
  try {
    slots = (yield* get_pm_page(k, p, n)).slice(0, max).map((s) => ({ ...s }));
  } finally {
    pm_release(k, n);
  }
  copyout(p.vm, ctx.args[1], packSlots(slots));
  ctx.rv = [slots.length, 0];
}

export const PMSLOT_SIZE = 64;

/**
 * struct pmslot:  0 pid  4 ppid  8 parent's machine  12 home  16 source
 * 20 host  24 uq-pid machine  28 uq seconds  32 uq microseconds  36 state
 * 40 wait status  44 hops  48 flags (1 migrated, 2 orphan)  52 comm (12).
 */
function packSlots(slots: PmProc[]): Uint8Array {
  const out = new Uint8Array(PMSLOT_SIZE * slots.length);
  const v = new DataView(out.buffer);
  const text = new TextEncoder();
  slots.forEach((s, i) => {
    const o = i * PMSLOT_SIZE;
    const words = [
      s.pid,
      s.ppid,
      s.pphost,
      s.home,
      s.source,
      s.host,
      s.uqMachine,
      Math.floor(s.uqTime / 1_000_000),
      s.uqTime % 1_000_000,
      s.stat,
      s.xstat,
      s.hops,
      (s.migrated ? 1 : 0) | (s.orphan ? 2 : 0),
    ];
    for (const [j, w] of words.entries()) v.setUint32(o + 4 * j, w >>> 0);
    out.set(text.encode(s.comm).subarray(0, 11), o + 52);
  });
  return out;
}
