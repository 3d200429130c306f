/**
 * NFS file data through the buffer cache, and the block I/O daemons
 * (4.3BSD-Reno's nfs_bio.c, nfs_bioread and nfs_biowrite; SunOS's biod and
 * async_daemon): an NFS file's blocks live in the kernel's buffer cache
 * (fs/bio.ts) like a local file's, 8 KB each, under a made-up device of
 * their own (NfsBlockDev, one per file), so that they compete for the same
 * pool and are found again the same way.
 *
 *   - read: a block in the cache is used as it is; one that is not comes
 *     from the server (READ, in pieces of rsize); reading a file in order
 *     asks a biod to read the next block ahead;
 *   - write: the block is changed in the cache and left as a delayed
 *     write, remembering which bytes are new (the dirty range: only those
 *     are sent). A block filled to its end is sent at once, behind the
 *     writer's back (write-behind: a biod does the WRITE); so is a delayed
 *     block the cache needs back, or that sync or close pushes out. A write
 *     to part of a block whose old bytes are needed reads it first;
 *   - the writes of a file that are on their way are counted: a writer
 *     with too many of them waits (so a server that does not answer stops
 *     its writers instead of filling memory), and close and fsync wait for
 *     them all. A write the server refused, or that timed out on a soft
 *     mount, is reported to the next write, fsync or close of the file.
 *
 * The biods are processes that called async_daemon(2) (/usr/etc/biod,
 * started at boot): each waits for work and makes the calls. With no biod
 * running, each process does its own writes when it would wait for them
 * and there is no read-ahead — as in SunOS, slower but the same.
 */
import { EFBIG, Errno } from '../../errno.js';
import type { Kernel } from '../../kernel.js';
import { PZERO } from '../../param.js';
import { suser, type Ucred } from '../../proc/cred.js';
import type { Proc } from '../../proc/proc.js';
import { tsleep } from '../../proc/sched.js';
import type { SysCtx } from '../../syscall.js';
import { B_DONE } from '../bio.js';
import type { BlockDevice } from '../ufs/disk.js';
import { nfsstatToErrno } from './nfs_subs.js';
import type { NfsMount } from './nfs_vfsops.js';
import type { NfsVnode } from './nfs_vnops.js';
import { getAttrStat, getReadRes, putReadArgs, putWriteArgs } from './nfs_xdr.js';
import { NFS_OK, NFSPROC_READ, NFSPROC_WRITE } from './nfsproto.js';

/** The block size of NFS files in the cache. */
export const NFS_BSIZE = 8192;
/** The most writes of one file on their way before its writer waits (SunOS let biods take a handful each). */
export const NFS_MAXWRITES = 8;
/** The largest offset a file may reach (SunOS's off_t). */
const OFF_MAX = 0x7fffffff;

/** Work for a biod: write a piece of a block, read a block ahead, or remove a silly-renamed file. */
type AsyncReq =
  | { kind: 'write'; vp: NfsVnode; blkno: number; off: number; data: Uint8Array; cred: Ucred }
  | { kind: 'read'; vp: NfsVnode; blkno: number; cred: Ucred }
  | { kind: 'remove'; vp: NfsVnode; name: string; cred: Ucred };

/** A machine's biods and their work queue (SunOS's async_bufhead). */
interface Iod {
  queue: AsyncReq[];
  daemons: number;
  /** Daemons asleep waiting for work. */
  idle: number;
  readonly chan: object;
}

const iods = new WeakMap<Kernel, Iod>();
export function nfs_iod(k: Kernel): Iod {
  let iod = iods.get(k);
  if (!iod) {
    iod = { queue: [], daemons: 0, idle: 0, chan: {} };
    iods.set(k, iod);
  }
  return iod;
}

/**
 * The made-up block device an NFS file's blocks are cached under. The
 * buffer cache writes a delayed block through it (sync, or a full pool
 * reusing the buffer): the block's new bytes are queued for a biod, since
 * the cache cannot wait for the server.
 */
export class NfsBlockDev implements BlockDevice {
  readonly blockSize = NFS_BSIZE;
  readonly blocks = Math.ceil((OFF_MAX + 1) / NFS_BSIZE);

