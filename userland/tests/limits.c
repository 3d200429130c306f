/* limits: what the system says of its limits, and that it keeps to them.
 *
 * sysconf, pathconf and fpathconf (SunOS 4.1's numbers; EINVAL for a name
 * that does not exist, or means nothing for the file); uname; exec's
 * ARG_MAX (arguments and environment together: a list that fits is passed
 * whole, one byte more is E2BIG, and so is a single argument of ARG_MAX
 * bytes — never ENAMETOOLONG); CHILD_MAX processes for a user who is not
 * the super-user, then EAGAIN; the process table's and the file table's
 * sizes (NPROC, NFILE: EAGAIN and ENFILE beyond them); fork's ENOMEM when
 * the swap a copy needs cannot be promised (vfork, which copies nothing,
 * still works). */
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

/* exec /bin/true with argv of `n` strings of `len` bytes (and an empty environment); the exec's errno or 0.
 * The arguments are built in the child: a megabyte of heap in this process would stay (malloc never gives
 * memory back) and every later fork would reserve swap for it, so the process-table check below would run
 * out of swap (ENOMEM) long before the table fills. */
static int exec_with(int n, int len) {
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    char **argv = malloc((size_t)(n + 2) * sizeof(char *));
    char *s = malloc((size_t)len + 1);
    if (argv == NULL || s == NULL) _exit(100 + ENOMEM);
    memset(s, 'a', (size_t)len);
    s[len] = 0;
    argv[0] = "true";
    for (int i = 1; i <= n; i++) argv[i] = s;
    argv[n + 1] = NULL;
    char *envp[] = {NULL};
    execve("/bin/true", argv, envp);
    _exit(100 + errno);
  }
  int st;
  waitpid(c, &st, 0);
  return WIFEXITED(st) && WEXITSTATUS(st) >= 100 ? WEXITSTATUS(st) - 100 : WIFEXITED(st) ? 0 : -1;
}

/* Fork until EAGAIN (as user 4321 if arg is not NULL); report how many, fork's errno and then vfork's, and end the children. */
static int forks(int fd, void *arg) {
  static pid_t kids[200];
  if (arg != NULL && setuid(4321) < 0) return 2;
  int n = 0;
  for (;;) {
    pid_t c = n < 200 ? fork() : -1;
    if (c < 0) {
      int e = errno;
      pid_t v = vfork();
      if (v == 0) _exit(0);
      int ve = v < 0 ? errno : 0;
      if (v > 0) waitpid(v, NULL, 0);
      write(fd, &n, sizeof(n));
      write(fd, &e, sizeof(e));
      write(fd, &ve, sizeof(ve));
      break;
    }
    if (c == 0) {
      pause();
      _exit(0);
    }
    kids[n++] = c;
  }
  for (int i = 0; i < n; i++) kill(kids[i], SIGKILL);
  for (int i = 0; i < n; i++) waitpid(kids[i], NULL, 0);
  return 0;
}

/* As forks, after growing the heap by 20 MB (untouched: only swap is promised for it): each copy needs
 * 20 MB more of the 48 MB swap area, so the second child is refused. */
static int big_forks(int fd, void *arg) {
  (void)arg;
  if (sbrk(20 << 20) == (void *)-1) return 2;
  return forks(fd, NULL);
}

/* Open /dev/null until that fails; report how many and the errno, then hold the files until killed. */
static void hold_files(int fd) {
  int rep[2] = {0, 0};
  while (open("/dev/null", O_RDONLY) >= 0) rep[0]++;
  rep[1] = errno;
  write(fd, rep, sizeof(rep));
  pause();
  _exit(0);
}

/* The system's file table: NFILE = 16 * (138 + 16 + 8) / 10 + 32 = 291 open files, then ENFILE. */
static void file_table(void) {
  enum { KIDS = 6 };
  pid_t kids[KIDS];
  int fp[2];
  int total = 0, emfile = 0, enfile = 0;
  pipe(fp);
  fflush(stdout);
  for (int i = 0; i < KIDS; i++) {
    kids[i] = fork();
    if (kids[i] == 0) {
      close(fp[0]);
      hold_files(fp[1]);
    }
    int rep[2] = {0, 0};
    read(fp[0], rep, sizeof(rep));
    total += rep[0];
    if (rep[1] == EMFILE) emfile++;
    if (rep[1] == ENFILE) enfile++;
  }
  CHECK(emfile >= 4 && enfile >= 1 && emfile + enfile == KIDS && total > 240 && total < 291,
        "%d processes open %d files: %d stop at their own 64 (EMFILE), %d at the table's 291 (ENFILE)", KIDS, total,
        emfile, enfile);
  int q[2];
  errno = 0;
  CHECK(open("/etc/motd", O_RDONLY) == -1 && errno == ENFILE, "open with the table full: ENFILE");
  errno = 0;
  CHECK(pipe(q) == -1 && errno == ENFILE, "pipe with the table full: ENFILE");
  errno = 0;
  CHECK(creat("/tmp/limits.enfile", 0644) == -1 && errno == ENFILE && access("/tmp/limits.enfile", F_OK) == -1,
        "creat with the table full: ENFILE, and no file made");
  for (int i = 0; i < KIDS; i++) kill(kids[i], SIGKILL);
  for (int i = 0; i < KIDS; i++) waitpid(kids[i], NULL, 0);
  close(fp[0]);
  close(fp[1]);
  int fd = open("/etc/motd", O_RDONLY);
  CHECK(fd >= 0 && pipe(q) == 0, "the files of the killed processes closed: open and pipe work again");
  close(fd);
  close(q[0]);
  close(q[1]);
}

