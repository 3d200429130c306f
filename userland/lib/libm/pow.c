/* The functions the 68881 has no instruction for, written in extended
 * precision on its instructions, with C's special cases (IEEE 754 and
 * C99 Annex F) handled first and explicitly. */
#include <errno.h>
#include <math.h>
#include "fpsr.h"

typedef long double ext;

static ext pi_ext(void) {
  ext p;
  __asm__("fmovecr.x #0,%0" : "=f"(p)); /* the ROM's pi, to 64 bits */
  return p;
}

/* r rounded to double; an OVERFLOW or UNDERFLOW exception of name if that
 * overflowed or underflowed to zero. */
static double range(ext r, const char *name, double x, double y) {
  volatile double d = (double)r;
  if (d - d != 0) return __math_exception(OVERFLOW, name, x, y, d);
  if (d == 0 && r != 0) return __math_exception(UNDERFLOW, name, x, y, d);
  return d;
}

static int is_integer(double y) { return aint(y) == y; }

/* Is y an odd integer? (Beyond 2^53 every double is even.) */
static int is_odd(double y) { return fabs(y) < 9007199254740992.0 && is_integer(y) && fmod(y, 2.0) != 0; }

/* 2^(y * log2 a) for a > 0, finite: the integer part of the exponent
 * apart (FSCALE), so that its rounding costs nothing. */
static ext exp2log(double a, double y) {
  int e;
  double m = frexp(a, &e); /* a = m * 2^e, m in [1/2, 1) */
  if (m < 0.70710678118654752440) {
    m *= 2;
    e--;
  }
  ext hi = (ext)y * e; /* exact: 53 + 11 bits */
  ext lo = (ext)y * FOP("flog2", (ext)m);
  ext n = FOP("fint", hi + lo);
  ext f = (hi - n) + lo;
  ext r = FOP("ftwotox", f);
  if (n > 40000) n = 40000;
  if (n < -40000) n = -40000;
  __asm__("fscale.x %2,%0" : "=f"(r) : "0"(r), "f"(n));
  return r;
}

double pow(double x, double y) {
  if (y == 0 || x == 1) return 1.0;
  if (x != x || y != y) return x + y;
  double ax = fabs(x);
  if (y - y != 0) { /* y infinite */
    if (ax == 1) return 1.0;
    return (ax > 1) == (y > 0) ? HUGE_VAL : 0.0;
  }
  int odd = is_odd(y);
  if (x == 0) {
    if (y > 0) return odd ? x : 0.0;
    /* C89: zero to a power <= 0 is a domain error */
    return __math_exception(DOMAIN, "pow", x, y, odd ? copysign(HUGE_VAL, x) : HUGE_VAL);
  }
  if (x - x != 0) { /* x infinite */
    if (x > 0) return y > 0 ? HUGE_VAL : 0.0;
    if (y > 0) return odd ? -HUGE_VAL : HUGE_VAL;
    return odd ? -0.0 : 0.0;
  }
  if (x < 0 && !is_integer(y)) return __math_exception(DOMAIN, "pow", x, y, NAN);
  ext r;
  double ay = fabs(y);
  if (ay <= 1024 && is_integer(y)) { /* small integer powers by squaring, in extended */
    unsigned n = (unsigned)ay;
    ext b = ax;
    r = 1;
    for (; n != 0; n >>= 1, b *= b)
      if (n & 1) r *= b;
    if (y < 0) r = 1 / r;
  } else r = exp2log(ax, y);
  if (x < 0 && odd) r = -r;
  return range(r, "pow", x, y);
}

double atan2(double y, double x) {
  if (x != x || y != y) return x + y;
  ext pi = pi_ext();
  double s = copysign(1.0, y);
  if (y == 0) {
    if (signbit(x)) return (double)(s * pi); /* x < 0 or x = -0 */
    return y;
  }
  if (x == 0) return (double)(s * pi / 2);
  if (x - x != 0) { /* x infinite */
    if (y - y != 0) return (double)(s * (x > 0 ? pi / 4 : 3 * pi / 4));
    return x > 0 ? copysign(0.0, y) : (double)(s * pi);
  }
  if (y - y != 0) return (double)(s * pi / 2);
  ext ay = fabs(y), ax = fabs(x), a;
  /* the quotient below 1, where FATAN is best; the exponent range of
   * extended keeps it from overflowing or underflowing */
  if (ay <= ax) a = FOP("fatan", ay / ax);
  else a = pi / 2 - FOP("fatan", ax / ay);
  if (x < 0) a = pi - a;
  return range(s * a, "atan2", y, x);
}

double hypot(double x, double y) {
  if (isinf(x) || isinf(y)) return HUGE_VAL;
  if (x != x || y != y) return x + y;
  ext xx = x, yy = y;
  return range(FOP("fsqrt", xx * xx + yy * yy), "hypot", x, y);
}

double cbrt(double x) {
  if (x == 0 || x != x || x - x != 0) return x;
  ext a = fabs(x);
  ext r = exp2log(a, 1.0 / 3);
  r = r - (r * r * r - a) / (3 * r * r); /* one Newton step in extended */
  return (double)(x < 0 ? -r : r);
}

double asinh(double x) {
  if (x == 0 || x != x || x - x != 0) return x;
  ext a = fabs(x);
  ext r = FOP("flognp1", a + a * a / (1 + FOP("fsqrt", 1 + a * a)));
  return (double)(x < 0 ? -r : r);
}

double acosh(double x) {
  if (x < 1) return __math_exception(DOMAIN, "acosh", x, x, NAN);
  if (x != x || x - x != 0) return x;
  ext d = (ext)x - 1; /* exact: no cancellation near 1 */
  return (double)FOP("flognp1", d + FOP("fsqrt", d * (d + 2)));
}