  constructor(readonly vp: NfsVnode) {}

  readBlock(): void {
    throw new Error('nfs: a block of an NFS file read through bread');
  }

  writeBlock(n: number, buf: Uint8Array): void {
    this.vp.bio.queueWrite(n, buf);
  }

  flush(): void {}
}

/** The block I/O state of one NFS file (SunOS keeps it in the rnode). */
export class NfsBio {
  readonly dev: NfsBlockDev;
  /** The new bytes of each delayed-write block: [from, to) within the block. */
  readonly dirty = new Map<number, [number, number]>();
  /** Blocks that may be in the cache. */
  readonly blocks = new Set<number>();
  /** Writes queued for a biod, and writes whose call is being made. */
  queued = 0;
  readonly inflight = new Set<number>();
  /** Blocks being read (ahead, or by a reader). */
  readonly reading = new Set<number>();
  /** Woken whenever a write or read of the file ends. */
  readonly chan = {};
  /** The last block read (to see reading in order). */
  lastr = -1;
  /** An asynchronous write failed: reported to the next write, fsync or close (SunOS's r_error). */
  error = 0;
  /** Whose credentials the delayed writes go with: the last writer's (SunOS's r_cred). */
  cred: Ucred | null = null;

  constructor(readonly vp: NfsVnode) {
    this.dev = new NfsBlockDev(vp);
  }

  private get k(): Kernel {
    return this.vp.mount.k;
  }

  /** Something written here has not reached the server yet. */
  busy(): boolean {
    return this.dirty.size > 0 || this.queued > 0 || this.inflight.size > 0;
  }

  /** Writes of this file not yet answered. */
  get outstanding(): number {
    return this.queued + this.inflight.size;
  }

  /** A delayed block leaves the cache: queue its new bytes for a biod (NfsBlockDev.writeBlock). */
  queueWrite(blkno: number, buf: Uint8Array): void {
    const range = this.dirty.get(blkno);
    this.dirty.delete(blkno);
    if (!range || range[1] <= range[0]) return;
    const iod = nfs_iod(this.k);
    iod.queue.push({
      kind: 'write',
      vp: this.vp,
      blkno,
      off: blkno * NFS_BSIZE + range[0],
      data: buf.slice(range[0], range[1]),
      cred: this.cred ?? this.vp.mount.k.proc0.cred,
    });
    this.queued++;
    this.k.sched.wakeup(iod.chan);
  }

  /** Is a write of this block queued or being made? */
  writing(blkno: number): boolean {
    if (this.inflight.has(blkno)) return true;
    return nfs_iod(this.k).queue.some((r) => r.kind === 'write' && r.vp === this.vp && r.blkno === blkno);
  }

  /**
   * Forget the cached blocks (the file changed on the server, or was cut),
   * but those holding bytes not yet written — unless `all` (unmount).
   */
  purge(all: boolean): void {
    const bufs = this.k.bufs;
    for (const bn of [...this.blocks]) {
      const bp = bufs.incore(this.dev, bn);
      if (bp && (all || !bp.delwri)) {
        bufs.binval(this.dev, bn);
        this.dirty.delete(bn);
      }
      if (!bufs.incore(this.dev, bn)) this.blocks.delete(bn);
    }
    this.lastr = -1;
  }
}

/** Wait for something of this file's I/O to end, at the mount's priority. */
function* biowait(vp: NfsVnode, p: Proc, wmesg: string): Generator<void, void, void> {
  yield* tsleep(vp.mount.k.sched, p, vp.bio.chan, vp.mount.waitpri, wmesg);
}

/** READ calls for `len` bytes from `off`, in pieces of rsize; fewer at the end of the file. */
function* readrpc(vp: NfsVnode, off: number, len: number, cred: Ucred): Generator<void, Uint8Array, void> {
  const out = new Uint8Array(len);
  let got = 0;
  while (got < len) {
    const count = Math.min(vp.mount.opts.rsize, len - got);
    const d = yield* vp.call(NFSPROC_READ, cred, (e) =>
      putReadArgs(e, { file: vp.fh, offset: off + got, count, totalcount: count }),
    );
    const r = getReadRes(d);
    if (r.status !== NFS_OK || !r.attr || !r.data) throw new Errno(nfsstatToErrno(r.status));
    vp.loadattr(r.attr);
    out.set(r.data, got);
    got += r.data.length;
    if (r.data.length < count) break;
  }
  return out.subarray(0, got);
}

