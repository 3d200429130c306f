/* pmrun - run a program as a job that the load daemon may place on
 * another machine of the pool before it starts (as MOSIX's mosrun):
 *
 *   pmrun [-v] PROG [ARG ...]
 *
 * pmrun forks the job, which waits (in sigpause, a point where it can
 * migrate) before exec'ing PROG. pmrun tells loadd on this machine
 * ("RUN pid movable", UDP port 1791 on 127.0.0.1); loadd either leaves
 * the job here or migrates it to a machine below its threshold and then
 * answers. pmrun then lets the job go (SIGUSR1, sent on to wherever it
 * is) and the job execs PROG there (/tests and /bin are the same on every
 * machine of the lab). pmrun waits for it and exits with its status (128
 * + the signal if it was killed), as the shell would report it. With no
 * loadd (or no answer within 10 s) the job runs here.
 *
 * The job's descriptors move only if every one is a character device
 * (docs/migration.md); pmrun checks them and says so to loadd. A terminal
 * stays at home: wherever the job runs, its reads and writes of the
 * caller's terminal go back to it (kernel/pm/pm_tty.ts), so its output
 * appears where pmrun was typed, and its exit status comes back to pmrun's
 * wait with the migration's exit report. -v says where the job went
 * ("PLACED host" or "LOCAL why"), on stderr. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define LOADD_PORT 1791

static volatile int go;

static void release(int sig) {
  (void)sig;
  go = 1;
}

/* Can every open descriptor move? (Only character devices do, today.) */
static int movable(void) {
  struct stat st;
  for (int fd = 0; fd < getdtablesize(); fd++)
    if (fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) != S_IFCHR) return 0;
  return 1;
}

/* Ask loadd to place job pid; its answer in answer ("LOCAL ..." if none). */
static void ask_loadd(int pid, char *answer, int size) {
  struct sockaddr_in sin;
  char msg[64];
  int canmove = movable(); /* before this socket is open: the job does not have it */
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  strcpy(answer, "LOCAL no-loadd");
  if (s < 0) return;
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  sin.sin_port = htons(LOADD_PORT);
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
    close(s);
    return;
  }
  sprintf(msg, "RUN %d %d", pid, canmove);
  if (send(s, msg, strlen(msg), 0) >= 0) {
    fd_set fds;
    struct timeval tv = {10, 0};
    FD_ZERO(&fds);
    FD_SET(s, &fds);
    strcpy(answer, "LOCAL no-answer");
    if (select(s + 1, &fds, NULL, NULL, &tv) > 0) {
      int n = recv(s, answer, size - 1, 0); /* ECONNREFUSED: no loadd */
      if (n > 0)
        answer[n] = 0;
      else
        strcpy(answer, "LOCAL no-loadd");
    }
  }
  close(s);
}

int main(int argc, char **argv) {
  int verbose = 0, argi = 1, status;
  char answer[64];
  if (argi < argc && strcmp(argv[argi], "-v") == 0) verbose = 1, argi++;
  if (argi >= argc) {
    fprintf(stderr, "usage: pmrun [-v] prog [arg ...]\n");
    return 2;
  }
  signal(SIGUSR1, release);
  int mask = sigblock(sigmask(SIGUSR1));
  int pid = fork();
  if (pid < 0) {
    perror("pmrun: fork");
    return 1;
  }
  if (pid == 0) {
    /* The job: not started until pmrun says so, wherever it is by then. */
    while (!go) sigpause(mask & ~sigmask(SIGUSR1));
    sigsetmask(mask);
    signal(SIGUSR1, SIG_DFL);
    execvp(argv[argi], argv + argi);
    fprintf(stderr, "pmrun: %s: %s\n", argv[argi], strerror(errno));
    _exit(127);
  }
  sigsetmask(mask);
  ask_loadd(pid, answer, sizeof(answer));
  if (verbose) fprintf(stderr, "pmrun: %d %s\n", pid, answer);
  kill(pid, SIGUSR1);
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      perror("pmrun: wait");
      return 1;
    }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}
