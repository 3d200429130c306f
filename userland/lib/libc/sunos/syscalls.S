/* System-call stubs for the SunOS 4 ABI on the Sun-3 (sun3lab libc).
 *
 * Convention: the stub pushes the call number and executes trap #0. At the
 * trap the number is at SP, the stub's return address at SP+4 and the C
 * arguments from SP+8 on, exactly where the caller put them. The kernel pops
 * the number. On success carry is clear and the result is in d0 (a second
 * one in d1); on failure carry is set and d0 holds errno. Every other
 * register comes back unchanged.
 *
 * Each stub lives in its own section so that the linker keeps only the
 * ones a program uses. */

#include <sys/syscall.h>

#define ENTRY(name) \
  .section .text.name, "ax"; .globl name; .type name, @function; .p2align 1; name:
#define END(name) .size name, . - name

/* A plain call: result in d0, or -1 with errno set. */
#define SYSCALL(name, num) \
  ENTRY(name) pea num; trap #0; jcs __cerror; rts; END(name)

  .section .text.__cerror, "ax"
  .globl __cerror
  .type __cerror, @function
  .p2align 1
/* Reached by a branch from a stub, so its rts returns to the stub's caller. */
__cerror:
  move.l %d0, errno
  moveq #-1, %d0
  move.l %d0, %a0          /* -1 for callers that expect a pointer in a0 */
  rts
  .size __cerror, . - __cerror

