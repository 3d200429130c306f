/**
 * A mounted NFS file system on the client (SunOS's nfs_vfsops.c and the
 * call path of nfs_subr.c; 4.3BSD-Reno's nfs_vfsops.c): NfsMount holds
 * what mount(2) was given in struct nfs_args — the server's address, the
 * handle of the directory mounted, the options — and makes every call to
 * the server (rfscall), with the mount's retransmission rules:
 *
 *   - hard (the default): a call is sent again and again, the wait
 *     doubling from timeo tenths of a second up to a minute; after
 *     `retrans` sends the console says "NFS server sun0 not responding
 *     still trying", and when the server answers again "NFS server sun0
 *     ok". The process waits uninterruptibly unless the mount has `intr`,
 *     when a signal ends the call with EINTR;
 *   - soft: after `retrans` sends the call fails with ETIMEDOUT, and the
 *     console says "NFS getattr failed for server sun0: RPC: Timed out".
 *
 * struct nfs_args (sys/mount.h; SunOS 4's, with one field of sun3lab's at
 * the end), 56 bytes:
 *
 *   0 addr (struct sockaddr_in *)   4 fh (fhandle_t *, 32 bytes)   8 flags
 *   12 wsize  16 rsize  20 timeo (tenths of a second)  24 retrans
 *   28 hostname (char *)  32 acregmin  36 acregmax  40 acdirmin  44 acdirmax (seconds)
 *   48 netname (char *, secure NFS: unused)  52 fsname (char *, "host:/path",
 *   for the mount table; SunOS's mount(8) kept that in /etc/mtab)
 *
 * Each value is used only if its NFSMNT_ flag is set; otherwise SunOS's
 * defaults: timeo 7 (0.7 s), retrans 4, rsize and wsize 8192, acregmin 3,
 * acregmax 60, acdirmin 30, acdirmax 60.
 */
import { makedev } from '../../dev/devsw.js';
import { EINVAL, Errno, ETIMEDOUT } from '../../errno.js';
import type { Kernel } from '../../kernel.js';
import { authunixOf } from '../../net/rpc/auth_unix.js';
import { ClntUdp, RpcError } from '../../net/rpc/clnt_udp.js';
import { XdrDecoder, XdrEncoder } from '../../net/rpc/xdr.js';
import { AF_INET, sa_family, sin_port } from '../../net/socket.js';
import { HZ, MAXPATHLEN, PRIBIO, PZERO } from '../../param.js';
import { Ucred } from '../../proc/cred.js';
import type { Proc } from '../../proc/proc.js';
import { tsleep } from '../../proc/sched.js';
import { copyin, copyinstr } from '../../vm/copyio.js';
import type { Vfs } from '../vfs.js';
import { type FsStats, type KResult, type MountedFs, nowait } from '../vnode.js';
import { nfs_flushall, nfs_pushall } from './nfs_bio.js';
import { NfsNodes } from './nfs_node.js';
import { checkStatus, getFattr } from './nfs_subs.js';
import type { NfsVnode } from './nfs_vnops.js';
import { getStatfsRes } from './nfs_xdr.js';
import {
  NFS_FHSIZE,
  NFS_MAXDATA,
  NFS_PROGRAM,
  NFS_VERSION,
  NFSPROC_GETATTR,
  NFSPROC_NAMES,
  NFSPROC_STATFS,
} from './nfsproto.js';

// nfs_args flags (SunOS's NFSMNT_).
export const NFSMNT_SOFT = 0x001;
export const NFSMNT_WSIZE = 0x002;
export const NFSMNT_RSIZE = 0x004;
export const NFSMNT_TIMEO = 0x008;
export const NFSMNT_RETRANS = 0x010;
export const NFSMNT_HOSTNAME = 0x020;
export const NFSMNT_INT = 0x040;
export const NFSMNT_NOAC = 0x080;
export const NFSMNT_ACREGMIN = 0x100;
export const NFSMNT_ACREGMAX = 0x200;
export const NFSMNT_ACDIRMIN = 0x400;
export const NFSMNT_ACDIRMAX = 0x800;
export const NFSMNT_KNOWN = 0xfff;

export const NFS_ARGS_SIZE = 56;
/** The mount type's number without M_NEWTYPE (SunOS's MOUNT_NFS). */
export const MOUNT_NFS = 2;
/** The major number of the made-up devices NFS mounts are known by (st_dev of their files). */
export const NFS_MAJOR = 255;
/** Client handles (sockets) a mount uses at once: calls beyond wait for one. */
export const NFS_MAXCLIENTS = 8;

export interface NfsOptions {
  soft: boolean;
  intr: boolean;
  /** In clock ticks. */
  timeo: number;
  retrans: number;
  rsize: number;
  wsize: number;
  /** Attribute cache bounds, in seconds (0 with noac). */
  acregmin: number;
  acregmax: number;
  acdirmin: number;
  acdirmax: number;
}

