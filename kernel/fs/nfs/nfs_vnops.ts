/**
 * NFS files on the client (SunOS's nfs_vnodeops.c, 4.3BSD-Reno's
 * nfs_vnops.c): NfsVnode is a vnode whose operations are calls to the
 * server, with three caches in front of them:
 *
 *   - the attribute cache: what getattr returns, good for a few seconds
 *     (nfs_node.ts says how long); `revalidate` asks the server again
 *     (GETATTR) once it has run out. Attributes that show the file changed
 *     on the server (another modification time) empty the other caches;
 *   - a directory's names (SunOS's dnlc, per directory) and its READDIR
 *     replies, and a symbolic link's text;
 *   - the file's blocks, in the kernel's buffer cache (nfs_bio.ts), read
 *     ahead and written behind.
 *
 * Close-to-open consistency, as SunOS gives it: open asks the server for
 * the attributes (so the data cached is checked against the file as it is
 * now), and the last close of a file open for writing sends everything
 * written and waits for the server to have it — so whoever opens the file
 * next, on any machine, sees all of it.
 *
 * Removing a file that is still open here renames it instead (".nfsXXXX",
 * SunOS's "silly rename"), since the server would otherwise free it under
 * its user; the name goes when the file's last user does.
 */
import { EINVAL, ENOTDIR, EROFS, Errno, ESTALE, EXDEV } from '../../errno.js';
import type { XdrDecoder } from '../../net/rpc/xdr.js';
import { HZ } from '../../param.js';
import type { Ucred } from '../../proc/cred.js';
import type { Proc } from '../../proc/proc.js';
import {
  type DirEntry,
  FWRITE,
  type MountedFs,
  S_IFMT,
  type SetattrArgs,
  type Vattr,
  VDIR,
  VLNK,
  Vnode,
  VREG,
} from '../vnode.js';
import { NfsBio, nfs_bioread, nfs_biowrite, nfs_flush, nfs_queue_remove } from './nfs_bio.js';
import { attrTimeout } from './nfs_node.js';
import { type Fattr, ftypeToVtype, type NfsTime, nfsstatToErrno, type Sattr } from './nfs_subs.js';
import type { NfsMount } from './nfs_vfsops.js';
import {
  getAttrStat,
  getDirOpRes,
  getReaddirRes,
  getReadlinkRes,
  putCreateArgs,
  putDirOpArgs,
  putLinkArgs,
  putReaddirArgs,
  putRenameArgs,
  putSattrArgs,
  putSymlinkArgs,
} from './nfs_xdr.js';
import {
  NFS_OK,
  NFSPROC_CREATE,
  NFSPROC_GETATTR,
  NFSPROC_LINK,
  NFSPROC_LOOKUP,
  NFSPROC_MKDIR,
  NFSPROC_READDIR,
  NFSPROC_READLINK,
  NFSPROC_REMOVE,
  NFSPROC_RENAME,
  NFSPROC_RMDIR,
  NFSPROC_SETATTR,
  NFSPROC_SYMLINK,
} from './nfsproto.js';

/** What a READDIR cache entry holds: the entry at a cookie and the cookie after it, or the end. */
type DirSlot = { entry: DirEntry; next: number } | 'eof';

/** Names of silly-renamed files: ".nfs" and a count. */
let sillyCount = 0;

export class NfsVnode extends Vnode {
  /** The cached attributes, and the clock tick until which they are good (SunOS's r_attr, r_attrtime). */
  attr: Vattr;
  attrExpire = 0;
  /** The tick they were last fetched at. */
  attrFetched = -1;
  /** The server's type for the file (ftype). */
  ftype: number;
  /** The modification time the cached data and names go with (SunOS's r_mtime). */
  nmtime: NfsTime;
  /** A directory's names (dnlc) and READDIR replies; a link's text. */
  private readonly names = new Map<string, NfsVnode>();
  private readonly dirslots = new Map<number, DirSlot>();
  private linktext: string | null = null;
  /** Block I/O state: dirty ranges, writes on their way, read-ahead (nfs_bio.ts). */
  readonly bio: NfsBio;
  /** The server said the handle is stale, or gave it to another file. */
  stale = false;
  /** Silly-renamed: the directory and name to remove when the last user goes. */
  silly: { dir: NfsVnode; name: string; cred: Ucred } | null = null;