SYSCALL(read, SYS_read)
SYSCALL(write, SYS_write)
SYSCALL(open, SYS_open)
SYSCALL(close, SYS_close)
SYSCALL(wait4, SYS_wait4)
SYSCALL(creat, SYS_creat)
SYSCALL(link, SYS_link)
SYSCALL(unlink, SYS_unlink)
SYSCALL(chdir, SYS_chdir)
SYSCALL(fchdir, SYS_fchdir)
SYSCALL(chroot, SYS_chroot)
SYSCALL(mknod, SYS_mknod)
SYSCALL(chmod, SYS_chmod)
SYSCALL(chown, SYS_chown)
SYSCALL(fchown, SYS_fchown)
SYSCALL(fchmod, SYS_fchmod)
SYSCALL(__sys_brk, SYS_brk)
SYSCALL(lseek, SYS_lseek)
SYSCALL(getpid, SYS_getpid)
SYSCALL(setuid, SYS_setuid)
SYSCALL(getuid, SYS_getuid)
SYSCALL(access, SYS_access)
SYSCALL(kill, SYS_kill)
SYSCALL(stat, SYS_stat)
SYSCALL(lstat, SYS_lstat)
SYSCALL(dup, SYS_dup)
SYSCALL(setgid, SYS_setgid)
SYSCALL(setreuid, SYS_setreuid)
SYSCALL(setregid, SYS_setregid)
SYSCALL(getgroups, SYS_getgroups)
SYSCALL(setgroups, SYS_setgroups)
SYSCALL(getgid, SYS_getgid)
SYSCALL(ioctl, SYS_ioctl)
SYSCALL(reboot, SYS_reboot)
SYSCALL(symlink, SYS_symlink)
SYSCALL(readlink, SYS_readlink)
SYSCALL(execve, SYS_execve)
SYSCALL(umask, SYS_umask)
SYSCALL(fstat, SYS_fstat)
SYSCALL(getpagesize, SYS_getpagesize)
SYSCALL(__sys_getpgrp, SYS_getpgrp)
SYSCALL(setpgrp, SYS_setpgrp)
SYSCALL(gethostname, SYS_gethostname)
SYSCALL(sethostname, SYS_sethostname)
SYSCALL(getdtablesize, SYS_getdtablesize)
SYSCALL(dup2, SYS_dup2)
SYSCALL(fcntl, SYS_fcntl)
SYSCALL(select, SYS_select)
SYSCALL(fsync, SYS_fsync)
SYSCALL(__sys_sigvec, SYS_sigvec)
SYSCALL(sigblock, SYS_sigblock)
SYSCALL(sigsetmask, SYS_sigsetmask)
SYSCALL(sigpause, SYS_sigpause)
SYSCALL(gettimeofday, SYS_gettimeofday)
SYSCALL(getrusage, SYS_getrusage)
SYSCALL(settimeofday, SYS_settimeofday)
SYSCALL(rename, SYS_rename)
SYSCALL(truncate, SYS_truncate)
SYSCALL(ftruncate, SYS_ftruncate)
SYSCALL(mkdir, SYS_mkdir)
SYSCALL(rmdir, SYS_rmdir)
SYSCALL(utimes, SYS_utimes)
SYSCALL(getdirentries, SYS_getdirentries)
SYSCALL(statfs, SYS_statfs)
SYSCALL(fstatfs, SYS_fstatfs)
SYSCALL(unmount, SYS_unmount)
SYSCALL(mount, SYS_mount)
SYSCALL(nfssvc, SYS_nfssvc)
SYSCALL(async_daemon, SYS_async_daemon)
SYSCALL(exportfs, SYS_exportfs)
SYSCALL(setitimer, SYS_setitimer)
SYSCALL(getitimer, SYS_getitimer)
SYSCALL(setpriority, SYS_setpriority)
SYSCALL(getpriority, SYS_getpriority)
SYSCALL(sigstack, SYS_sigstack)
SYSCALL(getrlimit, SYS_getrlimit)
SYSCALL(setrlimit, SYS_setrlimit)
SYSCALL(killpg, SYS_killpg)
SYSCALL(pm_migrate, SYS_pm_migrate)
SYSCALL(pmrcv, SYS_pmrcv)
SYSCALL(pminfo, SYS_pminfo)
SYSCALL(pmjoin, SYS_pmjoin)
SYSCALL(getpmpage, SYS_getpmpage)
SYSCALL(putpmpage, SYS_putpmpage)
SYSCALL(pm_open, SYS_pm_open)
SYSCALL(pm_creat, SYS_pm_creat)
SYSCALL(pm_wait, SYS_pm_wait)
SYSCALL(pm_getpid, SYS_pm_getpid)
SYSCALL(pm_getppid, SYS_pm_getppid)
SYSCALL(getloadavg, SYS_getloadavg)
SYSCALL(procinfo, SYS_procinfo)
SYSCALL(socket, SYS_socket)
SYSCALL(socketpair, SYS_socketpair)
SYSCALL(bind, SYS_bind)
SYSCALL(listen, SYS_listen)
SYSCALL(accept, SYS_accept)
SYSCALL(connect, SYS_connect)
SYSCALL(shutdown, SYS_shutdown)
SYSCALL(send, SYS_send)
SYSCALL(sendto, SYS_sendto)
SYSCALL(sendmsg, SYS_sendmsg)
SYSCALL(recv, SYS_recv)
SYSCALL(recvfrom, SYS_recvfrom)
SYSCALL(recvmsg, SYS_recvmsg)
SYSCALL(setsockopt, SYS_setsockopt)
SYSCALL(getsockopt, SYS_getsockopt)
SYSCALL(getsockname, SYS_getsockname)
SYSCALL(getpeername, SYS_getpeername)
SYSCALL(readv, SYS_readv)
SYSCALL(writev, SYS_writev)
SYSCALL(netinfo, SYS_netinfo)
SYSCALL(mntinfo, SYS_mntinfo)
SYSCALL(setsid, SYS_setsid)
SYSCALL(setpgid, SYS_setpgid)
SYSCALL(sigpending, SYS_sigpending)
SYSCALL(pathconf, SYS_pathconf)
SYSCALL(fpathconf, SYS_fpathconf)
SYSCALL(sysconf, SYS_sysconf)
SYSCALL(uname, SYS_uname)
SYSCALL(statinfo, SYS_statinfo)
SYSCALL(vmmeter, SYS_vmmeter)
SYSCALL(__sys_mmap, SYS_mmap)
SYSCALL(munmap, SYS_munmap)
SYSCALL(mprotect, SYS_mprotect)
SYSCALL(msync, SYS_msync)
SYSCALL(madvise, SYS_madvise)
SYSCALL(mincore, SYS_mincore)
SYSCALL(getfh, SYS_getfh)
/* syscall(number, args...): the indirect call 0; the kernel takes the real
 * number from the first argument. */
