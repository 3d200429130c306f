/* math.h - sun3lab libm (link with -lm): SunOS 4's list, on the MC68881 */
#ifndef _MATH_H
#define _MATH_H

#define HUGE_VAL __builtin_huge_val()
#define HUGE HUGE_VAL
#define INFINITY __builtin_inff()
#define NAN __builtin_nanf("")

#define M_E 2.7182818284590452354
#define M_LOG2E 1.4426950408889634074
#define M_LOG10E 0.43429448190325182765
#define M_LN2 0.69314718055994530942
#define M_LN10 2.30258509299404568402
#define M_PI 3.14159265358979323846
#define M_PI_2 1.57079632679489661923
#define M_PI_4 0.78539816339744830962
#define M_1_PI 0.31830988618379067154
#define M_2_PI 0.63661977236758134308
#define M_2_SQRTPI 1.12837916709551257390
#define M_SQRT2 1.41421356237309504880
#define M_SQRT1_2 0.70710678118654752440

/* matherr's description of an exception (SunOS 4's, from System V) */
struct exception {
  int type;
  char *name;
  double arg1, arg2, retval;
};
#define DOMAIN 1
#define SING 2
#define OVERFLOW 3
#define UNDERFLOW 4
#define TLOSS 5
#define PLOSS 6
int matherr(struct exception *exc);

/* fp_class's answers (SunOS 4's <math.h>) */
enum fp_class_type { fp_zero = 0, fp_subnormal = 1, fp_normal = 2, fp_infinity = 3, fp_quiet = 4, fp_signaling = 5 };

/* the 68881's own: one instruction each */
double sqrt(double x);
double fabs(double x);
double sin(double x);
double cos(double x);
double tan(double x);
double asin(double x);
double acos(double x);
double atan(double x);
double sinh(double x);
double cosh(double x);
double tanh(double x);
double atanh(double x);
double exp(double x);
double expm1(double x);
double exp2(double x);
double exp10(double x);
double log(double x);
double log1p(double x);
double log10(double x);
double log2(double x);
double rint(double x);
double aint(double x);
double logb(double x);
double significand(double x);
double fmod(double x, double y);
double drem(double x, double y);
double remainder(double x, double y);
double scalb(double x, double n);
void sincos(double x, double *s, double *c);

/* written around it */
double floor(double x);
double ceil(double x);
double anint(double x);
int irint(double x);
int nint(double x);
double modf(double x, double *ip);
double frexp(double x, int *ep);
double ldexp(double x, int e);
double scalbn(double x, int e);
int ilogb(double x);
double atan2(double y, double x);
double pow(double x, double y);
double hypot(double x, double y);
double cbrt(double x);
double asinh(double x);
double acosh(double x);
double erf(double x);
double erfc(double x);
double lgamma(double x);
double gamma(double x);
extern int signgam;
double j0(double x);
double j1(double x);
double jn(int n, double x);
double y0(double x);
double y1(double x);
double yn(int n, double x);
double copysign(double x, double y);
double nextafter(double x, double y);
int isnan(double x);
int isinf(double x);
int finite(double x);
int isnormal(double x);
int issubnormal(double x);
int iszero(double x);
int signbit(double x);
enum fp_class_type fp_class(double x);
double infinity(void);
double quiet_nan(long n);
double signaling_nan(long n);
double max_normal(void);
double min_normal(void);
double max_subnormal(void);
double min_subnormal(void);

#endif
