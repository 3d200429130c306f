/* A system-call layer for Linux/m68k, used only to try the sun3lab libc and
 * programs under qemu-m68k on the host (build-userland --target linux). It
 * provides the same functions as sunos/syscalls.S and translates the SunOS
 * flags, structures and errno values the rest of the libc expects. Signals
 * are not supported here. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <nfs/export.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/param.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sun3lab.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#define L_exit_group 247
#define L_fork 2
#define L_read 3
#define L_write 4
#define L_open 5
#define L_close 6
#define L_creat 8
#define L_link 9
#define L_unlink 10
#define L_execve 11
#define L_chdir 12
#define L_mknod 14
#define L_chmod 15
#define L_lseek 19
#define L_getpid 20
#define L_setuid 23
#define L_getuid 24
#define L_access 33
#define L_sync 36
#define L_kill 37
#define L_rename 38
#define L_mkdir 39
#define L_rmdir 40
#define L_dup 41
#define L_pipe 42
#define L_brk 45
#define L_setgid 46
#define L_chroot 61
#define L_fchmod 94
#define L_fchdir 133
#define L_getgid 47
#define L_geteuid 49
#define L_getegid 50
#define L_setreuid32 203
#define L_setregid32 204
#define L_getgroups32 205
#define L_setgroups32 206
#define L_fchown32 207
#define L_chown32 198
#define L_ioctl 54
#define L_fcntl 55
#define L_setpgid 57
#define L_umask 60
#define L_dup2 63
#define L_getppid 64
#define L_getpgid 132
#define L_getrusage 77
#define L_gettimeofday 78
#define L_settimeofday 79
#define L_symlink 83
#define L_readlink 85
#define L_truncate 92
#define L_ftruncate 93
#define L_wait4 114
#define L_fsync 118
#define L_uname 122
#define L_setsid 66
#define L_newselect 142
#define L_stat64 195
#define L_lstat64 196
#define L_fstat64 197
#define L_getdents64 220
#define L_utimes 266
#define L_readv 145
#define L_writev 146

static long lsys(long n, long a, long b, long c, long d, long e) {
  register long d0 __asm__("d0") = n;
  register long d1 __asm__("d1") = a;
  register long d2 __asm__("d2") = b;
  register long d3 __asm__("d3") = c;
  register long d4 __asm__("d4") = d;
  register long d5 __asm__("d5") = e;
  __asm__ volatile("trap #0" : "+r"(d0) : "r"(d1), "r"(d2), "r"(d3), "r"(d4), "r"(d5) : "memory", "cc");
  return d0;
}

#define S0(n) lsys(n, 0, 0, 0, 0, 0)
#define S1(n, a) lsys(n, (long)(a), 0, 0, 0, 0)
#define S2(n, a, b) lsys(n, (long)(a), (long)(b), 0, 0, 0)
#define S3(n, a, b, c) lsys(n, (long)(a), (long)(b), (long)(c), 0, 0)
#define S4(n, a, b, c, d) lsys(n, (long)(a), (long)(b), (long)(c), (long)(d), 0)
#define S5(n, a, b, c, d, e) lsys(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e))

static int map_errno(int e) {
  switch (e) {
  case 35: return EDEADLK;
  case 36: return ENAMETOOLONG;
  case 37: return ENOLCK;
  case 38: return ENOSYS;
  case 39: return ENOTEMPTY;
  case 40: return ELOOP;
  default: return e <= 34 ? e : EINVAL;
  }
}

static long ret(long r) {
  if (r < 0 && r > -4096) {
    errno = map_errno((int)-r);
    return -1;
  }
  return r;
}

static long oflags(int f) {
  long l = f & O_ACCMODE;
  if (f & O_APPEND) l |= 02000;
  if (f & O_CREAT) l |= 0100;
  if (f & O_TRUNC) l |= 01000;
  if (f & O_EXCL) l |= 0200;
  if (f & (O_NONBLOCK | O_NDELAY)) l |= 04000;
  return l;
}

static int from_lflags(long l) {
  int f = (int)(l & O_ACCMODE);
  if (l & 02000) f |= O_APPEND;
  if (l & 04000) f |= O_NONBLOCK;
  return f;
}

void _exit(int status) {
  for (;;) S1(L_exit_group, status);
}

ssize_t read(int fd, void *buf, size_t n) { return ret(S3(L_read, fd, buf, n)); }
ssize_t write(int fd, const void *buf, size_t n) { return ret(S3(L_write, fd, buf, n)); }

int open(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  int mode = va_arg(ap, int);
  va_end(ap);
  return ret(S3(L_open, path, oflags(flags), mode));
}

int close(int fd) { return ret(S1(L_close, fd)); }
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru) { return ret(S4(L_wait4, pid, status, options, ru)); }
int creat(const char *path, int mode) { return ret(S2(L_creat, path, mode)); }
int link(const char *a, const char *b) { return ret(S2(L_link, a, b)); }
int unlink(const char *path) { return ret(S1(L_unlink, path)); }
/* Without binfmt_misc the host cannot run an m68k program itself: when
 * SUN3LAB_QEMU names qemu-m68k, programs are started through it. */
