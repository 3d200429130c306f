/**
 * Files in and out of a disk image from the host, with no machine running:
 * `sun3lab put`, `get` and `ls` (docs/using.md, "Files in and out"). They
 * work on the image's file system with the kernel's own UFS code, the way
 * a Sun administrator would have mounted a disk on another machine:
 *
 * - put reads the whole image, checks it (a disk that was not cleanly
 *   unmounted, or is damaged, is refused: `sun3lab fsck -p` it first),
 *   makes the change in memory, checks the result again and replaces the
 *   image file atomically, so that a kill at any moment leaves the old image
 *   or the new one, never a mixture. The image is locked meanwhile, as a
 *   running machine locks it.
 * - get and ls only read; an image that is not clean is read with a
 *   warning (it may be a machine's disk in use).
 *
 * A file put in gets the host file's permission bits (set-id bits
 * dropped) and modification time, and by default the owner and group of
 * the directory it goes into: copied into /home/student, it belongs to
 * student, as if student had written it. Symbolic links in a tree are
 * copied as links; devices, FIFOs and sockets are skipped with a note.
 * Paths inside the image are absolute and their symbolic links are not
 * followed, except that `get` of a symbolic link copies what it points to.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { MemoryDisk } from '../../kernel/fs/ufs/disk.js';
import { IFDIR, IFLNK, IFMT, IFREG } from '../../kernel/fs/ufs/fs.js';
import { fsck } from '../../kernel/fs/ufs/fsck.js';
import type { Inode } from '../../kernel/fs/ufs/inode.js';
import { lookupPath } from '../../kernel/fs/ufs/path.js';
import { Ufs } from '../../kernel/fs/ufs/ufs.js';
import { readDiskImage, writeImage } from '../tools/mkfs.js';
import { DiskLock } from './disk-lock.js';
import { fsReason } from './host-file.js';

/** The most a single file put in or taken out may hold (the largest file an image of the largest size holds anyway). */
const MAX_FILE = 1 << 30;

/** What happened, for the command to print: one line per note. */
export interface Outcome {
  notes: string[];
}

