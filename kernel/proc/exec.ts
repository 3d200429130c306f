/**
 * execve(path, argv, envp) (4.3BSD's kern_exec.c): replace the calling
 * process's image with a program from the file system — an a.out, or a
 * script that starts with "#!" and names its interpreter. The a.out file
 * itself is read and laid out in memory by the loader, aout.ts.
 *
 * A program file with the set-user-id bit (S_ISUID) runs with its owner
 * as the effective user, one with the set-group-id bit (S_ISGID) with its
 * group as the effective group; the saved ids become the effective ones
 * (sys/prot.ts), whatever the file. Not honoured:
 * - for a "#!" script, whose set-id bits are ignored: between the kernel
 *   reading the script and the interpreter opening it by name, someone
 *   could put another file under that name (the race 4.3BSD and SunOS 4
 *   left open; later systems closed it the same way);
 * - on a file system mounted nosuid (isNosuid, fs/vfs.ts);
 * - for a traced process, which its tracer could make do anything — there
 *   is no ptrace yet; when there is, its flag must be tested here.
 */
import { E2BIG, EACCES, ENOEXEC, Errno } from '../errno.js';
import { closef } from '../fs/file.js';
import { lookupVnode } from '../fs/namei.js';
import { isNosuid } from '../fs/vfs.js';
import { kwait, S_ISGID, S_ISUID, type Vnode, VREG, vgetattr } from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import { MAXPATHLEN, NBPG, NCARGS } from '../param.js';
import type { SysCtx } from '../syscall.js';
import type { AddressSpace } from '../vm/as.js';
import { copyin, copyinstr, fuword } from '../vm/copyio.js';
import { aoutLength, loadImage } from './aout.js';
import { vrelvm } from './exit.js';
import { type Proc, SEXEC, SSUGID, SVFORK } from './proc.js';

/**
 * How much of a script's first line exec reads: "#!", the interpreter's
 * path, an optional argument and the newline must fit in it (4.3BSD's
 * SHSIZE, the size of the a.out header it reads first).
 */
export const SHSIZE = 32;

/** The file exec is going to load, after any "#!" line. */
export interface ExecFile {
  /** The a.out file (held; the caller releases it), its contents and modification time. */
  vp: Vnode;
  image: Uint8Array;
  mtime: number;
  /** The arguments the program gets: for a script, the interpreter's come first. */
  argv: string[];
  /** The command name (u_comm): the last component of the file run, the interpreter's for a script. */
  comm: string;
  /** The ids a set-user-id or set-group-id program runs as (-1: the bit is off or not honoured). */
  setuid: number;
  setgid: number;
}

/**
 * Find and read the program `path` for execve (4.3BSD's execve, up to the
 * point of no return). The file must be a regular file that the process
 * may execute and that has an execute bit (else EACCES: a directory, a
 * device). If it starts with "#!", it is a script: the rest of the line,
 * up to SHSIZE bytes in all, is the interpreter's path and at most one
 * argument, and the interpreter is run instead, with
 * argv = [its name, the argument if any, path, argv[1], ...] — as 4.3BSD
 * does, so `#!/bin/sh` makes `/bin/sh script args`. An interpreter that is
 * itself a script, or a line too long, is ENOEXEC.
 */
export function* findExec(k: Kernel, p: Proc, path: string, argv: string[]): Generator<void, ExecFile, void> {
  let name = path;
  let args = argv;
  let comm = lastComponent(path);
  for (let indir = false; ; indir = true) {
    const vp = yield* lookupVnode(k.root, p, name);
    try {
      const attr = yield* vgetattr(vp, p.cred);
      if (vp.type !== VREG || !vp.access(1, p.cred) || (attr.mode & 0o111) === 0) throw new Errno(EACCES);
      // The header first, then only what it says the program needs (text
      // and data), never the whole file: a file may be 2 GB of holes.
      const head = yield* kwait(vp.read(0, SHSIZE, 0));
      if (head[0] !== 0x23 || head[1] !== 0x21) {
        const image = yield* kwait(vp.read(0, Math.min(attr.size, aoutLength(head)), 0));
        const setid = !indir && !isNosuid(vp);
        return {
          vp,
          image,
          mtime: attr.mtime,
          argv: args,
          comm,
          setuid: setid && attr.mode & S_ISUID ? attr.uid : -1,
          setgid: setid && attr.mode & S_ISGID ? attr.gid : -1,
        };
      }
      const image = head;
      // "#!interpreter [argument]"
      if (indir) throw new Errno(ENOEXEC);
      const nl = image.subarray(0, SHSIZE).indexOf(0x0a);
      if (nl < 0) throw new Errno(ENOEXEC);
      const line = new TextDecoder().decode(image.subarray(2, nl)).replace(/\t/g, ' ').trim();
      const sp = line.indexOf(' ');
      const interp = sp < 0 ? line : line.slice(0, sp);
      const arg = sp < 0 ? '' : line.slice(sp + 1).trim();
      if (interp === '') throw new Errno(ENOEXEC);
      comm = lastComponent(interp);
      args = [comm, ...(arg ? [arg] : []), path, ...argv.slice(1)];
      name = interp;
    } catch (e) {
      vp.release();
      throw e;
    }
    vp.release();
  }
}

