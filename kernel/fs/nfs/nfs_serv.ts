/**
 * The NFS version 2 server's procedures (SunOS's nfs_server.c, 4.3BSD-Reno's
 * nfs_serv.c): one nfsrv_ function per procedure, each doing the same
 * three things — decode the arguments (nfs_xdr.ts; what does not decode is
 * GARBAGE_ARGS), do the work through the vnodes of the exported file
 * system, encode the results — and svc_dispatch (svc.ts) around them.
 *
 * The server is stateless: every call carries the file handle it is
 * about, and fhtovp (nfs_export.ts) finds the file again, or answers
 * NFSERR_STALE. The checks the system-call layer makes for a local process
 * are made here with the caller's credentials (as the export maps them):
 * search permission to look up, write and search permission on a
 * directory to change it, the sticky bit, the owner's rights over the
 * mode, the super-user's over owners. As SunOS's server does, the owner of
 * a file may read and write it whatever its mode says (a client checks the
 * mode at open; a file made read-only since is still the owner's to write
 * through the descriptor he has). A WRITE is on the disk before its reply
 * goes (the protocol says so: a client that has its reply may forget the
 * data), so a server crash loses no acknowledged write.
 */
import {
  EACCES,
  EEXIST,
  EINVAL,
  EISDIR,
  ENOENT,
  ENOSPC,
  ENOTDIR,
  EPERM,
  EROFS,
  Errno,
  EXDEV,
} from '../../errno.js';
import type { SvcProc, SvcProgram, SvcRequest } from '../../net/rpc/svc.js';
import type { XdrEncoder } from '../../net/rpc/xdr.js';
import { sin_addr } from '../../net/socket.js';
import type { Ucred } from '../../proc/cred.js';
import { checkSticky, chmod1, chown1 } from '../../sys/vfs_syscalls.js';
import { BSIZE } from '../ufs/index.js';
import { UfsVnode } from '../ufs_vnops.js';
import {
  type KResult,
  kwait,
  S_IFBLK,
  S_IFCHR,
  S_IFIFO,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
  VDIR,
  VLNK,
  type Vnode,
  VREG,
} from '../vnode.js';
import { type ExportInfo, exportAllows, exportCred, exportWritable, fhtovp, makefh } from './nfs_export.js';
import { errnoToNfsstat, type Fattr, getFh, type Sattr, validName, vtypeToFtype } from './nfs_subs.js';
import {
  type AttrStat,
  type DirEntry2,
  type DirOpArgs,
  type DirOpRes,
  entrySize,
  getCreateArgs,
  getDirOpArgs,
  getLinkArgs,
  getReadArgs,
  getReaddirArgs,
  getRenameArgs,
  getSattrArgs,
  getSymlinkArgs,
  getWriteArgs,
  putAttrStat,
  putDirOpRes,
  putReaddirRes,
  putReadlinkRes,
  putReadRes,
  putStatfsRes,
  type ReaddirRes,
  type ReadlinkRes,
  type ReadRes,
  type StatfsRes,
} from './nfs_xdr.js';
import {
  NFS_MAXDATA,
  NFS_OK,
  NFS_PROGRAM,
  NFS_VERSION,
  NFSPROC_CREATE,
  NFSPROC_GETATTR,
  NFSPROC_LINK,
  NFSPROC_LOOKUP,
  NFSPROC_MKDIR,
  NFSPROC_NULL,
  NFSPROC_READ,
  NFSPROC_READDIR,
  NFSPROC_READLINK,
  NFSPROC_REMOVE,
  NFSPROC_RENAME,
  NFSPROC_RMDIR,
  NFSPROC_SETATTR,
  NFSPROC_STATFS,
  NFSPROC_SYMLINK,
  NFSPROC_WRITE,
} from './nfsproto.js';

/** What the server counts (nfsstat -s): calls by procedure, and calls that failed. */
export interface NfsServStats {
  calls: number[];
  badcalls: number;
}

/** The attributes of a file as NFS sends them. */
export function fattrOf(vp: Vnode): Fattr {
  const a = vp.getattr();
  return {
    type: vtypeToFtype(vp.type),
    mode: a.mode,
    nlink: a.nlink,
    uid: a.uid,
    gid: a.gid,
    size: a.size,
    blocksize: a.blocksize || BSIZE,
    rdev: a.rdev,
    blocks: a.blocks,
    fsid: a.fsid,
    fileid: a.fileid,
    atime: { sec: a.atime, usec: a.atimeUsec ?? 0 },
    mtime: { sec: a.mtime, usec: a.mtimeUsec ?? 0 },
    ctime: { sec: a.ctime, usec: a.ctimeUsec ?? 0 },
  };
}