export interface NfsArgs {
  addr: Uint8Array;
  fh: Uint8Array;
  flags: number;
  hostname: string;
  fsname: string;
  opts: NfsOptions;
}

/** Clamp a size option: at least 512, at most 8192, a multiple of 512. */
function iosize(v: number): number {
  return Math.max(512, Math.min(NFS_MAXDATA, v - (v % 512)));
}

/** struct nfs_args from user space (EINVAL for an address that is not AF_INET, unknown flags, a bad value). */
export function copyinNfsArgs(p: Proc, data: number): NfsArgs {
  const raw = copyin(p.vm, data, NFS_ARGS_SIZE);
  const v = new DataView(raw.buffer, raw.byteOffset, raw.length);
  const w = (off: number) => v.getInt32(off);
  const flags = w(8);
  if (flags & ~NFSMNT_KNOWN) throw new Errno(EINVAL);
  const addr = copyin(p.vm, v.getUint32(0), 16);
  if (sa_family(addr) !== AF_INET || sin_port(addr) === 0) throw new Errno(EINVAL);
  const fh = copyin(p.vm, v.getUint32(4), NFS_FHSIZE);
  const str = (off: number, fallback: string) =>
    v.getUint32(off) !== 0 ? copyinstr(p.vm, v.getUint32(off), MAXPATHLEN) : fallback;
  const hostname = flags & NFSMNT_HOSTNAME ? str(28, '') : '';
  const fsname = str(52, `${hostname || 'nfs'}:/`);
  const pick = (flag: number, off: number, dflt: number) => {
    if (!(flags & flag)) return dflt;
    const x = w(off);
    if (x <= 0) throw new Errno(EINVAL);
    return x;
  };
  const noac = (flags & NFSMNT_NOAC) !== 0;
  const ac = (flag: number, off: number, dflt: number) => (noac ? 0 : pick(flag, off, dflt));
  const opts: NfsOptions = {
    soft: (flags & NFSMNT_SOFT) !== 0,
    intr: (flags & NFSMNT_INT) !== 0,
    timeo: Math.max(1, Math.round((pick(NFSMNT_TIMEO, 20, 7) * HZ) / 10)),
    retrans: pick(NFSMNT_RETRANS, 24, 4),
    wsize: iosize(pick(NFSMNT_WSIZE, 12, NFS_MAXDATA)),
    rsize: iosize(pick(NFSMNT_RSIZE, 16, NFS_MAXDATA)),
    acregmin: ac(NFSMNT_ACREGMIN, 32, 3),
    acregmax: ac(NFSMNT_ACREGMAX, 36, 60),
    acdirmin: ac(NFSMNT_ACDIRMIN, 40, 30),
    acdirmax: ac(NFSMNT_ACDIRMAX, 44, 60),
  };
  if (opts.acregmax < opts.acregmin) opts.acregmax = opts.acregmin;
  if (opts.acdirmax < opts.acdirmin) opts.acdirmax = opts.acdirmin;
  return { addr, fh, flags, hostname: hostname || fsname.split(':')[0], fsname, opts };
}

/** The next made-up device number of a machine's NFS mounts. */
const nextMinor = new WeakMap<Kernel, number>();

export class NfsMount implements MountedFs {
  readonly fstype = 'nfs';
  readonly mountType = MOUNT_NFS;
  readonly remote = true;
  vfs: Vfs | null = null;
  readonly dev: number;
  /** The root's vnode: set by nfs_mount once the server has answered for it. */
  root!: NfsVnode;
  readonly nodes = new NfsNodes(this);
  /** The console has been told the server is not responding (SunOS's mi_down). */
  down = false;
  /** Calls made, by procedure (nfsstat -c). */
  readonly calls: number[] = new Array(NFSPROC_NAMES.length).fill(0);
  private readonly free: ClntUdp[] = [];
  /** Every client handle made (for the counters: nfsstat -c's rpc calls and retrans). */
  private readonly handles: ClntUdp[] = [];
  private clients = 0;
  private readonly clwait = {};
  rdonly: boolean;

  constructor(
    readonly k: Kernel,
    readonly args: NfsArgs,
    rdonly: boolean,
  ) {
    this.rdonly = rdonly;
    const n = nextMinor.get(k) ?? 0;
    nextMinor.set(k, (n + 1) & 0xff);
    this.dev = makedev(NFS_MAJOR, n);
  }

  get opts(): NfsOptions {
    return this.args.opts;
  }

  get hostname(): string {
    return this.args.hostname;
  }

  /** Calls sent again for want of a reply, over all of the mount's client handles. */
  get retransmits(): number {
    return this.handles.reduce((n, cl) => n + cl.retransmits, 0);
  }

  /** The priority a process waits at for this mount: interruptible only with intr. */
  get waitpri(): number {
    return this.opts.intr ? PZERO + 1 : PRIBIO;
  }

