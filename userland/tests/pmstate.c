/* pmstate - the checklist of a migrating process's state (docs/migration.md,
 * "What moves with the process"): set everything a process has, migrate
 * along the hosts given, and check from the inside, after each move, that
 * all of it came along.
 *
 *   pmstate DIR HOST ...    DIR: a directory on the NFS-shared /home
 *
 * Checked: the current directory, umask, nice, resource limits, signal
 * handlers (with their masks and flags), the signal mask and a blocked
 * signal still pending, the real timer's time left (within a clock tick of
 * what the time of day says), the virtual and profiling timers, the signal
 * stack, the process group, close-on-exec flags, O_NDELAY and O_APPEND,
 * and usage that goes on from where it was. Every line goes to the
 * console of the machine it is on. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sun3lab.h>

#include "check.h"

static volatile int usr1, usr2, alrm, vtalrm;
static void on_usr1(int sig) { usr1 += sig == SIGUSR1; }
static void on_usr2(int sig) { usr2 += sig == SIGUSR2; }
static void on_alrm(int sig) { alrm += sig == SIGALRM; }
static void on_vt(int sig) { vtalrm += sig == SIGVTALRM; }
static void on_hup(int sig) { (void)sig; }
static char altstack[4096];

static long tv_ms(struct timeval t) { return t.tv_sec * 1000L + t.tv_usec / 1000; }

static unsigned work(unsigned x, int n) {
  for (int i = 0; i < n; i++) x = x * 1103515245u + 12345u;
  return x;
}

int main(int argc, char **argv) {
  char here[64], cwd[256];
  if (argc == 3 && strcmp(argv[1], "-s") == 0) {
    /* One select with a timeout, for a migration to take it out of its sleep: made again on the
     * destination, it waits out only what was left. */
    long ms = atol(argv[2]);
    struct timeval tv = {ms / 1000, (ms % 1000) * 1000}, t0, t1;
    gettimeofday(&t0, NULL);
    int r = select(0, NULL, NULL, NULL, &tv);
    gettimeofday(&t1, NULL);
    long took = tv_ms(t1) - tv_ms(t0);
    gethostname(here, sizeof(here));
    CHECK(r == 0 && took >= ms - 20 && took <= ms + 30, "a select of %ld ms took %ld ms, ending on %s (%d, errno %d)", ms, took, here, r, r < 0 ? errno : 0);
    return DONE("pmstate");
  }
  if (argc == 2 && strcmp(argv[1], "-p") == 0) {
    /* Asleep in sigpause with SIGUSR1 let through, for a migration to take it out of its sleep:
     * made again on the destination, it waits there for the signal and restores the mask. */
    signal(SIGUSR1, on_usr1);
    int before = sigmask(SIGUSR1) | sigmask(SIGUSR2);
    sigblock(before);
    errno = 0;
    int r = sigpause(sigmask(SIGUSR2));
    int e = errno, after = sigblock(0);
    gethostname(here, sizeof(here));
    CHECK(r == -1 && e == EINTR && usr1 == 1 && after == before,
          "sigpause, made again here on %s, returned for SIGUSR1 with the mask from before it (%d, errno %d, mask %x)",
          here, r, e, after);
    return DONE("pmstate");
  }
  if (argc < 3) {
    /* Alone (no pool, no host): the state stays, and migrate says why not. */
    umask(023);
    errno = 0;
    int r = migrate("localhost");
    int m = umask(0);
    CHECK(r == -1 && errno != 0 && m == 023, "alone, migrate fails (errno %d) and the state stays", errno);
    return DONE("pmstate");
  }
  struct stat dirst, st;
  CHECK(chdir(argv[1]) == 0 && stat(".", &dirst) == 0, "chdir(%s)", argv[1]);
  umask(023);
  CHECK(setpriority(PRIO_PROCESS, 0, 7) == 0, "nice 7");
  struct rlimit core = {12345, 67890}, fsize = {1 << 20, 1 << 21};
  CHECK(setrlimit(RLIMIT_CORE, &core) == 0 && setrlimit(RLIMIT_FSIZE, &fsize) == 0, "limits set");
  struct sigvec sv = {on_usr2, sigmask(SIGINT) | sigmask(SIGQUIT), SV_ONSTACK};
  sigvec(SIGUSR2, &sv, NULL);
  struct sigvec hv = {on_hup, sigmask(SIGTERM), SV_INTERRUPT | SV_RESETHAND};
  sigvec(SIGHUP, &hv, NULL);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGALRM, on_alrm);
  signal(SIGVTALRM, on_vt);
  struct sigstack ss = {altstack + sizeof(altstack), 0};
  sigstack(&ss, NULL);
  sigblock(sigmask(SIGUSR2) | sigmask(SIGTSTP));
  kill(getpid(), SIGUSR2); /* pending, blocked */
  CHECK(setpgrp(0, getpid()) == 0, "a process group of its own");
  struct itimerval real = {{0, 0}, {300, 0}}, virt = {{0, 500000}, {50, 0}}, prof = {{0, 0}, {40, 0}};
  setitimer(ITIMER_REAL, &real, NULL);
  setitimer(ITIMER_VIRTUAL, &virt, NULL);
  setitimer(ITIMER_PROF, &prof, NULL);
  int fa = open("state.log", O_WRONLY | O_CREAT | O_APPEND, 0644);
  int fn = open("/dev/null", O_WRONLY);
  fcntl(fn, F_SETFL, O_NDELAY);
  fcntl(fa, F_SETFD, 1);
  struct timeval t0;
  gettimeofday(&t0, NULL);
  unsigned acc = work(7, 20000);

  for (int hop = 2; hop < argc; hop++) {
    struct rusage before, after;
    struct itimerval vb, pb;
    getrusage(RUSAGE_SELF, &before);
    getitimer(ITIMER_VIRTUAL, &vb);
    getitimer(ITIMER_PROF, &pb);
    int r = migrate(argv[hop]);
    gethostname(here, sizeof(here));
    CHECK(r == 0 && strcmp(here, argv[hop]) == 0, "migrate(%s) returned 0; running on %s", argv[hop], here);
    getrusage(RUSAGE_SELF, &after);

    CHECK(stat(".", &st) == 0 && st.st_ino == dirst.st_ino &&
              getcwd(cwd, sizeof(cwd)) != NULL && strcmp(cwd, argv[1]) == 0,
          "current directory: %s (inode %ld)", cwd, (long)st.st_ino);
    int m = umask(0);
    umask(m);
    CHECK(m == 023, "umask 023 (%03o)", m);
    errno = 0;
    CHECK(getpriority(PRIO_PROCESS, 0) == 7 && errno == 0, "nice 7");
    struct rlimit c, n;
    getrlimit(RLIMIT_CORE, &c);
    getrlimit(RLIMIT_FSIZE, &n);
    CHECK(c.rlim_cur == 12345 && c.rlim_max == 67890 && n.rlim_cur == 1 << 20 && n.rlim_max == 1 << 21,
          "resource limits (core %ld/%ld, fsize %ld/%ld)", (long)c.rlim_cur, (long)c.rlim_max, (long)n.rlim_cur,
          (long)n.rlim_max);
    struct sigvec o, h;
    sigvec(SIGUSR2, NULL, &o);
    sigvec(SIGHUP, NULL, &h);
    CHECK(o.sv_handler == on_usr2 && o.sv_mask == (sigmask(SIGINT) | sigmask(SIGQUIT)) && (o.sv_flags & SV_ONSTACK),
          "SIGUSR2's handler, mask and SV_ONSTACK");
    CHECK(h.sv_handler == on_hup && h.sv_mask == sigmask(SIGTERM) && (h.sv_flags & SV_INTERRUPT) &&
              (h.sv_flags & SV_RESETHAND),
          "SIGHUP's handler with SV_INTERRUPT and SV_RESETHAND");
    struct sigvec ig;
    sigvec(SIGPIPE, NULL, &ig);
    CHECK(ig.sv_handler == SIG_IGN, "SIGPIPE ignored");
    int mask = sigblock(0);
    sigset_t pend;
    sigpending(&pend);
    CHECK(mask == (sigmask(SIGUSR2) | sigmask(SIGTSTP)) && (pend & sigmask(SIGUSR2)) && usr2 == 0,
          "mask (%x) and SIGUSR2 pending, not yet delivered", mask);
    struct itimerval rv, v, pr;
    struct timeval now;
    gettimeofday(&now, NULL);
    getitimer(ITIMER_REAL, &rv);
    long left = tv_ms(rv.it_value), should = 300000 - (tv_ms(now) - tv_ms(t0));
    CHECK(left - should <= 10 && should - left <= 10, "real timer: %ld ms left, the clock says %ld (one tick: 10)", left, should);
    getitimer(ITIMER_VIRTUAL, &v);
    getitimer(ITIMER_PROF, &pr);
    CHECK(v.it_interval.tv_usec == 500000 && tv_ms(v.it_value) <= tv_ms(vb.it_value) &&
              tv_ms(v.it_value) >= tv_ms(vb.it_value) - 30,
          "virtual timer went on: %ld ms left (%ld before), interval 0.5 s", tv_ms(v.it_value), tv_ms(vb.it_value));
    CHECK(tv_ms(pr.it_value) <= tv_ms(pb.it_value) && tv_ms(pr.it_value) >= tv_ms(pb.it_value) - 200,
          "profiling timer went on: %ld ms left (%ld before)", tv_ms(pr.it_value), tv_ms(pb.it_value));
    struct sigstack os;
    sigstack(NULL, &os);
    CHECK(os.ss_sp == altstack + sizeof(altstack) && os.ss_onstack == 0, "the signal stack");
    CHECK(getpgrp() == getpid(), "process group %d", getpgrp());
    CHECK(fcntl(fa, F_GETFD) == 1 && fcntl(fn, F_GETFD) == 0, "close-on-exec flags");
    CHECK((fcntl(fa, F_GETFL) & O_APPEND) && (fcntl(fn, F_GETFL) & O_NDELAY), "O_APPEND and O_NDELAY");
    long ub = tv_ms(before.ru_utime), ua = tv_ms(after.ru_utime);
    CHECK(ua >= ub && ua <= ub + 50 && after.ru_minflt >= before.ru_minflt && after.ru_nvcsw >= before.ru_nvcsw,
          "usage goes on: user %ld ms (was %ld), minflt %ld (was %ld)", ua, ub, after.ru_minflt, before.ru_minflt);
    char line[64];
    sprintf(line, "on %s\n", here);
    write(fa, line, strlen(line));
    acc = work(acc, 20000);
  }
  /* The pending signal, let through at last, is caught on its stack. */
  sigsetmask(0);
  CHECK(usr2 == 1, "SIGUSR2, unblocked, caught once");
  CHECK(acc == work(work(7, 20000), 20000 * (argc - 2)), "the computation went on where it was");
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_VIRTUAL, &off, NULL);
  setitimer(ITIMER_PROF, &off, NULL);
  alarm(0);
  close(fa);
  return DONE("pmstate");
}