SYSCALL(syscall, SYS_syscall)

/* sync(2) has no failure and no result. */
ENTRY(sync)
  pea SYS_sync
  trap #0
  rts
END(sync)

/* _exit never returns; if the kernel came back anyway, spin. */
ENTRY(_exit)
  pea SYS_exit
  trap #0
1: bra.s 1b
END(_exit)

/* fork: parent gets d0 = child pid, d1 = 0; child gets d0 = parent pid, d1 = 1. */
ENTRY(fork)
  pea SYS_fork
  trap #0
  jcs __cerror
  tst.l %d1
  beq.s 1f
  moveq #0, %d0
1: rts
END(fork)

/* The thesis's pm_fork and pm_exit (docs/migration.md): fork's and _exit's conventions. */
ENTRY(pm_fork)
  pea SYS_pm_fork
  trap #0
  jcs __cerror
  tst.l %d1
  beq.s 1f
  moveq #0, %d0
1: rts
END(pm_fork)


ENTRY(pm_exit)
  pea SYS_pm_exit
  trap #0
1: bra.s 1b
END(pm_exit)

/* vfork: as fork, but the child borrows the parent's memory and stack, so the
 * return address is kept in a1 (the kernel preserves it) rather than read
 * back from a stack slot the child may have overwritten. */
ENTRY(vfork)
  move.l (%sp), %a1
  pea SYS_vfork
  trap #0
  jcs __cerror
  tst.l %d1
  beq.s 1f
  moveq #0, %d0
1: addq.l #4, %sp
  jmp (%a1)
END(vfork)

/* pipe(fds): d0 = read end, d1 = write end. */
ENTRY(pipe)
  pea SYS_pipe
  trap #0
  jcs __cerror
  move.l 4(%sp), %a0
  move.l %d0, (%a0)
  move.l %d1, 4(%a0)
  moveq #0, %d0
  rts
END(pipe)

/* The second values of getpid, getuid and getgid. */
ENTRY(getppid)
  pea SYS_getpid
  trap #0
  jcs __cerror
  move.l %d1, %d0
  rts
END(getppid)

ENTRY(geteuid)
  pea SYS_getuid
  trap #0
  jcs __cerror
  move.l %d1, %d0
  rts
END(geteuid)

ENTRY(getegid)
  pea SYS_getgid
  trap #0
  jcs __cerror
  move.l %d1, %d0
  rts
END(getegid)

/* sigreturn(scp): the one call with no return address between the number
 * and its argument. It does not return unless scp is bad. */
ENTRY(sigreturn)
  move.l 4(%sp), -(%sp)
  pea SYS_sigreturn
  trap #0
  addq.l #4, %sp
  jcs __cerror
  rts
END(sigreturn)

/* The handler the libc registers with the kernel for every caught signal.
 * Entered with SP -> signo, code, scp, addr and the interrupted program's
 * registers intact: save the scratch ones, call the user's handler from
 * __sighandlers[signo], restore, and return through sigreturn(scp). */
ENTRY(__sigtramp)
  movem.l %d0-%d1/%a0-%a1, -(%sp)
  move.l 16(%sp), %d0
  lea __sighandlers, %a0
  move.l (%a0, %d0.l*4), %a0
  move.l 28(%sp), -(%sp)       /* addr */
  move.l 28(%sp), -(%sp)       /* scp */
  move.l 28(%sp), -(%sp)       /* code */
  move.l 28(%sp), -(%sp)       /* signo */
  jsr (%a0)
  lea 16(%sp), %sp
  movem.l (%sp)+, %d0-%d1/%a0-%a1
  move.l 8(%sp), -(%sp)        /* scp */
  pea SYS_sigreturn
  trap #0
1: bra.s 1b
END(__sigtramp)
