/** Credentials (4.3BSD's ucred, kept per process): who the process acts as. */
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
