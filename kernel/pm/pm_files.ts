/**
 * Open files at migration (thesis §4.3.6 and §5.2). The source describes
 * every descriptor: the name to reopen it by (pm_fmap), its open mode and
 * flags, its offset, its close-on-exec flag, and the dup chains
 * (pm_dmap) — descriptors that share one open file, and so one offset,
 * after dup, dup2 or F_DUPFD. The destination opens each chain's file
 * once, with the process's credentials, sets its offset and flags, and
 * gives it to every descriptor of the chain.
 *
 * A file is named by its path, but the path is only a hint: a regular
 * file or a directory moves only if the path, opened on the destination,
 * gives the *same file* — the same server, file system id, file id and
 * generation (its FileId: what an NFS handle says, plus the machine that
 * serves it). So a file on the NFS-shared /home moves, and a file on a
 * machine's own disk, or one renamed or removed since it was opened,
 * does not. Checked twice, both before the freeze: at the source (what it
 * can see alone: a local file under no export, an unlinked or renamed
 * file, an entry shared with another process) and at the destination
 * when the request comes (it opens every name and compares, and refuses
 * before accepting); the destination checks again as it reopens the
 * files during the transfer, and refuses before READY. The source's rules
 * that need no I/O (fileBar) are also the pre-check pminfo reports, so
 * that loadd leaves out a process that would be refused before choosing.
 *
 * What refuses the migration, with the errno the caller gets:
 * - a pipe, a FIFO or a socket (EOPNOTSUPP);
 * - a regular file or directory not on a file system both machines share,
 *   removed or renamed since it was opened, or (at the destination) that
 *   the name does not give there, or that the user may not open there (EXDEV);
 * - a file-table entry shared with another process through fork (EXDEV):
 *   its offset would have to live on two machines at once. sun3lab refuses
 *   rather than keeping the offset at home;
 * - a block device, which stays with its disk (EXDEV).
 * A character device (the console, /dev/tty, /dev/null) is reopened by its
 * name in /dev: the console then means the destination's console.
 *
 * A mapped file (pm_mmap.ts) moves by the same rules (nameBar, checkName,
 * openOne), under the name its descriptor had; mapsBar is the one place
 * for the rules of mmap regions.
 *
 * The current directory moves by name too: on a shared file system it must
 * give the same directory (else EXDEV); a directory of this machine's own
 * disk becomes the directory of the same name on the destination, or "/"
 * if there is none (a process started in "/" is in "/" there).
 */
import { EINVAL, EOPNOTSUPP, Errno, EXDEV } from '../errno.js';
import { closef, type File, FNBIO, FNONBLOCK } from '../fs/file.js';
import { lookupVnode } from '../fs/namei.js';
import { exportAbove } from '../fs/nfs/nfs_export.js';
import { NfsVnode } from '../fs/nfs/nfs_vnops.js';
import { UfsVnode } from '../fs/ufs_vnops.js';
import {
  FAPPEND,
  FNDELAY,
  FREAD,
  FWRITE,
  kdone,
  kwait,
  VCHR,
  VDIR,
  VFIFO,
  type Vnode,
  VREG,
  VSOCK,
} from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import { sin_addr } from '../net/socket.js';
import { NOFILE } from '../param.js';
import { Ucred } from '../proc/cred.js';
import { type Proc, SZOMB } from '../proc/proc.js';
import { fhDecode } from '../sys/getfh.js';
import { O_NOCTTY, openPath } from '../sys/vfs_syscalls.js';
import type { SysCtx } from '../syscall.js';
import type { Mapping } from '../vm/as.js';
import { asUser, PmRefusal } from './pm_auth.js';
import { myaddr } from './pm_struct.js';
import { rttyName, rttyOpen } from './pm_tty.js';

/** Which file a vnode is, lab-wide: the machine whose disk holds it, and what an NFS handle for it says. */
export interface FileId {
  server: number;
  fsid: number;
  ino: number;
  gen: number;
}

