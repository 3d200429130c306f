/* The Bessel functions of the first and second kind, J and Y, of integer
 * order (SunOS 4's j0 j1 jn y0 y1 yn), in extended precision.
 *
 * Two methods, chosen by the size of x:
 *  - x below 40: Miller's backward recurrence. Starting far above the
 *    orders wanted with an arbitrary value, J_{k-1} = (2k/x) J_k - J_{k+1}
 *    run downward converges to a multiple of the true J_k (the recurrence
 *    is stable in that direction); the multiple is found from Neumann's
 *    identity J_0 + 2 (J_2 + J_4 + ...) = 1. The same pass sums the
 *    Neumann series of Y_0 and Y_1 in terms of the J_k:
 *      Y_0 = (2/pi)(ln(x/2) + gamma) J_0 - (4/pi) sum_k (-1)^k J_2k / k
 *      Y_1 = -Y_0' = (2/pi)(ln(x/2) + gamma) J_1 - (2/pi) J_0 / x
 *                    + (2/pi) sum_k (-1)^k (J_2k-1 - J_2k+1) / k
 *  - x from 40 up: Hankel's asymptotic expansion,
 *      J_n = sqrt(2/(pi x)) (P cos chi - Q sin chi),
 *      Y_n = sqrt(2/(pi x)) (P sin chi + Q cos chi),  chi = x - (n/2 + 1/4) pi,
 *    P and Q summed until their terms stop shrinking (the smallest term is
 *    about e^-2x, below 10^-34 here), then used in modulus-phase form
 *    (see hankel) below 2^22; above, cos chi and sin chi come from the
 *    68881's FSIN and FCOS of x itself, whose argument reduction is exact.
 * Near a zero the result is tiny and both methods' absolute error (a few
 * units of 2^-64) would be many ulps of it: below 40, within 1/32 of one
 * of the zeros of J0, J1, Y0, Y1 the function's Taylor series about that
 * zero is summed instead (bessel_zeros.h: the zero to 106 bits and twelve
 * coefficients, generated with mpmath), h = x - zero being exact.
 * Higher orders: J_n by the forward recurrence from J_0 and J_1 while n < x
 * (where it is stable), by Miller's recurrence above; Y_n always forward
 * (Y grows with n, so the recurrence is stable upward).
 *
 * Errors (except.c, SunOS's matherr protocol): y0, y1 and yn of a negative number are a
 * DOMAIN error (-HUGE_VAL, EDOM), of zero a SING error (-HUGE_VAL,
 * ERANGE); yn overflowing to -infinity is an OVERFLOW (ERANGE). */
#include <math.h>
#include <stddef.h>
#include "bessel_zeros.h"
#include "fpsr.h"

typedef long double ext;

#ifdef __m68k__
#define E_SIN(x) FOP("fsin", x)
#define E_COS(x) FOP("fcos", x)
#define E_LOG(x) FOP("flogn", x)
#define E_SQRT(x) FOP("fsqrt", x)
#define E_ATAN(x) FOP("fatan", x)
#else /* a host build, to measure the method against a reference */
#define E_SIN(x) sinl(x)
#define E_COS(x) cosl(x)
#define E_LOG(x) logl(x)
#define E_SQRT(x) sqrtl(x)
#define E_ATAN(x) atanl(x)
#endif

static const ext PI = 3.14159265358979323846264338327950288L;
static const ext EULER = 0.577215664901532860606512090082402431L; /* gamma */
static const ext SQRT1_2 = 0.707106781186547524400844362104849039L;
/* pi/4 = PI4_1 + PI4_2 + PI4_3 to 2^-150: 40, 40 and 64 bits */
static const ext PI4_1 = 0x1.921fb54442000p-1L, PI4_2 = 0x1.a308d3131a000p-42L,
                 PI4_3 = -9.517444810096633045727412421e-26L;
#define ASYMPTOTIC 40.0L

static ext eabs(ext v) { return v < 0 ? -v : v; }