function lastComponent(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).slice(0, 16);
}

/**
 * The strings of a NULL-terminated user array of string pointers, counted
 * against `room`, the bytes of arguments and environment exec has left
 * (NCARGS in all, each string with its NUL, as 4.3BSD's execve counts
 * them). Running out is E2BIG — however long a single string is, it is
 * an argument that does not fit, not a name that is too long.
 */
function stringArray(ctx: SysCtx, va: number, room: { left: number }): string[] {
  const out: string[] = [];
  if (!va) return out;
  for (let i = 0; ; i++) {
    const ptr = fuword(ctx.p.vm, va + 4 * i);
    if (ptr === 0) return out;
    const s = copyargstr(ctx.p.vm, ptr, room.left);
    room.left -= s.length + 1;
    out.push(s);
  }
}

/**
 * One argument string at user address va, of at most `max` bytes with its
 * NUL (E2BIG past that, EFAULT if it runs off the address space), read a
 * page at a time. Bytes become characters one for one.
 */
function copyargstr(as: AddressSpace, va: number, max: number): string {
  const parts: string[] = [];
  let done = 0;
  while (done < max) {
    const a = (va + done) >>> 0;
    const n = Math.min(max - done, NBPG - (a & (NBPG - 1)));
    const chunk = copyin(as, a, n);
    const nul = chunk.indexOf(0);
    const end = nul < 0 ? n : nul;
    for (let i = 0; i < end; i += 4096)
      parts.push(String.fromCharCode(...chunk.subarray(i, Math.min(end, i + 4096))));
    if (nul >= 0) return parts.join('');
    done += n;
  }
  throw new Errno(E2BIG);
}

export function* sysExecve(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const path = copyinstr(p.vm, ctx.args[0], MAXPATHLEN);
  const room = { left: NCARGS };
  const argv0 = stringArray(ctx, ctx.args[1], room);
  const envp = stringArray(ctx, ctx.args[2], room);
  const file = yield* findExec(k, p, path, argv0);
  const { vp, image, argv } = file;
  let img: ReturnType<typeof loadImage>;
  try {
    // The text comes from the text table: shared with whoever runs this file already.
    img = loadImage(
      { mem: k.mem, texts: k.texts, vp, mtime: file.mtime, stackLimit: p.vm.stackLimit },
      image,
      argv,
      envp,
    );
  } finally {
    vp.release();
  }
  // Past the point of no return: the old image goes. A vfork child gives
  // its parent's space back instead (and wakes the parent).
  if (p.flag & SVFORK) vrelvm(k, p);
  else {
    p.vmtotal.add(p.vm); // its counters live on in the process (ps -v)
    k.pmap.release(p.vm);
    p.vm.clear();
  }
  p.vm = img.as;
  p.u.comm = file.comm;
  p.u.args = argv;
  p.u.exdata = image.slice(0, 32);
  setidExec(p, file);
  p.flag |= SEXEC;
  for (let fd = 0; fd < p.u.ofile.length; fd++) {
    const f = p.u.ofile[fd];
    if (f && p.u.pofile[fd] & 1) {
      p.u.ofile[fd] = null;
      closef(f);
    }
  }
  p.sig.exec();
  p.pcb.regs.fill(0);
  p.pcb.regs[15] = img.sp;
  p.pcb.pc = img.entry;
  p.pcb.sr = 0;
  ctx.noReturn = true;
  k.chargeCopy(img.copied);
  k.stats.pgpgin += img.pagesIn;
  k.events?.({ type: 'exec', pid: p.pid, comm: p.u.comm });
}

/**
 * The credentials a program runs with (4.3BSD's execve, from "if
 * (ip->i_mode & ISUID)"): a set-id file's owner or group becomes the
 * effective id, and the saved ids copy the effective ones. A process whose
 * ids change this way is marked SSUGID (no core dumps); one that runs a
 * program which changes nothing, with effective ids equal to its real
 * ones, loses the mark (4.4BSD's P_SUGID).
 */
function setidExec(p: Proc, file: ExecFile): void {
  const c = p.cred;
  const uid = file.setuid >= 0 ? file.setuid : c.uid;
  const gid = file.setgid >= 0 ? file.setgid : c.gid;
  if (uid !== c.uid || gid !== c.gid) p.flag |= SSUGID;
  else if (c.uid === c.ruid && c.gid === c.rgid) p.flag &= ~SSUGID;
  c.uid = c.svuid = uid;
  c.gid = c.svgid = gid;
}