/** One descriptor as the source sends it. */
export interface FileDesc {
  fd: number;
  /** The name to reopen it by (pm_fmap[fd]). */
  name: string;
  /** FREAD, FWRITE, FAPPEND and the non-blocking modes. */
  flags: number;
  offset: number;
  cloexec: boolean;
  /** The next descriptor sharing this open file (pm_dmap[fd]), -1 at the end of the chain. */
  next: number;
  /** A regular file or directory: which file the name must give on the destination. Absent for a device. */
  id?: FileId;
}

/** The current directory as the source sends it: its name, and which directory it is if it is on a shared file system. */
export interface CwdDesc {
  name: string;
  id: FileId | null;
}

/** The FileId of vp, or null for a vnode of neither a disk nor NFS. */
export function fileId(k: Kernel, vp: Vnode): FileId | null {
  if (vp instanceof UfsVnode)
    return { server: myaddr(k), fsid: vp.mount.dev, ino: vp.ip.ino, gen: vp.ip.gen };
  if (vp instanceof NfsVnode) {
    const fh = fhDecode(vp.fh);
    if (!fh) return null;
    return { server: sin_addr(vp.mount.args.addr) >>> 0, fsid: fh.fsid, ino: fh.ino, gen: fh.gen };
  }
  return null;
}

const sameId = (a: FileId | null, b: FileId | null | undefined): boolean =>
  !!a && !!b && a.server === b.server && a.fsid === b.fsid && a.ino === b.ino && a.gen === b.gen;

/** The name in /dev of character device `rdev`, as ttyname finds a terminal's; null if none. */
function* devName(k: Kernel, p: Proc, rdev: number): Generator<void, string | null, void> {
  let dev: Vnode;
  try {
    dev = yield* lookupVnode(k.root, p, '/dev');
  } catch {
    return null;
  }
  try {
    for (let cookie = 0; ; ) {
      const { entries, next } = yield* kwait(dev.readdir(cookie, 32, p.cred));
      if (entries.length === 0) return null;
      for (const e of entries) {
        if (e.name === '.' || e.name === '..') continue;
        const vp = (yield* kwait(dev.lookup(e.name, p.cred))).hold();
        try {
          const a = vp.getattr();
          if (vp.type === VCHR && a.rdev === rdev) return `/dev/${e.name}`;
        } finally {
          vp.release();
        }
      }
      cookie = next;
    }
  } finally {
    dev.release();
  }
}

/** The FileId `name` gives here, looked up as p (null if it gives nothing). */
function* idOfName(k: Kernel, p: Proc, name: string): Generator<void, FileId | null, void> {
  let vp: Vnode;
  try {
    vp = yield* lookupVnode(k.root, p, name);
  } catch (e) {
    if (e instanceof Errno) return null;
    throw e;
  }
  try {
    return fileId(k, vp);
  } finally {
    vp.release();
  }
}

/** Is the file of this machine's disk under a directory this machine exports (so that others can name it)? */
function* exportedHere(k: Kernel, p: Proc, vp: UfsVnode, name: string): Generator<void, boolean, void> {
  let dir: Vnode;
  try {
    dir = yield* lookupVnode(
      k.root,
      p,
      vp.type === VDIR ? name : name.slice(0, name.lastIndexOf('/')) || '/',
    );
  } catch (e) {
    if (e instanceof Errno) return false;
    throw e;
  }
  try {
    return dir instanceof UfsVnode && dir.mount === vp.mount && exportAbove(k, dir) !== undefined;
  } finally {
    dir.release();
  }
}

/**
 * Why a process cannot move, as pminfo's flags word reports it (the
 * PMI_WHY codes of <sys/sun3lab.h>).
 */
