/* libm beyond the 68881's own instructions: the Bessel functions, matherr
 * and errno, lgamma's signgam and the IEEE functions of SunOS 4's list.
 * Without arguments it checks values, identities and the exception
 * protocol. `mathlib FILE` measures the functions on the vectors of
 * test/fixtures/fp/gen-libm.py (the host's glibc and a correctly rounded
 * reference) and prints, for each function, the largest error in ulps
 * against both; a function over its bound fails. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

/* matherr: while 'catching', record the exception and return 42 instead;
 * while 'quiet', only keep the message from being printed */
static int catching, quiet;
static struct exception seen;
static int seen_count;

int matherr(struct exception *exc) {
  if (quiet) return 1;
  if (!catching) return 0;
  seen = *exc;
  seen_count++;
  exc->retval = 42;
  return 1;
}

static int close_to(double a, double b, double rel) { return fabs(a - b) <= rel * fabs(b); }

static void caught(double r, int type, const char *name, double a1, double a2, const char *what) {
  CHECK(r == 42 && errno == 0 && seen_count == 1 && seen.type == type && strcmp(seen.name, name) == 0 &&
            seen.arg1 == a1 && seen.arg2 == a2,
        "%s: matherr sees type %d, name %s, args; its value is returned, errno untouched", what, type, name);
}

#define CATCH(expr, type, name, a1, a2)         \
  do {                                          \
    catching = 1, seen_count = 0, errno = 0;    \
    volatile double r_ = (expr);                \
    catching = 0;                               \
    caught(r_, type, name, a1, a2, #expr);      \
  } while (0)

static void exceptions(void) {
  CATCH(log(0.0), SING, "log", 0, 0);
  CATCH(sqrt(-1.0), DOMAIN, "sqrt", -1, -1);
  CATCH(exp(1000.0), OVERFLOW, "exp", 1000, 1000);
  CATCH(exp(-1000.0), UNDERFLOW, "exp", -1000, -1000);
  CATCH(pow(0.0, -1.0), DOMAIN, "pow", 0, -1);
  CATCH(pow(10.0, 400.0), OVERFLOW, "pow", 10, 400);
  CATCH(fmod(1.0, 0.0), DOMAIN, "fmod", 1, 0);
  CATCH(acosh(0.5), DOMAIN, "acosh", 0.5, 0.5);
  CATCH(lgamma(-2.0), SING, "lgamma", -2, -2);
  CATCH(y0(-1.0), DOMAIN, "y0", -1, -1);
  CATCH(y1(0.0), SING, "y1", 0, 0);
  CATCH(yn(3, 0.0), SING, "yn", 3, 0);
  CATCH(yn(300, 1e-3), OVERFLOW, "yn", 300, 1e-3);
  CATCH(erfc(30.0), UNDERFLOW, "erfc", 30, 30);

  /* without a matherr that handles it: IEEE's value, errno, and (for
   * DOMAIN and SING) a message on the standard error */
  errno = 0;
  double r = y0(0.0);
  CHECK(isinf(r) && r < 0 && errno == ERANGE, "y0(0): -inf, ERANGE (SING)");
  errno = 0;
  r = y1(-2.0);
  CHECK(isinf(r) && r < 0 && errno == EDOM, "y1(-2): -inf, EDOM (DOMAIN)");
  errno = 0;
  r = exp(1000.0);
  CHECK(isinf(r) && errno == ERANGE, "exp(1000): +inf, ERANGE");
  errno = 0;
  r = j0(1e300) + jn(5, 1e-300) + jn(2000, 1.0);
  CHECK(errno == 0 && r == r, "j0 and jn of huge and tiny arguments raise nothing");
}

static void bessel(void) {
  CHECK(j0(0.0) == 1 && j1(0.0) == 0 && jn(4, 0.0) == 0, "J_n(0): 1, 0, 0");
  CHECK(j0(-3.5) == j0(3.5) && j1(-3.5) == -j1(3.5), "J_0 even, J_1 odd");
  CHECK(jn(-3, 2.5) == -jn(3, 2.5) && jn(3, -2.5) == -jn(3, 2.5) && jn(4, -2.5) == jn(4, 2.5),
        "J_-n = (-1)^n J_n, J_n(-x) = (-1)^n J_n(x)");
  CHECK(yn(-3, 2.5) == -yn(3, 2.5), "Y_-n = (-1)^n Y_n");
  CHECK(isnan(j0(NAN)) && j0(INFINITY) == 0 && y0(INFINITY) == 0 && isnan(y1(NAN)), "NaN and infinity");
  /* values from the literature (Abramowitz and Stegun's tables) */
  CHECK(close_to(j0(1.0), 0.7651976865579666, 1e-15), "J_0(1) = 0.76519768655796655");
  CHECK(close_to(j1(1.0), 0.4400505857449335, 1e-15), "J_1(1) = 0.44005058574493352");
  CHECK(close_to(y0(1.0), 0.08825696421567696, 1e-15), "Y_0(1) = 0.088256964215676957");
  CHECK(close_to(y1(1.0), -0.7812128213002887, 1e-15), "Y_1(1) = -0.78121282130028872");
  CHECK(close_to(jn(5, 10.0), -0.2340615281867936, 1e-14), "J_5(10) = -0.23406152818679364");
  CHECK(close_to(yn(5, 10.0), 0.1354030476893623, 1e-14), "Y_5(10) = 0.13540304768936237");
  /* the Wronskian J_1 Y_0 - J_0 Y_1 = 2/(pi x), at both methods' arguments */
  static const double xs[] = {1e-5, 0.3, 2.0, 7.7, 19.0, 24.9, 25.1, 60.0, 1234.5, 1e8};
  int ok = 1;
  for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
    double x = xs[i];
    if (!close_to(j1(x) * y0(x) - j0(x) * y1(x), 2 / (M_PI * x), 1e-14)) ok = 0;
  }
  CHECK(ok, "the Wronskian J_1 Y_0 - J_0 Y_1 = 2/(pi x) from 1e-5 to 1e8");
  ok = 1;
  for (int n = 1; n < 30; n++) {
    double x = 13.25; /* the recurrence J_{n+1} = (2n/x) J_n - J_{n-1}, across n = x */
    double lhs = jn(n + 1, x), rhs = (2 * n / x) * jn(n, x) - jn(n - 1, x);
    if (fabs(lhs - rhs) > 1e-15) ok = 0;
  }
  CHECK(ok, "jn satisfies its recurrence across n = x");
}

