/**
 * pmrcv(s) — system call 201, the destination's side of a migration
 * (thesis §4.3.5 and §5.5, "control abstraction of pmrcv"). migd accepts
 * a connection, forks, and its child calls pmrcv on the connected socket:
 *
 *   1. read the request; check the pool (pm_auth.ts) against the address
 *      the connection really comes from; challenge the source with a
 *      fresh nonce and check its HMAC with the shared secret; check that
 *      the files it names are the same here; for a user's process, the
 *      dummy file: the source must write it as the user;
 *   2. read the structures, the memory segments (through the memory
 *      strategy), the registers and the descriptors, building the new
 *      address space and reopening the files — nothing of the child is
 *      touched yet;
 *   3. tell the source READY, and wait for its COMMIT: until then the
 *      received process is frozen (it is not a process yet, only its
 *      parts), and if the source refuses, dies or is cut off (no COMMIT
 *      within PM_TIMEOUT) it is thrown away and pmrcv fails;
 *   4. become the migrated process, as exec replaces an image: the
 *      child's memory and descriptors go, the received ones come, it takes
 *      the migrated process's pid and credentials, init becomes its parent
 *      here, and it returns to user state where the process left it — for
 *      a process that called migrate(), just after its trap, with 0.
 * Only the super-user may call it (migd runs as root).
 */
import { EEXIST, EINVAL, EPERM, EPROTO, Errno, ETIMEDOUT } from '../errno.js';
import { closef, type File } from '../fs/file.js';
import type { Vnode } from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import type { Inpcb } from '../net/in_pcb.js';
import type { Socket } from '../net/uipc_socket.js';
import { getsock } from '../net/uipc_syscalls.js';
import { NOFILE } from '../param.js';
import { suser } from '../proc/cred.js';
import { type Proc, SMIGR, SVFORK } from '../proc/proc.js';
import type { SysCtx } from '../syscall.js';
import type { AddressSpace } from '../vm/as.js';
import { PmRefusal, pmChallenge, pmFileChallenge } from './pm_auth.js';
import { type CwdDesc, type FileDesc, reopenCwd, reopenFiles, requestCred, verifyFiles } from './pm_files.js';
import { pm_probeDead, pmHolding, pmLetGo } from './pm_gptdead.js';
import { newSpace } from './pm_memory.js';
import { memoryStrategy, pmEvent } from './pm_migrate.js';
import { rebuildMaps } from './pm_mmap.js';
import {
  PM_ACCEPT,
  PM_COMMIT,
  PM_CONTINUED,
  PM_END,
  PM_EXIT,
  PM_FILES,
  PM_MOVED,
  PM_READY,
  PM_REFUSE,
  PM_REGS,
  PM_REQUEST,
  PM_SEGMENT,
  PM_SIGNAL,
  PM_STOPPED,
  PM_STRUCTS,
  PmChannel,
  parseJson,
} from './pm_proto.js';
import { pmnoteReceive } from './pm_remote.js';
import { checkStructs, credOf, type PmStructs, unpackStructs } from './pm_state.js';
import { myaddr, PM_AWAY, PM_HOME, pidHome } from './pm_struct.js';
import { gptConfirm, makeSlot } from './pm_table.js';
import { pmttyServe } from './pm_tty_home.js';

/** pmrcv(s): s is a connected TCP socket from migd's accept. */
export function* sysPmrcv(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  suser(p.cred);
  const { so } = getsock(p, ctx.args[0]);
  if (p.flag & SVFORK) throw new Errno(EINVAL);
  const inp = so.pcb as Inpcb | null;
  if (!inp || typeof inp.faddr !== 'number' || inp.faddr === 0) throw new Errno(EINVAL);
  if (yield* pm_receive(k, p, so, inp.faddr >>> 0)) ctx.noReturn = true;
  else ctx.rv = [0, 0]; // an exit report, taken: the caller goes on (and exits)
}

/** The parts of the process as they arrive. */
interface Received {
  pid: number;
  structs: PmStructs;
  as: AddressSpace;
  regs: Uint8Array;
  table: (File | null)[];
  cloexec: boolean[];
  /** The current directory, held. */
  cwd: { vp: Vnode; name: string };
}

