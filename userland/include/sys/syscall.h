/* sys/syscall.h - sun3lab libc: SunOS 4 system-call numbers the libc uses.
 * Usable from C and from assembler. */
#ifndef _SYS_SYSCALL_H
#define _SYS_SYSCALL_H

#define SYS_syscall 0
#define SYS_exit 1
#define SYS_fork 2
#define SYS_read 3
#define SYS_write 4
#define SYS_open 5
#define SYS_close 6
#define SYS_wait4 7
#define SYS_creat 8
#define SYS_link 9
#define SYS_unlink 10
#define SYS_execv 11
#define SYS_chdir 12
#define SYS_mknod 14
#define SYS_chmod 15
#define SYS_chown 16
#define SYS_brk 17
#define SYS_lseek 19
#define SYS_getpid 20
#define SYS_setuid 23
#define SYS_getuid 24
#define SYS_access 33
#define SYS_sync 36
#define SYS_kill 37
#define SYS_stat 38
#define SYS_lstat 40
#define SYS_dup 41
#define SYS_pipe 42
#define SYS_setgid 46
#define SYS_getgid 47
#define SYS_ioctl 54
#define SYS_symlink 57
#define SYS_readlink 58
#define SYS_execve 59
#define SYS_umask 60
#define SYS_fstat 62
#define SYS_getpagesize 64
#define SYS_vfork 66
#define SYS_getpgrp 81
#define SYS_setpgrp 82
#define SYS_setitimer 83
#define SYS_getitimer 86
#define SYS_gethostname 87
#define SYS_sethostname 88
#define SYS_getdtablesize 89
#define SYS_dup2 90
#define SYS_fcntl 92
#define SYS_select 93
#define SYS_fsync 95
#define SYS_setpriority 96
#define SYS_socket 97
#define SYS_getpriority 100
#define SYS_sigvec 108
#define SYS_sigblock 109
#define SYS_sigsetmask 110
#define SYS_sigpause 111
#define SYS_sigstack 112
#define SYS_gettimeofday 116
#define SYS_getrusage 117
#define SYS_recvfrom 125
#define SYS_settimeofday 122
#define SYS_rename 128
#define SYS_truncate 129
#define SYS_ftruncate 130
#define SYS_sendto 133
#define SYS_mkdir 136
#define SYS_rmdir 137
#define SYS_utimes 138
#define SYS_sigreturn 139
#define SYS_getrlimit 144
#define SYS_setrlimit 145
#define SYS_killpg 146
#define SYS_getdirentries 156

#define SYS_getloadavg 220
#define SYS_procinfo 221

#endif
