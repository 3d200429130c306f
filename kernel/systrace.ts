/**
 * The system-call trace, in the style of SunOS trace(1) and truss: one line
 * per call, when it returns, with its arguments decoded from the call's
 * signature (systrace_sig.ts), its result or error name, and the emulated
 * time it took:
 *
 *   0.012345 3 open("/etc/passwd", O_RDONLY) = 4  <41.2 us>
 *   0.012401 3 read(4, "root:*:0:0:Super-User:/:/bin/sh\n"..., 1024) = 512  <310.5 us>
 *   0.012900 3 stat("/nonexistent", 0xdfffe80) = -1 ENOENT (no such file or directory)  <28.9 us>
 *
 * A call that does not return (exit, a successful sigreturn) is shown when
 * it is made. Strings and buffers are read from the process's memory as it
 * is, without faulting anything in: a page that is not resident shows as
 * the bare address. Nothing here charges emulated time.
 */

import * as pty from './dev/pty.js';
import * as termios from './dev/termios.js';
import * as tty from './dev/tty.js';
import * as ttyCompat from './dev/tty_compat.js';
import * as errno from './errno.js';
import type { Kernel } from './kernel.js';
import { ktrace, sigmaskNames, signalName } from './ktrace.js';
import * as netIf from './net/if.js';
import * as ifEther from './net/if_ether.js';
import * as netIn from './net/in.js';
import * as route from './net/route.js';
import * as sysSocket from './net/sys_socket.js';
import { CPU_HZ, NBPG, PGOFSET } from './param.js';
import type { Proc } from './proc/proc.js';
import * as generic from './sys/generic.js';
import { type ArgKind, SYS_SIGNATURES, type SysSignature } from './systrace_sig.js';

/** Most bytes of a string or a buffer shown (truss shows 32). */
const SHOW_BYTES = 32;
/** Most strings shown of an argv. */
const SHOW_ARGV = 8;

/** A call being traced: when it began, and its arguments as decoded when it was made. */
export interface CallTrace {
  name: string;
  sig: SysSignature;
  args: number[];
  /** Each argument's text; null for those shown only after the call (what it filled in). */
  shown: (string | null)[];
  start: number;
}

// ------------------------------------------------------------------ reading user memory

/** The byte at user address va, or -1 if its page is not resident (nothing is faulted in). */
function peek(p: Proc, va: number): number {
  const page = p.vm.lookup(va >>> 0);
  if (page === undefined) return -1;
  return p.vm.mem.ram[page.frame * NBPG + ((va >>> 0) & PGOFSET)];
}

function peekWord(p: Proc, va: number): number | null {
  let w = 0;
  for (let i = 0; i < 4; i++) {
    const b = peek(p, va + i);
    if (b < 0) return null;
    w = (w << 8) | b;
  }
  return w >>> 0;
}

