/** For the kernel NFS tests: a booted kernel's root directory exported as rpc.mountd would export it. */
import { type ExportInfo, exportTable, makefh } from '../../../kernel/fs/nfs/nfs_export.js';
import type { UfsVnode } from '../../../kernel/fs/ufs_vnops.js';
import { bootedKernel } from '../helpers.js';

/** A booted kernel with / exported to everyone, root mapped to `anon`; the handle of /. */
export function exportedRoot(anon = 65534) {
  const { k, p } = bootedKernel();
  const root = k.root as UfsVnode;
  const exi: ExportInfo = {
    root: root.hold(),
    fsid: root.mount.dev,
    ino: root.ip.ino,
    gen: root.ip.gen,
    flags: 0,
    anon,
    roots: [],
    writers: [],
    access: [],
  };
  exportTable(k).push(exi);
  return { k, p, fh: makefh(exi, root) };
}