/** A block from the server into the cache, unless it is there (or being written) by the time the reply comes. */
function* fetchBlock(vp: NfsVnode, bn: number, cred: Ucred): Generator<void, void, void> {
  const bio = vp.bio;
  bio.reading.add(bn);
  let data: Uint8Array;
  try {
    data = yield* readrpc(vp, bn * NFS_BSIZE, NFS_BSIZE, cred);
  } finally {
    bio.reading.delete(bn);
    vp.mount.k.sched.wakeup(bio.chan);
  }
  const bufs = vp.mount.k.bufs;
  if (bufs.incore(bio.dev, bn) || bio.writing(bn)) return;
  const bp = bufs.getblk(bio.dev, bn);
  bp.data.fill(0);
  bp.data.set(data);
  bp.flags |= B_DONE;
  bufs.brelse(bp);
  bio.blocks.add(bn);
}

/**
 * Make block bn of the file be in the cache (the caller then takes it
 * with getblk before anything else runs): a write of it on its way is
 * waited for first, a read of it by someone else shared.
 */
function* loadBlock(vp: NfsVnode, p: Proc, bn: number, cred: Ucred): Generator<void, void, void> {
  const bio = vp.bio;
  const bufs = vp.mount.k.bufs;
  for (;;) {
    const bp = bufs.incore(bio.dev, bn);
    if (bp && bp.flags & B_DONE) return;
    if (bio.writing(bn)) yield* waitWrites(vp, p, bn);
    else if (bio.reading.has(bn)) yield* biowait(vp, p, 'nfsread');
    else yield* fetchBlock(vp, bn, cred);
  }
}

/**
 * read(2) of an NFS file (nfs_bioread): the attributes checked (the cache
 * may have run out: the file may have changed), then block by block from
 * the cache or the server, reading ahead when the file is read in order.
 */
export function* nfs_bioread(
  vp: NfsVnode,
  p: Proc,
  offset: number,
  count: number,
  cred: Ucred,
): Generator<void, Uint8Array, void> {
  yield* vp.revalidate(cred);
  const k = vp.mount.k;
  const bio = vp.bio;
  const size = vp.attr.size;
  if (offset >= size || count <= 0) return new Uint8Array(0);
  const n = Math.min(count, size - offset);
  const out = new Uint8Array(n);
  let done = 0;
  while (done < n) {
    const at = offset + done;
    const bn = Math.floor(at / NFS_BSIZE);
    const on = at % NFS_BSIZE;
    const len = Math.min(NFS_BSIZE - on, n - done);
    // Read in order: the next block is asked for before this one is waited
    // for (4.3BSD's breada), so that the two calls are on their way at once.
    if (bn === bio.lastr + 1) readahead(vp, bn + 1, cred);
    yield* loadBlock(vp, p, bn, cred);
    const bp = k.bufs.getblk(bio.dev, bn);
    out.set(bp.data.subarray(on, on + len), done);
    k.bufs.brelse(bp);
    bio.blocks.add(bn);
    bio.lastr = bn;
    done += len;
  }
  return out;
}

/** Ask a biod for block bn, if there is one to ask, the block is in the file and nobody has it on the way. */
function readahead(vp: NfsVnode, bn: number, cred: Ucred): void {
  const k = vp.mount.k;
  const iod = nfs_iod(k);
  const bio = vp.bio;
  if (iod.daemons === 0 || bn * NFS_BSIZE >= vp.attr.size) return;
  if (k.bufs.incore(bio.dev, bn) || bio.reading.has(bn) || bio.writing(bn)) return;
  if (iod.queue.some((r) => r.kind === 'read' && r.vp === vp && r.blkno === bn)) return;
  iod.queue.push({ kind: 'read', vp, blkno: bn, cred });
  k.sched.wakeup(iod.chan);
}

