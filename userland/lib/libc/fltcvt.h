/* The libc's exact binary-decimal conversions (fltcvt.c), shared by printf,
 * scanf, strtod and ecvt/fcvt. */
#ifndef _FLTCVT_H
#define _FLTCVT_H

/* Enough for every significant digit of a double (767) and then some. */
#define DTOA_DIGITS 800
#define DTOA_LIMBS 100

/* All the exact decimal digits of v (no trailing zeros) into out (DTOA_DIGITS
 * + 1 bytes): v = 0.DIGITS * 10^decpt. Returns the count; 0 for an infinity
 * (out "i") or NaN (out "n"). Zero is "0" with decpt 1. */
int __dtoa_exact(double v, char *out, int *decpt, int *neg);

/* Rounds the n digits d to keep digits (keep may be <= 0) in FPCR's mode;
 * returns the new count (0 if it rounded to nothing), trailing zeros dropped,
 * and moves *decpt if a carry adds a digit. */
int __round_digits(char *d, int n, int keep, int neg, int *decpt);

/* The double nearest (in FPCR's mode) to DIGITS * 10^x (+ a little, if sticky). */
double __atod(const char *dig, int nd, int x, int sticky, int neg, int *range);

/* FPCR's rounding mode (0 nearest, 1 zero, 2 minus, 3 plus). */
int __fp_mode(void);

#endif