/** A file a call is about: the vnode (held), its export, and the credentials the call runs with. */
interface Target {
  vp: UfsVnode;
  exi: ExportInfo;
  cred: Ucred;
  addr: number;
}

/** The file of a handle, checked against its export (fhtovp, the access list, the credentials). */
function target(req: SvcRequest, fh: Uint8Array): Target {
  req.k.charge(req.k.cost.nfsServerOp);
  const { vp, exi } = fhtovp(req.k, fh);
  const addr = sin_addr(req.from);
  try {
    if (!exportAllows(exi, addr)) throw new Errno(EACCES);
    return { vp, exi, cred: exportCred(exi, req.cred, addr), addr };
  } catch (e) {
    vp.release();
    throw e;
  }
}

/** The call changes something: the export must let this client write (NFSERR_ROFS). */
function writable(t: Target): void {
  if (!exportWritable(t.exi, t.addr)) throw new Errno(EROFS);
}

/** May cred do `want` (4 read, 2 write, 1 search) to vp? EACCES if not. */
function check(vp: Vnode, want: number, cred: Ucred): void {
  if (!vp.access(want, cred)) throw new Errno(EACCES);
}

/** The owner may read and write his file whatever its mode (see above). */
function checkData(vp: Vnode, want: number, cred: Ucred): void {
  if (vp.getattr().uid === cred.uid) return;
  if (want === 4 && vp.access(1, cred)) return; // a program's text, paged in
  check(vp, want, cred);
}

/** A directory a call changes a name in: a directory, write and search permission. */
function dirForChange(t: Target): void {
  if (t.vp.type !== VDIR) throw new Errno(ENOTDIR);
  writable(t);
  check(t.vp, 3, t.cred);
}

/** A name the call makes or removes: a valid one, and not "." or "..". */
function changeName(name: string, making: boolean): void {
  if (!validName(name)) throw new Errno(name.length > 255 ? 63 : EINVAL);
  if (name === '.' || name === '..') throw new Errno(making ? EEXIST : EINVAL);
}

/** The nfsstat of a failure; what is not a Unix error goes on up (bad credentials, kernel bugs). */
function nfserr(e: unknown): number {
  if (e instanceof Errno) return errnoToNfsstat(e.errno);
  throw e;
}

/** The usual end of a call: run `body` with the target released afterwards, its failure an nfsstat. */
function* withTarget<T extends { status: number }>(
  req: SvcRequest,
  fh: Uint8Array,
  body: (t: Target) => KResult<T>,
): Generator<void, T | { status: number }, void> {
  let t: Target;
  try {
    t = target(req, fh);
  } catch (e) {
    return { status: nfserr(e) };
  }
  try {
    return yield* kwait(body(t));
  } catch (e) {
    return { status: nfserr(e) };
  } finally {
    t.vp.release();
  }
}

/**
 * What a call changed is on the disk before its reply goes out (SunOS's
 * server writes synchronously): a client that has the reply will not ask
 * again, so a server crash right after it must not undo the change.
 */
function* stable(cred: Ucred, ...vps: Vnode[]): Generator<void, void, void> {
  for (const vp of new Set(vps)) yield* kwait(vp.fsync(cred));
}

/** A file looked up (or made) in a directory, as a diropres. */
function dirop(t: Target, vp: Vnode): DirOpRes {
  if (!(vp instanceof UfsVnode)) throw new Errno(EXDEV);
  return { status: NFS_OK, file: makefh(t.exi, vp), attr: fattrOf(vp) };
}

// ------------------------------------------------------------------ procedures

function* nfsrv_null(): Generator<void, void, void> {}

function* nfsrv_getattr(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const fh = getFh(req.args);
  const r: AttrStat = yield* withTarget(req, fh, (t) => ({ status: NFS_OK, attr: fattrOf(t.vp) }));
  putAttrStat(res, r);
}

/**
 * SETATTR: the mode by the owner (chmod's rules), the owner and group by
 * the super-user or the owner within his groups (chown's), the size by
 * anyone who may write the file, the times by the owner.
 */