  constructor(
    readonly mount: NfsMount,
    readonly fh: Uint8Array,
    fa: Fattr,
  ) {
    super(ftypeToVtype(fa.type, fa.mode));
    this.ftype = fa.type;
    this.nmtime = fa.mtime;
    this.attr = this.vattrOf(fa);
    this.bio = new NfsBio(this);
    this.loadattr(fa);
  }

  private get k() {
    return this.mount.k;
  }

  /** The process the call is made for (the one in the kernel now: SunOS's u). */
  private get p(): Proc {
    return this.k.sched.curproc as Proc;
  }

  private vattrOf(fa: Fattr): Vattr {
    return {
      type: this.type,
      mode: fa.mode,
      nlink: fa.nlink,
      uid: fa.uid,
      gid: fa.gid,
      size: fa.size,
      fsid: this.mount.dev,
      fileid: fa.fileid,
      rdev: fa.rdev,
      atime: fa.atime.sec,
      mtime: fa.mtime.sec,
      ctime: fa.ctime.sec,
      atimeUsec: fa.atime.usec,
      mtimeUsec: fa.mtime.usec,
      ctimeUsec: fa.ctime.usec,
      blocksize: fa.blocksize,
      blocks: fa.blocks,
    };
  }

  /**
   * Attributes from a reply into the cache (SunOS's nfs_attrcache). A new
   * modification time that is not the result of this machine's own write
   * (`ours`) means the file changed on the server: the cached blocks (but
   * for ones written here and not yet sent), names and link text go. While
   * writes are on their way the size is at least what was written here.
   */
  loadattr(fa: Fattr, ours = false): void {
    if (fa.mtime.sec !== this.nmtime.sec || fa.mtime.usec !== this.nmtime.usec) {
      if (!ours) this.purge();
      this.nmtime = fa.mtime;
    }
    const a = this.vattrOf(fa);
    if (this.bio.busy()) a.size = Math.max(a.size, this.attr.size);
    this.attr = a;
    const [now] = this.k.timeOfDay();
    this.attrExpire = this.k.ticks + attrTimeout(this.mount.opts, this.type, fa.mtime.sec, now) * HZ;
    this.attrFetched = this.k.ticks;
  }

  /** The attributes are to be fetched again at the next look (something changed them here). */
  invalidateAttrs(): void {
    this.attrExpire = 0;
  }

  /** Drop what is cached of the file's contents (`all`: dirty blocks too, at unmount). */
  purge(all = false): void {
    this.names.clear();
    this.dirslots.clear();
    this.linktext = null;
    this.bio.purge(all);
  }

  /** Nothing of this file waits to be written (it may leave the table). */
  idle(): boolean {
    return !this.bio.busy() && this.silly === null;
  }

  getattr(): Vattr {
    return this.attr;
  }

  override mountedFs(): MountedFs {
    return this.mount;
  }

  /** A call about this file: the reply's cursor, the vnode marked stale on NFSERR_STALE. */
  *call(
    proc: number,
    cred: Ucred,
    put: Parameters<NfsMount['rfscall']>[3],
  ): Generator<void, XdrDecoder, void> {
    return yield* this.mount.rfscall(this.p, proc, cred, put);
  }

  /** Note a stale handle (the file is gone on the server) and pass the error on. */
  private fail(stat: number): never {
    const errno = nfsstatToErrno(stat);
    if (errno === ESTALE) {
      this.stale = true;
      this.mount.nodes.forget(this);
    }
    throw new Errno(errno);
  }

