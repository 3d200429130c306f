/* The error function and the logarithm of the gamma function, in extended
 * precision: erf by its series of positive terms near zero, erfc by its
 * continued fraction in the tails; lgamma by Stirling's series once the
 * argument has been moved past 15, and the reflection formula below 1/2. */
#include <errno.h>
#include <math.h>
#include "fpsr.h"

typedef long double ext;

int signgam;

static const ext RSQRTPI = 0.564189583547756286948079451560772586L; /* 1/sqrt(pi) */

/* erf(x) for 0 <= x < 3: 2/sqrt(pi) e^-x^2 sum 2^n x^(2n+1) / (1*3*...*(2n+1)). */
static ext erf_series(ext x) {
  ext term = x, sum = x, x2 = x * x;
  for (int n = 1; n < 200; n++) {
    term *= 2 * x2 / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-21L) break;
  }
  return 2 * RSQRTPI * FOP("fetox", -x2) * sum;
}

/* erfc(x) for x >= 3: e^-x^2/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))). */
static ext erfc_fraction(ext x) {
  ext f = x;
  for (int k = 120; k >= 1; k--) f = x + (k / 2.0L) / f;
  return RSQRTPI * FOP("fetox", -x * x) / f;
}

double erf(double x) {
  if (x != x) return x;
  ext a = fabs(x);
  ext r = a < 3 ? erf_series(a) : a > 7 ? 1 : 1 - erfc_fraction(a);
  return (double)(x < 0 ? -r : r);
}

double erfc(double x) {
  if (x != x) return x;
  ext a = fabs(x);
  ext r;
  if (a < 3) r = x < 0 ? 1 + erf_series(a) : 1 - erf_series(a);
  else if (x > 0) r = a > 27.3 ? 0 : erfc_fraction(a);
  else r = 2 - erfc_fraction(a);
  volatile double d = (double)r;
  if (d == 0) return __math_exception(UNDERFLOW, "erfc", x, x, d);
  return d;
}

static ext lgamma_pos(ext x) { /* x >= 1/2 */
  ext p = 1;
  while (x < 15) {
    p *= x;
    x += 1;
  }
  ext z = 1 / (x * x);
  ext series = (1.0L / 12 +
                z * (-1.0L / 360 + z * (1.0L / 1260 + z * (-1.0L / 1680 + z * (1.0L / 1188 + z * (-691.0L / 360360 + z / 156)))))) /
               x;
  return (x - 0.5L) * FOP("flogn", x) - x + 0.918938533204672741780329736405617639L + series - FOP("flogn", p);
}

double lgamma(double x) {
  signgam = 1;
  if (x != x) return x;
  if (x - x != 0) return HUGE_VAL;
  if (x <= 0 && rint(x) == x) return __math_exception(SING, "lgamma", x, x, HUGE_VAL); /* a pole */
  if (x >= 0.5) return (double)lgamma_pos(x);
  /* Gamma(x) Gamma(1-x) = pi / sin(pi x); x is reduced mod 2 exactly first */
  ext pi;
  __asm__("fmovecr.x #0,%0" : "=f"(pi));
  ext s = FOP("fsin", pi * (ext)fmod(x, 2.0));
  if (s < 0) {
    signgam = -1;
    s = -s;
  }
  return (double)(FOP("flogn", pi / s) - lgamma_pos(1 - (ext)x));
}

/* SunOS 4's gamma() is lgamma(). */
double gamma(double x) { return lgamma(x); }
