/* popen and pclose (4.3BSD's): the command runs under /bin/sh -c with its
 * standard output (mode "r") or standard input ("w") on a pipe; pclose
 * waits for it and returns its wait status. The children of other popens
 * do not inherit this pipe (POSIX). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/param.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t pids[NOFILE]; /* the child of each popen'd descriptor */

FILE *popen(const char *command, const char *mode) {
  int p[2];
  int reading = mode[0] == 'r';
  if ((mode[0] != 'r' && mode[0] != 'w') || mode[1] != 0) {
    errno = EINVAL;
    return NULL;
  }
  if (pipe(p) < 0) return NULL;
  int mine = reading ? p[0] : p[1];
  int theirs = reading ? p[1] : p[0];
  pid_t pid = vfork();
  if (pid < 0) {
    close(p[0]);
    close(p[1]);
    return NULL;
  }
  if (pid == 0) {
    for (int fd = 0; fd < NOFILE; fd++)
      if (pids[fd] != 0) close(fd);
    close(mine);
    if (theirs != (reading ? 1 : 0)) {
      dup2(theirs, reading ? 1 : 0);
      close(theirs);
    }
    execl("/bin/sh", "sh", "-c", command, (char *)NULL);
    _exit(127);
  }
  close(theirs);
  FILE *f = fdopen(mine, mode);
  if (f == NULL) {
    close(mine);
    return NULL;
  }
  pids[mine] = pid;
  return f;
}

/* The child's status, -1 (ECHILD) for a stream popen did not make.
 * SIGINT, SIGQUIT and SIGHUP are held while waiting, as 4.3BSD does. */
int pclose(FILE *f) {
  int fd = fileno(f);
  if (fd < 0 || fd >= NOFILE || pids[fd] == 0) {
    errno = ECHILD;
    return -1;
  }
  pid_t pid = pids[fd];
  pids[fd] = 0;
  fclose(f);
  int mask = sigblock(sigmask(SIGINT) | sigmask(SIGQUIT) | sigmask(SIGHUP));
  int status;
  pid_t r;
  while ((r = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
  }
  sigsetmask(mask);
  return r < 0 ? -1 : status;
}
