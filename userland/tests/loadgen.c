/* loadgen - the load-sharing experiment's arrivals on one machine:
 *
 *   loadgen [-p pmrun] ID:AT:WORK ...
 *
 * Starts `pmrun /tests/jobk ID WORK` for each job AT milliseconds after
 * loadgen started (in the order given), waits for them all, and prints
 * one line per job as it ends: "loadgen: job ID pid PID arrive MS end MS
 * status S" (times in ms since loadgen started, from the emulated clock).
 * The status is pmrun's, which is the job's. -p names another runner. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXJOBS 256

static struct {
  long id, at, work, pid, done;
  char ids[12], works[12];
} job[MAXJOBS];
static struct timeval t0;

static long now_ms(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return (tv.tv_sec - t0.tv_sec) * 1000 + (tv.tv_usec - t0.tv_usec) / 1000;
}

static void wake(int sig) {
  (void)sig;
}

/* Collect every job that has ended. */
static int reap(int hang) {
  int status, n = 0, pid;
  while ((pid = waitpid(-1, &status, hang ? 0 : WNOHANG)) > 0) {
    for (int i = 0; i < MAXJOBS; i++)
      if (job[i].pid == pid && !job[i].done) {
        job[i].done = 1;
        printf("loadgen: job %ld pid %d arrive %ld end %ld status %d\n", job[i].id, pid, job[i].at, now_ms(),
               WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        fflush(stdout);
      }
    n++;
    hang = 0;
  }
  return n;
}

int main(int argc, char **argv) {
  const char *runner = "/bin/pmrun";
  int argi = 1, njobs = 0;
  if (argi + 1 < argc && strcmp(argv[argi], "-p") == 0) runner = argv[argi + 1], argi += 2;
  for (; argi < argc && njobs < MAXJOBS; argi++, njobs++)
    if (sscanf(argv[argi], "%ld:%ld:%ld", &job[njobs].id, &job[njobs].at, &job[njobs].work) != 3) {
      fprintf(stderr, "loadgen: %s: not ID:AT:WORK\n", argv[argi]);
      return 2;
    }
  gettimeofday(&t0, NULL);
  signal(SIGCHLD, wake);
  signal(SIGALRM, wake);
  int mask = sigblock(sigmask(SIGCHLD) | sigmask(SIGALRM));
  for (int i = 0; i < njobs; i++) {
    long wait;
    while ((wait = job[i].at - now_ms()) > 0) {
      struct itimerval it;
      memset(&it, 0, sizeof(it));
      it.it_value.tv_sec = wait / 1000;
      it.it_value.tv_usec = wait % 1000 * 1000;
      setitimer(ITIMER_REAL, &it, NULL);
      sigpause(mask & ~(sigmask(SIGCHLD) | sigmask(SIGALRM)));
      reap(0);
    }
    sprintf(job[i].ids, "%ld", job[i].id);
    sprintf(job[i].works, "%ld", job[i].work);
    int pid = fork();
    if (pid == 0) {
      sigsetmask(0);
      signal(SIGCHLD, SIG_DFL);
      signal(SIGALRM, SIG_DFL);
      execl(runner, runner, "/tests/jobk", job[i].ids, job[i].works, (char *)0);
      _exit(127);
    }
    job[i].pid = pid;
    job[i].at = now_ms();
    reap(0);
  }
  sigsetmask(0);
  for (;;) {
    int left = 0;
    for (int i = 0; i < njobs; i++) left += !job[i].done;
    if (left == 0) break;
    if (reap(1) == 0 && errno == ECHILD) break;
  }
  return 0;
}
