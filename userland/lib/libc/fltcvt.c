/* Exact conversions between binary doubles and decimal strings, the
 * common core of printf's %e %f %g, ecvt/fcvt/gcvt, strtod/atof and
 * scanf's %e %f %g.
 *
 * Both directions work on big integers, so every result is correctly
 * rounded, in the rounding mode FPCR holds (to nearest even unless the
 * program changed it):
 *
 * - double -> decimal: a double is m * 2^e. For e >= 0 that is an integer;
 *   for e < 0 it is m * 5^-e / 10^-e. Either way the value is an integer
 *   times a power of ten, and the integer is built in base 10^9 limbs, so
 *   its decimal digits are all exact (at most 767 significant digits for a
 *   double). Rounding to the digits asked for then looks at the exact
 *   digits dropped.
 * - decimal -> double: the digits D and exponent X give the rational
 *   D * 10^X = num / den in binary big integers; scaled by a power of two
 *   so the quotient has 55 or 56 bits, the long division gives the bits
 *   and a remainder, and rounding to 53 bits (fewer for a denormal) uses
 *   the bits dropped and whether the remainder is zero.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fltcvt.h"

#define E9 1000000000u

/* ---------------------------------------------------------------- to decimal */

/* FPCR's rounding mode: 0 to nearest, 1 toward zero, 2 toward -inf, 3 toward +inf. */
int __fp_mode(void) {
  unsigned long c;
  __asm__ volatile("fmove.l %%fpcr,%0" : "=d"(c));
  return (int)((c >> 4) & 3);
}

union dbits {
  double d;
  uint64_t u;
};

/* x (n limbs of base 10^9) *= f (f < 2^32 / 4). */
static void mul_e9(uint32_t *x, int *n, uint32_t f) {
  uint64_t carry = 0;
  for (int i = 0; i < *n; i++) {
    uint64_t t = (uint64_t)x[i] * f + carry;
    carry = t / E9;
    x[i] = (uint32_t)(t - carry * E9);
  }
  while (carry != 0) {
    x[(*n)++] = (uint32_t)(carry % E9);
    carry /= E9;
  }
}

int __dtoa_exact(double v, char *out, int *decpt, int *neg) {
  union dbits b;
  b.d = v;
  *neg = (int)(b.u >> 63);
  int be = (int)((b.u >> 52) & 0x7ff);
  uint64_t m = b.u & 0xfffffffffffffull;
  if (be == 0x7ff) {
    out[0] = m ? 'n' : 'i';
    out[1] = 0;
    *decpt = 0;
    return 0;
  }
  if (be == 0 && m == 0) {
    out[0] = '0';
    out[1] = 0;
    *decpt = 1;
    return 1;
  }
  int e;
  if (be == 0) e = -1074;
  else {
    m |= 1ull << 52;
    e = be - 1075;
  }
  while ((m & 1) == 0) { /* fewer limbs to multiply */
    m >>= 1;
    e++;
  }
  uint32_t x[DTOA_LIMBS];
  int n = 0;
  while (m != 0) {
    x[n++] = (uint32_t)(m % E9);
    m /= E9;
  }
  int e10 = 0;
  if (e > 0) {
    for (int k; e > 0; e -= k) {
      k = e > 28 ? 28 : e;
      mul_e9(x, &n, 1u << k);
    }
  } else if (e < 0) {
    static const uint32_t pow5[] = {1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125, 9765625, 48828125, 244140625};
    e10 = e;
    for (int k, f = -e; f > 0; f -= k) {
      k = f > 12 ? 12 : f;
      mul_e9(x, &n, pow5[k]);
    }
  }
  /* the digits, most significant first, without the top limb's leading zeros */
  char *p = out;
  char tmp[10];
  int t = 0;
  for (uint32_t top = x[n - 1]; top != 0; top /= 10) tmp[t++] = (char)('0' + top % 10);
  while (t > 0) *p++ = tmp[--t];
  for (int i = n - 2; i >= 0; i--) {
    uint32_t w = x[i];
    for (int j = 8; j >= 0; j--) {
      p[j] = (char)('0' + w % 10);
      w /= 10;
    }
    p += 9;
  }
  int nd = (int)(p - out);
  while (nd > 1 && out[nd - 1] == '0') { /* trailing zeros say nothing */
    nd--;
    e10++;
  }
  out[nd] = 0;
  *decpt = nd + e10;
  return nd;
}