/** Returns true when p has become the migrated process, false after an exit report. */
function* pm_receive(k: Kernel, p: Proc, so: Socket, peer: number): Generator<void, boolean, void> {
  const me = myaddr(k);
  const ch = new PmChannel(so, p);
  let pid = 0;
  let as: AddressSpace | null = null;
  let table: (File | null)[] | null = null;
  let cwd: { vp: Vnode; name: string } | null = null;
  let got: Received;
  try {
    // 1. Who, from where, and the proof.
    const req = parseJson(yield* ch.expect(PM_REQUEST));
    if (!Number.isInteger(req.pid) || !Number.isInteger(req.uid)) throw new Errno(EPROTO);
    pid = req.pid as number;
    pmEvent(k, pid, 'request', peer);
    const proof = yield* pmChallenge(k, p, ch, me, peer, pid, req.uid as number);
    if (pidHome(pid) === 0) throw new PmRefusal(EPERM, `pid ${pid} is of the boot range`);
    const migrating = req.kind === undefined || req.kind === 'migrate';
    // A process coming: its pid is free here — or it is this machine's SMIGR entry of it, coming back.
    if (migrating && k.procs.has(pid) && k.procs.get(pid)?.stat !== SMIGR)
      throw new PmRefusal(EEXIST, `pid ${pid} is in use here`);
    // Before accepting: every file the source named gives the same file here (pm_files.ts).
    if (migrating && Array.isArray(req.files))
      yield* verifyFiles(
        k,
        p,
        requestCred(req),
        [...(req.files as FileDesc[]), ...(Array.isArray(req.mapfiles) ? (req.mapfiles as FileDesc[]) : [])],
        (req.cwd as CwdDesc) ?? null,
      );
    // A process coming: its user must also write the dummy file (the kernels' own sessions are not asked).
    // (After the files' check, which only opens and closes: a machine that does not share them refuses on that first.)
    if (migrating && (yield* pmFileChallenge(k, p, ch, req, proof.secret, proof.nonce)))
      pmEvent(k, pid, 'challenge', peer);
    yield* ch.send(PM_ACCEPT, new Uint8Array(0));
    pmEvent(k, pid, 'auth', peer);
    if (req.kind === 'tty') {
      // The terminal of a process of this machine's that runs elsewhere (pm_tty.ts).
      yield* pmttyServe(k, p, ch, { pid, uid: req.uid as number, host: peer });
      return false;
    }
    const first = yield* ch.recv();
    if (!migrating) {
      // Its exit, where it went, a signal for it (pm_remote.ts).
      if (
        first.type !== PM_EXIT &&
        first.type !== PM_MOVED &&
        first.type !== PM_SIGNAL &&
        first.type !== PM_STOPPED &&
        first.type !== PM_CONTINUED
      )
        throw new Errno(EPROTO);
      const what = yield* pmnoteReceive(k, ch, pid, first.type, parseJson(first.body));
      pmEvent(k, pid, what, peer);
      return false;
    }
    if (first.type === PM_REFUSE) throw new Errno((parseJson(first.body).errno as number) | 0 || EPROTO);
    if (first.type !== PM_STRUCTS) throw new Errno(EPROTO);

    // 2. The process, part by part.
    const structs = checkStructs(parseJson(first.body));
    if (structs.proc.pid !== pid || structs.ucred.uid !== req.uid) throw new Errno(EPROTO);
    as = newSpace(k, structs.vm);
    let regs: Uint8Array | null = null;
    let files: FileDesc[] | null = null;
    for (;;) {
      const m = yield* ch.recv();
      if (m.type === PM_SEGMENT) memoryStrategy.receive(k, as, m.body);
      else if (m.type === PM_REGS && m.body.length === 72) regs = m.body;
      else if (m.type === PM_FILES) files = checkFiles(parseJson(m.body));
      else if (m.type === PM_END) break;
      else if (m.type === PM_REFUSE) throw new Errno((parseJson(m.body).errno as number) | 0 || EPROTO);
      else throw new Errno(EPROTO);
    }
    if (!regs || !files) throw new Errno(EPROTO);
    // The whole process is here: a machine that finds the source dead asks who holds it (pm_gptdead.ts).
    pmHolding(k, { ...makeSlot(pid, structs.pm, structs.ucred.ruid, structs.u.comm), host: me });
    yield* rebuildMaps(k, p, credOf(structs), as, structs.vm.maps ?? []);
    table = yield* reopenFiles(k, p, credOf(structs), files, structs.pm.home);
    cwd = yield* reopenCwd(k, p, credOf(structs), structs.u.cwd);
    const cloexec = new Array<boolean>(NOFILE).fill(false);
    for (const d of files) cloexec[d.fd] = d.cloexec;

    // 3. Hold it, frozen, until the source lets go.
    yield* ch.send(PM_READY, new Uint8Array(0));
    pmEvent(k, pid, 'ready', peer, { bytes: ch.received });
    // 4. Which copy runs is the global table's word (pm_table.ts): with the
    // COMMIT the source has written it here; without it, the table decides.
    const committed = yield* commitOrSilence(ch);
    const mine = { pid, pm: structs.pm, uid: structs.ucred.ruid, comm: structs.u.comm };
    if (!(yield* gptConfirm(k, p, mine, committed, () => pm_probeDead(k, p, peer))))
      throw new PmRefusal(ETIMEDOUT, 'the process stays with its source (the global table says so)');
    if (committed) yield* ch.send(PM_READY, new Uint8Array(0)); // the source copy may go
    got = { pid, structs, as, regs, table, cloexec, cwd };
  } catch (e) {
    pmLetGo(k, pid);
    as?.clear();
    if (table) for (const f of new Set(table)) while (f && f.refs > 0) closef(f);
    cwd?.vp.release();
    if (e instanceof Errno) {
      const refused = e instanceof PmRefusal;
      const reason = refused ? (e as PmRefusal).reason : e.message;
      if (refused) {
        try {
          yield* ch.sendJson(PM_REFUSE, { errno: e.errno, reason });
        } catch {
          // The source is gone too: nothing more to tell it.
        }
      }
      pmEvent(k, pid, refused ? 'refuse' : 'abort', peer, { errno: e.errno, reason });
    }
    throw e;
  }
  become(k, p, got, peer, me);
  pmLetGo(k, pid);
  pmEvent(k, pid, 'resume', peer);
  return true;
}

