/**
 * Error numbers, as SunOS 4 (and 4.3BSD) number them. System calls return
 * them to user programs in d0 with the carry flag set; inside the kernel a
 * failing operation throws `new Errno(E...)`, which the system-call layer
 * turns into that return.
 */
export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EIO = 5;
export const ENXIO = 6;
export const E2BIG = 7;
export const ENOEXEC = 8;
export const EBADF = 9;
export const ECHILD = 10;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const ENOTBLK = 15;
export const EBUSY = 16;
export const EEXIST = 17;
export const EXDEV = 18;
export const ENODEV = 19;
export const ENOTDIR = 20;
export const EISDIR = 21;
export const EINVAL = 22;
export const ENFILE = 23;
export const EMFILE = 24;
export const ENOTTY = 25;
export const ETXTBSY = 26;
export const EFBIG = 27;
export const ENOSPC = 28;
export const ESPIPE = 29;
export const EROFS = 30;
export const EMLINK = 31;
export const EPIPE = 32;
export const EDOM = 33;
export const ERANGE = 34;
export const EWOULDBLOCK = 35;
export const EINPROGRESS = 36;
export const EALREADY = 37;
export const ENOTSOCK = 38;
export const EDESTADDRREQ = 39;
export const EMSGSIZE = 40;
export const EPROTOTYPE = 41;
export const ENOPROTOOPT = 42;
export const EPROTONOSUPPORT = 43;
export const ESOCKTNOSUPPORT = 44;
export const EOPNOTSUPP = 45;
export const EPFNOSUPPORT = 46;
export const EAFNOSUPPORT = 47;
export const EADDRINUSE = 48;
export const EADDRNOTAVAIL = 49;
export const ENETDOWN = 50;
export const ENETUNREACH = 51;
export const ENETRESET = 52;
export const ECONNABORTED = 53;
export const ECONNRESET = 54;
export const ENOBUFS = 55;
export const EISCONN = 56;
export const ENOTCONN = 57;
export const ESHUTDOWN = 58;
export const ETOOMANYREFS = 59;
export const ETIMEDOUT = 60;
export const ECONNREFUSED = 61;
export const ELOOP = 62;
export const ENAMETOOLONG = 63;
export const EHOSTDOWN = 64;
export const EHOSTUNREACH = 65;
export const ENOTEMPTY = 66;
export const EPROCLIM = 67;
export const EUSERS = 68;
export const EDQUOT = 69;
export const ESTALE = 70;
export const EREMOTE = 71;
export const ENOSTR = 72;
export const ETIME = 73;
export const ENOSR = 74;
export const ENOMSG = 75;
export const EBADMSG = 76;
export const EIDRM = 77;
export const EDEADLK = 78;
export const ENOLCK = 79;
/** Protocol error: a peer broke a protocol's rules (the migration protocol, pm_proto.ts). */
export const EPROTO = 86;
export const ENOSYS = 90;

/** What perror would print for the common errors (for messages from the host side). */
export const ERRNO_TEXT: Record<number, string> = {
  [EPERM]: 'not owner',
  [ENOENT]: 'no such file or directory',
  [EIO]: 'I/O error',
  [E2BIG]: 'arg list too long',
  [ENOEXEC]: 'exec format error',
  [ENOMEM]: 'not enough memory',
  [EACCES]: 'permission denied',
  [EFAULT]: 'bad address',
  [ENOTDIR]: 'not a directory',
  [EISDIR]: 'is a directory',
  [EINVAL]: 'invalid argument',
  [ETIMEDOUT]: 'connection timed out',
  [ECONNREFUSED]: 'connection refused',
  [ECONNRESET]: 'connection reset by peer',
  [EPROTO]: 'protocol error',
};

/** A failed kernel operation, carrying the errno the system call returns. */
export class Errno extends Error {
  constructor(readonly errno: number) {
    super(ERRNO_TEXT[errno] ?? `error ${errno}`);
  }
}