/**
 * write(2) of an NFS file (nfs_biowrite): into the cache as delayed
 * writes; a block filled to its end is sent behind the writer's back.
 */
export function* nfs_biowrite(
  vp: NfsVnode,
  p: Proc,
  offset: number,
  data: Uint8Array,
  cred: Ucred,
): Generator<void, number, void> {
  const k = vp.mount.k;
  const bio = vp.bio;
  if (bio.error) {
    const e = bio.error;
    bio.error = 0;
    throw new Errno(e);
  }
  if (offset + data.length > OFF_MAX) throw new Errno(EFBIG);
  bio.cred = cred.clone();
  let done = 0;
  while (done < data.length) {
    while (bio.outstanding >= NFS_MAXWRITES) yield* waitSome(vp, p);
    const at = offset + done;
    const bn = Math.floor(at / NFS_BSIZE);
    const on = at % NFS_BSIZE;
    const len = Math.min(NFS_BSIZE - on, data.length - done);
    // The bytes of the block that are in the file and not being overwritten must be there first.
    const valid = Math.min(NFS_BSIZE, vp.attr.size - bn * NFS_BSIZE);
    if (valid > 0 && (on > 0 || on + len < valid)) yield* loadBlock(vp, p, bn, cred);
    else if (bio.writing(bn)) yield* waitWrites(vp, p, bn);
    // From here to bdwrite nothing waits: the block cannot go away in between.
    const bp = k.bufs.getblk(bio.dev, bn);
    if (!(bp.flags & B_DONE)) bp.data.fill(0);
    bp.data.set(data.subarray(done, done + len), on);
    const r = bio.dirty.get(bn);
    bio.dirty.set(bn, r ? [Math.min(r[0], on), Math.max(r[1], on + len)] : [on, on + len]);
    bio.blocks.add(bn);
    k.bufs.bdwrite(bp, vp.attr.fileid);
    if (at + len > vp.attr.size) vp.attr.size = at + len;
    const [sec, usec] = k.timeOfDay();
    vp.attr.mtime = sec;
    vp.attr.mtimeUsec = usec;
    if (on + len === NFS_BSIZE) k.bufs.bflush(bio.dev, vp.attr.fileid); // write-behind
    done += len;
  }
  // With no biod, the writer sends the full blocks itself, now.
  if (nfs_iod(k).daemons === 0) yield* doQueued(vp, () => false);
  return data.length;
}

/** Make the queued writes of vp (all, or until `enough`) in this process: no biod will, or it would wait for them anyway. */
function* doQueued(vp: NfsVnode, enough: () => boolean): Generator<void, void, void> {
  const iod = nfs_iod(vp.mount.k);
  for (;;) {
    if (enough()) return;
    const i = iod.queue.findIndex((r) => r.kind === 'write' && r.vp === vp && !vp.bio.inflight.has(r.blkno));
    if (i < 0) return;
    const [req] = iod.queue.splice(i, 1);
    yield* doAsync(vp.mount.k, req);
  }
}

/** Wait until fewer writes of vp are on their way, making one itself where it can. */
function* waitSome(vp: NfsVnode, p: Proc): Generator<void, void, void> {
  const before = vp.bio.outstanding;
  yield* doQueued(vp, () => vp.bio.outstanding < before);
  if (vp.bio.outstanding >= before) yield* biowait(vp, p, 'nfswrite');
}

/** Wait until no write of block bn (or, with bn -1, of any block) of vp is on its way. */
function* waitWrites(vp: NfsVnode, p: Proc, bn: number): Generator<void, void, void> {
  const pending = () => (bn < 0 ? vp.bio.outstanding > 0 : vp.bio.writing(bn));
  while (pending()) {
    yield* doQueued(vp, () => !pending());
    if (pending()) yield* biowait(vp, p, 'nfswrite');
  }
}

/**
 * Send everything written to vp and wait until the server has it (close,
 * fsync, a truncation): the delayed blocks pushed out, every write
 * answered; then an error any of them met is reported (once).
 */
export function* nfs_flush(vp: NfsVnode, p: Proc): Generator<void, void, void> {
  const bio = vp.bio;
  vp.mount.k.bufs.bflush(bio.dev);
  yield* waitWrites(vp, p, -1);
  if (bio.error) {
    const e = bio.error;
    bio.error = 0;
    throw new Errno(e);
  }
}

