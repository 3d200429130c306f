/**
 * The machine's accounts, read on the host: /etc/passwd and /etc/group in
 * their traditional formats (docs/users.md), for `sun3lab run --user NAME`
 * (process 1 gets NAME's credentials), for checking `boot --user NAME`
 * before the machine starts, and for the owner names in the image
 * builder's /etc/proto. The rules are the libc's (getpwent, getgrent,
 * initgroups), so the host and the machine agree on who is who.
 */
import { type BlockDevice, MemoryDisk } from '../../kernel/fs/ufs/disk.js';
import { Ufs } from '../../kernel/fs/ufs/ufs.js';
import { readFileIn } from './disk.js';

/** Groups in a process's access list (NGROUPS in <sys/param.h>). */
export const NGROUPS = 8;

export interface PasswdEntry {
  name: string;
  passwd: string;
  uid: number;
  gid: number;
  gecos: string;
  dir: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  passwd: string;
  gid: number;
  members: string[];
}

/** The fields of each line that has exactly `n` of them (NIS's +/- lines are skipped, as the libc does). */
function records(text: string, n: number): string[][] {
  const out: string[][] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('+') || line.startsWith('-')) continue;
    const f = line.split(':');
    if (f.length === n) out.push(f);
  }
  return out;
}

/** atoi: the leading digits (0 if none), as the libc reads the numeric fields. */
function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? Number.parseInt(m[1]!, 10) : 0;
}

export function parsePasswd(text: string): PasswdEntry[] {
  return records(text, 7).map(([name, passwd, uid, gid, gecos, dir, shell]) => ({
    name: name!,
    passwd: passwd!,
    uid: atoi(uid!),
    gid: atoi(gid!),
    gecos: gecos!,
    dir: dir!,
    shell: shell!,
  }));
}

export function parseGroup(text: string): GroupEntry[] {
  return records(text, 4).map(([name, passwd, gid, members]) => ({
    name: name!,
    passwd: passwd!,
    gid: atoi(gid!),
    members: members!.split(',').filter((m) => m !== ''),
  }));
}

/**
 * The group access list login gives `name` (initgroups): `gid` first, then
 * every group that lists the name, each once, at most NGROUPS.
 */
export function groupList(name: string, gid: number, groups: GroupEntry[]): number[] {
  const list = [gid];
  for (const g of groups) {
    if (list.length >= NGROUPS) break;
    if (g.members.includes(name) && !list.includes(g.gid)) list.push(g.gid);
  }
  return list;
}

/** Who a process of user `name` is: the credentials login would give it. */
export interface Credentials {
  name: string;
  uid: number;
  gid: number;
  groups: number[];
  home: string;
  shell: string;
}

/** The text of `path` in the image, or null if it has none. Looks only. */
function readImageText(image: Uint8Array | BlockDevice, path: string): string | null {
  const fs = Ufs.mount(image instanceof Uint8Array ? new MemoryDisk(image) : image, { readonly: true });
  try {
    const data = readFileIn(fs, path);
    return data === null ? null : Buffer.from(data).toString('latin1');
  } catch {
    return null;
  } finally {
    fs.unmount(true);
  }
}

/**
 * User `name` of the machine whose root disk is `image` (its bytes, or the
 * disk itself), from its
 * /etc/passwd and /etc/group. Throws an Error with a one-line message if
 * the image has no such user.
 */
export function userCredentials(image: Uint8Array | BlockDevice, name: string): Credentials {
  const passwd = readImageText(image, '/etc/passwd');
  if (passwd === null) throw new Error(`--user ${name}: the machine has no /etc/passwd`);
  const pw = parsePasswd(passwd).find((p) => p.name === name);
  if (!pw) throw new Error(`--user ${name}: no such user in the machine's /etc/passwd`);
  const groups = parseGroup(readImageText(image, '/etc/group') ?? '');
  return {
    name,
    uid: pw.uid,
    gid: pw.gid,
    groups: groupList(name, pw.gid, groups),
    home: pw.dir,
    shell: pw.shell || '/bin/sh',
  };
}