export const PMU_PIPE = 1; // a pipe or FIFO
export const PMU_SOCKET = 2;
export const PMU_BLKDEV = 3; // a block device stays with its disk
export const PMU_SHARED = 4; // a file-table entry shared with another process through fork
export const PMU_NONAME = 5; // a file with no name another machine can open, or removed
export const PMU_LOCAL = 6; // a file of this machine's own disk, under no export
export const PMU_MMAP = 7; // anonymous MAP_SHARED memory shared with another process (pm_mmap.ts)

/**
 * The rules for one descriptor that need no I/O, written once for
 * describeFiles (at migration) and for the pre-check pminfo reports: a
 * pipe, socket or block device never moves; a regular file or directory
 * moves only if no other process shares its file-table entry, it has a
 * name and a lab-wide identity, it has not been removed, and, on this
 * machine's own disk, it lies under an export. (Looking up the export
 * walks this machine's disk only, which never waits.) A terminal or other
 * character device passes here: its name in /dev is found at migration.
 * `mine` is how many of p's own descriptors hold f. Null if it may move.
 */
export function fileBar(k: Kernel, p: Proc, fd: number, f: File, mine: number): PmRefusal | null {
  const vp = f.vnode;
  const what = `descriptor ${fd} (${f.path ?? 'no name'})`;
  if (rttyName(f, p.u.pm?.home ?? 0) !== null || vp.type === VCHR) return null;
  if (vp.type === VFIFO) return new PmRefusal(EOPNOTSUPP, `descriptor ${fd} is a pipe`, PMU_PIPE);
  if (vp.type === VSOCK) return new PmRefusal(EOPNOTSUPP, `descriptor ${fd} is a socket`, PMU_SOCKET);
  if (vp.type !== VREG && vp.type !== VDIR)
    return new PmRefusal(EXDEV, `descriptor ${fd} is a block device, which stays with its disk`, PMU_BLKDEV);
  if (f.refs > mine)
    return new PmRefusal(
      EXDEV,
      `descriptor ${fd} is shared with another process (its offset cannot be in two places)`,
      PMU_SHARED,
    );
  return nameBar(k, p, vp, f.path, what);
}

/**
 * Can another machine reach the file vp by its name `path`? It must have
 * a name and a lab-wide identity, not be removed, and, on this machine's
 * own disk, lie under an export. The part of the rules for open files that
 * mapped files share (the mapping's name is the one its descriptor had).
 */
function nameBar(
  k: Kernel,
  p: Proc,
  vp: Vnode,
  path: string | null | undefined,
  what: string,
): PmRefusal | null {
  if (!path || fileId(k, vp) === null)
    return new PmRefusal(EXDEV, `${what} has no name another machine can open`, PMU_NONAME);
  if (vp.getattr().nlink === 0 || (vp instanceof NfsVnode && vp.silly !== null))
    return new PmRefusal(EXDEV, `${what} has been removed`, PMU_NONAME);
  if (vp instanceof UfsVnode && !kdone(exportedHere(k, p, vp, path)))
    return new PmRefusal(EXDEV, `${what} is on this machine's own disk`, PMU_LOCAL);
  return null;
}

/** How a mapping is named in a refusal. */
export const mapWhat = (m: Mapping) =>
  `the ${m.shared ? 'MAP_SHARED' : 'MAP_PRIVATE'} mapping of ${m.path ?? 'a file'} at 0x${m.start.toString(16)}`;

/** Another process here that maps the shared anonymous memory of m (made before a fork), if any. */
function sharerOf(k: Kernel, p: Proc, m: Mapping): Proc | undefined {
  for (const q of k.procs.values())
    if (q !== p && q.stat !== SZOMB && q.vm?.maps.some((n) => n.obj === m.obj)) return q;
  return undefined;
}

/**
 * The rules for p's mmap regions (pm_mmap.ts carries them): private
 * anonymous memory travels; a file mapping, shared or private, travels if
 * its file is reachable by the same name on the other machine, as an open
 * file's is (nameBar); anonymous MAP_SHARED memory travels only if no
 * other process maps it (its pages would have to be in two places).
 */