  /** GETATTR, now (SunOS's nfs_getattr_otw). */
  *getattrOtw(cred: Ucred): Generator<void, void, void> {
    const r = getAttrStat(yield* this.call(NFSPROC_GETATTR, cred, (e) => e.fopaque(this.fh)));
    if (r.status !== NFS_OK || !r.attr) this.fail(r.status);
    this.loadattr(r.attr);
  }

  override *revalidate(cred: Ucred): Generator<void, void, void> {
    if (this.k.ticks < this.attrExpire) return;
    yield* this.getattrOtw(cred);
  }

  /**
   * open: close-to-open consistency — the attributes come from the server
   * (unless they came within this clock tick), so that blocks cached from
   * an older version of the file are dropped.
   */
  override *open(_flags: number, cred: Ucred): Generator<void, void, void> {
    if (this.type === VREG && this.attrFetched !== this.k.ticks) yield* this.getattrOtw(cred);
  }

  /** The last close of a file open for writing: everything written goes to the server first. */
  override *drain(flags: number): Generator<void, void, void> {
    if (flags & FWRITE && this.type === VREG) yield* nfs_flush(this, this.p);
  }

  override *fsync(_cred?: Ucred): Generator<void, void, void> {
    if (this.type === VREG) yield* nfs_flush(this, this.p);
  }

  override *read(offset: number, count: number, _flags: number): Generator<void, Uint8Array, void> {
    if (this.type !== VREG) throw new Errno(EINVAL);
    return yield* nfs_bioread(this, this.p, offset, count, this.p.cred);
  }

  override *write(offset: number, data: Uint8Array, _flags: number): Generator<void, number, void> {
    if (this.type !== VREG) throw new Errno(EINVAL);
    if (this.mount.rdonly) throw new Errno(EROFS);
    return yield* nfs_biowrite(this, this.p, offset, data, this.p.cred);
  }

  /** May the file be changed here at all (a read-only mount: EROFS, as ufs says for a local one)? */
  override access(want: number, cred: Ucred): boolean {
    if (want & 2 && this.mount.rdonly && (this.type === VREG || this.type === VDIR || this.type === VLNK))
      throw new Errno(EROFS);
    return super.access(want, cred);
  }

  private writable(): void {
    if (this.mount.rdonly) throw new Errno(EROFS);
  }

  /**
   * SETATTR. A new size first sends what is written here (the server cuts
   * the file after it) and drops the blocks cached.
   */
  override *setattr(a: SetattrArgs, cred: Ucred): Generator<void, void, void> {
    this.writable();
    const s: Sattr = {};
    if (a.mode !== undefined) s.mode = a.mode & 0o7777;
    if (a.uid !== undefined) s.uid = a.uid;
    if (a.gid !== undefined) s.gid = a.gid;
    if (a.size !== undefined) {
      yield* nfs_flush(this, this.p);
      s.size = a.size;
    }
    const now = this.attr;
    if (a.atime !== undefined || a.mtime !== undefined) {
      s.atime = {
        sec: a.atime ?? now.atime,
        usec: a.atime !== undefined ? (a.atimeUsec ?? 0) : (now.atimeUsec ?? 0),
      };
      s.mtime = {
        sec: a.mtime ?? now.mtime,
        usec: a.mtime !== undefined ? (a.mtimeUsec ?? 0) : (now.mtimeUsec ?? 0),
      };
    }
    const r = getAttrStat(
      yield* this.call(NFSPROC_SETATTR, cred, (e) => putSattrArgs(e, { file: this.fh, attrs: s })),
    );
    if (r.status !== NFS_OK || !r.attr) this.fail(r.status);
    if (a.size !== undefined) {
      this.bio.purge(false);
      this.attr.size = r.attr.size;
    }
    this.loadattr(r.attr, true);
  }

  // -------------------------------------------------------------- directories

  private dir(): void {
    if (this.type !== VDIR) throw new Errno(ENOTDIR);
  }

