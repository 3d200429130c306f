/* unistd.h - sun3lab libc */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <sys/types.h>

#ifndef NULL
#define NULL ((void *)0)
#endif

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

extern char **environ;

void _exit(int status) __attribute__((noreturn));
pid_t fork(void);
pid_t vfork(void) __attribute__((returns_twice));
ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
int link(const char *from, const char *to);
int unlink(const char *path);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
int execvp(const char *file, char *const argv[]);
int execl(const char *path, const char *arg0, ...);
int execlp(const char *file, const char *arg0, ...);
int execle(const char *path, const char *arg0, ... /* , (char *)0, char *const envp[] */);
int chdir(const char *path);
int fchdir(int fd);
int chroot(const char *path);
int brk(void *addr);
void *sbrk(int incr);
off_t lseek(int fd, off_t offset, int whence);
pid_t getpid(void);
pid_t getppid(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int setuid(uid_t uid);
int setgid(gid_t gid);
/* -1 leaves an id as it is. seteuid(e) is setreuid(-1, e), setegid(e) setregid(-1, e). */
int setreuid(int ruid, int euid);
int setregid(int rgid, int egid);
int seteuid(uid_t euid);
int setegid(gid_t egid);
/* The supplementary groups, as ints (SunOS 4's gidset[]), at most NGROUPS (sys/param.h). */
int getgroups(int gidsetlen, int *gidset);
int setgroups(int ngroups, const int *gidset);
int access(const char *path, int mode);
void sync(void);
int dup(int fd);
int dup2(int fd, int fd2);
int pipe(int fds[2]);
int rmdir(const char *path);
int getpagesize(void);
int getdtablesize(void);
int gethostname(char *name, int len);
int sethostname(char *name, int len);
int fsync(int fd);
int truncate(const char *path, off_t len);
int ftruncate(int fd, off_t len);
int symlink(const char *target, const char *path);
int readlink(const char *path, char *buf, int len);
int chown(const char *path, int uid, int gid);
int fchown(int fd, int uid, int gid);
char *crypt(const char *key, const char *salt);
char *getpass(const char *prompt);
char *ttyname(int fd);
int getpgrp(void);
int setpgrp(int pid, int pgrp);
/* Sessions (SunOS 4.1, POSIX.1): a new session and process group led by
 * the caller, without a controlling terminal; moving a process between
 * the groups of a session; the terminal's foreground group. */
pid_t setsid(void);
int setpgid(pid_t pid, pid_t pgid);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);
int isatty(int fd);
char *getcwd(char *buf, size_t size);
char *getwd(char *buf);
unsigned sleep(unsigned seconds);
unsigned alarm(unsigned seconds);
int pause(void);
int nice(int incr);
int syscall(int number, ...);
int getdirentries(int fd, char *buf, int nbytes, long *basep);

/* The system's limits at run time (SunOS 4.1's numbers). */
#define _SC_ARG_MAX 1
#define _SC_CHILD_MAX 2
#define _SC_CLK_TCK 3
#define _SC_NGROUPS_MAX 4
#define _SC_OPEN_MAX 5
#define _SC_JOB_CONTROL 6
#define _SC_SAVED_IDS 7
#define _SC_VERSION 8
#define _PC_LINK_MAX 1
#define _PC_MAX_CANON 2
#define _PC_MAX_INPUT 3
#define _PC_NAME_MAX 4
#define _PC_PATH_MAX 5
#define _PC_PIPE_BUF 6
#define _PC_CHOWN_RESTRICTED 7
#define _PC_NO_TRUNC 8
#define _PC_VDISABLE 9
long sysconf(int name);
long pathconf(const char *path, int name);
long fpathconf(int fd, int name);

/* What this system offers of POSIX.1 (1988). */
#define _POSIX_VERSION 198808L
#define _POSIX_JOB_CONTROL 1
#define _POSIX_SAVED_IDS 1
#define _POSIX_CHOWN_RESTRICTED 1
#define _POSIX_NO_TRUNC 1
#ifndef _POSIX_VDISABLE
#define _POSIX_VDISABLE 0
#endif

/* The login name of the user of the controlling terminal (the LOGNAME login set), or NULL. */
char *getlogin(void);
/* Sleep for usec microseconds (SunOS's usleep: a select timeout). */
int usleep(unsigned usec);

/* getopt */
extern char *optarg;
extern int optind, opterr, optopt;
int getopt(int argc, char *const argv[], const char *optstring);

#endif