function* nfsrv_setattr(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const a = getSattrArgs(req.args);
  const r: AttrStat = yield* withTarget(req, a.file, function* (t) {
    writable(t);
    const s: Sattr = a.attrs;
    const { vp, cred } = t;
    if (s.size !== undefined) {
      if (vp.type === VDIR) throw new Errno(EISDIR);
      if (vp.type !== VREG) throw new Errno(EINVAL);
      checkData(vp, 2, cred);
      yield* kwait(vp.setattr({ size: s.size }, cred));
    }
    if (s.mode !== undefined) yield* chmod1(vp, s.mode, cred);
    if (s.uid !== undefined || s.gid !== undefined) yield* chown1(vp, s.uid ?? -1, s.gid ?? -1, cred);
    if (s.atime !== undefined || s.mtime !== undefined) {
      const cur = vp.getattr();
      if (!cred.isSuperuser() && cred.uid !== cur.uid) throw new Errno(EPERM);
      yield* kwait(
        vp.setattr(
          {
            atime: s.atime?.sec ?? cur.atime,
            atimeUsec: s.atime?.usec ?? cur.atimeUsec,
            mtime: s.mtime?.sec ?? cur.mtime,
            mtimeUsec: s.mtime?.usec ?? cur.mtimeUsec,
          },
          cred,
        ),
      );
    }
    yield* stable(cred, vp);
    return { status: NFS_OK, attr: fattrOf(vp) };
  });
  putAttrStat(res, r);
}

function* nfsrv_lookup(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const a = getDirOpArgs(req.args);
  const r: DirOpRes = yield* withTarget(req, a.dir, function* (t) {
    if (t.vp.type !== VDIR) throw new Errno(ENOTDIR);
    if (!validName(a.name)) throw new Errno(ENOENT);
    check(t.vp, 1, t.cred);
    const vp = (yield* kwait(t.vp.lookup(a.name, t.cred))).hold();
    try {
      return dirop(t, vp);
    } finally {
      vp.release();
    }
  });
  putDirOpRes(res, r);
}

function* nfsrv_readlink(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const fh = getFh(req.args);
  const r: ReadlinkRes = yield* withTarget(req, fh, function* (t) {
    if (t.vp.type !== VLNK) throw new Errno(EINVAL);
    return { status: NFS_OK, path: yield* kwait(t.vp.readlink(t.cred)) };
  });
  putReadlinkRes(res, r);
}

function* nfsrv_read(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const a = getReadArgs(req.args);
  const r: ReadRes = yield* withTarget(req, a.file, (t) => {
    if (t.vp.type === VDIR) throw new Errno(EISDIR);
    if (t.vp.type !== VREG) throw new Errno(EINVAL);
    checkData(t.vp, 4, t.cred);
    const data = t.vp.read(a.offset, Math.min(a.count, NFS_MAXDATA));
    req.k.mem.vnpages.read(t.vp, a.offset, data); // what mappings here stored (vm/vn_pages.ts)
    req.k.chargeCopy(data.length);
    return { status: NFS_OK, attr: fattrOf(t.vp), data };
  });
  putReadRes(res, r);
}

function* nfsrv_write(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const a = getWriteArgs(req.args);
  const r: AttrStat = yield* withTarget(req, a.file, function* (t) {
    if (t.vp.type === VDIR) throw new Errno(EISDIR);
    if (t.vp.type !== VREG) throw new Errno(EINVAL);
    writable(t);
    checkData(t.vp, 2, t.cred);
    req.k.chargeCopy(a.data.length);
    const n = t.vp.write(a.offset, a.data);
    if (n !== a.data.length) throw new Errno(ENOSPC);
    req.k.mem.vnpages.written(t.vp, a.offset, a.data); // seen in the mappings here at once
    // Stable before the reply: the data, then the inode.
    yield* kwait(t.vp.fsync(t.cred));
    return { status: NFS_OK, attr: fattrOf(t.vp) };
  });
  putAttrStat(res, r);
}

/**
 * CREATE: as SunOS's server, not exclusive — a file that is there already
 * is the answer (truncated if the client asks for size 0, which creat
 * does), so that a retransmission that misses the cache still works. The
 * type bits of the mode may ask for a special file (SunOS's mknod over
 * NFS: a device's number in the size), the super-user's alone, or a FIFO.
 */
