/**
 * Credentials (4.3BSD's ucred, kept per process; SunOS 4.1's adds the
 * saved ids of POSIX): who the process acts as.
 *
 * - The effective ids (uid, gid) and the supplementary groups decide
 *   access to files and what the process may do to other processes.
 * - The real ids (ruid, rgid) say who started it: access() checks with
 *   them, kill() matches them, and a set-user-id program can go back to
 *   them.
 * - The saved ids (svuid, svgid) remember the effective ids an exec gave
 *   the process, so that a set-user-id program that has stepped down to
 *   its real id can step up again (setuid, setreuid; see sys/prot.ts).
 *
 * A fork copies the credentials (each process has its own Ucred; nothing
 * is shared), exec changes them for a set-id file (proc/exec.ts).
 */
import { EPERM, Errno } from '../errno.js';

/** Supplementary groups a process may have (SunOS 4's NGROUPS). */
export const NGROUPS = 8;
/** The largest user or group id: ids are 16 bits in the inode and in struct stat. */
export const MAXID = 0xffff;

export class Ucred {
  /** Saved set-user-id and set-group-id (POSIX _POSIX_SAVED_IDS): the effective ids after the last exec. */
  svuid: number;
  svgid: number;

  constructor(
    public uid = 0,
    public gid = 0,
    /** Real ids: what getuid()/getgid() report; the effective ones decide access. */
    public ruid = 0,
    public rgid = 0,
    public groups: number[] = [],
  ) {
    this.svuid = uid;
    this.svgid = gid;
  }

  clone(): Ucred {
    const c = new Ucred(this.uid, this.gid, this.ruid, this.rgid, [...this.groups]);
    c.svuid = this.svuid;
    c.svgid = this.svgid;
    return c;
  }

  isSuperuser(): boolean {
    return this.uid === 0;
  }

  /** 4.3BSD's groupmember(): is gid the effective group or one of the supplementary groups? */
  groupmember(gid: number): boolean {
    return gid === this.gid || this.groups.includes(gid);
  }
}

/**
 * 4.3BSD's suser(): an operation only the super-user may do. Throws EPERM
 * unless the effective user id is 0.
 */
export function suser(cred: Ucred): void {
  if (cred.uid !== 0) throw new Errno(EPERM);
}