function why(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Absolute path inside the image, normalised ('/a//b/' → '/a/b'). */
function imagePath(p: string): string {
  if (!p.startsWith('/')) throw new Error(`${p}: a path inside the image must be absolute (start with /)`);
  const parts = p.split('/').filter((c) => c !== '' && c !== '.');
  return `/${parts.join('/')}`;
}

/** The image's file system mounted, checked first: refuse one that is damaged, or not clean when it is to be written. */
function openImage(image: string, bytes: Uint8Array, write: boolean, out: Outcome, now: number): Ufs {
  const report = fsck(new MemoryDisk(bytes));
  if (!report.superblock) throw new Error(`${image}: ${report.problems[0] ?? 'no file system'}`);
  if (!report.ok)
    throw new Error(
      `${image}: the file system is damaged (${report.problems[0]}); run sun3lab fsck -y ${image}`,
    );
  if (!report.clean) {
    if (write)
      throw new Error(
        `${image}: not cleanly unmounted (a machine crashed, or is running on it); run sun3lab fsck -p ${image} first`,
      );
    out.notes.push(`${image}: warning: not cleanly unmounted; what is read may be out of date`);
  }
  return Ufs.mount(new MemoryDisk(bytes), { readonly: !write, now: () => ({ sec: now, usec: 0 }) });
}

/**
 * Do `work` on the image's file system. `now` stamps what the change
 * touches (a directory that gains an entry): put passes the newest time
 * among its sources, so that the result depends on its inputs only, not on
 * when it ran.
 */
function withImage<T>(image: string, write: boolean, out: Outcome, work: (fs: Ufs) => T, now = 0): T {
  const lock = write ? DiskLock.acquire(image, image) : null;
  try {
    const bytes = readDiskImage(image);
    const fs = openImage(image, bytes, write, out, now);
    let result: T;
    try {
      result = work(fs);
    } catch (e) {
      fs.unmount(true);
      throw e;
    }
    fs.unmount();
    if (write) {
      const after = fsck(new MemoryDisk(bytes));
      if (!after.ok || !after.clean)
        throw new Error(`${image}: left unchanged: the result would not check clean (${after.problems[0]})`);
      writeImage(image, bytes);
    }
    return result;
  } finally {
    lock?.release();
  }
}

// ------------------------------------------------------------------- ls

const TYPE_CHAR: Record<number, string> = {
  [IFDIR]: 'd',
  [IFLNK]: 'l',
  [IFREG]: '-',
  4802: 'c',
  14406: 'b',
  2401: 'p',
  26411: 's',
};

/** ls -l's mode column: type and the nine permission bits with s/S and t/T. */
export function modeString(mode: number): string {
  const rwx = (bits: number, special: boolean, ch: string) =>
    `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-'}`;
  return (
    (TYPE_CHAR[mode & IFMT] ?? '?') +
    rwx((mode >> 6) & 7, (mode & 0o4000) !== 0, 's') +
    rwx((mode >> 3) & 7, (mode & 0o2000) !== 0, 's') +
    rwx(mode & 7, (mode & 0o1000) !== 0, 't')
  );
}

/** Names for numbers from a passwd or group file in the image (name:x:number:...). */
function idNames(fs: Ufs, file: string): Map<number, string> {
  const names = new Map<number, string>();
  let ip: Inode;
  try {
    ip = lookupPath(fs, file);
  } catch {
    return names;
  }
  try {
    if (!ip.isReg()) return names;
    const buf = new Uint8Array(Math.min(ip.size, 1 << 20));
    const text = new TextDecoder('latin1').decode(buf.subarray(0, fs.readi(ip, 0, buf)));
    for (const line of text.split('\n')) {
      const f = line.split(':');
      if (f.length >= 3 && /^\d+$/.test(f[2]) && !names.has(Number(f[2]))) names.set(Number(f[2]), f[0]);
    }
  } finally {
    fs.iput(ip);
  }
  return names;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** ls -l's date: "Mon dd hh:mm" (UTC, as the machines' clocks keep it), with the year instead of the time for old files. */
function dateString(sec: number, newest: number): string {
  const d = new Date(sec * 1000);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const recent = newest - sec < 183 * 86400 && sec <= newest + 3600;
  const tail = recent
    ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
    : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`;
}

export interface LsOptions {
  long: boolean;
  recursive: boolean;
  all: boolean;
}

/** `ls` of paths in the image: the lines to print. */
export function listImage(
  image: string,
  paths: string[],
  opts: LsOptions,
): { lines: string[]; notes: string[] } {
  const out: Outcome = { notes: [] };
  const lines = withImage(image, false, out, (fs) => {
    const users = idNames(fs, '/etc/passwd');
    const groups = idNames(fs, '/etc/group');
    const result: string[] = [];
    const line = (ip: Inode, name: string, newest: number): string => {
      if (!opts.long) return name;
      const link = ip.type === IFLNK ? ` -> ${fs.readlink(ip)}` : '';
      const size =
        ip.type === 0o020000 || ip.type === 0o060000 ? `${ip.rdev >> 8}, ${ip.rdev & 0xff}` : ip.size;
      return [
        modeString(ip.mode),
        String(ip.nlink).padStart(3),
        (users.get(ip.uid) ?? String(ip.uid)).padEnd(8),
        (groups.get(ip.gid) ?? String(ip.gid)).padEnd(8),
        String(size).padStart(8),
        dateString(ip.mtime.sec, newest),
        `${name}${link}`,
      ].join(' ');
    };
    const list = (dirPath: string, dp: Inode, heading: boolean) => {
      const { entries } = fs.readdir(dp);
      const shown = entries
        .filter((e) => opts.all || !e.name.startsWith('.'))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const inodes = shown.map((e) => fs.iget(e.ino));
      try {
        if (heading) result.push(`${dirPath}:`);
        if (opts.long) result.push(`total ${inodes.reduce((n, ip) => n + Math.ceil(ip.blocks / 2), 0)}`);
        const newest = Math.max(0, ...inodes.map((ip) => ip.mtime.sec));
        shown.forEach((e, i) => {
          result.push(line(inodes[i], e.name, newest));
        });
        if (opts.recursive)
          shown.forEach((e, i) => {
            if (inodes[i].isDir() && e.name !== '.' && e.name !== '..') {
              result.push('');
              list(dirPath === '/' ? `/${e.name}` : `${dirPath}/${e.name}`, inodes[i], true);
            }
          });
      } finally {
        for (const ip of inodes) fs.iput(ip);
      }
    };
    for (const path of paths) {
      const at = imagePath(path);
      const ip = lookupOrSay(fs, image, at);
      try {
        if (result.length) result.push('');
        if (ip.isDir()) list(at, ip, opts.recursive || paths.length > 1);
        else result.push(line(ip, at, ip.mtime.sec));
      } finally {
        fs.iput(ip);
      }
    }
    return result;
  });
  return { lines, notes: out.notes };
}

function lookupOrSay(fs: Ufs, image: string, path: string): Inode {
  try {
    return lookupPath(fs, path);
  } catch (e) {
    throw new Error(`${image}: ${path}: ${why(e)}`);
  }
}

// ------------------------------------------------------------------- get

/**
 * Copy `path` out of the image to `dest` on the host ('-' is standard
 * output, for one regular file). A directory needs `recursive`. A host
 * directory as `dest` receives the file under its own name.
 */
export function getFromImage(
  image: string,
  path: string,
  dest: string,
  recursive: boolean,
  stdout: (b: Uint8Array) => void,
): Outcome {
  const out: Outcome = { notes: [] };
  withImage(image, false, out, (fs) => {
    const at = imagePath(path);
    let ip = lookupOrSay(fs, image, at);
    try {
      if (ip.type === IFLNK) {
        // The file a link names: resolved inside the image, relative links from their directory.
        const target = fs.readlink(ip);
        const resolved = target.startsWith('/') ? target : `${at.slice(0, at.lastIndexOf('/'))}/${target}`;
        fs.iput(ip);
        ip = lookupOrSay(fs, image, imagePath(resolved));
      }
      if (dest === '-') {
        if (!ip.isReg()) throw new Error(`${image}: ${at}: not a regular file, cannot go to standard output`);
        stdout(readWhole(fs, ip));
        return;
      }
      if (ip.isDir() && !recursive) throw new Error(`${image}: ${at}: a directory (use -r to copy a tree)`);
      let target = dest;
      const st = lstatSync(dest, { throwIfNoEntry: false });
      if (st?.isDirectory()) target = join(dest, at === '/' ? 'root' : basename(at));
      copyOut(fs, ip, at, target, out);
    } finally {
      if (ip.count > 0) fs.iput(ip);
    }
  });
  return out;
}

function readWhole(fs: Ufs, ip: Inode): Uint8Array {
  if (ip.size > MAX_FILE)
    throw new Error(`a file of ${ip.size} bytes is larger than sun3lab copies (${MAX_FILE})`);
  const buf = new Uint8Array(ip.size);
  return buf.subarray(0, fs.readi(ip, 0, buf));
}

function hostWrite(what: () => void, target: string): void {
  try {
    what();
  } catch (e) {
    throw new Error(`${target}: ${fsReason(e)}`);
  }
}

function copyOut(fs: Ufs, ip: Inode, from: string, target: string, out: Outcome): void {
  const times = () => utimesSync(target, ip.atime.sec, ip.mtime.sec);
  switch (ip.type) {
    case IFREG:
      hostWrite(() => {
        writeFileSync(target, readWhole(fs, ip), { mode: ip.mode & 0o777 });
        times();
      }, target);
      return;
    case IFLNK:
      hostWrite(() => symlinkSync(fs.readlink(ip), target), target);
      return;
    case IFDIR: {
      hostWrite(() => mkdirSync(target, { recursive: true, mode: 0o700 }), target);
      const { entries } = fs.readdir(ip);
      for (const e of entries) {
        if (e.name === '.' || e.name === '..') continue;
        const child = fs.iget(e.ino);
        try {
          copyOut(fs, child, `${from === '/' ? '' : from}/${e.name}`, join(target, e.name), out);
        } finally {
          fs.iput(child);
        }
      }
      // The directory's own bits last, so that a read-only one could be filled first.
      hostWrite(() => {
        chmodSync(target, ip.mode & 0o777);
        times();
      }, target);
      return;
    }
    default:
      out.notes.push(
        `${from}: skipped (${modeString(ip.mode)[0] === 'p' ? 'a FIFO' : 'a device or socket'})`,
      );
  }
}

// ------------------------------------------------------------------- put

export interface PutOptions {
  recursive: boolean;
  /** uid and gid to give, instead of the destination directory's. */
  owner?: { uid: number; gid?: number };
  /** Permission bits to give, instead of the host file's. */
  mode?: number;
}

/** Parse --owner: "uid", "uid:gid", or names from the image's /etc/passwd and /etc/group. */
export function parseOwner(
  text: string,
  lookup: (file: string) => Map<number, string>,
): { uid: number; gid?: number } {
  const [u, g] = text.split(':');
  const id = (s: string, file: string): number => {
    if (/^\d+$/.test(s)) return Number(s);
    for (const [n, name] of lookup(file)) if (name === s) return n;
    throw new Error(`--owner ${text}: no ${file === '/etc/passwd' ? 'user' : 'group'} ${s} in the image`);
  };
  return { uid: id(u, '/etc/passwd'), gid: g === undefined || g === '' ? undefined : id(g, '/etc/group') };
}

/**
 * Copy host files `sources` into the image as `dest`: into it if it is a
 * directory of the image (each under its own name), else as that name
 * (one source only).
 */
export function putIntoImage(
  image: string,
  sources: string[],
  dest: string,
  opts: PutOptions & { ownerText?: string },
): Outcome {
  const out: Outcome = { notes: [] };
  let newest = 0;
  for (const s of sources) {
    const st = lstatSync(s, { throwIfNoEntry: false });
    if (!st) throw new Error(`${s}: no such file`);
    if (st.isDirectory() && !opts.recursive) throw new Error(`${s}: a directory (use -r to copy a tree)`);
    newest = Math.max(newest, Math.floor(st.mtimeMs / 1000));
  }
  withImage(
    image,
    true,
    out,
    (fs) => {
      const owner = opts.ownerText ? parseOwner(opts.ownerText, (f) => idNames(fs, f)) : opts.owner;
      const at = imagePath(dest);
      let into: Inode | null = null;
      try {
        into = lookupPath(fs, at);
      } catch {
        // a new name
      }
      try {
        if (into?.isDir()) {
          for (const s of sources) putOne(fs, into, basename(s), s, { ...opts, owner }, out);
          return;
        }
        if (sources.length !== 1)
          throw new Error(`${image}: ${at}: not a directory (several files go into a directory)`);
        const slash = at.lastIndexOf('/');
        const dp = lookupOrSay(fs, image, at.slice(0, slash) || '/');
        try {
          if (!dp.isDir()) throw new Error(`${image}: ${at.slice(0, slash)}: not a directory`);
          putOne(fs, dp, at.slice(slash + 1), sources[0], { ...opts, owner }, out);
        } finally {
          fs.iput(dp);
        }
      } finally {
        if (into) fs.iput(into);
      }
    },
    newest,
  );
  return out;
}

function putOne(fs: Ufs, dp: Inode, name: string, src: string, opts: PutOptions, out: Outcome): void {
  if (new TextEncoder().encode(name).length > 255)
    throw new Error(`${src}: the name is too long for the file system`);
  const st = lstatSync(src);
  const uid = opts.owner?.uid ?? dp.uid;
  const gid = opts.owner?.gid ?? dp.gid;
  const bits = opts.mode ?? st.mode & 0o777;
  let existing: Inode | null = null;
  try {
    existing = fs.iget(fs.lookup(dp, name));
  } catch {
    // not there
  }
  const fail = (e: unknown): never => {
    throw new Error(`${src}: cannot put it in: ${why(e)}`);
  };
  try {
    if (st.isDirectory()) {
      let d = existing;
      if (d && !d.isDir()) fail(new Error(`${name} exists and is not a directory`));
      if (!d) {
        try {
          d = fs.mkdir(dp, name, IFDIR | bits, uid, gid);
        } catch (e) {
          fail(e);
        }
      }
      const dir = d as Inode;
      try {
        for (const child of readdirSync(src).sort()) putOne(fs, dir, child, join(src, child), opts, out);
        stamp(fs, dir, st.mtimeMs);
      } finally {
        if (!existing) fs.iput(dir);
      }
      return;
    }
    if (existing) {
      if (existing.isDir()) fail(new Error(`${name} is a directory`));
      fs.iput(existing);
      existing = null;
      try {
        fs.unlink(dp, name);
      } catch (e) {
        fail(e);
      }
    }
    if (st.isSymbolicLink()) {
      try {
        const l = fs.symlink(dp, name, readlinkSync(src), uid, gid);
        stamp(fs, l, st.mtimeMs);
        fs.iput(l);
      } catch (e) {
        fail(e);
      }
      return;
    }
    if (!st.isFile()) {
      out.notes.push(`${src}: skipped (not a regular file, directory or symbolic link)`);
      return;
    }
    if (st.size > MAX_FILE) fail(new Error(`${st.size} bytes is larger than sun3lab copies (${MAX_FILE})`));
    let data: Uint8Array;
    try {
      data = readFileSync(src);
    } catch (e) {
      throw new Error(`${src}: ${fsReason(e)}`);
    }
    let f: Inode | null = null;
    try {
      f = fs.create(dp, name, IFREG | bits, uid, gid);
      const n = fs.writei(f, 0, data);
      if (n !== data.length) throw new Error('no space left on the image');
      stamp(fs, f, st.mtimeMs);
    } catch (e) {
      fail(e);
    } finally {
      if (f) fs.iput(f);
    }
  } finally {
    if (existing) fs.iput(existing);
  }
}

/** The host file's modification time on the copy (and as its access time). */
function stamp(fs: Ufs, ip: Inode, mtimeMs: number): void {
  const sec = Math.floor(mtimeMs / 1000);
  ip.mtime = { sec, usec: Math.floor((mtimeMs - sec * 1000) * 1000) };
  ip.atime = { ...ip.mtime };
  fs.iupdat(ip);
}