static void others(void) {
  signgam = 0;
  double g = lgamma(-0.5); /* Gamma(-1/2) = -2 sqrt(pi) */
  CHECK(close_to(g, 1.2655121234846454, 1e-15) && signgam == -1, "lgamma(-0.5) = ln(2 sqrt(pi)), signgam -1");
  g = gamma(4.0);
  CHECK(close_to(g, log(6.0), 1e-15) && signgam == 1, "gamma (= lgamma) of 4 is ln 6, signgam 1");
  CHECK(cbrt(-27.0) == -3 && cbrt(0.125) == 0.5, "cbrt");
  CHECK(log1p(1e-20) == 1e-20 && expm1(1e-20) == 1e-20, "log1p and expm1 keep tiny arguments");
  CHECK(close_to(asinh(1.0), 0.881373587019543, 1e-15) && acosh(1.0) == 0 && atanh(0.0) == 0, "asinh acosh atanh");
  CHECK(rint(2.5) == 2 && rint(3.5) == 4 && logb(8.0) == 3 && ilogb(0.1) == -4, "rint logb ilogb");
  CHECK(scalb(1.5, 4.0) == 24 && significand(10.0) == 1.25 && copysign(2.0, -0.0) == -2, "scalb significand copysign");
  CHECK(nextafter(1.0, 2.0) == 1 + 0x1p-52 && nextafter(0.0, -1.0) == -0x1p-1074, "nextafter");
  CHECK(remainder(5.0, 3.0) == -1 && drem(7.0, 2.0) == -1 && fmod(-7.0, 2.0) == -1, "remainder drem fmod");
  CHECK(finite(1.0) && !finite(INFINITY) && isnan(NAN) && isinf(-INFINITY) && !isnan(1.0), "finite isnan isinf");
  CHECK(erf(0.0) == 0 && erfc(0.0) == 1 && close_to(erf(1.0), 0.8427007929497149, 1e-15), "erf erfc");
}

/* ---- vectors ---- */

union dbits {
  double d;
  uint64_t u;
};

static double from_hex(const char *s) {
  union dbits b;
  b.u = 0;
  for (; *s; s++) b.u = b.u * 16 + (uint64_t)(*s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10);
  return b.d;
}

/* |a - ref| in ulps of ref (as a double); both infinite alike is 0. */
static double ulps(double a, double ref) {
  if (a == ref || (a != a && ref != ref)) return 0;
  if (isinf(a) || isinf(ref) || a != a || ref != ref) return 1e9;
  int e;
  frexp(ref, &e);
  if (e - 53 < -1074) e = -1074 + 53;
  return fabs((long double)a - ref) / ldexp(1.0, e - 53);
}

/* The error in ulps of the result everywhere, and where |result| < 2^-16
 * (near a zero of an oscillating function, where a small absolute error is
 * a large one in ulps) also the absolute error, in units of 2^-64. */