int __round_digits(char *d, int n, int keep, int neg, int *decpt) {
  if (keep >= n) return n;
  int up;
  int rest = 0; /* some dropped digit is not zero */
  for (int i = keep < 0 ? 0 : keep; i < n; i++)
    if (d[i] != '0') rest = 1;
  switch (__fp_mode()) {
  case 1:
    up = 0;
    break;
  case 2:
    up = neg && rest;
    break;
  case 3:
    up = !neg && rest;
    break;
  default:
    if (keep < 0) up = 0;
    else if (d[keep] != '5') up = d[keep] > '5';
    else {
      int beyond = 0;
      for (int i = keep + 1; i < n; i++)
        if (d[i] != '0') beyond = 1;
      up = beyond || (keep > 0 && (d[keep - 1] - '0') & 1);
    }
  }
  if (keep <= 0) {
    if (!up) {
      d[0] = '0';
      d[1] = 0;
      return 0; /* nothing left: the value rounds to zero at that position */
    }
    *decpt = *decpt - keep + 1;
    d[0] = '1';
    d[1] = 0;
    return 1;
  }
  n = keep;
  if (up) {
    int i = n - 1;
    while (i >= 0 && d[i] == '9') d[i--] = '0';
    if (i >= 0) d[i]++;
    else {
      d[0] = '1'; /* 99.9 -> 100 */
      (*decpt)++;
    }
  }
  while (n > 1 && d[n - 1] == '0') n--;
  d[n] = 0;
  return n;
}

/* ---------------------------------------------------------------- ecvt, fcvt, gcvt */

static char cvtbuf[DTOA_DIGITS + 400];

/* ecvt/fcvt's result: exactly ndig digits (zeros appended), the point and sign apart. */
static char *cvt(double v, int ndig, int fixed, int *decpt, int *sign) {
  char d[DTOA_DIGITS];
  int n = __dtoa_exact(v, d, decpt, sign);
  if (n == 0) { /* SunOS prints an infinity or NaN as words */
    strcpy(cvtbuf, d[0] == 'i' ? "Infinity" : "NaN");
    return cvtbuf;
  }
  if (d[0] == '0') *decpt = fixed ? 0 : 1;
  int want = fixed ? *decpt + ndig : ndig;
  if (ndig < 0) ndig = 0;
  if (want > (int)sizeof(cvtbuf) - 1) want = (int)sizeof(cvtbuf) - 1;
  n = __round_digits(d, n, want, *sign, decpt);
  if (fixed) want = *decpt + ndig; /* the point may have moved */
  if (want > (int)sizeof(cvtbuf) - 1) want = (int)sizeof(cvtbuf) - 1;
  if (want < 0) want = 0;
  for (int i = 0; i < want; i++) cvtbuf[i] = i < n ? d[i] : '0';
  cvtbuf[want] = 0;
  if (n == 0 && want == 0 && fixed) *decpt = -ndig; /* rounded away entirely */
  return cvtbuf;
}

char *ecvt(double value, int ndigit, int *decpt, int *sign) {
  if (ndigit < 1) ndigit = 1;
  if (ndigit > DTOA_DIGITS) ndigit = DTOA_DIGITS;
  return cvt(value, ndigit, 0, decpt, sign);
}

char *fcvt(double value, int ndigit, int *decpt, int *sign) { return cvt(value, ndigit, 1, decpt, sign); }

char *gcvt(double value, int ndigit, char *buf) {
  extern int sprintf(char *, const char *, ...);
  if (ndigit < 1) ndigit = 1;
  if (ndigit > 17) ndigit = 17;
  sprintf(buf, "%.*g", ndigit, value);
  return buf;
}

/* ---------------------------------------------------------------- to binary */

#define BN 160 /* 32-bit limbs: 5,120 bits */

struct big {
  int n;
  uint32_t w[BN];
};

static void big_muladd(struct big *a, uint32_t f, uint32_t add) {
  uint64_t carry = add;
  for (int i = 0; i < a->n; i++) {
    uint64_t t = (uint64_t)a->w[i] * f + carry;
    a->w[i] = (uint32_t)t;
    carry = t >> 32;
  }
  if (carry != 0 && a->n < BN) a->w[a->n++] = (uint32_t)carry;
}

