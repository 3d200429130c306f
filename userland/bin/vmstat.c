/* vmstat - report virtual memory statistics (4.3BSD / SunOS 4 style).
 *
 *   vmstat [-s] [interval [count]]
 *
 * Without -s: one line of averages since boot, then, every `interval`
 * seconds (`count` times, or for ever), one line of rates over the interval:
 *
 *  procs     memory               page                 faults       cpu
 *  r b w    avm    fre  re  pi  po  fr  sr  zf   in   sy   cs  us sy id
 *
 * r b w: processes runnable, blocked, runnable but swapped out; avm and
 * fre: active virtual memory and free memory in KB; re pi po fr sr zf:
 * reclaims, pages in, pages out, pages freed by the daemon, frames scanned
 * by its clock, zero-filled pages, per second; in sy cs: interrupts,
 * system calls and context switches per second; us sy id: CPU time shares.
 * -s prints the totals since boot, one to a line.
 *
 * The numbers come from sun3lab's vmmeter(225) and statinfo(224) calls,
 * which stand for SunOS's reads of /dev/kmem (docs/vm.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sun3lab.h>
#include <unistd.h>

static void usage(void) {
  fprintf(stderr, "usage: vmstat [-s] [interval [count]]\n");
  exit(2);
}

static void get(struct vmmeter *v, struct statinfo *s) {
  if (vmmeter(v, sizeof *v) < 0 || statinfo(s, sizeof *s) < 0) {
    perror("vmstat");
    exit(1);
  }
}

static void sum(void) {
  struct vmmeter v;
  struct statinfo s;
  get(&v, &s);
  printf("%9ld swap ins\n", v.v_swpin);
  printf("%9ld swap outs\n", v.v_swpout);
  printf("%9ld total address trans. faults taken\n", v.v_faults);
  printf("%9ld page ins\n", v.v_pgin);
  printf("%9ld page outs\n", v.v_pgout);
  printf("%9ld pages paged in\n", v.v_pgpgin);
  printf("%9ld pages paged out\n", v.v_pgpgout);
  printf("%9ld total reclaims\n", v.v_rec);
  printf("%9ld zero fill pages created\n", v.v_zfod);
  printf("%9ld copy-on-write faults\n", v.v_cow);
  printf("%9ld executable fill pages\n", v.v_exfill);
  printf("%9ld pages examined by the clock daemon\n", v.v_scan);
  printf("%9ld revolutions of the clock hand\n", v.v_rev);
  printf("%9ld pages freed by the clock daemon\n", v.v_dfree);
  printf("%9ld cpu context switches\n", v.v_swtch);
  printf("%9ld device interrupts\n", v.v_intr);
  printf("%9ld traps\n", s.si_trap);
  printf("%9ld system calls\n", v.v_syscall);
  printf("%9ld free memory pages (%ldK)\n", v.v_free, v.v_free * (v.v_pagesize / 1024));
  printf("%9ld pages of memory for users\n", v.v_physmem);
  printf("%9ld lotsfree, %ld desfree, %ld minfree pages\n", v.v_lotsfree, v.v_desfree, v.v_minfree);
  printf("%9ld swap pages (%ld reserved, %ld in use)\n", v.v_swap, v.v_swapresv, v.v_swapused);
}

static void header(void) {
  printf(" procs     memory              page                 faults       cpu\n");
  printf(" r b w    avm    fre  re  pi  po  fr  sr  zf   in   sy   cs  us sy id\n");
}

/* One line: rates of the differences between a (then) and b (now) over secs seconds. */
static void line(const struct vmmeter *a, const struct statinfo *sa, const struct vmmeter *b,
                 const struct statinfo *sb, long secs) {
  long k = b->v_pagesize / 1024;
  if (secs < 1) secs = 1;
#define RATE(f) ((b->f - a->f) / secs)
  long t[CPUSTATES], tot = 0;
  for (int i = 0; i < CPUSTATES; i++) {
    t[i] = sb->si_cp_time[i] - sa->si_cp_time[i];
    tot += t[i];
  }
  if (tot == 0) tot = 1;
  printf("%2ld %ld %ld %6ld %6ld %3ld %3ld %3ld %3ld %3ld %3ld %4ld %4ld %4ld %3ld %2ld %2ld\n", b->v_rq, b->v_bq,
         b->v_wq, b->v_avm * k, b->v_free * k, RATE(v_rec), RATE(v_pgpgin), RATE(v_pgpgout), RATE(v_dfree),
         RATE(v_scan), RATE(v_zfod), RATE(v_intr), RATE(v_syscall), RATE(v_swtch),
         (t[CP_USER] + t[CP_NICE]) * 100 / tot, t[CP_SYS] * 100 / tot, t[CP_IDLE] * 100 / tot);
#undef RATE
}

int main(int argc, char **argv) {
  int c;
  int sflag = 0;
  while ((c = getopt(argc, argv, "s")) != -1) {
    if (c == 's') sflag = 1;
    else usage();
  }
  argc -= optind;
  argv += optind;
  if (sflag) {
    if (argc != 0) usage();
    sum();
    return 0;
  }
  long interval = 0, count = -1;
  if (argc > 2) usage();
  if (argc >= 1 && (interval = atol(argv[0])) <= 0) usage();
  if (argc == 2 && (count = atol(argv[1])) <= 0) usage();
  if (argc == 1) count = -1;
  if (argc == 0) count = 1;
  struct vmmeter zero, now, then;
  struct statinfo szero, snow, sthen;
  memset(&zero, 0, sizeof zero);
  memset(&szero, 0, sizeof szero);
  get(&now, &snow);
  header();
  /* The first line: averages since boot. */
  line(&zero, &szero, &now, &snow, snow.si_curtime.tv_sec - snow.si_boottime.tv_sec);
  while (count < 0 || --count > 0) {
    then = now;
    sthen = snow;
    sleep((unsigned)interval);
    get(&now, &snow);
    line(&then, &sthen, &now, &snow, interval);
  }
  return 0;
}
