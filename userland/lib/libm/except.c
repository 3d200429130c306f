/* SunOS's (System V's) exception protocol for libm, shared by every
 * function: describe the exception in a struct exception, let matherr see
 * it (and change the value returned), and unless matherr says it has
 * dealt with it (non-zero), set errno (EDOM for DOMAIN, ERANGE for the
 * others) and, for DOMAIN and SING, print "name: DOMAIN error" on the
 * standard error. The value returned is IEEE's (NaN, an infinity, 0),
 * not System V's HUGE. */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include "fpsr.h"

double __math_exception(int type, const char *name, double arg1, double arg2, double retval) {
  struct exception exc;
  exc.type = type;
  exc.name = (char *)name;
  exc.arg1 = arg1;
  exc.arg2 = arg2;
  exc.retval = retval;
  if (matherr(&exc) == 0) {
    errno = type == DOMAIN ? EDOM : ERANGE;
    if (type == DOMAIN || type == SING) {
      const char *what = type == DOMAIN ? ": DOMAIN error\n" : ": SING error\n";
      write(2, name, strlen(name));
      write(2, what, strlen(what));
    }
  }
  return exc.retval;
}

/* The exception, if any, that the 68881's accrued bits say an operation
 * producing r raised: an operand error is DOMAIN, division by zero a
 * pole (SING), overflow OVERFLOW, underflow to zero UNDERFLOW. */
double __math_err2(double r, unsigned long aexc, const char *name, double x, double y) {
  if (aexc & AEXC_IOP) return __math_exception(DOMAIN, name, x, y, r);
  if (aexc & AEXC_DZ) return __math_exception(SING, name, x, y, r);
  if (aexc & AEXC_OVFL) return __math_exception(OVERFLOW, name, x, y, r);
  if ((aexc & AEXC_UNFL) && r == 0) return __math_exception(UNDERFLOW, name, x, y, r);
  return r;
}