int execve(const char *path, char *const argv[], char *const envp[]) {
  const char *qemu = NULL;
  const char *prefix = NULL;
  char full[1024];
  for (int i = 0; envp != NULL && envp[i] != NULL; i++) {
    if (strncmp(envp[i], "SUN3LAB_QEMU=", 13) == 0) qemu = envp[i] + 13;
    if (strncmp(envp[i], "QEMU_LD_PREFIX=", 15) == 0) prefix = envp[i] + 15;
  }
  if (qemu != NULL && *qemu) {
    /* qemu's -L prefix applies to the program's own file accesses, not to the
     * host path of the program to start: apply it here */
    if (prefix != NULL && path[0] == '/' && strlen(prefix) + strlen(path) < sizeof(full)) {
      strcpy(full, prefix);
      strcat(full, path);
      long fd = S3(L_open, full, 0, 0);
      if (fd >= 0) {
        S1(L_close, fd);
        path = full;
      }
    }
    char magic[4];
    long fd = S3(L_open, path, 0, 0);
    if (fd < 0) return ret(fd);
    long n = S3(L_read, fd, magic, 4);
    S1(L_close, fd);
    if (n == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F') {
      char *args[260];
      int k = 0;
      args[k++] = (char *)qemu;
      args[k++] = "-0";
      args[k++] = argv[0] != NULL ? argv[0] : (char *)path;
      args[k++] = (char *)path;
      for (int i = 1; argv[i] != NULL && k < 259; i++) args[k++] = argv[i];
      args[k] = NULL;
      return ret(S3(L_execve, qemu, args, envp));
    }
  }
  return ret(S3(L_execve, path, argv, envp));
}
int chdir(const char *path) { return ret(S1(L_chdir, path)); }
int mknod(const char *path, int mode, int dev) { return ret(S3(L_mknod, path, mode, dev)); }
int chmod(const char *path, int mode) { return ret(S2(L_chmod, path, mode)); }
/* The 32-bit id calls: -1 (leave unchanged) must reach Linux as -1, not 65535. */
int chown(const char *path, int uid, int gid) { return ret(S3(L_chown32, path, uid, gid)); }
int fchown(int fd, int uid, int gid) { return ret(S3(L_fchown32, fd, uid, gid)); }
int setreuid(int ruid, int euid) { return ret(S2(L_setreuid32, ruid, euid)); }
int setregid(int rgid, int egid) { return ret(S2(L_setregid32, rgid, egid)); }
int getgroups(int n, int *gidset) { return ret(S2(L_getgroups32, n, gidset)); }
int setgroups(int n, const int *gidset) { return ret(S2(L_setgroups32, n, gidset)); }

