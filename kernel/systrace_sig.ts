/**
 * How the system-call trace shows each call (SunOS trace(1), truss): one
 * signature per entry of the system-call table (sysent.ts), naming the kind
 * of each argument and of the result. systrace.ts decodes by kind: a path
 * is read from user memory, open's flags become O_RDONLY|O_CREAT, a signal
 * SIGINT, an ioctl request TIOCGETP, a struct stat filled in by the call is
 * shown by its main fields. A test fails if a call of sysent.ts has no
 * signature here, or one whose length is not the call's argument count.
 *
 * A new system call: add its line below, with the kinds of its arguments.
 */

/**
 * What an argument is.
 *   int, uint, hex, octal  numbers (octal: permission bits, 0644)
 *   fd                     a descriptor
 *   pid                    a process id (0 and negatives: groups, as kill reads them)
 *   path, str              a NUL-terminated string in user memory, shown quoted
 *   inbuf                  bytes the caller hands in; the next argument is their count
 *   outbuf                 bytes the call fills in; the result is their count (shown after the call)
 *   outstr                 a string the call fills in (shown after the call)
 *   argv                   a NULL-terminated array of strings (execve)
 *   ptr                    any other pointer: its address
 *   stat                   a struct stat the call fills in (shown after the call)
 *   timeval                a struct timeval the call fills in (shown after the call)
 *   pipefds                an int[2] the call fills in (the libc's pipe gets them in d0/d1)
 *   oflags                 open's O_* flags
 *   access                 access's R_OK|W_OK|X_OK (F_OK: 0)
 *   whence                 lseek's SEEK_SET, SEEK_CUR, SEEK_END
 *   fcntl                  fcntl's F_* command
 *   ioctl                  an ioctl request (TIOCGETP, FIONREAD, SIOCGIFCONF ...)
 *   sig                    a signal number (SIGINT)
 *   sigmask                a mask of signals (SIGINT|SIGQUIT)
 *   wopts                  wait4's WNOHANG|WUNTRACED
 *   domain, socktype       socket's AF_INET, SOCK_STREAM
 *   howto                  reboot's RB_* flags
 */
export type ArgKind =
  | 'int'
  | 'uint'
  | 'hex'
  | 'octal'
  | 'fd'
  | 'pid'
  | 'path'
  | 'str'
  | 'inbuf'
  | 'outbuf'
  | 'outstr'
  | 'argv'
  | 'ptr'
  | 'stat'
  | 'timeval'
  | 'pipefds'
  | 'oflags'
  | 'access'
  | 'whence'
  | 'fcntl'
  | 'ioctl'
  | 'sig'
  | 'sigmask'
  | 'wopts'
  | 'domain'
  | 'socktype'
  | 'howto';

/**
 * What a call returns in d0 on success: a number (int), an address (hex), a
 * mask of signals (sigmask: sigblock, sigsetmask), two descriptors in d0 and
 * d1 (pipe), or nothing because it does not return (exit).
 */
export type ResultKind = 'int' | 'hex' | 'sigmask' | 'fds' | 'noreturn';

export interface SysSignature {
  args: readonly ArgKind[];
  result?: ResultKind;
}

const sig = (args: ArgKind[], result?: ResultKind): SysSignature => ({ args, result });

