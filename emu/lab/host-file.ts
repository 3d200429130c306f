/**
 * Reading the host's files safely, for the commands that take a file name
 * (fsck, cputest, disasm, bench --bin, run ./prog, --disk): only a regular
 * file is read (a device such as /dev/zero never ends, a FIFO may never
 * deliver), its size is checked against what its format can hold before
 * anything is read, and a gzip'd one is decompressed with a cap, so that a
 * small "gzip bomb" fails at once instead of filling memory. Every failure
 * is an Error with a one-line message naming the file.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { gunzipSync, constants as zlib } from 'node:zlib';

/** Why a file operation failed, in a few words. */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'ELOOP') return 'too many symbolic links';
  if (code === 'ENAMETOOLONG') return 'file name too long';
  if (code === 'EMFILE' || code === 'ENFILE') return 'too many open files';
  if (code === 'EIO') return 'input/output error';
  return err instanceof Error ? err.message : String(err);
}

/** A file that cannot be used, with the reason apart from the file's name. */
export class HostFileError extends Error {
  constructor(
    readonly label: string,
    readonly reason: string,
  ) {
    super(`${label}: ${reason}`);
  }
}

/** Is process `pid` alive (on this host)? A process we may not signal is alive too. */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A size for messages: bytes, or KB/MB when large. */
export function sizeText(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n >> 20} MB`;
  if (n >= 1 << 10 && n % (1 << 10) === 0) return `${n >> 10} KB`;
  return `${n} bytes`;
}

export interface ReadLimits {
  /** The most bytes the file may have. */
  max: number;
  /** What to call the file in messages (default: its path). */
  label?: string;
  /** What the limit is, for the message (e.g. "the largest disk image"). */
  why?: string;
}

/**
 * The bytes of the regular file at `path`, at most `max` of them: anything
 * else (a directory, a device, a FIFO, a socket, a file too large) is a
 * one-line Error. The file is opened without waiting (O_NONBLOCK, so that
 * a FIFO with no writer does not block the open) and checked on the open
 * descriptor, so what is checked is what is read.
 */
export function readRegularFile(path: string, limits: ReadLimits): Uint8Array {
  const label = limits.label ?? path;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new HostFileError(label, fsReason(err));
  }
  try {
    const st = fstatSync(fd);
    checkStats(st, label, limits.max, limits.why);
    const bytes = new Uint8Array(st.size);
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, got);
      if (n === 0) break; // the file shrank meanwhile
      got += n;
    }
    return got === bytes.length ? bytes : bytes.subarray(0, got);
  } catch (err) {
    if (err instanceof HostFileError) throw err;
    throw new HostFileError(label, fsReason(err));
  } finally {
    closeSync(fd);
  }
}

function checkStats(st: Stats, label: string, max: number, why?: string): void {
  if (st.isDirectory()) throw new HostFileError(label, 'is a directory');
  if (!st.isFile()) throw new HostFileError(label, 'not a regular file (a device, a FIFO or a socket)');
  if (st.size > max)
    throw new HostFileError(
      label,
      `too large (${st.size} bytes; at most ${sizeText(max)}${why ? `, ${why}` : ''})`,
    );
}

/**
 * Check, without reading it, that `path` is a regular file no larger than
 * `limits.max` (for a command that reads several files: a bad name among
 * them is reported before the work starts).
 */
export function checkRegularFile(path: string, limits: ReadLimits): void {
  const label = limits.label ?? path;
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    throw new HostFileError(label, fsReason(err));
  }
  checkStats(st, label, limits.max, limits.why);
}

/** Whether `bytes` start like a gzip stream. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompress gzip data into at most `max` bytes: more is an Error as soon as
 * the output passes the cap (zlib stops there), damaged data an Error too.
 */
export function gunzipCapped(data: Uint8Array, limits: ReadLimits & { label: string }): Uint8Array {
  try {
    return new Uint8Array(gunzipSync(data, { maxOutputLength: limits.max }));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new HostFileError(
        limits.label,
        `decompresses to more than ${sizeText(limits.max)}${limits.why ? ` (${limits.why})` : ''}`,
      );
    throw new HostFileError(limits.label, 'damaged gzip data');
  }
}

/**
 * The first `want` bytes of gzip data (fewer if it decompresses to less),
 * read from at most `compressed` bytes of it: a cheap look at the start of a
 * large image before committing to decompress all of it. Deflate expands at
 * most about 1032 times, so the output is bounded by the input taken.
 * Returns null if the data is damaged.
 */
export function gunzipPrefix(data: Uint8Array, want: number, compressed = 4096): Uint8Array | null {
  try {
    const out = gunzipSync(data.subarray(0, compressed), {
      finishFlush: zlib.Z_SYNC_FLUSH,
      maxOutputLength: Math.max(want, compressed * 1100),
    });
    return new Uint8Array(out.subarray(0, want));
  } catch {
    return null;
  }
}
