/** Credentials (4.3BSD's ucred, kept per process): who the process acts as. */
import { EPERM, Errno } from '../errno.js';

export class Ucred {
  constructor(
    public uid = 0,
    public gid = 0,
    /** Real ids: what getuid()/getgid() report; the effective ones decide access. */
    public ruid = 0,
    public rgid = 0,
    public groups: number[] = [],
  ) {}

  clone(): Ucred {
    return new Ucred(this.uid, this.gid, this.ruid, this.rgid, [...this.groups]);
  }

  isSuperuser(): boolean {
    return this.uid === 0;
  }
}

/**
 * 4.3BSD's suser(): an operation only the super-user may do. Throws EPERM
 * unless the effective user id is 0.
 */
export function suser(cred: Ucred): void {
  if (cred.uid !== 0) throw new Errno(EPERM);
}