static int big_bits(const struct big *a) {
  if (a->n == 0) return 0;
  uint32_t t = a->w[a->n - 1];
  int b = 32 * (a->n - 1);
  while (t != 0) {
    b++;
    t >>= 1;
  }
  return b;
}

static void big_shl(struct big *a, int s) {
  int ws = s / 32, bs = s % 32;
  if (a->n == 0) return;
  int n = a->n + ws + 1;
  if (n > BN) n = BN;
  for (int i = n - 1; i >= 0; i--) {
    int j = i - ws;
    uint32_t hi = j >= 0 && j < a->n ? a->w[j] : 0;
    uint32_t lo = j - 1 >= 0 && j - 1 < a->n ? a->w[j - 1] : 0;
    a->w[i] = bs ? (hi << bs) | (lo >> (32 - bs)) : hi;
  }
  a->n = n;
  while (a->n > 0 && a->w[a->n - 1] == 0) a->n--;
}

static void big_shr1(struct big *a) {
  for (int i = 0; i < a->n; i++) a->w[i] = (a->w[i] >> 1) | (i + 1 < a->n ? a->w[i + 1] << 31 : 0);
  while (a->n > 0 && a->w[a->n - 1] == 0) a->n--;
}

static int big_cmp(const struct big *a, const struct big *b) {
  if (a->n != b->n) return a->n < b->n ? -1 : 1;
  for (int i = a->n - 1; i >= 0; i--)
    if (a->w[i] != b->w[i]) return a->w[i] < b->w[i] ? -1 : 1;
  return 0;
}

static void big_sub(struct big *a, const struct big *b) { /* a -= b, a >= b */
  uint32_t borrow = 0;
  for (int i = 0; i < a->n; i++) {
    uint32_t bi = i < b->n ? b->w[i] : 0;
    uint64_t t = (uint64_t)a->w[i] - bi - borrow;
    a->w[i] = (uint32_t)t;
    borrow = (uint32_t)(t >> 63);
  }
  while (a->n > 0 && a->w[a->n - 1] == 0) a->n--;
}

static void big_pow10(struct big *a, int k) {
  for (; k >= 9; k -= 9) big_muladd(a, E9, 0);
  static const uint32_t p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
  if (k > 0) big_muladd(a, p10[k], 0);
}

double __atod(const char *dig, int nd, int x, int sticky, int neg, int *range) {
  static struct big num, den, dsh;
  union dbits r;
  int mode = __fp_mode();
  *range = 0;
  if (nd == 0) {
    r.u = (uint64_t)neg << 63;
    return r.d;
  }
  if (nd + x > 310) goto overflow;
  if (nd + x < -340) { /* far below the smallest denormal: any such value rounds alike */
    dig = "1";
    nd = 1;
    x = -342;
    sticky = 1;
  }
  num.n = 0;
  for (int i = 0; i < nd; i += 9) {
    uint32_t chunk = 0, scale = 1;
    for (int j = i; j < nd && j < i + 9; j++) {
      chunk = chunk * 10 + (uint32_t)(dig[j] - '0');
      scale *= 10;
    }
    if (num.n == 0) {
      if (chunk != 0) {
        num.w[0] = chunk;
        num.n = 1;
      }
    } else big_muladd(&num, scale, chunk);
  }
  den.n = 1;
  den.w[0] = 1;
  if (x > 0) big_pow10(&num, x);
  else big_pow10(&den, -x);
  int e2 = big_bits(&num) - big_bits(&den) - 55;
  if (e2 > 0) big_shl(&den, e2);
  else big_shl(&num, -e2);
  /* q = num / den, 55 or 56 bits */
  dsh = den;
  big_shl(&dsh, 56);
  uint64_t q = 0;
  for (int i = 56; i >= 0; i--) {
    if (big_cmp(&num, &dsh) >= 0) {
      big_sub(&num, &dsh);
      q |= 1ull << i;
    }
    big_shr1(&dsh);
  }
  if (num.n != 0) sticky = 1;
  int len = 0;
  for (uint64_t t = q; t != 0; t >>= 1) len++;
  int E = e2 + len - 1; /* the exponent of the leading bit */
  if (E > 1023) goto overflow;
  int keep = E >= -1022 ? 53 : 53 - (-1022 - E);
  int drop = len - keep;
  uint64_t mant, rem = 0, half;
  if (drop > 63) {
    mant = 0; /* far below half of the last place */
    rem = 0;
    half = 1;
    sticky = 1;
  } else {
    mant = q >> drop;
    rem = q & ((1ull << drop) - 1);
    half = 1ull << (drop - 1);
  }
  int inexact = rem != 0 || sticky;
  int up;
  switch (mode) {
  case 1:
    up = 0;
    break;
  case 2:
    up = neg && inexact;
    break;
  case 3:
    up = !neg && inexact;
    break;
  default:
    up = rem > half || (rem == half && (sticky || (mant & 1)));
  }
  mant += (uint64_t)up;
  /* A carry out of the mantissa moves into the exponent field by itself. */
  r.u = (keep == 53 ? ((uint64_t)(E + 1022) << 52) : 0) + mant;
  if ((r.u >> 52) >= 0x7ff) *range = 1;
  else if (inexact && (r.u >> 52) == 0) *range = 1; /* underflow: tiny and inexact */
  r.u |= (uint64_t)neg << 63;
  return r.d;

overflow:
  *range = 1;
  if (mode == 1 || (mode == 2 && !neg) || (mode == 3 && neg)) r.u = 0x7fefffffffffffffull;
  else r.u = 0x7ff0000000000000ull;
  r.u |= (uint64_t)neg << 63;
  return r.d;
}

