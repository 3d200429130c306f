/* libm's use of the MC68881's status register. A libm function clears the
 * FPSR, runs its instructions and rounds its result to double, then reads
 * the accrued-exception byte to set errno as SunOS documents it (EDOM for
 * an argument outside the domain: the chip's operand error; ERANGE for a
 * result too large, a pole, or one that underflowed to zero), and puts
 * the caller's accrued exceptions back, so they still accumulate. */
#ifndef _LIBM_FPSR_H
#define _LIBM_FPSR_H

#define AEXC_IOP 0x80
#define AEXC_OVFL 0x40
#define AEXC_UNFL 0x20
#define AEXC_DZ 0x10
#define AEXC_INEX 0x08

static inline unsigned long fp_begin(void) {
  unsigned long s, z = 0;
  __asm__ volatile("fmove.l %%fpsr,%0" : "=d"(s)::"memory");
  __asm__ volatile("fmove.l %0,%%fpsr" ::"d"(z) : "memory");
  return s;
}

/* The accrued exceptions since fp_begin; the caller's come back. */
static inline unsigned long fp_end(unsigned long saved) {
  unsigned long s;
  __asm__ volatile("fmove.l %%fpsr,%0" : "=d"(s)::"memory");
  unsigned long merged = s | (saved & 0xf8);
  __asm__ volatile("fmove.l %0,%%fpsr" ::"d"(merged) : "memory");
  return s & 0xf8;
}

static inline unsigned long fpcr_get(void) {
  unsigned long c;
  __asm__ volatile("fmove.l %%fpcr,%0" : "=d"(c)::"memory");
  return c;
}

static inline void fpcr_set(unsigned long c) { __asm__ volatile("fmove.l %0,%%fpcr" ::"d"(c) : "memory"); }

/* An exception of function name (arguments arg1, arg2) whose IEEE result
 * is retval: matherr, errno, the message (except.c); returns the value to
 * return. */
double __math_exception(int type, const char *name, double arg1, double arg2, double retval);

/* The same, from the accrued exceptions of an operation that gave r. */
double __math_err2(double r, unsigned long aexc, const char *name, double x, double y);
#define __math_err(r, aexc, name, x) __math_err2(r, aexc, name, x, x)

#define MATH_CALL(expr, name, x)                     \
  do {                                               \
    unsigned long saved_ = fp_begin();               \
    volatile double r_ = (double)(expr);             \
    return __math_err(r_, fp_end(saved_), name, x);  \
  } while (0)

/* one 68881 instruction on an extended operand */
#define FOP(insn, x)                                            \
  ({                                                            \
    long double t_;                                             \
    __asm__ volatile(insn ".x %1,%0" : "=f"(t_) : "f"(x) : "memory"); \
    t_;                                                         \
  })

#endif
