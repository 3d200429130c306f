/* fptest - the MC68881 as a program sees it through the kernel and libc:
 * IEEE special values, FPCR's rounding modes and precisions, exceptions
 * enabled in FPCR arriving as SIGFPE with SunOS's codes, a signal handler
 * that uses floating point without disturbing the code it interrupted,
 * the floating-point state in a core file, and errno from libm.
 *
 * "fptest nofpu" (for a machine started with --no-fpu) checks that an FPU
 * instruction gives SIGEMT with EMT_EMU1111. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

/* FPCR: exception enables (high byte), rounding precision and mode */
#define EN_BSUN 0x8000
#define EN_SNAN 0x4000
#define EN_OPERR 0x2000
#define EN_OVFL 0x1000
#define EN_UNFL 0x0800
#define EN_DZ 0x0400
#define EN_INEX2 0x0200
#define RND_ZERO 0x10
#define RND_MINUS 0x20
#define RND_PLUS 0x30
#define PREC_DOUBLE 0x80

static unsigned long get_fpcr(void) {
  unsigned long c;
  __asm__ volatile("fmove.l %%fpcr,%0" : "=d"(c)::"memory");
  return c;
}

static void set_fpcr(unsigned long c) { __asm__ volatile("fmove.l %0,%%fpcr" ::"d"(c) : "memory"); }

static uint64_t bits(double d) {
  union {
    double d;
    uint64_t u;
  } b;
  b.d = d;
  return b.u;
}

static volatile double zero = 0.0, one = 1.0, three = 3.0, big = 1.7976931348623157e308, tiny = 4.9406564584124654e-324;

__attribute__((noinline)) static void specials(void) {
  volatile double inf = one / zero, ninf = -one / zero, nan = zero / zero;
  CHECK(bits(inf) == 0x7ff0000000000000ull && bits(ninf) == 0xfff0000000000000ull, "1/0 = +inf, -1/0 = -inf");
  CHECK(nan != nan && isnan(nan), "0/0 is a NaN, unequal to itself");
  volatile double d = inf - inf;
  CHECK(isnan(d), "inf - inf is a NaN");
  d = big * 2;
  CHECK(isinf(d), "DBL_MAX * 2 stored as a double is inf");
  d = tiny / 2; /* a tie between 0 and the smallest denormal: to even, 0 */
  CHECK(bits(d) == 0, "the smallest denormal / 2 rounds to 0 (to even)");
  d = tiny * 3 / 2;
  CHECK(bits(d) == 2, "3 * 2^-1074 / 2 rounds to 2 * 2^-1074 (to even)");
  volatile double nz = -zero;
  CHECK(bits(nz) == 0x8000000000000000ull && one / nz < 0, "-0 has its sign: 1/-0 is -inf");
  CHECK(zero == nz, "+0 == -0");
  d = 0.1 + 0.2;
  CHECK(bits(d) == 0x3fd3333333333334ull, "0.1 + 0.2 = 0x3fd3333333333334");
  long double e = 1e4000L;
  CHECK(e > 1e308L * 1e308L && !isinf((double)(e / 1e3999L)), "extended precision's range: 1e4000L");
}

__attribute__((noinline)) static void modes(void) {
  static const struct {
    unsigned long mode;
    uint64_t third, mthird;
    const char *p;
  } m[] = {
      {0, 0x3fd5555555555555ull, 0xbfd5555555555555ull, "0.667"},
      {RND_ZERO, 0x3fd5555555555555ull, 0xbfd5555555555555ull, "0.666"},
      {RND_MINUS, 0x3fd5555555555555ull, 0xbfd5555555555556ull, "0.666"},
      {RND_PLUS, 0x3fd5555555555556ull, 0xbfd5555555555555ull, "0.667"},
  };
  for (int i = 0; i < 4; i++) {
    char buf[32];
    set_fpcr(m[i].mode);
    volatile double t = one / three, mt = -one / three;
    double r = rint(2.5);
    snprintf(buf, sizeof buf, "%.3f", 2.0 / 3);
    set_fpcr(0);
    CHECK(bits(t) == m[i].third && bits(mt) == m[i].mthird, "mode %d: 1/3 = %08lx%08lx, -1/3 = %08lx%08lx", i,
          (unsigned long)(bits(t) >> 32), (unsigned long)bits(t), (unsigned long)(bits(mt) >> 32),
          (unsigned long)bits(mt));
    CHECK(r == (i == 3 ? 3.0 : 2.0), "mode %d: rint(2.5) = %g", i, r);
    CHECK(strcmp(buf, m[i].p) == 0, "mode %d: printf %%.3f of 2/3 = %s", i, buf);
  }
  /* rounding precision: double, in the register itself */
  volatile long double x = 1, y = 0x1p-60L;
  set_fpcr(PREC_DOUBLE);
  volatile long double s = x + y;
  set_fpcr(0);
  volatile long double s2 = x + y;
  CHECK(s == 1 && s2 > 1, "FPCR double precision: 1 + 2^-60 is 1; in extended it is not");
}