function* nfsrv_create(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const a = getCreateArgs(req.args);
  const r: DirOpRes = yield* withTarget(req, a.where.dir, function* (t) {
    dirForChange(t);
    changeName(a.where.name, true);
    const mode = a.attrs.mode ?? 0o644;
    let vp: Vnode | null = null;
    try {
      vp = (yield* kwait(t.vp.lookup(a.where.name, t.cred))).hold();
    } catch (e) {
      if (!(e instanceof Errno && e.errno === ENOENT)) throw e;
    }
    try {
      if (vp) {
        if (vp.type === VDIR) throw new Errno(EISDIR);
        if (a.attrs.size !== undefined && vp.type === VREG) {
          checkData(vp, 2, t.cred);
          yield* kwait(vp.setattr({ size: a.attrs.size }, t.cred));
        }
      } else {
        const type = mode & S_IFMT;
        if (type === 0 || type === S_IFREG)
          vp = (yield* kwait(t.vp.create(a.where.name, mode & 0o7777, t.cred))).hold();
        else if (type === S_IFIFO || type === S_IFSOCK || type === S_IFCHR || type === S_IFBLK) {
          if (type !== S_IFIFO && !t.cred.isSuperuser()) throw new Errno(EPERM);
          const rdev = type === S_IFCHR || type === S_IFBLK ? (a.attrs.size ?? 0) & 0xffff : 0;
          vp = (yield* kwait(t.vp.mknod(a.where.name, type | (mode & 0o7777), rdev, t.cred))).hold();
        } else throw new Errno(EINVAL);
      }
      yield* stable(t.cred, t.vp, vp);
      return dirop(t, vp);
    } finally {
      vp?.release();
    }
  });
  putDirOpRes(res, r);
}

/** The file `name` in directory t.vp, held, for a call that removes or renames it (ENOENT if none). */
function* entry(t: Target, name: string): Generator<void, Vnode, void> {
  return (yield* kwait(t.vp.lookup(name, t.cred))).hold();
}

function* nfsrv_remove(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const a = getDirOpArgs(req.args);
  const r = yield* withTarget(req, a.dir, function* (t) {
    dirForChange(t);
    changeName(a.name, false);
    const vp = yield* entry(t, a.name);
    try {
      if (vp.type === VDIR) throw new Errno(t.cred.isSuperuser() ? EPERM : EISDIR);
      yield* checkSticky(t.vp, vp, t.cred);
      yield* kwait(t.vp.remove(a.name, t.cred));
      yield* stable(t.cred, t.vp);
    } finally {
      vp.release();
    }
    return { status: NFS_OK };
  });
  res.u32(r.status);
}

/** RENAME: both directories under the same export's file system; the checks of rename(2). */
function* nfsrv_rename(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const a = getRenameArgs(req.args);
  const r = yield* withTarget(req, a.from.dir, function* (from) {
    const to = target(req, a.to.dir);
    try {
      dirForChange(from);
      dirForChange(to);
      changeName(a.from.name, false);
      changeName(a.to.name, true);
      if (to.vp.mount !== from.vp.mount) throw new Errno(EXDEV);
      const vp = yield* entry(from, a.from.name);
      try {
        yield* checkSticky(from.vp, vp, from.cred);
        let old: Vnode | null = null;
        try {
          old = yield* entry(to, a.to.name);
        } catch (e) {
          if (!(e instanceof Errno && e.errno === ENOENT)) throw e;
        }
        try {
          if (old && old !== vp) yield* checkSticky(to.vp, old, from.cred);
        } finally {
          old?.release();
        }
        if (vp.type === VDIR && from.vp !== to.vp) check(vp, 2, from.cred);
        yield* kwait(from.vp.rename(a.from.name, to.vp, a.to.name, from.cred));
        yield* stable(from.cred, from.vp, to.vp, vp);
      } finally {
        vp.release();
      }
    } finally {
      to.vp.release();
    }
    return { status: NFS_OK };
  });
  res.u32(r.status);
}

function* nfsrv_link(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const a = getLinkArgs(req.args);
  const r = yield* withTarget(req, a.to.dir, function* (dir) {
    const file = target(req, a.from);
    try {
      dirForChange(dir);
      changeName(a.to.name, true);
      if (file.vp.type === VDIR && !dir.cred.isSuperuser()) throw new Errno(EISDIR);
      yield* kwait(dir.vp.link(a.to.name, file.vp, dir.cred));
      yield* stable(dir.cred, dir.vp, file.vp);
    } finally {
      file.vp.release();
    }
    return { status: NFS_OK };
  });
  res.u32(r.status);
}

function* nfsrv_symlink(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const a = getSymlinkArgs(req.args);
  const r = yield* withTarget(req, a.from.dir, function* (t) {
    dirForChange(t);
    changeName(a.from.name, true);
    if (a.to.length === 0) throw new Errno(ENOENT);
    yield* kwait(t.vp.symlink(a.from.name, a.to, t.cred));
    yield* stable(t.cred, t.vp);
    return { status: NFS_OK };
  });
  res.u32(r.status);
}

