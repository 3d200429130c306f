/**
 * The server's duplicate-request cache (4.3BSD-Reno's nfs_srvcache.c,
 * after Juszczak's "Improving the Performance and Correctness of an NFS
 * Server", 1989). A client that hears no reply sends the same call again,
 * with the same transaction id. For a call that only reads, running it
 * twice does no harm; for one that changes something it does: a
 * retransmitted REMOVE would find the file gone and answer NFSERR_NOENT to
 * a remove that worked, a retransmitted CREATE could truncate what was
 * written since. So the server remembers the last calls it took, keyed by
 * (client address, port, xid, procedure), and for a retransmission:
 *
 *   - of a call still running: drops it (the first will answer);
 *   - of a finished call that changes things: sends the reply it sent the
 *     first time, without running the call again;
 *   - of a finished call that only reads: runs it again.
 *
 * The cache is a bounded LRU: an entry used again moves to the young end,
 * and the oldest goes when it is full.
 */
import type { ReplyCache, SvcRequest } from '../../net/rpc/svc.js';
import { sin_addr, sin_port } from '../../net/socket.js';
import { NONIDEMPOTENT } from './nfsproto.js';

/** Entries kept (Reno's NFSRVCACHESIZ was 256). */
export const NFSRVCACHESIZ = 256;

interface Entry {
  state: 'inprog' | 'done';
  /** The reply of a finished non-idempotent call. */
  reply: Uint8Array | null;
}

export interface SrvcacheStats {
  hits: number;
  inprog: number;
  misses: number;
}

export class NfsSrvCache implements ReplyCache {
  /** By key, least recently used first (a Map keeps insertion order). */
  private readonly entries = new Map<string, Entry>();
  readonly stats: SrvcacheStats = { hits: 0, inprog: 0, misses: 0 };

  constructor(readonly size = NFSRVCACHESIZ) {}

  private key(req: SvcRequest): string {
    return `${sin_addr(req.from)}:${sin_port(req.from)}:${req.xid}:${req.proc}`;
  }

  lookup(req: SvcRequest): 'run' | 'drop' | Uint8Array {
    const key = this.key(req);
    const e = this.entries.get(key);
    if (e) {
      this.entries.delete(key);
      this.entries.set(key, e);
      if (e.state === 'inprog') {
        this.stats.inprog++;
        return 'drop';
      }
      if (e.reply) {
        this.stats.hits++;
        return e.reply;
      }
      // Only reads: run it again.
      e.state = 'inprog';
      return 'run';
    }
    this.stats.misses++;
    this.entries.set(key, { state: 'inprog', reply: null });
    while (this.entries.size > this.size) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return 'run';
  }

  done(req: SvcRequest, reply: Uint8Array): void {
    const e = this.entries.get(this.key(req));
    if (!e) return; // pushed out while it ran
    e.state = 'done';
    e.reply = NONIDEMPOTENT.has(req.proc) ? reply : null;
  }

  get length(): number {
    return this.entries.size;
  }
}