static sigjmp_buf env;
static volatile int got_code, got_sig;

static void on_fpe(int sig, int code, struct sigcontext *scp) {
  (void)scp;
  got_sig = sig;
  got_code = code;
  set_fpcr(0); /* the handler's own FPCR: no more traps; longjmp keeps it */
  siglongjmp(env, 1);
}

/* Run op with FPCR = enable; the code of the SIGFPE it took (0 if none). */
static int trap_code(unsigned long enable, void (*op)(void)) {
  got_code = 0;
  got_sig = 0;
  if (sigsetjmp(env, 1) == 0) {
    set_fpcr(enable);
    op();
    __asm__ volatile("fnop" ::: "memory"); /* the next FPU instruction reports it */
    set_fpcr(0);
  }
  return got_sig == SIGFPE ? got_code : 0;
}

static volatile long double lz = 0, lone = 1, lhuge = 1e4000L, lsmall = 1e-4000L;
static volatile long double sink;
static void op_dz(void) { sink = lone / lz; }
static void op_operr(void) { sink = lz / lz; }
static void op_ovfl(void) { sink = lhuge * lhuge; }
static void op_unfl(void) { sink = lsmall * lsmall; }
static void op_inex(void) { sink = lone / 3; }
static void op_snan(void) {
  static const uint32_t snan[3] = {0x7fff0000, 0x20000000, 0}; /* quiet bit clear */
  __asm__ volatile("fmove.x %0,%%fp0\n\tfadd.x %%fp0,%%fp0" ::"m"(snan) : "fp0", "memory");
}
static void op_bsun(void) {
  __asm__ volatile("fmove.x %0,%%fp0\n\tfcmp.x %%fp0,%%fp0\n\tfblt 1f\n1:" ::"m"(sink) : "fp0", "memory");
}

__attribute__((noinline)) static void traps(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = (void (*)(int))on_fpe;
  sigaction(SIGFPE, &sa, NULL);
  CHECK(trap_code(EN_DZ, op_dz) == FPE_FLTDIV_TRAP, "1/0 with DZ enabled: SIGFPE FPE_FLTDIV_TRAP (0x%x)", got_code);
  CHECK(trap_code(EN_OPERR, op_operr) == FPE_FLTOPERR_TRAP, "0/0 with OPERR enabled: FPE_FLTOPERR_TRAP (0x%x)",
        got_code);
  CHECK(trap_code(EN_OVFL, op_ovfl) == FPE_FLTOVF_TRAP, "overflow with OVFL enabled: FPE_FLTOVF_TRAP (0x%x)", got_code);
  CHECK(trap_code(EN_UNFL, op_unfl) == FPE_FLTUND_TRAP, "underflow with UNFL enabled: FPE_FLTUND_TRAP (0x%x)",
        got_code);
  CHECK(trap_code(EN_INEX2, op_inex) == FPE_FLTINEX_TRAP, "1/3 with INEX2 enabled: FPE_FLTINEX_TRAP (0x%x)", got_code);
  CHECK(trap_code(EN_SNAN, op_snan) == FPE_FLTNAN_TRAP, "a signalling NaN with SNAN enabled: FPE_FLTNAN_TRAP (0x%x)",
        got_code);
  sink = zero / zero;
  CHECK(trap_code(EN_BSUN, op_bsun) == FPE_FLTBSUN_TRAP, "FBLT on a NaN with BSUN enabled: FPE_FLTBSUN_TRAP (0x%x)",
        got_code);
  CHECK(trap_code(EN_DZ, op_inex) == 0, "1/3 with only DZ enabled: no signal");
  sink = lone / lz; /* nothing enabled: just infinity */
  CHECK(isinf((double)sink), "1/0 with nothing enabled: no signal, infinity");
  signal(SIGFPE, SIG_DFL);
}

/* A handler that changes FPCR and FP7 and does arithmetic, behind the
 * compiler's back (it does not know the handler clobbers them). */
static void on_usr1(int sig) {
  (void)sig;
  __asm__ volatile("fmove.l %0,%%fpcr\n\tfmovecr.x #0,%%fp7\n\tfmul.x %%fp7,%%fp7" ::"d"(RND_PLUS));
  got_sig = sig;
}