  /** A diropres's file as a vnode of this mount. */
  private node(d: XdrDecoder): NfsVnode {
    const r = getDirOpRes(d);
    if (r.status !== NFS_OK || !r.file || !r.attr) this.fail(r.status);
    return this.mount.nodes.get(r.file, r.attr);
  }

  /** This directory changed here: its attributes are fetched again next time. */
  private changed(): void {
    this.invalidateAttrs();
    this.dirslots.clear();
  }

  override *lookup(name: string, cred: Ucred): Generator<void, Vnode, void> {
    this.dir();
    if (name === '.') return this;
    const cached = this.names.get(name);
    if (cached && !cached.stale) return cached;
    const d = yield* this.call(NFSPROC_LOOKUP, cred, (e) => putDirOpArgs(e, { dir: this.fh, name }));
    const vp = this.node(d);
    if (name !== '..') this.names.set(name, vp);
    return vp;
  }

  /** CREATE (and mknod): the mode's type bits say what to make; a device's number goes in the size, as SunOS sends it. */
  private *createOtw(name: string, mode: number, cred: Ucred, size?: number): Generator<void, Vnode, void> {
    this.dir();
    this.writable();
    const d = yield* this.call(NFSPROC_CREATE, cred, (e) =>
      putCreateArgs(e, { where: { dir: this.fh, name }, attrs: { mode, size } }),
    );
    const vp = this.node(d);
    this.changed();
    this.names.set(name, vp);
    return vp;
  }

  override *create(name: string, mode: number, cred: Ucred): Generator<void, Vnode, void> {
    return yield* this.createOtw(name, mode & 0o7777, cred);
  }

  override *mknod(name: string, mode: number, rdev: number, cred: Ucred): Generator<void, Vnode, void> {
    return yield* this.createOtw(
      name,
      mode & (S_IFMT | 0o7777),
      cred,
      (mode & S_IFMT) === 0o100000 ? undefined : rdev,
    );
  }

  override *remove(name: string, cred: Ucred): Generator<void, void, void> {
    this.dir();
    this.writable();
    const vp = this.names.get(name) ?? null;
    // Still open here (held by more than the remover's own lookup): rename it out of the way.
    if (vp && vp.refs > 1 && vp.type === VREG && vp.silly === null) {
      const silly = `.nfs${(++sillyCount).toString(16).padStart(4, '0')}${(this.p.pid & 0xffff).toString(16)}`;
      yield* this.rename(name, this, silly, cred);
      vp.silly = { dir: this.hold(), name: silly, cred: cred.clone() };
      return;
    }
    yield* this.removeOtw(name, cred);
    if (vp) vp.invalidateAttrs();
  }

  /** REMOVE over the wire. */
  *removeOtw(name: string, cred: Ucred): Generator<void, void, void> {
    const d = yield* this.call(NFSPROC_REMOVE, cred, (e) => putDirOpArgs(e, { dir: this.fh, name }));
    this.names.delete(name);
    this.changed();
    const stat = d.u32();
    if (stat !== NFS_OK) this.fail(stat);
  }

  override *link(name: string, target: Vnode, cred: Ucred): Generator<void, void, void> {
    this.dir();
    this.writable();
    if (!(target instanceof NfsVnode) || target.mount !== this.mount) throw new Errno(EXDEV);
    const d = yield* this.call(NFSPROC_LINK, cred, (e) =>
      putLinkArgs(e, { from: target.fh, to: { dir: this.fh, name } }),
    );
    this.changed();
    target.invalidateAttrs();
    const stat = d.u32();
    if (stat !== NFS_OK) this.fail(stat);
  }

  override *rename(from: string, toDir: Vnode, to: string, cred: Ucred): Generator<void, void, void> {
    this.dir();
    this.writable();
    if (!(toDir instanceof NfsVnode) || toDir.mount !== this.mount) throw new Errno(EXDEV);
    const moved = this.names.get(from);
    const d = yield* this.call(NFSPROC_RENAME, cred, (e) =>
      putRenameArgs(e, { from: { dir: this.fh, name: from }, to: { dir: toDir.fh, name: to } }),
    );
    this.names.delete(from);
    toDir.names.delete(to);
    this.changed();
    toDir.changed();
    moved?.invalidateAttrs();
    const stat = d.u32();
    if (stat !== NFS_OK) this.fail(stat);
  }

