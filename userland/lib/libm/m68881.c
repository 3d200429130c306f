/* The functions the MC68881 computes in one instruction, as SunOS's libm
 * for -f68881 used it: each is the instruction on the argument (in
 * extended precision), rounded to double, with errno from what the chip
 * raised: matherr and errno (except.c). */
#include <math.h>
#include "fpsr.h"

#define UNARY(name, insn) \
  double name(double x) { MATH_CALL(FOP(insn, x), #name, x); }

UNARY(sqrt, "fsqrt")
UNARY(sin, "fsin")
UNARY(cos, "fcos")
UNARY(tan, "ftan")
UNARY(asin, "fasin")
UNARY(acos, "facos")
UNARY(atan, "fatan")
UNARY(sinh, "fsinh")
UNARY(cosh, "fcosh")
UNARY(tanh, "ftanh")
UNARY(atanh, "fatanh")
UNARY(exp, "fetox")
UNARY(expm1, "fetoxm1")
UNARY(exp2, "ftwotox")
UNARY(exp10, "ftentox")
UNARY(log, "flogn")
UNARY(log1p, "flognp1")
UNARY(log10, "flog10")
UNARY(log2, "flog2")
UNARY(significand, "fgetman")

double fabs(double x) { return (double)FOP("fabs", x); }

/* rint: to an integer in FPCR's rounding mode; aint: toward zero. */
double rint(double x) { return (double)FOP("fint", x); }
double aint(double x) { return (double)FOP("fintrz", x); }

void sincos(double x, double *s, double *c) {
  unsigned long saved = fp_begin();
  long double ts, tc;
  __asm__ volatile("fsincos.x %2,%1:%0" : "=f"(ts), "=f"(tc) : "f"(x) : "memory");
  volatile double rs = (double)ts, rc = (double)tc;
  unsigned long aexc = fp_end(saved);
  *s = __math_err(rs, aexc, "sincos", x);
  *c = rc;
}

/* logb: the unbiased exponent; of 0 it is -infinity (a pole: ERANGE). */
double logb(double x) {
  if (x == 0) return __math_exception(SING, "logb", x, x, -HUGE_VAL);
  if (x != x) return x;
  if (x - x != 0) return HUGE_VAL; /* infinity */
  return (double)FOP("fgetexp", x);
}

static double binary(const char *which, double x, double y) {
  unsigned long saved = fp_begin();
  long double t = x;
  if (which[0] == 'f') __asm__ volatile("fmod.x %2,%0" : "=f"(t) : "0"(t), "f"(y) : "memory");
  else __asm__ volatile("frem.x %2,%0" : "=f"(t) : "0"(t), "f"(y) : "memory");
  volatile double r = (double)t;
  return __math_err2(r, fp_end(saved), which, x, y);
}

/* fmod: x - n*y, n = x/y truncated, exactly (FMOD); the sign of x. */
double fmod(double x, double y) { return binary("fmod", x, y); }

/* remainder (IEEE), drem (4.3BSD's name): n rounded to nearest even (FREM). */
double remainder(double x, double y) { return binary("remainder", x, y); }
double drem(double x, double y) { return binary("drem", x, y); }
