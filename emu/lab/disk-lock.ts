/**
 * One sun3lab at a time on a --disk image: two machines writing the same
 * file system would wreck it, as two hosts mounting one disk did. The lock
 * is a file beside the image, `IMAGE.lock`, holding the process id of the
 * sun3lab that uses it. It is made complete or not at all (written under a
 * temporary name, then hard-linked to the lock name, which fails if the
 * lock exists), so a lock is never seen empty.
 *
 * A lock whose process is no longer running (killed, or the host crashed)
 * is stale: the next sun3lab takes it over. It moves the stale lock aside
 * with rename (of two processes racing for it only one succeeds), checks
 * that what it moved is the stale lock it saw, and tries again.
 */
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { partialName, removeStalePartials } from './atomic-write.js';
import { fsReason, processAlive } from './host-file.js';

export class DiskLock {
  private held = true;
  /** Give the lock up however the process exits (process.exit included); a kill leaves it stale. */
  private readonly onExit = () => this.release();

  private constructor(readonly path: string) {
    process.on('exit', this.onExit);
  }

  /** The lock file of `image`. */
  static pathFor(image: string): string {
    return `${image}.lock`;
  }

  /**
   * Take the lock on `image` (a one-line Error naming `label` if another
   * sun3lab holds it, or if it cannot be made).
   */
  static acquire(image: string, label: string): DiskLock {
    const path = DiskLock.pathFor(image);
    // Names of the lock in the making and of a stale one being removed, cleaned up if a run died holding them.
    removeStalePartials(path);
    removeStalePartials(`${path}.stale`);
    const mine = partialName(path);
    try {
      writeFileSync(mine, `${process.pid}\n`, { flag: 'w' });
    } catch (err) {
      throw new Error(`${label}: cannot make the lock ${path}: ${fsReason(err)}`);
    }
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          linkSync(mine, path);
          return new DiskLock(path);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
            throw new Error(`${label}: cannot make the lock ${path}: ${fsReason(err)}`);
        }
        const holder = readHolder(path);
        if (holder !== null && holder !== process.pid && processAlive(holder))
          throw new Error(
            `${label}: in use by another sun3lab (process ${holder}; if it is not running, remove ${path})`,
          );
        takeOverStale(path, holder);
      }
      throw new Error(`${label}: cannot take the lock ${path} (other sun3labs keep taking it)`);
    } finally {
      try {
        unlinkSync(mine);
      } catch {
        // gone already
      }
    }
  }

  /** Give the lock up (at exit). */
  release(): void {
    if (!this.held) return;
    this.held = false;
    process.off('exit', this.onExit);
    try {
      if (readHolder(this.path) === process.pid) unlinkSync(this.path);
    } catch {
      // removed by hand: nothing to release
    }
  }
}

/** The process id in a lock file, or null if it has none (unreadable, gone, or garbage). */
function readHolder(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Move a stale lock (held by `holder`, now dead) out of the way; put back a live one moved by mistake. */
function takeOverStale(path: string, holder: number | null): void {
  const aside = partialName(`${path}.stale`);
  try {
    renameSync(path, aside);
  } catch {
    return; // another process moved it first: try again
  }
  const moved = readHolder(aside);
  if (moved !== holder && moved !== null && processAlive(moved)) {
    // Between our look and the rename a live process took the lock: give it back.
    try {
      linkSync(aside, path);
    } catch {
      // someone else has made a lock meanwhile; theirs stands
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // gone already
  }
}
