/* Random instruction streams in user mode: COUNT streams from SEED. For
 * each, a child fills a page with random 16-bit words (512 of them,
 * repeated to the end of the page), gives the registers random values (the
 * address registers point into a page of scratch data, the stack pointer
 * into a page of zeros, where a stray `trap #0` finds the indirect call to
 * nothing) and jumps into the page.
 * One stream in two is biased: a third of its words come from the
 * instructions a user may not or cannot execute (privileged ones, trap
 * #n, TRAPcc, CHK, CHK2, CAS2, divisions, bit fields, CALLM, BKPT, line A,
 * line F, MOVEC, MOVES, MOVE to SR, RTE, STOP, RESET) with random low
 * bits. The child has a handler for every signal, on a signal stack of its
 * own, that exits with 100 + the signal number.
 *
 * Every stream must end with the Unix answer: a signal (SIGILL, SIGSEGV,
 * SIGBUS, SIGFPE, SIGTRAP, SIGEMT, or whatever a random system call
 * brought on), an exit (a random exit call), or, for a stream that loops
 * or stops itself, SIGKILL after 100 ms of emulated time; never a panic,
 * never a host exception (the test around it checks those), and the
 * machine gives as many processes and as much memory afterwards. A
 * stream's words depend only on (SEED, stream), so one stream can be run
 * again by itself (FIRST, COUNT 1); -v prints each stream's outcome, where
 * it started and its first words.
 *
 *   insfuzz [-v] [SEED [COUNT [FIRST]]]     (default: seed 1, 200 streams)
 *
 * The children run as uid 4242 when the credential calls exist, as root
 * otherwise. See docs/reliability.md. */
#include "fuzz.h"

#define STREAM_MS 100
#define DIE_MS 3000
#define NWORDS 4096 /* a page */
#define NRANDOM 512 /* random words at its start, repeated to its end */

static unsigned short code[NWORDS] __attribute__((aligned(8192)));
static long scratch[2048] __attribute__((aligned(8192)));
static long stack0[2048] __attribute__((aligned(8192)));
static char sigstk[8192] __attribute__((aligned(8192)));
/* d0-d7, a0-a6, sp, the target, the condition codes */
static long regs[18];

/* Instructions a user program may not or cannot run, as (opcode, random bits). */
static const unsigned short special[][2] = {
    {0x4e40, 0x000f}, /* trap #n */
    {0x4e70, 0x0007}, /* reset, nop, stop, rte, rtd, rts, trapv, rtr */
    {0x4e7a, 0x0001}, /* movec */
    {0x0e00, 0x00ff}, /* moves */
    {0x46c0, 0x003f}, /* move to sr */
    {0x40c0, 0x003f}, /* move from sr */
    {0x44c0, 0x003f}, /* move to ccr */
    {0x4e60, 0x000f}, /* move usp */
    {0x007c, 0x0000}, /* ori to sr */
    {0x027c, 0x0000}, /* andi to sr */
    {0x0a7c, 0x0000}, /* eori to sr */
    {0x4afc, 0x0000}, /* illegal */
    {0x4848, 0x0007}, /* bkpt */
    {0xa000, 0x0fff}, /* line A */
    {0xf000, 0x0fff}, /* line F: coprocessor, cpSAVE, cpRESTORE */
    {0x50f8, 0x0f07}, /* trapcc */
    {0x4180, 0x0e3f}, /* chk */
    {0x00c0, 0x063f}, /* chk2, cmp2 */
    {0x0cfc, 0x0200}, /* cas2 */
    {0x80c0, 0x0f3f}, /* divu, divs */
    {0x4c40, 0x003f}, /* divu.l, divs.l, mulu.l */
    {0xe8c0, 0x073f}, /* bit fields */
    {0x06c0, 0x003f}, /* callm, rtm */
    {0x8140, 0x0e0f}, /* pack, unpk */
    {0x4808, 0x0007}, /* link.l */
};

/* The words of stream k, and where it starts (an offset in bytes). */
static unsigned make_stream(const struct fz_args *fa, unsigned k) {
  fz_case(fa->seed, k);
  int biased = fz_below(2);
  for (int i = 0; i < NRANDOM; i++) {
    unsigned w = fz_rand() >> 8;
    if (biased && fz_below(3) == 0) {
      unsigned j = fz_below(sizeof(special) / sizeof(special[0]));
      w = special[j][0] | (w & special[j][1]);
    }
    code[i] = (unsigned short)w;
  }
  for (int i = NRANDOM; i < NWORDS; i++) code[i] = code[i % NRANDOM]; /* the few that get this far see more of the same */
  for (int i = 0; i < 8; i++) regs[i] = fz_below(2) ? (long)fz_below(64) : (long)fz_rand();
  for (int i = 8; i < 14; i++) regs[i] = (long)scratch + (long)fz_below(8192);
  regs[14] = (long)scratch + 4096;
  regs[15] = (long)stack0 + 4096;
  regs[17] = fz_below(32);
  unsigned start = 2 * fz_below(16);
  if (fz_below(64) == 0) start++; /* an odd address: an address error */
  regs[16] = (long)code + start;
  return start;
}