/** True when the COMMIT came; false when the source went silent or the connection broke (a refusal stays one). */
function* commitOrSilence(ch: PmChannel): Generator<void, boolean, void> {
  try {
    yield* ch.expect(PM_COMMIT);
    return true;
  } catch (e) {
    if (!(e instanceof Errno) || e instanceof PmRefusal) throw e;
    return false;
  }
}

/** The descriptors' descriptions, checked. */
function checkFiles(v: Record<string, unknown>): FileDesc[] {
  if (!Array.isArray(v)) throw new Errno(EPROTO);
  for (const d of v as FileDesc[])
    if (
      !d ||
      !Number.isInteger(d.fd) ||
      d.fd < 0 ||
      d.fd >= NOFILE ||
      typeof d.name !== 'string' ||
      !Number.isInteger(d.flags) ||
      !Number.isInteger(d.offset) ||
      !Number.isInteger(d.next)
    )
      throw new Errno(EPROTO);
  return v as FileDesc[];
}

/** The exec-like replacement: the migd child becomes the migrated process. */
function become(k: Kernel, p: Proc, r: Received, peer: number, me: number): void {
  // The child's own image and descriptors go (the connection to the source among them).
  k.pmap.release(p.vm);
  p.vm.clear();
  p.vm = r.as;
  for (let fd = 0; fd < NOFILE; fd++) {
    const f = p.u.ofile[fd];
    p.u.ofile[fd] = r.table[fd];
    p.u.pofile[fd] = r.cloexec[fd] ? 1 : 0;
    if (f) closef(f);
  }
  p.u.cdir?.release();
  p.u.cdir = r.cwd.vp;
  p.u.cdirName = r.cwd.name;
  unpackStructs(k, p, r.structs);
  const pm = r.structs.pm;
  p.u.pm = { ...pm, source: peer, host: me, stat: pm.home === me ? PM_HOME : PM_AWAY };
  // Its pid, and its parent here: the one its SMIGR entry had if it is
  // back where its parent is; else init (its parent, if any, is elsewhere).
  const shadow = k.procs.get(r.pid);
  k.procs.delete(p.pid);
  p.pid = r.pid;
  k.procs.set(p.pid, p);
  p.parent?.children.delete(p);
  if (shadow && shadow.stat === SMIGR && shadow.parent) {
    p.parent = shadow.parent;
    shadow.parent.children.delete(shadow);
    p.u.pm.parentHost = 0;
  } else p.parent = k.procs.get(1) ?? null;
  p.parent?.children.add(p);
  // Where it left user state.
  const dv = new DataView(r.regs.buffer, r.regs.byteOffset, r.regs.byteLength);
  for (let i = 0; i < 16; i++) p.pcb.regs[i] = dv.getInt32(4 * i);
  p.pcb.pc = dv.getUint32(64);
  p.pcb.sr = dv.getUint32(68) & 0x00ff; // user state: only the condition codes come from the wire
}