export function mapsBar(k: Kernel, p: Proc): PmRefusal | null {
  for (const m of p.vm.maps) {
    if (m.vp) {
      const bar = nameBar(k, p, m.vp, m.path, mapWhat(m));
      if (bar) return bar;
    } else if (m.shared) {
      const q = sharerOf(k, p, m);
      if (q)
        return new PmRefusal(
          EINVAL,
          `the MAP_SHARED anonymous memory at 0x${m.start.toString(16)} is shared with process ${q.pid}`,
          PMU_MMAP,
        );
    }
  }
  return null;
}

/**
 * The pre-check (synchronous, no side effect): the first reason p's
 * mappings or descriptors give why it cannot move, or null. A null is no
 * promise — the names are checked against the files at migration — but a
 * refusal here is the refusal pm_migrate would give.
 */
export function unmovable(k: Kernel, p: Proc): PmRefusal | null {
  const maps = mapsBar(k, p);
  if (maps) return maps;
  const mine = new Map<File, number>();
  for (const f of p.u.ofile) if (f) mine.set(f, (mine.get(f) ?? 0) + 1);
  for (let fd = 0; fd < NOFILE; fd++) {
    const f = p.u.ofile[fd];
    if (!f || p.u.ofile.indexOf(f) < fd) continue; // a dup chain is checked at its head
    const bar = fileBar(k, p, fd, f, mine.get(f) ?? 0);
    if (bar) return bar;
  }
  return null;
}

/** What describeFiles (and describeMaps) check after the rules: the name still gives the file (the I/O part). */
export function* checkName(
  k: Kernel,
  p: Proc,
  vp: Vnode,
  path: string,
  what: string,
): Generator<void, FileId, void> {
  const id = fileId(k, vp) as FileId; // nameBar made sure there is one
  if (!sameId(id, yield* idOfName(k, p, path)))
    throw new PmRefusal(EXDEV, `${what} has been renamed or removed since it was opened`);
  return id;
}

/**
 * Describe p's descriptors (the source's side), refusing what cannot move.
 * The caller fills the pm_struct's fmap and dmap from it.
 */
export function* describeFiles(k: Kernel, p: Proc): Generator<void, FileDesc[], void> {
  const out: FileDesc[] = [];
  const lastOf = new Map<File, FileDesc>();
  const mine = new Map<File, number>();
  for (const f of p.u.ofile) if (f) mine.set(f, (mine.get(f) ?? 0) + 1);
  for (let fd = 0; fd < NOFILE; fd++) {
    const f = p.u.ofile[fd];
    if (!f) continue;
    const vp = f.vnode;
    const prev = lastOf.get(f);
    // A terminal that already goes home keeps its name there (pm_tty.ts).
    const rtty = prev ? null : rttyName(f, p.u.pm?.home ?? 0);
    let name: string | null = null;
    let id: FileId | undefined;
    if (prev) {
      name = prev.name; // the rest of a dup chain: its head was checked
      id = prev.id;
    } else {
      const bar = fileBar(k, p, fd, f, mine.get(f) ?? 0);
      if (bar) throw bar;
      if (rtty !== null) {
        name = rtty;
      } else if (vp.type === VCHR) {
        name = yield* devName(k, p, vp.getattr().rdev);
        if (name === null) throw new PmRefusal(EXDEV, `descriptor ${fd} is a device with no name in /dev`);
      } else {
        id = yield* checkName(k, p, vp, f.path as string, `descriptor ${fd} (${f.path})`);
        name = f.path as string;
      }
    }
    const d: FileDesc = {
      fd,
      name,
      flags: f.flags,
      offset: f.offset,
      cloexec: (p.u.pofile[fd] & 1) !== 0,
      next: -1,
    };
    if (id) d.id = id;
    if (prev) prev.next = fd;
    lastOf.set(f, d);
    out.push(d);
  }
  return out;
}