function* nfsrv_mkdir(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const a = getCreateArgs(req.args);
  const r: DirOpRes = yield* withTarget(req, a.where.dir, function* (t) {
    dirForChange(t);
    changeName(a.where.name, true);
    const vp = (yield* kwait(t.vp.mkdir(a.where.name, (a.attrs.mode ?? 0o755) & 0o7777, t.cred))).hold();
    try {
      yield* stable(t.cred, t.vp, vp);
      return dirop(t, vp);
    } finally {
      vp.release();
    }
  });
  putDirOpRes(res, r);
}

function* nfsrv_rmdir(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const a: DirOpArgs = getDirOpArgs(req.args);
  const r = yield* withTarget(req, a.dir, function* (t) {
    dirForChange(t);
    changeName(a.name, false);
    const vp = yield* entry(t, a.name);
    try {
      if (vp.type !== VDIR) throw new Errno(ENOTDIR);
      yield* checkSticky(t.vp, vp, t.cred);
      yield* kwait(t.vp.rmdir(a.name, t.cred));
      yield* stable(t.cred, t.vp);
    } finally {
      vp.release();
    }
    return { status: NFS_OK };
  });
  res.u32(r.status);
}

/** The bytes of a READDIR reply besides its entries: the status, the list's end and eof. */
const READDIR_OVERHEAD = 12;

/**
 * READDIR: entries from the cookie on, as many as fit in `count` bytes of
 * reply; each entry's cookie is where the next one starts (a byte offset
 * in the directory, which the client sends back to go on).
 */
function* nfsrv_readdir(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const a = getReaddirArgs(req.args);
  const r: ReaddirRes | { status: number } = yield* withTarget(req, a.dir, function* (t) {
    if (t.vp.type !== VDIR) throw new Errno(ENOTDIR);
    check(t.vp, 4, t.cred);
    const max = 128;
    const got = yield* kwait(t.vp.readdir(a.cookie, max, t.cred));
    const entries: DirEntry2[] = [];
    let room = Math.min(a.count, NFS_MAXDATA) - READDIR_OVERHEAD;
    let all = true;
    for (let i = 0; i < got.entries.length; i++) {
      const e = got.entries[i];
      const size = entrySize(e.name);
      if (size > room && entries.length > 0) {
        all = false;
        break;
      }
      room -= size;
      const next = i + 1 < got.entries.length ? (got.entries[i + 1].offset ?? got.next) : got.next;
      entries.push({ fileid: e.fileid, name: e.name, cookie: next });
    }
    return { status: NFS_OK, entries, eof: all && got.entries.length < max };
  });
  putReaddirRes(res, { entries: [], eof: false, ...r });
}

function* nfsrv_statfs(req: SvcRequest, res: XdrEncoder): Generator<void, void, void> {
  const fh = getFh(req.args);
  const r: StatfsRes = yield* withTarget(req, fh, function* (t) {
    const s = yield* kwait(t.vp.mount.statfs());
    return {
      status: NFS_OK,
      tsize: NFS_MAXDATA,
      bsize: s.bsize,
      blocks: s.blocks,
      bfree: s.bfree,
      bavail: s.bavail,
    };
  });
  putStatfsRes(res, r);
}

/** The procedures by number (ROOT and WRITECACHE are obsolete: PROC_UNAVAIL). */
const procs: (SvcProc | undefined)[] = [];
procs[NFSPROC_NULL] = nfsrv_null;
procs[NFSPROC_GETATTR] = nfsrv_getattr;
procs[NFSPROC_SETATTR] = nfsrv_setattr;
procs[NFSPROC_LOOKUP] = nfsrv_lookup;
procs[NFSPROC_READLINK] = nfsrv_readlink;
procs[NFSPROC_READ] = nfsrv_read;
procs[NFSPROC_WRITE] = nfsrv_write;
procs[NFSPROC_CREATE] = nfsrv_create;
procs[NFSPROC_REMOVE] = nfsrv_remove;
procs[NFSPROC_RENAME] = nfsrv_rename;
procs[NFSPROC_LINK] = nfsrv_link;
procs[NFSPROC_SYMLINK] = nfsrv_symlink;
procs[NFSPROC_MKDIR] = nfsrv_mkdir;
procs[NFSPROC_RMDIR] = nfsrv_rmdir;
procs[NFSPROC_READDIR] = nfsrv_readdir;
procs[NFSPROC_STATFS] = nfsrv_statfs;

/** The NFS program as svc_dispatch serves it. */
export const NFS_SVC: SvcProgram = { prog: NFS_PROGRAM, versions: new Map([[NFS_VERSION, procs]]) };