/* The Hankel expansion for order (0 or 1) at x >= 40: *j and *y. */
static void hankel(int order, ext x, ext *j, ext *y) {
  ext mu = 4.0L * order * order, p = 1, q = 0, a = 1, prev = 1;
  for (int k = 1; k < 80; k++) {
    a *= (mu - (ext)(2 * k - 1) * (2 * k - 1)) / (8.0L * k * x);
    ext t = eabs(a);
    if (t > prev || t < 1e-24L) break; /* past the smallest term, or small enough */
    prev = t;
    switch (k & 3) { /* P = 1 - a2 + a4 ..., Q = a1 - a3 + ... */
    case 1: q += a; break;
    case 2: p -= a; break;
    case 3: q -= a; break;
    default: p += a;
    }
  }
  ext f = E_SQRT(2 / (PI * x));
  if (x < 0x1p22) {
    /* J = f R cos theta, Y = f R sin theta with R = sqrt(P^2 + Q^2) and
     * theta = chi + atan(Q/P). theta is reduced to (n - order) pi/2 + s
     * with x - (2n + 1) pi/4 computed exactly (pi/4 in three pieces, the
     * first two short enough that m times them is exact), so that s, and
     * the result near a zero, keep their relative accuracy. */
    long n = (long)((x - PI / 4) / (PI / 2) + 0.5L);
    ext m = 2 * n + 1;
    ext u = ((x - m * PI4_1) - m * PI4_2) - m * PI4_3;
    ext s = u + E_ATAN(q / p), r = f * E_SQRT(p * p + q * q);
    ext sn = E_SIN(s), cs = E_COS(s);
    switch ((n - order) & 3) {
    case 0: *j = r * cs, *y = r * sn; break;
    case 1: *j = -r * sn, *y = r * cs; break;
    case 2: *j = -r * cs, *y = -r * sn; break;
    default: *j = r * sn, *y = -r * cs;
    }
    return;
  }
  ext s = E_SIN(x), c = E_COS(x), cc, sc; /* cos chi, sin chi */
  if (order == 0) {
    cc = (c + s) * SQRT1_2; /* cos(x - pi/4), sin(x - pi/4) */
    sc = (s - c) * SQRT1_2;
  } else {
    cc = (s - c) * SQRT1_2;
    sc = -(s + c) * SQRT1_2;
  }
  *j = f * (p * cc - q * sc);
  *y = f * (p * sc + q * cc);
}

/* Miller's recurrence from a starting order high enough for 'top' (the
 * highest order wanted) at x: J_0, J_1, J_n into j[0], j[1], *jn (if n > 1),
 * and, if y is not NULL, Y_0 and Y_1 into y[0], y[1]. 0 < x < 40, or any
 * x > 0 when only J is wanted. */
static void miller(ext x, int n, ext *j, ext *jn, ext *y) {
  ext top = n > x ? n : x;
  ext cube = 1;
  while (cube * cube * cube < top) cube += 1;
  long m = (long)(top + 18 + 8 * cube);
  m += m & 1; /* even */
  ext above = 0, cur = 1e-30L, norm = 0, s0 = 0, s1 = 0, want = 0, j1 = 0;
  for (long k = m; k >= 1; k--) {
    /* cur is J_k (unnormalized), above J_{k+1}, below J_{k-1} */
    if (k == n) want = cur;
    if (k == 1) j1 = cur;
    ext below = (2.0L * k / x) * cur - above;
    if ((k & 1) == 0) {
      ext sgn = (k & 2) ? -1 : 1, i = k / 2; /* (-1)^(k/2) */
      norm += 2 * cur;
      s0 += sgn * cur / i;
      s1 += sgn * (below - above) / i;
    }
    above = cur;
    cur = below;
    if (eabs(cur) > 1e1000L) { /* keep clear of overflow: rescale all */
      ext r = 1e-1000L;
      cur *= r, above *= r, norm *= r, s0 *= r, s1 *= r, want *= r, j1 *= r;
    }
  }
  norm += cur; /* J_0 */
  j[0] = cur / norm;
  j[1] = j1 / norm;
  if (jn != NULL) *jn = want / norm;
  if (y != NULL) {
    ext l = E_LOG(x / 2) + EULER;
    y[0] = (2 / PI) * (l * j[0] - 2 * s0 / norm);
    y[1] = (2 / PI) * (l * j[1] - j[0] / x + s1 / norm);
  }
}

/* J_0, J_1, Y_0, Y_1 at x > 0 (Y only if y is not NULL). */
static void order01(ext x, ext *j, ext *y) {
  if (x >= ASYMPTOTIC) {
    ext yy[2];
    hankel(0, x, &j[0], &yy[0]);
    hankel(1, x, &j[1], &yy[1]);
    if (y != NULL) y[0] = yy[0], y[1] = yy[1];
  } else if (x < 1e-1000L) {
    j[0] = 1, j[1] = x / 2;
  } else {
    miller(x, 1, j, NULL, y);
  }
}