  /** A client handle (SunOS's clget): a free one, a new one, or wait for one. */
  private *clget(p: Proc): Generator<void, ClntUdp, void> {
    for (;;) {
      const cl = this.free.pop();
      if (cl) return cl;
      if (this.clients < NFS_MAXCLIENTS) {
        this.clients++;
        const cl = new ClntUdp(this.k, this.args.addr, NFS_PROGRAM, NFS_VERSION);
        this.handles.push(cl);
        return cl;
      }
      yield* tsleep(this.k.sched, p, this.clwait, this.waitpri, 'nfsclnt');
    }
  }

  private clfree(cl: ClntUdp): void {
    this.free.push(cl);
    this.k.sched.wakeup(this.clwait);
  }

  /**
   * Call NFS procedure `proc` with arguments `put` writes, as `cred`;
   * returns a cursor at the results (whose status word the caller reads).
   */
  *rfscall(
    p: Proc,
    proc: number,
    cred: Ucred,
    put: (e: XdrEncoder) => unknown,
  ): Generator<void, XdrDecoder, void> {
    const k = this.k;
    const e = new XdrEncoder(256);
    put(e);
    const cl = yield* this.clget(p);
    this.calls[proc]++;
    try {
      return yield* cl.call(p, proc, authunixOf(cred, k.hostname, k.bootTime), e.bytes(), {
        timeo: this.opts.timeo,
        retrans: this.opts.retrans,
        soft: this.opts.soft,
        intr: this.opts.intr,
        nowait: () => nowait.depth > 0,
        notResponding: () => {
          if (this.down) return;
          this.down = true;
          k.log(`NFS server ${this.hostname} not responding still trying\n`);
        },
        responding: () => {
          if (!this.down) return;
          this.down = false;
          k.log(`NFS server ${this.hostname} ok\n`);
        },
      });
    } catch (err) {
      if (err instanceof Errno && err.errno === ETIMEDOUT)
        k.log(`NFS ${NFSPROC_NAMES[proc]} failed for server ${this.hostname}: RPC: Timed out\n`);
      else if (err instanceof RpcError)
        k.log(`NFS ${NFSPROC_NAMES[proc]} failed for server ${this.hostname}: ${err.why}\n`);
      throw err;
    } finally {
      this.clfree(cl);
    }
  }

  /** Delayed writes go to the server (by the biods; sync does not wait). */
  sync(): void {
    nfs_pushall(this);
  }

  /** Everything written here reaches the server before this returns (unmount, reboot). */
  *flush(p: Proc): Generator<void, void, void> {
    yield* nfs_flushall(this, p);
  }

  *statfs(cred?: Ucred): Generator<void, FsStats, void> {
    const p = this.k.sched.curproc as Proc;
    const d = yield* this.rfscall(p, NFSPROC_STATFS, cred ?? p.cred, (e) => e.fopaque(this.args.fh));
    const r = getStatfsRes(d);
    if (r.status !== 0) {
      d.pos = 0;
      checkStatus(new XdrDecoder(Uint8Array.of(0, 0, 0, r.status)));
    }
    const unit = (r.bsize ?? 8192) / 8192;
    // In the units of this kernel's file systems (8 KB blocks), as df expects.
    return {
      bsize: 8192,
      blocks: Math.floor((r.blocks ?? 0) * unit),
      bfree: Math.floor((r.bfree ?? 0) * unit),
      bavail: Math.floor((r.bavail ?? 0) * unit),
      files: 0,
      ffree: 0,
    };
  }

  /**
   * Unmount (SunOS's nfs_unmount): EBUSY while a file of it is in use,
   * unless forced; what is cached is dropped, the client sockets closed.
   * Delayed writes must have gone first (flush). Never "clean": there is
   * no disk here.
   */
  unmount(force = false): boolean {
    if (!force && this.nodes.busy()) throw new Errno(16);
    this.nodes.purgeAll();
    this.root.release();
    for (const cl of this.free) cl.destroy();
    this.free.length = 0;
    return true;
  }

  remount(rdonly: boolean): void {
    this.rdonly = rdonly;
  }
}

/**
 * Mount the NFS file system nfs_args at `data` describes (SunOS's
 * nfs_mount): the root's attributes are asked of the server first, so a
 * handle the server does not know fails here (ESTALE), and a server that
 * does not answer fails a soft mount (ETIMEDOUT). Returns the mount and
 * the name for the mount table.
 */
export function* nfs_mount(
  k: Kernel,
  p: Proc,
  data: number,
  rdonly: boolean,
): Generator<void, NfsMount, void> {
  const args = copyinNfsArgs(p, data);
  const mnt = new NfsMount(k, args, rdonly);
  const d = yield* mnt.rfscall(p, NFSPROC_GETATTR, p.cred, (e) => e.fopaque(args.fh));
  checkStatus(d);
  const attr = getFattr(d);
  mnt.root = mnt.nodes.get(args.fh, attr).hold(); // the mount's own reference
  return mnt;
}

/** The root credentials kernel work uses where no process's apply. */
export const KCRED = new Ucred();

export type { KResult };