int __sys_brk(void *addr) {
  long r = S1(L_brk, addr);
  if ((unsigned long)r < (unsigned long)addr) {
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

off_t lseek(int fd, off_t off, int whence) { return ret(S3(L_lseek, fd, off, whence)); }
pid_t getpid(void) { return S0(L_getpid); }
pid_t getppid(void) { return S0(L_getppid); }
uid_t getuid(void) { return (uid_t)S0(L_getuid); }
uid_t geteuid(void) { return (uid_t)S0(L_geteuid); }
gid_t getgid(void) { return (gid_t)S0(L_getgid); }
gid_t getegid(void) { return (gid_t)S0(L_getegid); }
int setuid(uid_t uid) { return ret(S1(L_setuid, uid)); }
int setgid(gid_t gid) { return ret(S1(L_setgid, gid)); }
int fchdir(int fd) { return ret(S1(L_fchdir, fd)); }
int chroot(const char *path) { return ret(S1(L_chroot, path)); }
int fchmod(int fd, int mode) { return ret(S2(L_fchmod, fd, mode)); }
int access(const char *path, int mode) { return ret(S2(L_access, path, mode)); }
void sync(void) { S0(L_sync); }
int kill(pid_t pid, int sig) {
  /* SunOS and Linux agree on 1-15 */
  return ret(S2(L_kill, pid, sig));
}

static int copyout(const void *from, void *to, long n);

struct lstat64 {
  unsigned long long st_dev;
  unsigned char pad1[2];
  unsigned long st_ino32;
  unsigned int st_mode;
  unsigned int st_nlink;
  unsigned long st_uid;
  unsigned long st_gid;
  unsigned long long st_rdev;
  unsigned char pad3[2];
  long long st_size;
  unsigned long st_blksize;
  unsigned long long st_blocks;
  unsigned long st_atime;
  unsigned long st_atime_nsec;
  unsigned long st_mtime;
  unsigned long st_mtime_nsec;
  unsigned long st_ctime;
  unsigned long st_ctime_nsec;
  unsigned long long st_ino;
};

static int conv_stat(long r, struct lstat64 *l, struct stat *user) {
  struct stat tmp;
  struct stat *st = &tmp;
  if (ret(r) < 0) return -1;
  memset(st, 0, sizeof(*st));
  st->st_dev = (dev_t)l->st_dev;
  st->st_ino = (ino_t)l->st_ino;
  st->st_mode = (mode_t)l->st_mode;
  st->st_nlink = (short)l->st_nlink;
  st->st_uid = (uid_t)l->st_uid;
  st->st_gid = (gid_t)l->st_gid;
  st->st_rdev = (dev_t)l->st_rdev;
  st->st_size = (off_t)l->st_size;
  st->st_atime = (time_t)l->st_atime;
  st->st_mtime = (time_t)l->st_mtime;
  st->st_ctime = (time_t)l->st_ctime;
  st->st_blksize = (long)l->st_blksize;
  st->st_blocks = (long)l->st_blocks;
  return copyout(st, user, sizeof(*st));
}

/* Copies n bytes to a user pointer the way a kernel would: a bad pointer
 * gives EFAULT instead of a crash. The host kernel does the copy, through a
 * pipe. Returns 0 or -1 with errno set. */
static int copyout(const void *from, void *to, long n) {
  static int cp[2] = {-1, -1};
  char drain[256];
  if (cp[0] < 0 && S1(L_pipe, cp) < 0) return (int)ret(-EFAULT);
  if (S3(L_write, cp[1], from, n) != n) return (int)ret(-EFAULT);
  long r = S3(L_read, cp[0], to, n);
  if (r == n) return 0;
  for (long left = n; left > 0;) {
    long k = S3(L_read, cp[0], drain, left < 256 ? left : 256);
    if (k <= 0) break;
    left -= k;
  }
  errno = EFAULT;
  return -1;
}

int stat(const char *path, struct stat *st) {
  struct lstat64 l;
  return conv_stat(S2(L_stat64, path, &l), &l, st);
}

int lstat(const char *path, struct stat *st) {
  struct lstat64 l;
  return conv_stat(S2(L_lstat64, path, &l), &l, st);
}

int fstat(int fd, struct stat *st) {
  struct lstat64 l;
  return conv_stat(S2(L_fstat64, fd, &l), &l, st);
}

int dup(int fd) { return ret(S1(L_dup, fd)); }
int dup2(int a, int b) { return ret(S2(L_dup2, a, b)); }
int pipe(int fds[2]) { return ret(S1(L_pipe, fds)) < 0 ? -1 : 0; }

int ioctl(int fd, unsigned long req, ...) {
  va_list ap;
  va_start(ap, req);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  unsigned char termios[64];
  if (req == TIOCGETP || req == TIOCSETP || req == TIOCSETN) {
    if (ret(S3(L_ioctl, fd, 0x5401, termios)) < 0) return -1;
    if (req == TIOCGETP) {
      struct sgttyb sg;
      sg.sg_ispeed = sg.sg_ospeed = B9600;
      sg.sg_erase = 0177;
      sg.sg_kill = 025;
      sg.sg_flags = ECHO | CRMOD;
      return copyout(&sg, arg, sizeof(sg));
    }
    return 0;
  }
  errno = ENOTTY;
  return -1;
}

int umask(int mask) { return (int)S1(L_umask, mask); }
int getpagesize(void) { return 8192; }
int __sys_getpgrp(int pid) { return ret(S1(L_getpgid, pid)); }
int setpgrp(int pid, int pgrp) { return ret(S2(L_setpgid, pid, pgrp)); }
int setpgid(pid_t pid, pid_t pgid) { return ret(S2(L_setpgid, pid, pgid)); }
pid_t setsid(void) { return ret(S0(L_setsid)); }

/* Linux's struct utsname is six fields of 65 bytes. */
int uname(struct utsname *u) {
  char l[6 * 65];
  if (ret(S1(L_uname, l)) < 0) return -1;
  memset(u, 0, sizeof(*u));
  strncpy(u->sysname, "SunOS", sizeof(u->sysname) - 1);
  strncpy(u->nodename, l + 65, 64);
  strncpy(u->release, "4.1.1", sizeof(u->release) - 1);
  strncpy(u->version, "1", sizeof(u->version) - 1);
  strncpy(u->machine, "sun3", sizeof(u->machine) - 1);
  return 0;
}

int gethostname(char *name, int len) {
  char u[6 * 65];
  if (ret(S1(L_uname, u)) < 0) return -1;
  strncpy(name, u + 65, (size_t)len);
  return 0;
}

int getdtablesize(void) { return 64; }

int fcntl(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  long arg = va_arg(ap, long);
  va_end(ap);
  if (cmd == F_GETFL) {
    long r = ret(S2(L_fcntl, fd, cmd));
    return r < 0 ? -1 : from_lflags(r);
  }
  if (cmd == F_SETFL) arg = oflags((int)arg);
  return ret(S3(L_fcntl, fd, cmd, arg));
}

int select(int n, fd_set *r, fd_set *w, fd_set *x, struct timeval *t) { return ret(S5(L_newselect, n, r, w, x, t)); }
int fsync(int fd) { return ret(S1(L_fsync, fd)); }
int __sys_sigvec(int sig, struct sigvec *vec, struct sigvec *ovec) {
  (void)sig;
  (void)vec;
  if (ovec != NULL) memset(ovec, 0, sizeof(*ovec));
  return 0;
}
void __sigtramp(void) {}
int sigblock(int mask) {
  (void)mask;
  return 0;
}
int sigsetmask(int mask) {
  (void)mask;
  return 0;
}
int sigpause(int mask) {
  (void)mask;
  errno = EINTR;
  return -1;
}
int sigreturn(struct sigcontext *scp) {
  (void)scp;
  errno = EINVAL;
  return -1;
}
int gettimeofday(struct timeval *tv, struct timezone *tz) { return ret(S2(L_gettimeofday, tv, tz)); }
int getrusage(int who, struct rusage *ru) { return ret(S2(L_getrusage, who, ru)); }
int settimeofday(struct timeval *tv, struct timezone *tz) { return ret(S2(L_settimeofday, tv, tz)); }
int rename(const char *a, const char *b) { return ret(S2(L_rename, a, b)); }
int truncate(const char *path, off_t len) { return ret(S2(L_truncate, path, len)); }
int ftruncate(int fd, off_t len) { return ret(S2(L_ftruncate, fd, len)); }
int mkdir(const char *path, int mode) { return ret(S2(L_mkdir, path, mode)); }
int rmdir(const char *path) { return ret(S1(L_rmdir, path)); }
int utimes(const char *path, struct timeval *tv) { return ret(S2(L_utimes, path, tv)); }
int symlink(const char *a, const char *b) { return ret(S2(L_symlink, a, b)); }
int readlink(const char *path, char *buf, int len) { return ret(S3(L_readlink, path, buf, len)); }
pid_t fork(void) { return ret(S0(L_fork)); }
pid_t vfork(void) { return ret(S0(L_fork)); }

/* getdents64 records: u64 ino, s64 off, u16 reclen, u8 type, name. */
int getdirentries(int fd, char *buf, int nbytes, long *basep) {
  static char tmp[4096];
  static char conv[4096];
  if (nbytes > (int)sizeof(tmp)) nbytes = sizeof(tmp);
  long base = lseek(fd, 0, SEEK_CUR);
  long n = ret(S3(L_getdents64, fd, tmp, nbytes));
  if (n < 0) return -1;
  if (copyout(&base, basep, sizeof(base)) < 0) return -1;
  int out = 0;
  for (long off = 0; off < n;) {
    char *rec = tmp + off;
    unsigned short reclen = (unsigned short)(((unsigned char)rec[16] << 8) | (unsigned char)rec[17]);
    unsigned long long ino;
    memcpy(&ino, rec, 8);
    const char *name = rec + 19;
    size_t namlen = strlen(name);
    size_t mine = (8 + namlen + 1 + 3) & ~3u;
    struct dirent *d = (struct dirent *)(conv + out);
    d->d_fileno = (unsigned long)ino;
    d->d_reclen = (unsigned short)mine;
    d->d_namlen = (unsigned short)namlen;
    memset(d->d_name, 0, mine - 8);
    memcpy(d->d_name, name, namlen);
    out += (int)mine;
    off += reclen;
  }
  if (out > 0 && copyout(conv, buf, out) < 0) return -1;
  return out;
}

/* Calls this layer does not translate (timers, priorities, limits, the
 * sun3lab additions): ENOSYS, which the programs tolerate. */
static int nosys(void) {
  errno = ENOSYS;
  return -1;
}
int setitimer(int which, struct itimerval *v, struct itimerval *ov) { return (void)which, (void)v, (void)ov, nosys(); }
int getitimer(int which, struct itimerval *v) { return (void)which, (void)v, nosys(); }
int setpriority(int which, int who, int prio) { return (void)which, (void)who, (void)prio, nosys(); }
int getpriority(int which, int who) { return (void)which, (void)who, nosys(); }
int sigstack(struct sigstack *ss, struct sigstack *oss) { return (void)ss, (void)oss, nosys(); }
int getrlimit(int r, struct rlimit *rl) { return (void)r, (void)rl, nosys(); }
int setrlimit(int r, struct rlimit *rl) { return (void)r, (void)rl, nosys(); }
int killpg(int pgrp, int sig) { return (void)pgrp, (void)sig, nosys(); }
int sigpending(sigset_t *set) { return (void)set, nosys(); }
long sysconf(int name) { return (void)name, nosys(); }
long pathconf(const char *path, int name) { return (void)path, (void)name, nosys(); }
long fpathconf(int fd, int name) { return (void)fd, (void)name, nosys(); }
int getloadavg(long *avg, int n) { return (void)avg, (void)n, nosys(); }
int pm_migrate(int pid, unsigned long host) { return (void)pid, (void)host, nosys(); }
int pmrcv(int s) { return (void)s, nosys(); }
int pminfo(struct pminfo *buf, int n) { return (void)buf, (void)n, nosys(); }
int pmjoin(void) { return nosys(); }
/* The global process table is the sun3lab kernels' alone; the thesis's
 * pm_open ... pm_getppid are the ordinary calls under other numbers. */
int getpmpage(int page, void *buf, int max) { return (void)page, (void)buf, (void)max, nosys(); }
int putpmpage(int s) { return (void)s, nosys(); }
int pm_open(const char *path, int flags, int mode) { return open(path, flags, mode); }
int pm_creat(const char *path, int mode) { return creat(path, mode); }
int pm_fork(void) { return fork(); }
void pm_exit(int status) { _exit(status); }
int pm_wait(int *status) { return wait(status); }
int pm_getpid(void) { return getpid(); }
int pm_getppid(void) { return getppid(); }
int procinfo(struct procinfo *buf, int n) { return (void)buf, (void)n, nosys(); }
int mntinfo(struct mntinfo *buf, int n) { return (void)buf, (void)n, nosys(); }
int mount(const char *type, const char *dir, int flags, void *data) {
  return (void)type, (void)dir, (void)flags, (void)data, nosys();
}
int unmount(const char *dir) { return (void)dir, nosys(); }
int statfs(const char *path, struct statfs *buf) { return (void)path, (void)buf, nosys(); }
int fstatfs(int fd, struct statfs *buf) { return (void)fd, (void)buf, nosys(); }
int reboot(int howto) { return (void)howto, nosys(); }
int sethostname(char *name, int len) { return (void)name, (void)len, nosys(); }
int syscall(int number, ...) { return (void)number, nosys(); }
int netinfo(int what, void *buf, int size) { return (void)what, (void)buf, (void)size, nosys(); }
int statinfo(struct statinfo *buf, int size) { return (void)buf, (void)size, nosys(); }
int vmmeter(struct vmmeter *buf, int size) { return (void)buf, (void)size, nosys(); }
/* The mmap family on Linux's calls: the old mmap (90, its six arguments in
 * memory, the offset in bytes), munmap 91, mprotect 125, msync 144, mincore
 * 237, madvise 238. The flags are SunOS's but for MAP_ANON (Linux's 0x20)
 * and _MAP_NEW (Linux always returns the address); msync without MS_ASYNC
 * is synchronous on SunOS, MS_SYNC on Linux. Linux/m68k's pages are 4 KB:
 * mincore reports an 8 KB page resident if either half is. */
#define L_mmap 90
#define L_munmap 91
#define L_mprotect 125
#define L_msync 144
#define L_mincore 237
#define L_madvise 238
#define L_MAP_ANONYMOUS 0x20
#define L_MS_SYNC 4
int __sys_mmap(caddr_t addr, size_t len, int prot, int flags, int fd, off_t off) {
  long lflags = flags & (MAP_TYPE | MAP_FIXED);
  if (flags & MAP_ANON) lflags |= L_MAP_ANONYMOUS;
  long args[6] = {(long)addr, (long)len, prot, lflags, fd, (long)off};
  return (int)ret(S1(L_mmap, args));
}
int munmap(caddr_t addr, size_t len) { return (int)ret(S2(L_munmap, addr, len)); }
int mprotect(caddr_t addr, size_t len, int prot) { return (int)ret(S3(L_mprotect, addr, len, prot)); }
int msync(caddr_t addr, size_t len, int flags) {
  long lflags = (flags & (MS_ASYNC | MS_INVALIDATE)) | (flags & MS_ASYNC ? 0 : L_MS_SYNC);
  return (int)ret(S3(L_msync, addr, len, lflags));
}
int madvise(caddr_t addr, size_t len, int advice) { return (int)ret(S3(L_madvise, addr, len, advice)); }
int mincore(caddr_t addr, size_t len, char *vec) {
  unsigned char half[256];
  size_t pages = (len + 8191) / 8192;
  for (size_t done = 0; done < pages;) {
    size_t n = pages - done > sizeof half / 2 ? sizeof half / 2 : pages - done;
    size_t bytes = n * 8192;
    if (done * 8192 + bytes > len) bytes = (len - done * 8192 + 4095) & ~(size_t)4095; /* Linux maps 4 KB */
    memset(half, 0, sizeof half);
    if (ret(S3(L_mincore, addr + done * 8192, bytes, half)) < 0) return -1;
    for (size_t i = 0; i < n; i++) vec[done + i] = (char)((half[2 * i] | half[2 * i + 1]) & 1);
    done += n;
  }
  return 0;
}
int getfh(int fd, void *fhp) { return (void)fd, (void)fhp, nosys(); }
/* The NFS daemons' calls are the sun3lab kernel's alone. */
int nfssvc(int sock) { return (void)sock, nosys(); }
int async_daemon(void) { return nosys(); }
int exportfs(const char *dir, struct export *ex) { return (void)dir, (void)ex, nosys(); }
/* Sockets are not carried over to Linux: the sun3lab programs that use them
 * run on the sun3lab kernel only. */
int socket(int d, int t, int p) { return (void)d, (void)t, (void)p, nosys(); }
int socketpair(int d, int t, int p, int sv[2]) { return (void)d, (void)t, (void)p, (void)sv, nosys(); }
int bind(int s, const struct sockaddr *n, int l) { return (void)s, (void)n, (void)l, nosys(); }
int listen(int s, int b) { return (void)s, (void)b, nosys(); }
int accept(int s, struct sockaddr *n, int *l) { return (void)s, (void)n, (void)l, nosys(); }
int connect(int s, const struct sockaddr *n, int l) { return (void)s, (void)n, (void)l, nosys(); }
int shutdown(int s, int how) { return (void)s, (void)how, nosys(); }
int send(int s, const void *m, int l, int f) { return (void)s, (void)m, (void)l, (void)f, nosys(); }
int sendto(int s, const void *m, int l, int f, const struct sockaddr *to, int tl) {
  return (void)s, (void)m, (void)l, (void)f, (void)to, (void)tl, nosys();
}
int sendmsg(int s, const struct msghdr *m, int f) { return (void)s, (void)m, (void)f, nosys(); }
int recv(int s, void *b, int l, int f) { return (void)s, (void)b, (void)l, (void)f, nosys(); }
int recvfrom(int s, void *b, int l, int f, struct sockaddr *from, int *fl) {
  return (void)s, (void)b, (void)l, (void)f, (void)from, (void)fl, nosys();
}
int recvmsg(int s, struct msghdr *m, int f) { return (void)s, (void)m, (void)f, nosys(); }
int setsockopt(int s, int lv, int n, const void *v, int l) {
  return (void)s, (void)lv, (void)n, (void)v, (void)l, nosys();
}
int getsockopt(int s, int lv, int n, void *v, int *l) { return (void)s, (void)lv, (void)n, (void)v, (void)l, nosys(); }
int getsockname(int s, struct sockaddr *n, int *l) { return (void)s, (void)n, (void)l, nosys(); }
int getpeername(int s, struct sockaddr *n, int *l) { return (void)s, (void)n, (void)l, nosys(); }
/* readv and writev: Linux's calls take the same struct iovec. */
int readv(int fd, struct iovec *iov, int n) { return ret(S3(L_readv, fd, iov, n)); }
int writev(int fd, const struct iovec *iov, int n) { return ret(S3(L_writev, fd, iov, n)); }