/* Does s start with word (case ignored)? */
static int prefix(const char *s, const char *word) {
  for (; *word; s++, word++)
    if (tolower((unsigned char)*s) != *word) return 0;
  return 1;
}

double strtod(const char *s, char **endp) {
  const char *p = s;
  char dig[DTOA_DIGITS + 1];
  int nd = 0, x = 0, sticky = 0, any = 0, neg = 0;
  union dbits r;
  while (isspace((unsigned char)*p)) p++;
  if (*p == '+' || *p == '-') neg = *p++ == '-';
  if (prefix(p, "inf")) {
    p += prefix(p, "infinity") ? 8 : 3;
    r.u = 0x7ff0000000000000ull | (uint64_t)neg << 63;
    if (endp) *endp = (char *)p;
    return r.d;
  }
  if (prefix(p, "nan")) {
    p += 3;
    if (*p == '(') {
      const char *q = p + 1;
      while (isalnum((unsigned char)*q) || *q == '_') q++;
      if (*q == ')') p = q + 1;
    }
    r.u = 0x7ff8000000000000ull | (uint64_t)neg << 63;
    if (endp) *endp = (char *)p;
    return r.d;
  }
  for (; isdigit((unsigned char)*p); p++) {
    any = 1;
    if (nd == 0 && *p == '0') continue;
    if (nd < DTOA_DIGITS) dig[nd++] = *p;
    else {
      x++;
      if (*p != '0') sticky = 1;
    }
  }
  if (*p == '.') {
    p++;
    for (; isdigit((unsigned char)*p); p++) {
      any = 1;
      if (nd == 0 && *p == '0') {
        x--;
        continue;
      }
      if (nd < DTOA_DIGITS) {
        dig[nd++] = *p;
        x--;
      } else if (*p != '0') sticky = 1;
    }
  }
  if (!any) {
    if (endp) *endp = (char *)s;
    return 0.0;
  }
  if (*p == 'e' || *p == 'E') {
    const char *q = p + 1;
    int eneg = 0, ex = 0;
    if (*q == '+' || *q == '-') eneg = *q++ == '-';
    if (isdigit((unsigned char)*q)) {
      for (; isdigit((unsigned char)*q); q++)
        if (ex < 100000) ex = ex * 10 + (*q - '0');
      x += eneg ? -ex : ex;
      p = q;
    }
  }
  if (endp) *endp = (char *)p;
  while (nd > 0 && dig[nd - 1] == '0') { /* trailing zeros: a smaller integer */
    nd--;
    x++;
  }
  int range;
  double d = __atod(dig, nd, x, sticky, neg, &range);
  if (range) errno = ERANGE;
  return d;
}

double atof(const char *s) { return strtod(s, (char **)0); }

float strtof(const char *s, char **endp) { return (float)strtod(s, endp); }