/** Signatures by call name (the names of sysent.ts). */
export const SYS_SIGNATURES: Readonly<Record<string, SysSignature>> = {
  exit: sig(['int'], 'noreturn'),
  fork: sig([]),
  read: sig(['fd', 'outbuf', 'uint']),
  write: sig(['fd', 'inbuf', 'uint']),
  open: sig(['path', 'oflags', 'octal']),
  close: sig(['fd']),
  wait4: sig(['pid', 'ptr', 'wopts', 'ptr']),
  creat: sig(['path', 'octal']),
  link: sig(['path', 'path']),
  unlink: sig(['path']),
  chdir: sig(['path']),
  mknod: sig(['path', 'octal', 'hex']),
  chmod: sig(['path', 'octal']),
  chown: sig(['path', 'int', 'int']),
  brk: sig(['hex']),
  lseek: sig(['fd', 'int', 'whence']),
  getpid: sig([]),
  setuid: sig(['int']),
  getuid: sig([]),
  access: sig(['path', 'access']),
  sync: sig([]),
  kill: sig(['pid', 'sig']),
  stat: sig(['path', 'stat']),
  lstat: sig(['path', 'stat']),
  dup: sig(['fd']),
  pipe: sig([], 'fds'),
  setgid: sig(['int']),
  getgid: sig([]),
  ioctl: sig(['fd', 'ioctl', 'ptr']),
  reboot: sig(['howto']),
  symlink: sig(['path', 'path']),
  readlink: sig(['path', 'outbuf', 'uint']),
  execve: sig(['path', 'argv', 'ptr']),
  umask: sig(['octal'], 'int'),
  chroot: sig(['path']),
  fstat: sig(['fd', 'stat']),
  getpagesize: sig([]),
  vfork: sig([]),
  getgroups: sig(['int', 'ptr']),
  setgroups: sig(['int', 'ptr']),
  getpgrp: sig(['pid']),
  setpgrp: sig(['pid', 'pid']),
  setitimer: sig(['int', 'ptr', 'ptr']),
  getitimer: sig(['int', 'ptr']),
  gethostname: sig(['outstr', 'uint']),
  sethostname: sig(['str', 'uint']),
  getdtablesize: sig([]),
  dup2: sig(['fd', 'fd']),
  fcntl: sig(['fd', 'fcntl', 'hex']),
  select: sig(['int', 'ptr', 'ptr', 'ptr', 'ptr']),
  fsync: sig(['fd']),
  setpriority: sig(['int', 'int', 'int']),
  socket: sig(['domain', 'socktype', 'int']),
  connect: sig(['fd', 'ptr', 'uint']),
  accept: sig(['fd', 'ptr', 'ptr']),
  getpriority: sig(['int', 'int']),
  send: sig(['fd', 'inbuf', 'uint', 'hex']),
  recv: sig(['fd', 'outbuf', 'uint', 'hex']),
  bind: sig(['fd', 'ptr', 'uint']),
  setsockopt: sig(['fd', 'int', 'hex', 'ptr', 'uint']),
  listen: sig(['fd', 'int']),
  sigvec: sig(['sig', 'ptr', 'ptr']),
  sigblock: sig(['sigmask'], 'sigmask'),
  sigsetmask: sig(['sigmask'], 'sigmask'),
  sigpause: sig(['sigmask']),
  sigstack: sig(['ptr', 'ptr']),
  recvmsg: sig(['fd', 'ptr', 'hex']),
  sendmsg: sig(['fd', 'ptr', 'hex']),
  gettimeofday: sig(['timeval', 'ptr']),
  getrusage: sig(['int', 'ptr']),
  getsockopt: sig(['fd', 'int', 'hex', 'ptr', 'ptr']),
  readv: sig(['fd', 'ptr', 'uint']),
  writev: sig(['fd', 'ptr', 'uint']),
  settimeofday: sig(['ptr', 'ptr']),
  fchown: sig(['fd', 'int', 'int']),
  fchmod: sig(['fd', 'octal']),
  recvfrom: sig(['fd', 'outbuf', 'uint', 'hex', 'ptr', 'ptr']),
  setreuid: sig(['int', 'int']),
  setregid: sig(['int', 'int']),
  rename: sig(['path', 'path']),
  truncate: sig(['path', 'uint']),
  ftruncate: sig(['fd', 'uint']),
  sendto: sig(['fd', 'inbuf', 'uint', 'hex', 'ptr', 'uint']),
  shutdown: sig(['fd', 'int']),
  socketpair: sig(['domain', 'socktype', 'int', 'ptr']),
  mkdir: sig(['path', 'octal']),
  rmdir: sig(['path']),
  utimes: sig(['path', 'ptr']),
  sigreturn: sig(['ptr'], 'noreturn'),
  getpeername: sig(['fd', 'ptr', 'ptr']),
  getrlimit: sig(['int', 'ptr']),
  setrlimit: sig(['int', 'ptr']),
  killpg: sig(['pid', 'sig']),
  getsockname: sig(['fd', 'ptr', 'ptr']),
  nfssvc: sig(['fd']),
  getdirentries: sig(['fd', 'ptr', 'uint', 'ptr']),
  statfs: sig(['path', 'ptr']),
  fstatfs: sig(['fd', 'ptr']),
  unmount: sig(['path']),
  async_daemon: sig([]),
  getfh: sig(['fd', 'ptr']),
  exportfs: sig(['path', 'ptr']),
  mount: sig(['hex', 'path', 'hex', 'ptr']),
  setsid: sig([]),
  fchdir: sig(['fd']),
  sigpending: sig(['ptr']),
  setpgid: sig(['pid', 'pid']),
  pathconf: sig(['path', 'int']),
  fpathconf: sig(['fd', 'int']),
  sysconf: sig(['int']),
  uname: sig(['ptr']),
  pm_migrate: sig(['pid', 'hex']),
  pmrcv: sig(['fd']),
  pminfo: sig(['ptr', 'uint']),
  pmjoin: sig([]),
  getpmpage: sig(['int', 'ptr', 'uint']),
  putpmpage: sig(['fd']),
  pm_open: sig(['path', 'oflags', 'octal']),
  pm_creat: sig(['path', 'octal']),
  pm_fork: sig([]),
  pm_exit: sig(['int'], 'noreturn'),
  pm_wait: sig(['ptr']),
  pm_getpid: sig([]),
  pm_getppid: sig([]),
  getloadavg: sig(['ptr', 'int']),
  procinfo: sig(['ptr', 'uint']),
  mntinfo: sig(['ptr', 'uint']),
  netinfo: sig(['int', 'ptr', 'uint']),
  statinfo: sig(['ptr', 'uint']),
  // The virtual-memory calls (vm_mmap.ts): addresses, lengths in hex; prot, flags and advice as numbers.
  msync: sig(['hex', 'hex', 'hex']),
  mmap: sig(['hex', 'hex', 'hex', 'hex', 'fd', 'hex'], 'hex'),
  munmap: sig(['hex', 'hex']),
  mprotect: sig(['hex', 'hex', 'hex']),
  madvise: sig(['hex', 'hex', 'int']),
  mincore: sig(['hex', 'hex', 'ptr']),
  vmmeter: sig(['ptr', 'uint']),
};