/**
 * The descriptors again, once the process is frozen: the same files
 * described a moment ago get their offsets and flags as they are now
 * (without looking their names up again); if the process opened or
 * closed anything in between, they are described afresh.
 */
export function* refreshFiles(
  k: Kernel,
  p: Proc,
  before: FileDesc[],
  files: (File | null)[],
): Generator<void, FileDesc[], void> {
  const same =
    before.every((d) => p.u.ofile[d.fd] === files[d.fd]) && p.u.ofile.every((f, fd) => f === files[fd]);
  if (!same) return yield* describeFiles(k, p);
  return before.map((d) => {
    const f = p.u.ofile[d.fd] as File;
    return { ...d, flags: f.flags, offset: f.offset, cloexec: (p.u.pofile[d.fd] & 1) !== 0 };
  });
}

/**
 * What the process wrote through NFS reaches the server before the
 * destination opens the files (close-to-open consistency, as a close
 * before the open elsewhere would give). Done while it is frozen.
 */
export function* flushFiles(p: Proc): Generator<void, void, void> {
  for (const f of new Set(p.u.ofile))
    if (f && f.flags & FWRITE && f.vnode.mountedFs()?.remote) yield* kwait(f.vnode.fsync(p.cred));
}

/**
 * The current directory, described: on a shared file system, its FileId
 * goes with its name (and the name must still give it here); one of this
 * machine's own disk sends only its name.
 */
export function* describeCwd(k: Kernel, p: Proc): Generator<void, CwdDesc, void> {
  const vp = p.u.cdir;
  const name = p.u.cdirName;
  let id = vp ? fileId(k, vp) : null;
  if (vp instanceof UfsVnode && !(yield* exportedHere(k, p, vp, name))) id = null;
  if (id && !sameId(id, yield* idOfName(k, p, name)))
    throw new PmRefusal(EXDEV, `the current directory ${name} has been renamed or removed`);
  return { name, id };
}

/** The credentials a request names (the destination's check of the files is made as that user). */
export function requestCred(req: Record<string, unknown>): Ucred {
  const n = (v: unknown) => (Number.isInteger(v) ? (v as number) : 65534);
  const groups = Array.isArray(req.groups) ? req.groups.filter(Number.isInteger).slice(0, 8) : [];
  const c = new Ucred(n(req.uid), n(req.gid), n(req.ruid), n(req.rgid), groups as number[]);
  return c;
}

/** The open mode a descriptor's flags give (O_RDONLY, O_WRONLY, O_RDWR and the flags open takes). */
function oflagsOf(flags: number): number {
  return (
    (((flags & (FREAD | FWRITE)) - 1) & 3) | (flags & (FAPPEND | FNDELAY | FNBIO | FNONBLOCK)) | O_NOCTTY
  );
}

/**
 * The destination's check when the request comes, before it accepts (and
 * so before the source freezes anything): every regular file and
 * directory the source listed is opened by its name, as the user, and
 * must be the same file; every device must have its name in /dev here.
 */
export function* verifyFiles(
  k: Kernel,
  p: Proc,
  cred: Ucred,
  descs: FileDesc[],
  cwd: CwdDesc | null,
): Generator<void, void, void> {
  for (const d of descs) {
    if (typeof d?.name !== 'string' || !Number.isInteger(d.flags))
      throw new PmRefusal(EXDEV, 'bad descriptor');
    closef(yield* openOne(k, p, d, cred));
  }
  if (cwd?.id) {
    const here = yield* asUser(p, cred, () => idOfName(k, p, cwd.name));
    if (!sameId(here, cwd.id))
      throw new PmRefusal(EXDEV, `the current directory ${cwd.name} is not the same directory here`);
  }
}

/**
 * Reopen the descriptors on the destination (the destination's side):
 * each chain's file once, by name, with the migrated process's
 * credentials, then shared along the chain. Returns the new descriptor
 * table (not yet installed: the process is still frozen); on failure,
 * whatever was opened is closed again.
 */
