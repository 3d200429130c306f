/**
 * Whole-file writes that never leave a half-written file under the real
 * name: the data goes to a temporary file beside the target (same directory,
 * so same file system), in chunks; the temporary is fsync'd, renamed over
 * the target (rename is atomic: a reader, or the next run after a crash,
 * sees the old file or the new one, never a mix), and the directory is
 * fsync'd so that the rename itself survives a power failure. Used for every
 * whole file the tools write: disk images (mkfs, a new --disk), build
 * outputs.
 *
 * The temporary is named `.NAME.PID.partial`: hidden, and ending in
 * `.partial`, so that no tool takes it for an image. If the process dies
 * before the rename (killed, power lost) the partial file stays; the next
 * write of the same target removes the partials of processes that are no
 * longer running.
 */
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { hostWriteDone } from './fault-hook.js';
import { fsReason, processAlive } from './host-file.js';

/** Bytes per write: a large file goes out in pieces (each one a step the fault hook can stop after). */
export const WRITE_CHUNK = 1 << 20;

const PARTIAL = /^\.(.+)\.(\d+)\.partial$/;

/** The temporary file a process writes `target` to before renaming it. */
export function partialName(target: string, pid = process.pid): string {
  return join(dirname(target), `.${basename(target)}.${pid}.partial`);
}

/** Remove the partial files of `target` left by processes that are gone (best effort). */
export function removeStalePartials(target: string): void {
  const dir = dirname(target);
  const name = basename(target);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    const m = PARTIAL.exec(e);
    if (!m || m[1] !== name) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || processAlive(pid)) continue;
    try {
      unlinkSync(join(dir, e));
    } catch {
      // someone else removed it, or we may not: it is hidden and harmless
    }
  }
}

/** The file a write to `target` should replace: the end of a symbolic link, not the link. */
function realTarget(target: string): string {
  try {
    return realpathSync(target);
  } catch {
    return target;
  }
}

/** fsync a directory, so that a rename in it is durable. Some systems cannot; that is no error. */
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // EINVAL/EISDIR on systems that do not fsync directories
  } finally {
    closeSync(fd);
  }
}

/**
 * Write `data` (one buffer or several, in order) as the file `target`,
 * atomically. A file already there keeps its permission bits; a new one
 * gets `mode` (default 0666, less the umask). On any failure the temporary
 * is removed and an Error says, in one line, what went wrong.
 */
export function writeFileAtomic(
  target: string,
  data: Uint8Array | readonly Uint8Array[],
  opts: { mode?: number; label?: string } = {},
): void {
  const label = opts.label ?? target;
  const path = realTarget(target);
  removeStalePartials(path);
  let keepMode: number | null = null;
  try {
    keepMode = statSync(path).mode & 0o7777;
  } catch {
    // a new file
  }
  const tmp = partialName(path);
  let fd = -1;
  try {
    fd = openSync(tmp, 'wx', opts.mode ?? 0o666);
    // An existing file's bits exactly (the open's mode is reduced by the umask).
    if (keepMode !== null) fchmodSync(fd, keepMode);
    for (const part of Array.isArray(data) ? data : [data as Uint8Array]) {
      for (let off = 0; off < part.length; ) {
        const end = Math.min(part.length, off + WRITE_CHUNK);
        while (off < end) off += writeSync(fd, part, off, end - off);
        hostWriteDone();
      }
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
    hostWriteDone();
  } catch (err) {
    if (fd >= 0) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // not made, or already renamed
    }
    throw new Error(`${label}: cannot write it: ${fsReason(err)}`);
  }
  syncDirectory(dirname(path));
}
