/**
 * The system-call table (4.3BSD's init_sysent.c), with SunOS 4 numbers
 * (docs/userland.md, the ABI). docs/syscalls.md lists the same calls; a test
 * checks the two agree. Numbers missing here return ENOSYS.
 */

import { sysAsyncDaemon } from './fs/nfs/nfs_bio.js';
import { sysExportfs } from './fs/nfs/nfs_export.js';
import { sysNfssvc } from './fs/nfs/nfs_syscalls.js';
import { sysNetinfo } from './net/netinfo.js';
import {
  sysAccept,
  sysBind,
  sysConnect,
  sysGetpeername,
  sysGetsockname,
  sysGetsockopt,
  sysListen,
  sysRecv,
  sysRecvfrom,
  sysRecvmsg,
  sysSend,
  sysSendmsg,
  sysSendto,
  sysSetsockopt,
  sysShutdown,
  sysSocket,
  sysSocketpair,
} from './net/uipc_syscalls.js';
import {
  sysPmCreat,
  sysPmExit,
  sysPmFork,
  sysPmGetpid,
  sysPmGetppid,
  sysPmOpen,
  sysPmWait,
} from './pm/pm_compat.js';
import { sysGetpmpage, sysPutpmpage } from './pm/pm_gpt.js';
import { sysPminfo } from './pm/pm_info.js';
import { sysPmMigrate } from './pm/pm_migrate.js';
import { sysPmrcv } from './pm/pm_receive.js';
import { sysPmjoin } from './pm/pm_struct.js';
import { sysExecve } from './proc/exec.js';
import { sysExit } from './proc/exit.js';
import { sysFork, sysVfork } from './proc/fork.js';
import { sysSetpgid, sysSetpgrp, sysSetsid } from './proc/session.js';
import {
  sysKill,
  sysKillpg,
  sysSigblock,
  sysSigpause,
  sysSigpending,
  sysSigreturn,
  sysSigsetmask,
  sysSigstack,
  sysSigvec,
} from './proc/signal.js';
import { sysWait4 } from './proc/wait.js';
import { sysClose, sysDup, sysDup2, sysFcntl, sysGetdtablesize, sysPipe } from './sys/descrip.js';
import { sysIoctl, sysRead, sysReadv, sysSelect, sysWrite, sysWritev } from './sys/generic.js';
import { sysGetfh } from './sys/getfh.js';
import { sysGethostname, sysSethostname, sysUname } from './sys/host.js';
import { sysGetloadavg, sysProcinfo } from './sys/kinfo.js';
import { sysBrk, sysGetpagesize, sysGetpgrp, sysGetpid, sysUmask } from './sys/proc.js';
import {
  sysGetgid,
  sysGetgroups,
  sysGetuid,
  sysSetgid,
  sysSetgroups,
  sysSetregid,
  sysSetreuid,
  sysSetuid,
} from './sys/prot.js';
import { sysReboot } from './sys/reboot.js';
import {
  sysGetitimer,
  sysGetpriority,
  sysGetrlimit,
  sysGetrusage,
  sysSetitimer,
  sysSetpriority,
  sysSetrlimit,
} from './sys/resource.js';
import { sysStatinfo } from './sys/statinfo.js';
import { sysFpathconf, sysPathconf, sysSysconf } from './sys/sysconf.js';
import { sysGettimeofday, sysSettimeofday } from './sys/time.js';
import { sysFstatfs, sysMntinfo, sysMount, sysStatfs, sysUnmount } from './sys/vfs_mount.js';
import {
  sysAccess,
  sysChdir,
  sysChmod,
  sysChown,
  sysChroot,
  sysCreat,
  sysFchdir,
  sysFchmod,
  sysFchown,
  sysFstat,
  sysFsync,
  sysFtruncate,
  sysGetdirentries,
  sysLink,
  sysLseek,
  sysLstat,
  sysMkdir,
  sysMknod,
  sysOpen,
  sysReadlink,
  sysRename,
  sysRmdir,
  sysStat,
  sysSymlink,
  sysSync,
  sysTruncate,
  sysUnlink,
  sysUtimes,
} from './sys/vfs_syscalls.js';
import { sysVmmeter } from './sys/vmmeter.js';
import type { SysFn } from './syscall.js';
import { sysMadvise, sysMincore, sysMmap, sysMprotect, sysMsync, sysMunmap } from './vm/vm_mmap.js';