/** Bytes as C would write them in a string literal. */
function quote(bytes: number[], more: boolean): string {
  let s = '"';
  for (const b of bytes) {
    if (b === 0x0a) s += '\\n';
    else if (b === 0x0d) s += '\\r';
    else if (b === 0x09) s += '\\t';
    else if (b === 0x22 || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return `${s}"${more ? '...' : ''}`;
}

/** The NUL-terminated string at va, or its address if it cannot be read. */
function userString(p: Proc, va: number, max = 64): string {
  if (va === 0) return 'NULL';
  const bytes: number[] = [];
  for (let i = 0; i < max; i++) {
    const b = peek(p, va + i);
    if (b < 0) return hex(va);
    if (b === 0) return quote(bytes, false);
    bytes.push(b);
  }
  return quote(bytes, true);
}

/** `n` bytes at va (at most SHOW_BYTES of them), or the address if they cannot be read. */
function userBytes(p: Proc, va: number, n: number): string {
  const bytes: number[] = [];
  const shown = Math.min(Math.max(n, 0), SHOW_BYTES);
  for (let i = 0; i < shown; i++) {
    const b = peek(p, va + i);
    if (b < 0) return hex(va);
    bytes.push(b);
  }
  return quote(bytes, n > shown);
}

function userArgv(p: Proc, va: number): string {
  if (va === 0) return 'NULL';
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const ptr = peekWord(p, va + 4 * i);
    if (ptr === null) return hex(va);
    if (ptr === 0) break;
    if (i === SHOW_ARGV) {
      out.push('...');
      break;
    }
    out.push(userString(p, ptr));
  }
  return `[${out.join(', ')}]`;
}

const S_IFMT: [number, string][] = [
  [0o140000, 'S_IFSOCK'],
  [0o120000, 'S_IFLNK'],
  [0o100000, 'S_IFREG'],
  [0o060000, 'S_IFBLK'],
  [0o040000, 'S_IFDIR'],
  [0o020000, 'S_IFCHR'],
  [0o010000, 'S_IFIFO'],
];

/** A struct stat the call filled in (layout: sys/vfs_syscalls.ts's statBytes): its main fields. */
function userStat(p: Proc, va: number): string {
  const w = (o: number) => peekWord(p, va + o);
  const h = (o: number) => {
    const x = w(o);
    return x === null ? null : x >>> 16;
  };
  const ino = w(2);
  const mode = h(6);
  const nlink = h(8);
  const uid = h(10);
  const size = w(16);
  if (ino === null || mode === null || nlink === null || uid === null || size === null) return hex(va);
  const type = S_IFMT.find(([bits]) => (mode & 0o170000) === bits)?.[1] ?? octal(mode & 0o170000);
  return `{st_mode=${type}|${octal(mode & 0o7777)}, st_ino=${ino}, st_nlink=${nlink}, st_uid=${uid}, st_size=${size}}`;
}

function userTimeval(p: Proc, va: number): string {
  const sec = peekWord(p, va);
  const usec = peekWord(p, va + 4);
  if (sec === null || usec === null) return hex(va);
  return `{tv_sec=${sec}, tv_usec=${usec}}`;
}

// ------------------------------------------------------------------ names of numbers

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

function octal(n: number): string {
  return n === 0 ? '0' : `0${(n >>> 0).toString(8)}`;
}

/** Bits by name, the rest in hex: "O_CREAT|O_TRUNC". */
function flagNames(v: number, names: readonly (readonly [number, string])[], zero: string): string {
  const out: string[] = [];
  let rest = v >>> 0;
  for (const [bit, name] of names)
    if (bit !== 0 && (rest & bit) === bit) {
      out.push(name);
      rest &= ~bit;
    }
  if (rest) out.push(hex(rest));
  return out.length ? out.join('|') : zero;
}

const OPEN_FLAGS = [
  [0o4, 'O_NDELAY'],
  [0o10, 'O_APPEND'],
  [0o1000, 'O_CREAT'],
  [0o2000, 'O_TRUNC'],
  [0o4000, 'O_EXCL'],
  [0x2000, 'O_SYNC'],
  [0x4000, 'O_NONBLOCK'],
  [0x8000, 'O_NOCTTY'],
] as const;
const ACCMODE = ['O_RDONLY', 'O_WRONLY', 'O_RDWR', '3'];

function openFlags(v: number): string {
  const rest = flagNames(v & ~3, OPEN_FLAGS, '');
  return rest ? `${ACCMODE[v & 3]}|${rest}` : ACCMODE[v & 3];
}

const ACCESS = [
  [4, 'R_OK'],
  [2, 'W_OK'],
  [1, 'X_OK'],
] as const;
const WAIT_OPTIONS = [
  [1, 'WNOHANG'],
  [2, 'WUNTRACED'],
] as const;
const WHENCE = ['SEEK_SET', 'SEEK_CUR', 'SEEK_END'];
const FCNTL = [
  'F_DUPFD',
  'F_GETFD',
  'F_SETFD',
  'F_GETFL',
  'F_SETFL',
  'F_GETOWN',
  'F_SETOWN',
  'F_GETLK',
  'F_SETLK',
  'F_SETLKW',
];
const DOMAINS = ['AF_UNSPEC', 'AF_UNIX', 'AF_INET'];
const SOCKTYPES = ['0', 'SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW'];
const REBOOT = [
  [0x001, 'RB_ASKNAME'],
  [0x002, 'RB_SINGLE'],
  [0x004, 'RB_NOSYNC'],
  [0x008, 'RB_HALT'],
  [0x100, 'RB_WRITABLE'],
] as const;

/** The names of the kernel's errors and ioctl requests, by value. */
let names: { errno: Map<number, string>; ioctl: Map<number, string> } | null = null;

/** Name -> value exports of a module whose names match `re`, as value -> first name. */
function byValue(
  into: Map<number, string>,
  mod: Record<string, unknown>,
  re: RegExp,
  norm = (n: number) => n,
) {
  for (const [name, v] of Object.entries(mod))
    if (re.test(name) && typeof v === 'number' && !into.has(norm(v))) into.set(norm(v), name);
}

/** The modules that define ioctl requests (the drivers and the network's). */
const IOCTL_MODULES = [tty, ttyCompat, termios, pty, generic, sysSocket, netIf, route, netIn, ifEther];

/** The tables of names, built at their first use (every module is loaded by then). */
function tables() {
  if (names === null) {
    names = { errno: new Map(), ioctl: new Map() };
    byValue(names.errno, errno as unknown as Record<string, unknown>, /^E[A-Z0-9]+$/);
    for (const m of IOCTL_MODULES)
      byValue(
        names.ioctl,
        m as unknown as Record<string, unknown>,
        /^(TIOC(?!PKT_)|FIO|SIOC|TC[GSXF])[A-Z]+$/,
        (n) => n >>> 0,
      );
  }
  return names;
}

/** The name of errno `e` (ENOENT). */
export function errnoName(e: number): string {
  return tables().errno.get(e) ?? `${e}`;
}

function ioctlName(req: number): string {
  return tables().ioctl.get(req >>> 0) ?? hex(req);
}

// ------------------------------------------------------------------ the lines

/** An argument as shown when the call is made; null if it is shown after (what the call fills in). */
function argText(p: Proc, kind: ArgKind, v: number, next: number): string | null {
  switch (kind) {
    case 'int':
    case 'fd':
    case 'pid':
      return `${v | 0}`;
    case 'uint':
      return `${v >>> 0}`;
    case 'hex':
    case 'ptr':
      return v === 0 ? 'NULL' : hex(v);
    case 'octal':
      return octal(v);
    case 'path':
    case 'str':
      return userString(p, v);
    case 'inbuf':
      return userBytes(p, v, next);
    case 'argv':
      return userArgv(p, v);
    case 'oflags':
      return openFlags(v);
    case 'access':
      return flagNames(v, ACCESS, 'F_OK');
    case 'whence':
      return WHENCE[v] ?? `${v | 0}`;
    case 'fcntl':
      return FCNTL[v] ?? `${v | 0}`;
    case 'ioctl':
      return ioctlName(v);
    case 'sig':
      return signalName(v);
    case 'sigmask':
      return sigmaskNames(v);
    case 'wopts':
      return flagNames(v, WAIT_OPTIONS, '0');
    case 'domain':
      return DOMAINS[v] ?? `${v | 0}`;
    case 'socktype':
      return SOCKTYPES[v] ?? `${v | 0}`;
    case 'howto':
      return flagNames(v, REBOOT, 'RB_AUTOBOOT');
    case 'outbuf':
    case 'outstr':
    case 'stat':
    case 'timeval':
    case 'pipefds':
      return null;
  }
}

/** What the call filled in at an argument, once it has succeeded with result `rv`. */
function filledText(p: Proc, kind: ArgKind, v: number, rv: number): string {
  if (v === 0) return 'NULL';
  switch (kind) {
    case 'outbuf':
      return userBytes(p, v, rv);
    case 'outstr':
      return userString(p, v);
    case 'stat':
      return userStat(p, v);
    case 'timeval':
      return userTimeval(p, v);
    default:
      return hex(v);
  }
}

/** The call as it is made: remembers its arguments (strings are read now: the call may change them). */
export function systraceEnter(k: Kernel, p: Proc, name: string, args: number[]): CallTrace {
  const sig = SYS_SIGNATURES[name] ?? { args: [] };
  const shown = sig.args.map((kind, i) => argText(p, kind, args[i] ?? 0, args[i + 1] ?? 0));
  // The call's time counts from the trap: the exception and the system-call path are charged before this.
  const t: CallTrace = { name, sig, args, shown, start: k.cpu.cycles - k.cost.trap - k.cost.syscall };
  if (sig.result === 'noreturn') ktrace(k, 'syscalls', p.pid, `${name}(${shown.join(', ')})`);
  return t;
}

/** The call with its arguments; what it fills in is shown only if it succeeded (`rv` its result), else as addresses. */
function callText(p: Proc, t: CallTrace, rv: number | null): string {
  const args = t.sig.args.map((kind, i) => {
    const v = t.args[i] ?? 0;
    return t.shown[i] ?? (rv === null ? argText(p, 'ptr', v, 0) : filledText(p, kind, v, rv));
  });
  return `${t.name}(${args.join(', ')})`;
}

function took(k: Kernel, t: CallTrace): string {
  return `  <${(((k.cpu.cycles - t.start) * 1e6) / CPU_HZ).toFixed(1)} us>`;
}

/** The call returned d0 (and d1). */
export function systraceReturn(k: Kernel, p: Proc, t: CallTrace, d0: number, d1: number): void {
  if (t.sig.result === 'noreturn') return;
  let result: string;
  switch (t.sig.result) {
    case 'hex':
      result = hex(d0);
      break;
    case 'sigmask':
      result = sigmaskNames(d0);
      break;
    case 'fds':
      result = `[${d0 | 0}, ${d1 | 0}]`;
      break;
    default:
      result = `${d0 | 0}`;
  }
  ktrace(k, 'syscalls', p.pid, `${callText(p, t, d0)} = ${result}${took(k, t)}`);
}

/** The call failed with error `e`. */
export function systraceError(k: Kernel, p: Proc, t: CallTrace, e: number): void {
  const text = errno.ERRNO_TEXT[e];
  const why = `${errnoName(e)}${text ? ` (${text})` : ''}`;
  ktrace(k, 'syscalls', p.pid, `${callText(p, t, null)} = -1 ${why}${took(k, t)}`);
}

/** A caught signal cut the call short; it starts again once the handler returns. */
export function systraceRestart(k: Kernel, p: Proc, t: CallTrace): void {
  ktrace(
    k,
    'syscalls',
    p.pid,
    `${callText(p, t, null)} interrupted, restarts after the handler${took(k, t)}`,
  );
}

/** A number the system-call table does not have. */
export function systraceUnknown(k: Kernel, p: Proc, code: number): void {
  ktrace(k, 'syscalls', p.pid, `syscall ${code}() = -1 ENOSYS (no such system call)`);
}