export function* reopenFiles(
  k: Kernel,
  p: Proc,
  cred: Ucred,
  descs: FileDesc[],
  /** The process's home: its terminals stay there (pm_tty.ts). */
  home = 0,
): Generator<void, (File | null)[], void> {
  const table: (File | null)[] = new Array(NOFILE).fill(null);
  const byFd = new Map(descs.map((d) => [d.fd, d]));
  const inChain = new Set<number>();
  for (const d of descs) if (d.next >= 0) inChain.add(d.next);
  try {
    for (const head of descs) {
      if (inChain.has(head.fd)) continue; // opened with its chain's head
      const f = rttyOpen(k, head, home, cred.uid) ?? (yield* openOne(k, p, head, cred));
      f.offset = head.offset;
      f.flags = head.flags;
      table[head.fd] = f;
      for (let d = byFd.get(head.next); d; d = byFd.get(d.next)) {
        if (table[d.fd]) throw new PmRefusal(EXDEV, 'bad dup chain');
        f.refs++;
        table[d.fd] = f;
      }
    }
  } catch (e) {
    for (const f of new Set(table)) while (f && f.refs > 0) closef(f);
    throw e;
  }
  return table;
}

/**
 * The current directory on the destination, held: by name, the same
 * directory for one on a shared file system (else EXDEV); for one of the
 * source's own disk, the directory of that name here, or "/".
 */
export function* reopenCwd(
  k: Kernel,
  p: Proc,
  cred: Ucred,
  cwd: CwdDesc | undefined,
): Generator<void, { vp: Vnode; name: string }, void> {
  return yield* asUser(p, cred, function* () {
    const name = typeof cwd?.name === 'string' && cwd.name.startsWith('/') ? cwd.name : '/';
    try {
      const vp = yield* lookupVnode(k.root, p, name);
      if (vp.type === VDIR && (!cwd?.id || sameId(fileId(k, vp), cwd.id))) return { vp, name };
      vp.release();
    } catch (e) {
      if (!(e instanceof Errno)) throw e;
    }
    if (cwd?.id) throw new PmRefusal(EXDEV, `the current directory ${name} is not the same directory here`);
    return { vp: yield* lookupVnode(k.root, p, '/'), name: '/' };
  });
}

/**
 * Open one file by name as the process would. A device must be one of
 * /dev; a regular file or directory must be the file the source had open.
 */
export function* openOne(k: Kernel, p: Proc, d: FileDesc, cred: Ucred): Generator<void, File, void> {
  // A device the process had open goes as it was (its holder need not be allowed to open it afresh).
  return d.id ? yield* asUser(p, cred, () => openAs(k, p, d)) : yield* openAs(k, p, d);
}

function* openAs(k: Kernel, p: Proc, d: FileDesc): Generator<void, File, void> {
  if (!d.id && !/^\/dev\/[^/]+$/.test(d.name))
    throw new PmRefusal(EXDEV, `${d.name} cannot be reopened here`);
  if (d.id && !d.name.startsWith('/')) throw new PmRefusal(EXDEV, `${d.name} is not an absolute name`);
  const ctx: SysCtx = { k, p, args: [], rv: [0, 0], noReturn: false };
  try {
    yield* openPath(ctx, d.name, oflagsOf(d.flags), 0);
  } catch (e) {
    if (e instanceof Errno && !(e instanceof PmRefusal))
      throw new PmRefusal(EXDEV, `${d.name} cannot be opened here (error ${e.errno})`);
    throw e;
  }
  const fd = ctx.rv[0];
  const f = p.u.ofile[fd] as File;
  p.u.ofile[fd] = null;
  if (d.id && !sameId(fileId(k, f.vnode), d.id)) {
    closef(f);
    throw new PmRefusal(EXDEV, `${d.name} is not the same file here`);
  }
  return f;
}