struct fn {
  const char *name;
  double bound, abs_bound; /* ulps; absolute where |result| < 2^-16, in 2^-64 */
  int count;
  double worst, glibc_worst, at, at_n, abs_worst, glibc_abs;
};

static struct fn fns[] = {
    {"j0", 2, 4},       {"j1", 2, 4},     {"y0", 2, 4},     {"y1", 3, 4},    {"jn", 100, 16},  {"yn", 100, 16},
    {"cbrt", 1, 1e30}, {"log1p", 1, 1e30}, {"expm1", 1, 1e30}, {"asinh", 1, 1e30}, {"acosh", 1, 1e30}, {"atanh", 1, 1e30},
    {"erf", 1, 1e30},  {"erfc", 2, 1e30}, {"lgamma", 4, 1e30}, {"exp", 1, 1e30}, {"log", 1, 1e30},  {"sin", 1, 1e30},
    {"tan", 1, 1e30},  {"pow", 1, 1e30},  {"atan2", 1, 1e30}, {"hypot", 1, 1e30},
};
#define NFNS (sizeof fns / sizeof fns[0])

static double call(const char *name, int n, double x, double y) {
  switch (name[0]) {
  case 'j': return name[1] == '0' ? j0(x) : name[1] == '1' ? j1(x) : jn(n, x);
  case 'y': return name[1] == '0' ? y0(x) : name[1] == '1' ? y1(x) : yn(n, x);
  }
  if (!strcmp(name, "cbrt")) return cbrt(x);
  if (!strcmp(name, "log1p")) return log1p(x);
  if (!strcmp(name, "expm1")) return expm1(x);
  if (!strcmp(name, "asinh")) return asinh(x);
  if (!strcmp(name, "acosh")) return acosh(x);
  if (!strcmp(name, "atanh")) return atanh(x);
  if (!strcmp(name, "erf")) return erf(x);
  if (!strcmp(name, "erfc")) return erfc(x);
  if (!strcmp(name, "lgamma")) return lgamma(x);
  if (!strcmp(name, "exp")) return exp(x);
  if (!strcmp(name, "log")) return log(x);
  if (!strcmp(name, "sin")) return sin(x);
  if (!strcmp(name, "tan")) return tan(x);
  if (!strcmp(name, "pow")) return pow(x, y);
  if (!strcmp(name, "atan2")) return atan2(x, y);
  if (!strcmp(name, "hypot")) return hypot(x, y);
  return NAN;
}

static char line[256];

static int vectors(const char *path) {
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    perror(path);
    return 1;
  }
  quiet = 1; /* no messages for the vectors' few poles */
  while (fgets(line, sizeof line, f) != NULL) {
    char *field[6];
    int k = 0;
    line[strcspn(line, "\n")] = 0;
    for (char *p = line; k < 6;) {
      field[k++] = p;
      p = strchr(p, '|');
      if (p == NULL) break;
      *p++ = 0;
    }
    if (k != 6) continue;
    int n = atoi(field[1]);
    double x = from_hex(field[2]), y = from_hex(field[3]), g = from_hex(field[4]), ref = from_hex(field[5]);
    for (unsigned i = 0; i < NFNS; i++) {
      if (strcmp(fns[i].name, field[0]) != 0) continue;
      double ours = call(field[0], n, x, y);
      struct fn *p = &fns[i];
      p->count++;
      double e = ulps(ours, ref), eg = ulps(g, ref);
      if (e > p->worst) p->worst = e, p->at = x, p->at_n = n;
      if (eg > p->glibc_worst) p->glibc_worst = eg;
      if (fabs(ref) < 0x1p-16) { /* an ulp is below 2^-68 */
        double a = ours == ref ? 0 : fabs((long double)ours - ref) * 0x1p64, ag = g == ref ? 0 : fabs((long double)g - ref) * 0x1p64;
        if (a != a) a = 1e30;
        if (a > p->abs_worst) p->abs_worst = a;
        if (ag > p->glibc_abs) p->glibc_abs = ag;
      }
    }
  }
  fclose(f);
  quiet = 0;
  for (unsigned i = 0; i < NFNS; i++) {
    struct fn *p = &fns[i];
    CHECK(p->count > 0 && p->worst <= p->bound && p->abs_worst <= p->abs_bound,
          "%-6s %4d points: largest error %.0f ulp (n %d, x %.17g), glibc %.0f ulp; absolute %.3g, glibc %.3g (2^-64)",
          p->name, p->count, p->worst, (int)p->at_n, p->at, p->glibc_worst, p->abs_worst, p->glibc_abs);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1) {
    if (vectors(argv[1]) != 0) return 1;
  } else {
    bessel();
    exceptions();
    others();
  }
  return DONE("mathlib");
}