  override *mkdir(name: string, mode: number, cred: Ucred): Generator<void, Vnode, void> {
    this.dir();
    this.writable();
    const d = yield* this.call(NFSPROC_MKDIR, cred, (e) =>
      putCreateArgs(e, { where: { dir: this.fh, name }, attrs: { mode: mode & 0o7777 } }),
    );
    const vp = this.node(d);
    this.changed();
    this.names.set(name, vp);
    return vp;
  }

  override *rmdir(name: string, cred: Ucred): Generator<void, void, void> {
    this.dir();
    this.writable();
    const d = yield* this.call(NFSPROC_RMDIR, cred, (e) => putDirOpArgs(e, { dir: this.fh, name }));
    this.names.delete(name);
    this.changed();
    const stat = d.u32();
    if (stat !== NFS_OK) this.fail(stat);
  }

  override *symlink(name: string, target: string, cred: Ucred): Generator<void, void, void> {
    this.dir();
    this.writable();
    const d = yield* this.call(NFSPROC_SYMLINK, cred, (e) =>
      putSymlinkArgs(e, { from: { dir: this.fh, name }, to: target, attrs: { mode: 0o777 } }),
    );
    this.changed();
    const stat = d.u32();
    if (stat !== NFS_OK) this.fail(stat);
  }

  /**
   * Entries from `cookie` on: from the READDIR replies cached, else one
   * more READDIR of up to rsize bytes (getdirentries asks one entry at a
   * time; one reply answers many of those).
   */
  override *readdir(
    cookie: number,
    max: number,
    cred?: Ucred,
  ): Generator<void, { entries: DirEntry[]; next: number }, void> {
    this.dir();
    const c = cred ?? this.p.cred;
    const entries: DirEntry[] = [];
    let at = cookie;
    while (entries.length < max) {
      let slot = this.dirslots.get(at);
      if (slot === undefined) {
        yield* this.readdirOtw(at, c);
        slot = this.dirslots.get(at);
        if (slot === undefined) break; // a cookie the server does not know: nothing more
      }
      if (slot === 'eof') break;
      entries.push(slot.entry);
      at = slot.next;
    }
    return { entries, next: at };
  }

  private *readdirOtw(cookie: number, cred: Ucred): Generator<void, void, void> {
    const count = Math.min(this.mount.opts.rsize, 8192);
    const r = getReaddirRes(
      yield* this.call(NFSPROC_READDIR, cred, (e) => putReaddirArgs(e, { dir: this.fh, cookie, count })),
    );
    if (r.status !== NFS_OK) this.fail(r.status);
    let at = cookie;
    for (const e of r.entries) {
      this.dirslots.set(at, { entry: { fileid: e.fileid, name: e.name }, next: e.cookie });
      at = e.cookie;
    }
    if (r.eof) this.dirslots.set(at, 'eof');
    else if (r.entries.length === 0) this.dirslots.set(at, 'eof');
  }

  override *readlink(cred?: Ucred): Generator<void, string, void> {
    if (this.type !== VLNK) throw new Errno(EINVAL);
    if (this.linktext !== null) return this.linktext;
    const r = getReadlinkRes(
      yield* this.call(NFSPROC_READLINK, cred ?? this.p.cred, (e) => e.fopaque(this.fh)),
    );
    if (r.status !== NFS_OK) this.fail(r.status);
    this.linktext = r.path ?? '';
    return this.linktext;
  }

  /** The last user let go: a silly-renamed file is removed now (by a biod, or whoever waits next). */
  protected override inactive(): void {
    if (this.silly) {
      const { dir, name, cred } = this.silly;
      this.silly = null;
      nfs_queue_remove(dir, name, cred);
    }
  }
}