/* The Taylor series about a zero of the table within 1/32 of x, if any. */
#define NEAR_ZERO(table, x, r) near_zero(table, sizeof table / sizeof table[0], x, r)
static int near_zero(const struct bessel_zero *z, int count, ext x, ext *r) {
  if (x >= ASYMPTOTIC) return 0;
  for (int i = 0; i < count; i++) {
    ext h = x - z[i].hi; /* exact */
    if (eabs(h) >= 1.0L / 32) continue;
    h -= z[i].lo;
    ext s = z[i].c[BESSEL_TERMS - 1];
    for (int k = BESSEL_TERMS - 2; k >= 0; k--) s = s * h + z[i].c[k];
    *r = s * h;
    return 1;
  }
  return 0;
}

/* Matherr's DOMAIN and SING cases of the Y functions (x <= 0 or NaN). */
static int y_special(const char *name, double a1, double x, double *r) {
  if (x != x) return *r = x, 1;
  if (x < 0) return *r = __math_exception(DOMAIN, name, a1, x, -HUGE_VAL), 1;
  if (x == 0) return *r = __math_exception(SING, name, a1, x, -HUGE_VAL), 1;
  if (x - x != 0) return *r = 0, 1; /* +infinity */
  return 0;
}

double j0(double x) {
  if (x != x) return x;
  if (x - x != 0) return 0;
  ext j[2], a = eabs((ext)x);
  if (NEAR_ZERO(j0_zeros, a, &j[0])) return (double)j[0];
  order01(a, j, NULL);
  return (double)j[0];
}

double j1(double x) {
  if (x != x) return x;
  if (x - x != 0) return 0;
  ext j[2], a = eabs((ext)x);
  if (!NEAR_ZERO(j1_zeros, a, &j[1])) order01(a, j, NULL);
  return (double)(x < 0 ? -j[1] : j[1]);
}

double y0(double x) {
  double r;
  if (y_special("y0", x, x, &r)) return r;
  if (x < 1e-300) return (double)((2 / PI) * (E_LOG((ext)x / 2) + EULER)); /* J_0 = 1 to far below an ulp */
  ext j[2], y[2];
  if (!NEAR_ZERO(y0_zeros, x, &y[0])) order01(x, j, y);
  return (double)y[0];
}

double y1(double x) {
  double r;
  if (y_special("y1", x, x, &r)) return r;
  ext j[2], y[2];
  if (x < 1e-300) y[1] = -2 / (PI * x);
  else if (!NEAR_ZERO(y1_zeros, x, &y[1])) order01(x, j, y);
  volatile double d = (double)y[1];
  if (d - d != 0) return __math_exception(OVERFLOW, "y1", x, x, -HUGE_VAL);
  return d;
}

double jn(int n, double x) {
  if (x != x) return x;
  int neg = 0; /* J_-n = (-1)^n J_n; J_n(-x) = (-1)^n J_n(x) */
  if (n < 0) n = -n, neg = n & 1;
  if (x < 0) x = -x, neg ^= n & 1;
  ext r;
  if (n == 0) r = j0(x);
  else if (n == 1) r = j1(x);
  else if (x - x != 0 || x == 0) r = 0;
  else if (n >= 1100 && n >= 2.72 * x) r = 0; /* below (x/2)^n / n!, which underflows */
  else if (n < x) { /* upward, where that is stable */
    ext j[2];
    order01(x, j, NULL);
    ext a = j[0], b = j[1];
    for (int k = 1; k < n; k++) {
      ext c = (2.0L * k / x) * b - a;
      a = b, b = c;
    }
    r = b;
  } else {
    ext j[2];
    miller(x, n, j, &r, NULL);
  }
  return (double)(neg ? -r : r);
}

double yn(int n, double x) {
  double d;
  int neg = 0; /* Y_-n = (-1)^n Y_n */
  if (n < 0) n = -n, neg = n & 1;
  if (y_special("yn", n, x, &d)) return d;
  if (n == 0) return neg ? -y0(x) : y0(x);
  ext a, b;
  if (x < 1e-300) {
    a = 0, b = -2 / (PI * x); /* Y_1; and Y_0 is negligible beside it */
  } else {
    ext j[2], y[2];
    order01(x, j, y);
    a = y[0], b = y[1];
  }
  for (int k = 1; k < n && b - b == 0; k++) {
    ext c = (2.0L * k / x) * b - a;
    a = b, b = c;
  }
  volatile double r = (double)(neg ? -b : b);
  if (r - r != 0) return __math_exception(OVERFLOW, "yn", n, x, neg ? HUGE_VAL : -HUGE_VAL);
  return r;
}