export interface SysEntry {
  name: string;
  /** Arguments it takes (for traces and the reference). */
  nargs: number;
  fn: SysFn;
}

const table: [number, string, number, SysFn][] = [
  [1, 'exit', 1, sysExit],
  [2, 'fork', 0, sysFork],
  [3, 'read', 3, sysRead],
  [4, 'write', 3, sysWrite],
  [5, 'open', 3, sysOpen],
  [6, 'close', 1, sysClose],
  [7, 'wait4', 4, sysWait4],
  [8, 'creat', 2, sysCreat],
  [9, 'link', 2, sysLink],
  [10, 'unlink', 1, sysUnlink],
  [12, 'chdir', 1, sysChdir],
  [14, 'mknod', 3, sysMknod],
  [15, 'chmod', 2, sysChmod],
  [16, 'chown', 3, sysChown],
  [17, 'brk', 1, sysBrk],
  [19, 'lseek', 3, sysLseek],
  [20, 'getpid', 0, sysGetpid],
  [23, 'setuid', 1, sysSetuid],
  [24, 'getuid', 0, sysGetuid],
  [33, 'access', 2, sysAccess],
  [36, 'sync', 0, sysSync],
  [37, 'kill', 2, sysKill],
  [38, 'stat', 2, sysStat],
  [40, 'lstat', 2, sysLstat],
  [41, 'dup', 1, sysDup],
  [42, 'pipe', 0, sysPipe],
  [46, 'setgid', 1, sysSetgid],
  [47, 'getgid', 0, sysGetgid],
  [54, 'ioctl', 3, sysIoctl],
  [55, 'reboot', 1, sysReboot],
  [57, 'symlink', 2, sysSymlink],
  [58, 'readlink', 3, sysReadlink],
  [59, 'execve', 3, sysExecve],
  [60, 'umask', 1, sysUmask],
  [61, 'chroot', 1, sysChroot],
  [62, 'fstat', 2, sysFstat],
  [64, 'getpagesize', 0, sysGetpagesize],
  [65, 'msync', 3, sysMsync],
  [66, 'vfork', 0, sysVfork],
  [71, 'mmap', 6, sysMmap],
  [73, 'munmap', 2, sysMunmap],
  [74, 'mprotect', 3, sysMprotect],
  [75, 'madvise', 3, sysMadvise],
  [78, 'mincore', 3, sysMincore],
  [79, 'getgroups', 2, sysGetgroups],
  [80, 'setgroups', 2, sysSetgroups],
  [81, 'getpgrp', 1, sysGetpgrp],
  [82, 'setpgrp', 2, sysSetpgrp],
  [83, 'setitimer', 3, sysSetitimer],
  [86, 'getitimer', 2, sysGetitimer],
  [87, 'gethostname', 2, sysGethostname],
  [88, 'sethostname', 2, sysSethostname],
  [89, 'getdtablesize', 0, sysGetdtablesize],
  [90, 'dup2', 2, sysDup2],
  [92, 'fcntl', 3, sysFcntl],
  [93, 'select', 5, sysSelect],
  [95, 'fsync', 1, sysFsync],
  [96, 'setpriority', 3, sysSetpriority],
  [97, 'socket', 3, sysSocket],
  [98, 'connect', 3, sysConnect],
  [99, 'accept', 3, sysAccept],
  [100, 'getpriority', 2, sysGetpriority],
  [101, 'send', 4, sysSend],
  [102, 'recv', 4, sysRecv],
  [104, 'bind', 3, sysBind],
  [105, 'setsockopt', 5, sysSetsockopt],
  [106, 'listen', 2, sysListen],
  [108, 'sigvec', 3, sysSigvec],
  [109, 'sigblock', 1, sysSigblock],
  [110, 'sigsetmask', 1, sysSigsetmask],
  [111, 'sigpause', 1, sysSigpause],
  [112, 'sigstack', 2, sysSigstack],
  [113, 'recvmsg', 3, sysRecvmsg],
  [114, 'sendmsg', 3, sysSendmsg],
  [116, 'gettimeofday', 2, sysGettimeofday],
  [117, 'getrusage', 2, sysGetrusage],
  [118, 'getsockopt', 5, sysGetsockopt],
  [120, 'readv', 3, sysReadv],
  [121, 'writev', 3, sysWritev],
  [122, 'settimeofday', 2, sysSettimeofday],
  [123, 'fchown', 3, sysFchown],
  [124, 'fchmod', 2, sysFchmod],
  [125, 'recvfrom', 6, sysRecvfrom],
  [126, 'setreuid', 2, sysSetreuid],
  [127, 'setregid', 2, sysSetregid],
  [128, 'rename', 2, sysRename],
  [129, 'truncate', 2, sysTruncate],
  [130, 'ftruncate', 2, sysFtruncate],
  [133, 'sendto', 6, sysSendto],
  [134, 'shutdown', 2, sysShutdown],
  [135, 'socketpair', 4, sysSocketpair],
  [136, 'mkdir', 2, sysMkdir],
  [137, 'rmdir', 1, sysRmdir],
  [138, 'utimes', 2, sysUtimes],
  [139, 'sigreturn', 1, sysSigreturn],
  [141, 'getpeername', 3, sysGetpeername],
  [144, 'getrlimit', 2, sysGetrlimit],
  [145, 'setrlimit', 2, sysSetrlimit],
  [146, 'killpg', 2, sysKillpg],
  [150, 'getsockname', 3, sysGetsockname],
  [155, 'nfssvc', 1, sysNfssvc],
  [156, 'getdirentries', 4, sysGetdirentries],
  [157, 'statfs', 2, sysStatfs],
  [158, 'fstatfs', 2, sysFstatfs],
  [159, 'unmount', 1, sysUnmount],
  [160, 'async_daemon', 0, sysAsyncDaemon],
  [161, 'getfh', 2, sysGetfh],
  [166, 'exportfs', 2, sysExportfs],
  [167, 'mount', 4, sysMount],
  [175, 'setsid', 0, sysSetsid],
  [176, 'fchdir', 1, sysFchdir],
  [183, 'sigpending', 1, sysSigpending],
  [185, 'setpgid', 2, sysSetpgid],
  [186, 'pathconf', 2, sysPathconf],
  [187, 'fpathconf', 2, sysFpathconf],
  [188, 'sysconf', 1, sysSysconf],
  [189, 'uname', 1, sysUname],
  // sun3lab's own calls take numbers from 200 (docs/syscalls.md): 200-219 are kept
  // for the process-migration family (pm_*, kernel/pm/), the others follow.
  [200, 'pm_migrate', 2, sysPmMigrate],
  [201, 'pmrcv', 1, sysPmrcv],
  [202, 'pminfo', 2, sysPminfo],
  [203, 'pmjoin', 0, sysPmjoin],
  [204, 'getpmpage', 3, sysGetpmpage],
  [205, 'putpmpage', 1, sysPutpmpage],
  [206, 'pm_open', 3, sysPmOpen],
  [207, 'pm_creat', 2, sysPmCreat],
  [208, 'pm_fork', 0, sysPmFork],
  [209, 'pm_exit', 1, sysPmExit],
  [210, 'pm_wait', 1, sysPmWait],
  [211, 'pm_getpid', 0, sysPmGetpid],
  [212, 'pm_getppid', 0, sysPmGetppid],
  [220, 'getloadavg', 2, sysGetloadavg],
  [221, 'procinfo', 2, sysProcinfo],
  [222, 'mntinfo', 2, sysMntinfo],
  [223, 'netinfo', 3, sysNetinfo],
  [224, 'statinfo', 2, sysStatinfo],
  [225, 'vmmeter', 2, sysVmmeter],
];

export const sysent: (SysEntry | undefined)[] = [];
for (const [n, name, nargs, fn] of table) sysent[n] = { name, nargs, fn };
