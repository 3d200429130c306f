/* The exec family on execve, and system(). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int execv(const char *path, char *const argv[]) { return execve(path, argv, environ); }

/* execvp: a name with a slash is tried as it is, any other in each directory
 * of $PATH. A file the kernel cannot run (ENOEXEC: not an a.out, no "#!") is
 * a shell script: /bin/sh runs it (4.3BSD's execvp does the same). */
int execvp(const char *file, char *const argv[]) {
  const char *path = strchr(file, '/') != NULL ? "" : getenv("PATH");
  if (path == NULL) path = "/bin:/usr/bin";
  size_t flen = strlen(file);
  int saw_eacces = 0;
  for (const char *p = path;; p++) {
    const char *colon = strchr(p, ':');
    size_t dlen = colon ? (size_t)(colon - p) : strlen(p);
    char buf[1024];
    if (dlen + flen + 2 <= sizeof(buf)) {
      if (dlen == 0) {
        memcpy(buf, file, flen + 1);
      } else {
        memcpy(buf, p, dlen);
        buf[dlen] = '/';
        memcpy(buf + dlen + 1, file, flen + 1);
      }
      execve(buf, argv, environ);
      if (errno == ENOEXEC) {
        /* a script without #!: run it with the shell */
        char *args[64];
        int n = 0;
        args[n++] = "sh";
        args[n++] = buf;
        for (int i = 1; argv[i] != NULL && n < 63; i++) args[n++] = argv[i];
        args[n] = NULL;
        execve("/bin/sh", args, environ);
        return -1;
      }
      if (errno == EACCES) saw_eacces = 1;
    }
    if (colon == NULL) break;
    p = colon;
  }
  if (saw_eacces) errno = EACCES;
  return -1;
}

#define MAXARGS 128

/* The arguments up to the NULL into argv; *ap is left after the NULL (execle's envp follows). */
static int collect(const char *arg0, va_list *ap, char **argv) {
  int n = 0;
  argv[n++] = (char *)arg0;
  while (arg0 != NULL && n < MAXARGS - 1) {
    char *a = va_arg(*ap, char *);
    argv[n++] = a;
    if (a == NULL) return 0;
  }
  argv[n] = NULL;
  if (arg0 == NULL) return 0;
  errno = E2BIG;
  return -1;
}

int execl(const char *path, const char *arg0, ...) {
  char *argv[MAXARGS];
  va_list ap;
  va_start(ap, arg0);
  int r = collect(arg0, &ap, argv);
  va_end(ap);
  if (r < 0) return -1;
  return execve(path, argv, environ);
}

/* execle(path, arg0, ..., (char *)0, envp): the environment follows the NULL. */
int execle(const char *path, const char *arg0, ...) {
  char *argv[MAXARGS];
  va_list ap;
  va_start(ap, arg0);
  int r = collect(arg0, &ap, argv);
  char *const *envp = r == 0 ? va_arg(ap, char *const *) : NULL;
  va_end(ap);
  if (r < 0) return -1;
  return execve(path, argv, envp);
}

int execlp(const char *file, const char *arg0, ...) {
  char *argv[MAXARGS];
  va_list ap;
  va_start(ap, arg0);
  int r = collect(arg0, &ap, argv);
  va_end(ap);
  if (r < 0) return -1;
  return execvp(file, argv);
}

int system(const char *cmd) {
  int status;
  if (cmd == NULL) return access("/bin/sh", X_OK) == 0;
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
    _exit(127);
  }
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return status;
}