/** sync(2) for a mount: every delayed block of it on its way (not waited for). */
export function nfs_pushall(mnt: NfsMount): void {
  for (const vp of mnt.nodes.all()) if (vp.bio.dirty.size > 0) mnt.k.bufs.bflush(vp.bio.dev);
}

/** Everything written to a mount at the server (unmount): errors are for the files' users, not the unmount. */
export function* nfs_flushall(mnt: NfsMount, p: Proc): Generator<void, void, void> {
  for (const vp of mnt.nodes.all()) {
    mnt.k.bufs.bflush(vp.bio.dev);
    yield* waitWrites(vp, p, -1);
  }
}

/** Queue the removal of a silly-renamed file (its last user is gone; nothing may wait here). */
export function nfs_queue_remove(dir: NfsVnode, name: string, cred: Ucred): void {
  const iod = nfs_iod(dir.mount.k);
  iod.queue.push({ kind: 'remove', vp: dir, name, cred });
  dir.mount.k.sched.wakeup(iod.chan);
}

/** Do one piece of asynchronous work (a biod, or a process that would otherwise wait for it). */
function* doAsync(k: Kernel, req: AsyncReq): Generator<void, void, void> {
  const vp = req.vp;
  const bio = vp.bio;
  switch (req.kind) {
    case 'write': {
      bio.queued--;
      bio.inflight.add(req.blkno);
      try {
        let done = 0;
        while (done < req.data.length) {
          const chunk = req.data.subarray(done, done + vp.mount.opts.wsize);
          const off = req.off + done;
          const d = yield* vp.call(NFSPROC_WRITE, req.cred, (e) =>
            putWriteArgs(e, {
              file: vp.fh,
              beginoffset: off,
              offset: off,
              totalcount: chunk.length,
              data: chunk,
            }),
          );
          const r = getAttrStat(d);
          if (r.status !== NFS_OK || !r.attr) {
            const errno = nfsstatToErrno(r.status);
            k.log(`NFS write error ${errno} on host ${vp.mount.hostname}\n`);
            throw new Errno(errno);
          }
          vp.loadattr(r.attr, true);
          done += chunk.length;
        }
      } catch (e) {
        if (!(e instanceof Errno)) throw e;
        bio.error = e.errno;
      } finally {
        bio.inflight.delete(req.blkno);
        k.sched.wakeup(bio.chan);
      }
      return;
    }
    case 'read': {
      if (k.bufs.incore(bio.dev, req.blkno) || bio.reading.has(req.blkno) || bio.writing(req.blkno)) return;
      try {
        yield* fetchBlock(vp, req.blkno, req.cred);
      } catch (e) {
        if (!(e instanceof Errno)) throw e; // the reader will ask again, and see the error itself
      }
      return;
    }
    case 'remove': {
      try {
        yield* vp.removeOtw(req.name, req.cred);
      } catch (e) {
        if (!(e instanceof Errno)) throw e;
      } finally {
        vp.release();
      }
      return;
    }
  }
}

/** The next piece of work a biod may take: any but a write of a block whose earlier write is still being made. */
function takeWork(iod: Iod): AsyncReq | undefined {
  const i = iod.queue.findIndex((r) => r.kind !== 'write' || !r.vp.bio.inflight.has(r.blkno));
  if (i < 0) return undefined;
  return iod.queue.splice(i, 1)[0];
}

/**
 * async_daemon(): the calling process becomes a biod and never returns —
 * but for a signal, which ends the call with EINTR (kill ends a biod).
 * The super-user's.
 */
export function* sysAsyncDaemon(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  suser(p.cred);
  const iod = nfs_iod(k);
  iod.daemons++;
  try {
    for (;;) {
      const req = takeWork(iod);
      if (req) {
        yield* doAsync(k, req);
        continue;
      }
      iod.idle++;
      try {
        yield* tsleep(k.sched, p, iod.chan, PZERO + 1, 'biod');
      } finally {
        iod.idle--;
      }
    }
  } finally {
    iod.daemons--;
  }
}