__attribute__((noinline)) static void handler_state(void) {
  static const uint32_t third[3] = {0x3ffd0000, 0xaaaaaaaa, 0xaaaaaaab};
  uint32_t after[3];
  unsigned long fpcr_after;
  signal(SIGUSR1, on_usr1);
  got_sig = 0;
  set_fpcr(RND_ZERO | EN_DZ);
  __asm__ volatile("fmove.x %0,%%fp7" ::"m"(third) : "fp7");
  kill(getpid(), SIGUSR1);
  __asm__ volatile("fmove.x %%fp7,%0" : "=m"(after)::"memory");
  fpcr_after = get_fpcr();
  set_fpcr(0);
  CHECK(got_sig == SIGUSR1, "the handler ran");
  CHECK(memcmp(after, third, 12) == 0 && fpcr_after == (RND_ZERO | EN_DZ),
        "after the handler FP7 and FPCR are the interrupted code's (%08lx %08lx%08lx, fpcr %04lx)",
        (unsigned long)after[0], (unsigned long)after[1], (unsigned long)after[2], fpcr_after);
  signal(SIGUSR1, SIG_DFL);
}

static unsigned long be32(const unsigned char *b) {
  return (unsigned long)b[0] << 24 | (unsigned long)b[1] << 16 | (unsigned long)b[2] << 8 | b[3];
}

/* A child dies of an enabled DZ with a known FP state; its core has it. */
__attribute__((noinline)) static void core_state(void) {
  static const uint32_t pi[3] = {0x40000000, 0xc90fdaa2, 0x2168c235};
  struct rlimit rl = {0x7fffffff, 0x7fffffff};
  if (chdir("/tmp") < 0) return;
  unlink("core");
  pid_t pid = fork();
  if (pid == 0) {
    setrlimit(RLIMIT_CORE, &rl);
    __asm__ volatile("fmove.x %0,%%fp3" ::"m"(pi) : "fp3");
    set_fpcr(EN_DZ | RND_MINUS);
    op_dz();
    __asm__ volatile("fnop");
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGFPE && (status & 0200), "the child died of SIGFPE with a core");
  unsigned char h[826];
  int fd = open("core", O_RDONLY);
  int n = fd >= 0 ? (int)read(fd, h, sizeof h) : -1;
  if (fd >= 0) close(fd);
  unlink("core");
  CHECK(n == 826, "read the core's header");
  if (n != 826) return;
  const unsigned char *fps = h + 146; /* struct fp_status */
  CHECK(be32(fps + 108) == 1, "fps_flags = FPS_IDLE (%lu)", be32(fps + 108));
  CHECK(be32(fps + 36) == pi[0] && be32(fps + 40) == pi[1] && be32(fps + 44) == pi[2], "fps_regs[3] is pi");
  CHECK(be32(fps + 96) == (EN_DZ | RND_MINUS), "fps_control = FPCR (%04lx)", be32(fps + 96));
  CHECK((be32(fps + 100) & 0x0400) != 0, "fps_status has DZ in its exception byte (%08lx)", be32(fps + 100));
  CHECK(be32(h + 822) == FPE_FLTDIV_TRAP, "c_ucode = FPE_FLTDIV_TRAP (0x%lx)", be32(h + 822));
}

__attribute__((noinline)) static void libm_errno(void) {
  errno = 0;
  double r = sqrt(-1.0);
  CHECK(isnan(r) && errno == EDOM, "sqrt(-1): NaN, EDOM");
  errno = 0;
  r = log(0.0);
  CHECK(isinf(r) && r < 0 && errno == ERANGE, "log(0): -inf, ERANGE");
  errno = 0;
  r = exp(1000.0);
  CHECK(isinf(r) && errno == ERANGE, "exp(1000): inf, ERANGE");
  errno = 0;
  r = exp(-1000.0);
  CHECK(r == 0 && errno == ERANGE, "exp(-1000): 0, ERANGE");
  errno = 0;
  r = pow(-8.0, 1.0 / 3);
  CHECK(isnan(r) && errno == EDOM, "pow(-8, 1/3): NaN, EDOM");
  errno = 0;
  r = asin(2.0);
  CHECK(isnan(r) && errno == EDOM, "asin(2): NaN, EDOM");
  errno = 0;
  r = sin(1.0) + cos(1.0) + atan2(1.0, 1.0) + pow(2.0, 0.5) + hypot(3.0, 4.0);
  CHECK(errno == 0, "sin, cos, atan2, pow, hypot of ordinary arguments leave errno alone");
}

static void on_emt(int sig, int code, struct sigcontext *scp) {
  (void)scp;
  printf("fptest: signal %d code 0x%x\n", sig, code);
  exit(code == EMT_EMU1111 && sig == SIGEMT ? 0 : 1);
}

/* (Not inlined, so that main's prologue saves no FPU registers: with no
 * 68881 that would be the first F-line instruction, before the handler.) */
__attribute__((noinline)) static int divide(void) {
  volatile double a = 1, b = 3;
  sink = a / b;
  printf("fptest: no signal\n");
  return 1;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "nofpu") == 0) {
    signal(SIGEMT, (void (*)(int))on_emt);
    return divide();
  }
  specials();
  modes();
  traps();
  handler_state();
  core_state();
  libm_errno();
  return DONE("fptest");
}