int main(void) {
  CHECK(sysconf(_SC_ARG_MAX) == ARG_MAX && ARG_MAX == 1048576, "sysconf(_SC_ARG_MAX) = ARG_MAX = %ld", sysconf(_SC_ARG_MAX));
  CHECK(sysconf(_SC_CHILD_MAX) == CHILD_MAX, "_SC_CHILD_MAX %ld", sysconf(_SC_CHILD_MAX));
  CHECK(sysconf(_SC_CLK_TCK) == 100, "_SC_CLK_TCK %ld", sysconf(_SC_CLK_TCK));
  CHECK(sysconf(_SC_NGROUPS_MAX) == NGROUPS_MAX && sysconf(_SC_OPEN_MAX) == OPEN_MAX,
        "_SC_NGROUPS_MAX, _SC_OPEN_MAX");
  CHECK(sysconf(_SC_JOB_CONTROL) == 1 && sysconf(_SC_SAVED_IDS) == 1 && sysconf(_SC_VERSION) == _POSIX_VERSION,
        "job control, saved ids, POSIX.1 of 1988");
  errno = 0;
  CHECK(sysconf(99) == -1 && errno == EINVAL, "sysconf of an unknown name: EINVAL");

  CHECK(pathconf("/", _PC_NAME_MAX) == NAME_MAX && pathconf("/", _PC_PATH_MAX) == PATH_MAX &&
            pathconf("/", _PC_LINK_MAX) == LINK_MAX,
        "pathconf: NAME_MAX, PATH_MAX, LINK_MAX");
  CHECK(pathconf("/etc/motd", _PC_NO_TRUNC) == 1 && pathconf("/etc/motd", _PC_CHOWN_RESTRICTED) == 1,
        "no truncation of names, chown restricted");
  CHECK(pathconf("/dev/console", _PC_MAX_CANON) == MAX_CANON && fpathconf(0, _PC_MAX_INPUT) == MAX_INPUT &&
            fpathconf(0, _PC_VDISABLE) == _POSIX_VDISABLE,
        "a terminal's MAX_CANON, MAX_INPUT and VDISABLE");
  errno = 0;
  CHECK(pathconf("/etc/motd", _PC_MAX_CANON) == -1 && errno == EINVAL, "MAX_CANON of a plain file: EINVAL");
  int p[2];
  pipe(p);
  CHECK(fpathconf(p[0], _PC_PIPE_BUF) == PIPE_BUF, "a pipe's PIPE_BUF");
  close(p[0]);
  close(p[1]);
  errno = 0;
  CHECK(pathconf("/no/such/file", _PC_NAME_MAX) == -1 && errno == ENOENT, "pathconf of no file: ENOENT");
  errno = 0;
  CHECK(fpathconf(99, _PC_NAME_MAX) == -1 && errno == EBADF, "fpathconf of no descriptor: EBADF");
  errno = 0;
  CHECK(pathconf("/", 99) == -1 && errno == EINVAL, "an unknown name: EINVAL");

  struct utsname u;
  CHECK(uname(&u) == 0 && strcmp(u.sysname, "SunOS") == 0 && strcmp(u.release, "4.1.1") == 0 &&
            strcmp(u.machine, "sun3") == 0,
        "uname: %s %s %s %s %s", u.sysname, u.nodename, u.release, u.version, u.machine);
  char host[65];
  gethostname(host, sizeof(host));
  CHECK(strcmp(u.nodename, host) == 0, "its node name is the host name");
  errno = 0;
  CHECK(uname((struct utsname *)1) == -1 && errno == EFAULT, "uname to a bad address: EFAULT");

  /* ARG_MAX: strings and their NULs, argv[0] "true" included. */
  int fits = (ARG_MAX - 5) / 1025;
  CHECK(exec_with(fits, 1024) == 0, "%d arguments of 1 KB: exec works", fits);
  int e = exec_with(fits + 2, 1024);
  CHECK(e == E2BIG, "more than ARG_MAX bytes: E2BIG (%d)", e);
  e = exec_with(1, ARG_MAX);
  CHECK(e == E2BIG, "one argument of ARG_MAX bytes: E2BIG, not ENAMETOOLONG (%d)", e);
  e = exec_with(1, ARG_MAX - 6 - 1);
  CHECK(e == 0, "one argument that just fits: exec works (%d)", e);

  /* CHILD_MAX for a user (the super-user is not limited) */
  int got[3] = {0, 0, 0};
  int n = 0;
  run_child(forks, "user", got, sizeof(got), &n);
  CHECK(n == sizeof(got) && got[0] == CHILD_MAX - 1 && got[1] == EAGAIN && got[2] == EAGAIN,
        "a user makes CHILD_MAX processes (itself and %d children), then fork and vfork fail: EAGAIN (%d, %d)",
        got[0], got[1], got[2]);
  /* The process table: 10 + 16 * maxusers = 138 slots (the swapper's, init's and this test's included). */
  memset(got, 0, sizeof(got));
  run_child(forks, NULL, got, sizeof(got), &n);
  CHECK(n == sizeof(got) && got[0] > 120 && got[0] < 138 && got[1] == EAGAIN && got[2] == EAGAIN,
        "the super-user fills the process table: %d children, then fork and vfork fail: EAGAIN (%d, %d)", got[0],
        got[1], got[2]);
  /* Swap, not the table, runs out first for a big process: fork is ENOMEM (SunOS's fork(2)); vfork copies
   * nothing, needs no swap, and still works. */
  memset(got, 0, sizeof(got));
  run_child(big_forks, NULL, got, sizeof(got), &n);
  CHECK(n == sizeof(got) && got[0] == 1 && got[1] == ENOMEM && got[2] == 0,
        "a process of 20 MB forks once, then fork fails for want of swap: ENOMEM (%d), vfork works (%d); %d child",
        got[1], got[2], got[0]);
  file_table();
  return DONE("limits");
}
