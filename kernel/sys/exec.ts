/**
 * execve(path, argv, envp) (4.3BSD's kern_exec.c): replace the calling
 * process's image with a program from the file system.
 */
import { E2BIG, EACCES, Errno } from '../errno.js';
import { closef } from '../fs/file.js';
import { lookupVnode } from '../fs/namei.js';
import { kwait, VREG } from '../fs/vnode.js';
import { MAXPATHLEN, NCARGS } from '../param.js';
import { loadImage } from '../proc/exec.js';
import { vrelvm } from '../proc/exit.js';
import { SVFORK } from '../proc/proc.js';
import type { SysCtx } from '../syscall.js';
import { copyinstr, fuword } from '../vm/copyio.js';

/** Strings of a NULL-terminated user array of string pointers. */
function stringArray(ctx: SysCtx, va: number): string[] {
  const out: string[] = [];
  if (!va) return out;
  let total = 0;
  for (let i = 0; ; i++) {
    const ptr = fuword(ctx.p.vm, va + 4 * i);
    if (ptr === 0) return out;
    const s = copyinstr(ctx.p.vm, ptr, NCARGS);
    total += s.length + 1;
    if (total > NCARGS) throw new Errno(E2BIG);
    out.push(s);
  }
}

export function* sysExecve(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const path = copyinstr(p.vm, ctx.args[0], MAXPATHLEN);
  const argv = stringArray(ctx, ctx.args[1]);
  const envp = stringArray(ctx, ctx.args[2]);
  const vp = lookupVnode(k.root, p, path);
  let img: ReturnType<typeof loadImage>;
  let image: Uint8Array;
  try {
    const attr = vp.getattr();
    if (vp.type !== VREG || !vp.access(1, p.cred) || (attr.mode & 0o111) === 0) throw new Errno(EACCES);
    image = yield* kwait(vp.read(0, attr.size, 0));
    // The text comes from the text table: shared with whoever runs this file already.
    img = loadImage(
      { mem: k.mem, texts: k.texts, vp, mtime: attr.mtime, stackLimit: p.vm.stackLimit },
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
  p.u.comm = path.slice(path.lastIndexOf('/') + 1).slice(0, 16);
  p.u.args = argv;
  p.u.exdata = image.slice(0, 32);
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
}
