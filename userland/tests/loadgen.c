/* loadgen - the load-sharing experiment's arrivals on one machine:
 *
 *   loadgen [-p pmrun] ID:AT:WORK ...
 *
 * Starts `pmrun /tests/jobk ID WORK` for each job AT milliseconds after
 * loadgen started (in the order given), waits for them all, and prints
 * one line per job as it ends: "loadgen: job ID pid PID arrive MS end MS
 * status S" (times in ms since loadgen started, from the emulated clock).
 * The status is pmrun's, which is the job's. -p names another runner.
 * With no jobs it tests itself: three small jobs, each must end with
 * status 0, no sooner than it arrived, and the last arrive on time. */
#include "check.h"
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
  long id, at, work, pid, done, status, end;
  char ids[12], works[12];
} job[MAXJOBS];
static struct timeval t0;

static long since_start(void) {
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
        job[i].status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        job[i].end = since_start();
        printf("loadgen: job %ld pid %d arrive %ld end %ld status %d\n", job[i].id, pid, job[i].at, since_start(),
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
  int selftest = njobs == 0;
  if (selftest) {
    static const long plan[3][3] = {{1, 0, 30}, {2, 200, 30}, {3, 500, 10}};
    for (; njobs < 3; njobs++) {
      job[njobs].id = plan[njobs][0];
      job[njobs].at = plan[njobs][1];
      job[njobs].work = plan[njobs][2];
    }
  }
  gettimeofday(&t0, NULL);
  signal(SIGCHLD, wake);
  signal(SIGALRM, wake);
  int mask = sigblock(sigmask(SIGCHLD) | sigmask(SIGALRM));
  for (int i = 0; i < njobs; i++) {
    long wait;
    while ((wait = job[i].at - since_start()) > 0) {
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
      /* Batch work, started as nohup would: a job placed on another machine
       * goes on if its home, and with it the terminal it prints on, goes
       * down (its last line is lost then; its exit status is not). */
      signal(SIGHUP, SIG_IGN);
      execl(runner, runner, "/tests/jobk", job[i].ids, job[i].works, (char *)0);
      _exit(127);
    }
    job[i].pid = pid;
    job[i].at = since_start();
    reap(0);
  }
  sigsetmask(0);
  for (;;) {
    int left = 0;
    for (int i = 0; i < njobs; i++) left += !job[i].done;
    if (left == 0) break;
    if (reap(1) == 0 && errno == ECHILD) break;
  }
  if (!selftest) return 0;
  for (int i = 0; i < njobs; i++)
    CHECK(job[i].done && job[i].status == 0 && job[i].end >= job[i].at, "job %ld: status %ld, arrived %ld, ended %ld",
          job[i].id, job[i].status, job[i].at, job[i].end);
  CHECK(job[2].at >= 500 && job[2].at < 700, "the last job arrived at %ld ms (500 asked)", job[2].at);
  return DONE("loadgen");
}
