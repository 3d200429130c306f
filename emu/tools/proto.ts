/**
 * The image's owners and modes: /etc/proto in the tree that mkfs copies
 * lists the files that are not simply root's with the usual modes — the
 * set-user-id programs, the home directories of the accounts — the way
 * 4.3BSD's mkfs took a prototype file. A line:
 *
 *   path  type  mode  owner  group
 *
 * type `f` is a file or directory that must be in the tree, `d` a
 * directory, made if it is not; mode is octal (4755: set-user-id); owner
 * and group are names from the tree's own /etc/passwd and /etc/group, or
 * numbers. `#` starts a comment. docs/users.md describes the accounts.
 */
import { lookupParent, lookupPath } from '../../kernel/fs/ufs/path.js';
import type { Ufs } from '../../kernel/fs/ufs/ufs.js';
import { type GroupEntry, type PasswdEntry, parseGroup, parsePasswd } from '../lab/accounts.js';

export interface ProtoEntry {
  path: string;
  type: 'f' | 'd';
  mode: number;
  uid: number;
  gid: number;
}

/** Parse /etc/proto (`file` names it in messages); names are looked up in the tree's passwd and group texts. */
export function parseProto(text: string, file: string, passwd: string, group: string): ProtoEntry[] {
  const users: PasswdEntry[] = parsePasswd(passwd);
  const groups: GroupEntry[] = parseGroup(group);
  const id = (s: string, what: string, find: (s: string) => number | undefined, where: string): number => {
    if (/^\d+$/.test(s) && Number(s) <= 0xffff) return Number(s);
    const v = find(s);
    if (v === undefined)
      throw new Error(`${where}: no ${what} ${s} in the tree's /etc/${what === 'user' ? 'passwd' : 'group'}`);
    return v;
  };
  const out: ProtoEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const where = `${file} line ${i + 1}`;
    const f = line.split(/\s+/);
    if (f.length !== 5) throw new Error(`${where}: expected "path type mode owner group"`);
    const [path, type, mode, owner, group] = f as [string, string, string, string, string];
    if (!path.startsWith('/')) throw new Error(`${where}: ${path} is not an absolute path`);
    if (type !== 'f' && type !== 'd') throw new Error(`${where}: type ${type} is not f or d`);
    if (!/^[0-7]{1,4}$/.test(mode)) throw new Error(`${where}: mode ${mode} is not octal (0000-7777)`);
    out.push({
      path,
      type,
      mode: Number.parseInt(mode, 8),
      uid: id(owner, 'user', (s) => users.find((u) => u.name === s)?.uid, where),
      gid: id(group, 'group', (s) => groups.find((g) => g.name === s)?.gid, where),
    });
  });
  return out;
}

/** Give each entry's file its owner and mode in `fs`, making the `d` ones that are missing. */
export function applyProto(fs: Ufs, entries: ProtoEntry[], file: string): void {
  for (const e of entries) {
    let ip: ReturnType<typeof lookupPath>;
    try {
      ip = lookupPath(fs, e.path);
    } catch {
      if (e.type === 'f') throw new Error(`${file}: ${e.path} is not in the tree`);
      let parent: ReturnType<typeof lookupParent>;
      try {
        parent = lookupParent(fs, e.path);
      } catch {
        const up = e.path.slice(0, e.path.lastIndexOf('/')) || '/';
        throw new Error(
          `${file}: ${up}, where ${e.path} goes, is not a directory of the tree (list it first)`,
        );
      }
      const { dp, name } = parent;
      try {
        ip = fs.mkdir(dp, name, e.mode, e.uid, e.gid);
      } finally {
        fs.iput(dp);
      }
    }
    try {
      if (e.type === 'd' && !ip.isDir()) throw new Error(`${file}: ${e.path} is not a directory`);
      fs.setattr(ip, { mode: e.mode, uid: e.uid, gid: e.gid });
    } finally {
      fs.iput(ip);
    }
  }
}