static void on_signal(int sig) { _exit(100 + sig); }

/* Load the registers and jump: the target goes on the new stack, rts takes it. */
static void __attribute__((noreturn)) run_stream(void) {
  __asm__ volatile(
      "move.l %0,%%a6\n\t"
      "move.l 60(%%a6),%%sp\n\t"
      "move.l 64(%%a6),-(%%sp)\n\t"
      "move.w 70(%%a6),%%ccr\n\t"
      "movem.l (%%a6),%%d0-%%d7/%%a0-%%a6\n\t"
      "rts"
      :
      : "a"(regs)
      : "memory");
  __builtin_unreachable();
}

static void child(const struct fz_args *fa, unsigned k, int drop) {
  setpgrp(0, getpid()); /* a group of its own, for what it may fork */
  fz_drop_root(drop);
  struct sigstack ss = {sigstk + sizeof(sigstk) - 16, 0};
  sigstack(&ss, NULL);
  struct sigvec sv = {on_signal, 0, SV_ONSTACK};
  for (int sig = 1; sig < NSIG; sig++)
    if (sig != SIGKILL && sig != SIGSTOP) sigvec(sig, &sv, NULL);
  make_stream(fa, k);
  memset(stack0, 0, sizeof(stack0));
  run_stream();
}

static struct {
  unsigned done, caught[NSIG], killed[NSIG], exited, looped, unkillable, forkfail;
} tally;

int main(int argc, char **argv) {
  struct fz_args fa;
  fz_parse(argc, argv, &fa, 200);
  printf("insfuzz: seed %u, %u streams from %u\n", fa.seed, fa.count, fa.first);
  int drop = fz_can_drop_root();
  printf("insfuzz: streams run as %s\n", drop ? "uid 4242" : getuid() == 0 ? "root" : "this user");
  fflush(stdout);
  struct fz_capacity before;
  fz_measure(&before);
  unsigned end = fa.first + fa.count;
  for (unsigned k = fa.first; k < end; k++) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) child(&fa, k, drop);
    if (pid < 0) {
      fz_kill(0, DIE_MS);
      if (++tally.forkfail > 20) break;
      k--;
      continue;
    }
    int st = fz_reap(pid, STREAM_MS);
    int looped = st == -1;
    if (looped) st = fz_kill(pid, DIE_MS);
    else if (getpid() == 1)
      fz_kill(0, DIE_MS); /* whatever it left behind */
    tally.done++;
    if (st == -1)
      tally.unkillable++;
    else if (looped)
      tally.looped++;
    else if (WIFEXITED(st) && WEXITSTATUS(st) > 100 && WEXITSTATUS(st) < 100 + NSIG)
      tally.caught[WEXITSTATUS(st) - 100]++;
    else if (WIFSIGNALED(st))
      tally.killed[WTERMSIG(st)]++;
    else
      tally.exited++;
    if (fa.verbose || st == -1) {
      unsigned start = make_stream(&fa, k);
      int caught = st != -1 && WIFEXITED(st) && WEXITSTATUS(st) > 100 && WEXITSTATUS(st) < 100 + NSIG;
      printf("%u: %s%s%s; from +%u:", k, looped ? "looped, killed: " : "", caught ? "caught SIG" : "",
             caught ? sys_signame[WEXITSTATUS(st) - 100] : fz_status(st), start);
      for (unsigned i = start / 2; i < start / 2 + 8; i++) printf(" %04x", code[i]);
      printf("\n");
    }
  }
  fz_kill(0, DIE_MS);
  printf("insfuzz: seed %u, streams %u-%u: %u done; caught", fa.seed, fa.first, end - 1, tally.done);
  for (int s = 1; s < NSIG; s++)
    if (tally.caught[s]) printf(" %s:%u", sys_signame[s], tally.caught[s]);
  printf("; killed by");
  for (int s = 1; s < NSIG; s++)
    if (tally.killed[s]) printf(" %s:%u", sys_signame[s], tally.killed[s]);
  printf("; %u exited, %u looped\n", tally.exited, tally.looped);
  CHECK(tally.done == fa.count, "all %u streams ran (%u)", fa.count, tally.done);
  CHECK(tally.unkillable == 0, "every stream ended or died of SIGKILL (%u did not)", tally.unkillable);
  CHECK(tally.forkfail <= 20, "the children could be started (%u forks failed)", tally.forkfail);
  unsigned faults = tally.caught[SIGILL] + tally.caught[SIGSEGV] + tally.caught[SIGBUS] + tally.caught[SIGEMT] +
                    tally.caught[SIGFPE] + tally.caught[SIGTRAP];
  CHECK(fa.count < 50 || faults > fa.count / 2, "most streams end in a fault signal the handler caught (%u)", faults);
  fz_same_capacity("insfuzz", &before);
  return DONE("insfuzz");
}
