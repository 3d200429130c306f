/* Rounding to integers, splitting and scaling, and the IEEE classification
 * and bit-level functions, exact by construction (bits, FINT in a chosen
 * mode, FSCALE). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include "fpsr.h"

union dbits {
  double d;
  uint64_t u;
};

static uint64_t bits(double x) {
  union dbits b;
  b.d = x;
  return b.u;
}

static double from(uint64_t u) {
  union dbits b;
  b.u = u;
  return b.d;
}

/* FINT with FPCR's rounding mode set to mode for the one instruction. */
static double fint_in(double x, unsigned long mode) {
  unsigned long c = fpcr_get();
  fpcr_set((c & ~0x30ul) | (mode << 4));
  long double t = FOP("fint", x);
  fpcr_set(c);
  return (double)t;
}

double floor(double x) { return fint_in(x, 2); }
double ceil(double x) { return fint_in(x, 3); }

/* anint: to nearest, halves away from zero. */
double anint(double x) {
  double a = fabs(x);
  if (a >= 4503599627370496.0 || x != x) return x; /* already an integer, or NaN */
  double r = floor(a + 0.5);
  if (r - a > 0.5) r -= 1; /* a + 0.5 was rounded up */
  return copysign(r, x);
}

int nint(double x) { return (int)anint(x); }
int irint(double x) { return (int)rint(x); }

double modf(double x, double *ip) {
  if (x != x) return *ip = x;
  double i = (double)FOP("fintrz", x);
  *ip = i;
  if (x - x != 0) return copysign(0.0, x); /* infinity: no fraction */
  return copysign(x - i, x);
}

double frexp(double x, int *ep) {
  uint64_t u = bits(x);
  int e = (int)((u >> 52) & 0x7ff);
  *ep = 0;
  if (e == 0x7ff || x == 0) return x;
  if (e == 0) { /* denormal: normalise first */
    u = bits(x * 18014398509481984.0); /* 2^54 */
    e = (int)((u >> 52) & 0x7ff) - 54;
  }
  *ep = e - 1022;
  return from((u & ~(0x7ffull << 52)) | (1022ull << 52));
}

double ldexp(double x, int e) {
  if (x == 0 || x != x || x - x != 0) return x;
  if (e > 20000) e = 20000; /* beyond any double's reach either way */
  if (e < -20000) e = -20000;
  unsigned long saved = fp_begin();
  long double t = x;
  __asm__ volatile("fscale.l %2,%0" : "=f"(t) : "0"(t), "d"((long)e) : "memory");
  volatile double r = (double)t;
  return __math_err2(r, fp_end(saved), "ldexp", x, e);
}

double scalbn(double x, int e) { return ldexp(x, e); }

double scalb(double x, double n) {
  if (x != x || n != n) return x + n;
  if (n - n != 0) { /* infinite n */
    if ((n > 0 && x == 0) || (n < 0 && x - x != 0)) return __math_exception(DOMAIN, "scalb", x, n, NAN);
    return n > 0 ? x * n : x / -n;
  }
  if (rint(n) != n) return __math_exception(DOMAIN, "scalb", x, n, NAN);
  return ldexp(x, n > 30000 ? 30000 : n < -30000 ? -30000 : (int)n);
}

int ilogb(double x) {
  if (x == 0) return -2147483647 - 1;
  if (x != x || x - x != 0) return 2147483647;
  return (int)logb(x);
}

double copysign(double x, double y) { return from((bits(x) & ~(1ull << 63)) | (bits(y) & (1ull << 63))); }

double nextafter(double x, double y) {
  if (x != x || y != y) return x + y;
  if (x == y) return y;
  if (x == 0) return from((bits(y) & (1ull << 63)) | 1); /* the smallest denormal toward y */
  uint64_t u = bits(x);
  if ((x < y) == (x > 0)) u++;
  else u--;
  double r = from(u);
  if (r - r != 0) return __math_exception(OVERFLOW, "nextafter", x, y, r);
  if (((u >> 52) & 0x7ff) == 0) return __math_exception(UNDERFLOW, "nextafter", x, y, r);
  return r;
}

int isnan(double x) { return (bits(x) & ~(1ull << 63)) > 0x7ff0000000000000ull; }
int isinf(double x) { return (bits(x) & ~(1ull << 63)) == 0x7ff0000000000000ull; }
int finite(double x) { return ((bits(x) >> 52) & 0x7ff) != 0x7ff; }
int isnormal(double x) {
  int e = (int)((bits(x) >> 52) & 0x7ff);
  return e != 0 && e != 0x7ff;
}
int issubnormal(double x) { return ((bits(x) >> 52) & 0x7ff) == 0 && x != 0; }
int iszero(double x) { return x == 0; }
int signbit(double x) { return (int)(bits(x) >> 63); }

enum fp_class_type fp_class(double x) {
  uint64_t u = bits(x) & ~(1ull << 63);
  if (u == 0) return fp_zero;
  if (u < 0x0010000000000000ull) return fp_subnormal;
  if (u < 0x7ff0000000000000ull) return fp_normal;
  if (u == 0x7ff0000000000000ull) return fp_infinity;
  return (u & 0x0008000000000000ull) ? fp_quiet : fp_signaling;
}

double infinity(void) { return from(0x7ff0000000000000ull); }
double quiet_nan(long n) { return from(0x7fffffff00000000ull | (uint32_t)n); }
double signaling_nan(long n) { return from(0x7ff0000000000000ull | ((uint32_t)n ? (uint32_t)n : 1)); }
double max_normal(void) { return from(0x7fefffffffffffffull); }
double min_normal(void) { return from(0x0010000000000000ull); }
double max_subnormal(void) { return from(0x000fffffffffffffull); }
double min_subnormal(void) { return from(1); }
