/* The printf family. One formatting engine writes through a sink function;
 * the sinks are a FILE and a bounded string.
 * Conversions: d i u o x X c s p % n e E f F g G, with flags - + space # 0,
 * field width and precision (numbers or *), and the length modifiers
 * hh h l ll q j z t L. The floating-point conversions are correctly rounded
 * (fltcvt.c) in FPCR's rounding mode; a long double (%Le ...) is printed
 * as the double nearest it, and precisions above 512 are taken as 512. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "fltcvt.h"

typedef void (*sink_fn)(void *ctx, const char *s, size_t n);

struct out {
  sink_fn put;
  void *ctx;
  int count;
};

static void emit(struct out *o, const char *s, size_t n) {
  if (n == 0) return;
  o->put(o->ctx, s, n);
  o->count += (int)n;
}

static void pad(struct out *o, char c, int n) {
  char buf[16];
  memset(buf, c, sizeof(buf));
  while (n > 0) {
    int k = n > 16 ? 16 : n;
    emit(o, buf, (size_t)k);
    n -= k;
  }
}

/* Digits of v in 'base', written backwards ending at 'end'; returns the start. */
static char *utoa(char *end, unsigned long long v, unsigned base, int upper) {
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char *p = end;
  while (v > 0xffffffffULL) {
    *--p = digits[v % base];
    v /= base;
  }
  unsigned long w = (unsigned long)v;
  do {
    *--p = digits[w % base];
    w /= base;
  } while (w != 0);
  return p;
}

#define F_MINUS 1
#define F_PLUS 2
#define F_SPACE 4
#define F_HASH 8
#define F_ZERO 16

#define MAXPREC 512

/* Digit i of the rounded digits d (n of them), zeros beyond. */
static char digit_at(const char *d, int n, int i) { return i >= 0 && i < n ? d[i] : '0'; }

/* %e %f %g and their capitals: the body into buf, returns its length. */
static int fmt_float(char *buf, char conv, int flags, int prec, double v, int *neg) {
  char d[DTOA_DIGITS + 1];
  int decpt;
  int n = __dtoa_exact(v, d, &decpt, neg);
  int upper = conv == 'E' || conv == 'F' || conv == 'G';
  char *p = buf;
  if (n == 0) { /* infinity or NaN, as C99 prints them (with the sign bit, as glibc does) */
    strcpy(buf, d[0] == 'i' ? (upper ? "INF" : "inf") : (upper ? "NAN" : "nan"));
    return 3;
  }
  if (prec < 0) prec = 6;
  if (prec > MAXPREC) prec = MAXPREC;
  char style = (char)(conv | 0x20);
  int strip = 0;
  if (style == 'g') {
    int P = prec == 0 ? 1 : prec;
    n = __round_digits(d, n, P, *neg, &decpt);
    int x = decpt - 1;
    if (d[0] == '0') x = 0;
    if (x < P && x >= -4) {
      style = 'f';
      prec = P - 1 - x;
    } else {
      style = 'e';
      prec = P - 1;
    }
    strip = !(flags & F_HASH);
  }
  char *frac;
  int x = 0;
  if (style == 'e') {
    n = __round_digits(d, n, prec + 1, *neg, &decpt);
    x = d[0] == '0' ? 0 : decpt - 1;
    *p++ = d[0];
    *p++ = '.';
    frac = p;
    for (int i = 1; i <= prec; i++) *p++ = digit_at(d, n, i);
  } else {
    n = __round_digits(d, n, decpt + prec, *neg, &decpt);
    if (n == 0 || decpt <= 0) *p++ = '0';
    else
      for (int i = 0; i < decpt; i++) *p++ = digit_at(d, n, i);
    *p++ = '.';
    frac = p;
    for (int i = 0; i < prec; i++) *p++ = n == 0 ? '0' : digit_at(d, n, decpt + i);
  }
  if (strip)
    while (p > frac && p[-1] == '0') p--;
  if (p == frac && !(flags & F_HASH)) p--; /* no digits after the point: no point */
  if (style == 'e') {
    *p++ = upper ? 'E' : 'e';
    *p++ = x < 0 ? '-' : '+';
    if (x < 0) x = -x;
    if (x >= 100) *p++ = (char)('0' + x / 100);
    *p++ = (char)('0' + x / 10 % 10);
    *p++ = (char)('0' + x % 10);
  }
  return (int)(p - buf);
}

int __format(sink_fn put, void *ctx, const char *fmt, va_list ap) {
  struct out o = {put, ctx, 0};
  while (*fmt) {
    if (*fmt != '%') {
      const char *s = fmt;
      while (*fmt && *fmt != '%') fmt++;
      emit(&o, s, (size_t)(fmt - s));
      continue;
    }
    fmt++;
    int flags = 0;
    for (;; fmt++) {
      if (*fmt == '-') flags |= F_MINUS;
      else if (*fmt == '+') flags |= F_PLUS;
      else if (*fmt == ' ') flags |= F_SPACE;
      else if (*fmt == '#') flags |= F_HASH;
      else if (*fmt == '0') flags |= F_ZERO;
      else break;
    }
    int width = 0;
    if (*fmt == '*') {
      width = va_arg(ap, int);
      if (width < 0) {
        flags |= F_MINUS;
        width = -width;
      }
      fmt++;
    } else {
      while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    }
    int prec = -1;
    if (*fmt == '.') {
      fmt++;
      prec = 0;
      if (*fmt == '*') {
        prec = va_arg(ap, int);
        if (prec < 0) prec = -1;
        fmt++;
      } else {
        while (*fmt >= '0' && *fmt <= '9') prec = prec * 10 + (*fmt++ - '0');
      }
    }
    int size = 0; /* -2 hh, -1 h, 0 int, 1 long, 2 long long */
    for (;; fmt++) {
      if (*fmt == 'h') size--;
      else if (*fmt == 'l') size++;
      else if (*fmt == 'q' || *fmt == 'j' || *fmt == 'L') size = 2;
      else if (*fmt == 'z' || *fmt == 't') size = 1;
      else break;
    }
    char conv = *fmt;
    if (conv == 0) break;
    fmt++;

    char buf[40];
    char *end = buf + sizeof(buf);
    const char *body;
    int len;
    const char *prefix = "";
    int is_number = 0;

    switch (conv) {
    case 'd':
    case 'i': {
      long long v;
      if (size >= 2) v = va_arg(ap, long long);
      else v = va_arg(ap, int); /* int and long are both 32 bits */
      if (size == -1) v = (short)v;
      else if (size <= -2) v = (signed char)v;
      unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
      if (v < 0) prefix = "-";
      else if (flags & F_PLUS) prefix = "+";
      else if (flags & F_SPACE) prefix = " ";
      body = (prec == 0 && u == 0) ? end : utoa(end, u, 10, 0);
      is_number = 1;
      break;
    }
    case 'u':
    case 'o':
    case 'x':
    case 'X':
    case 'p': {
      unsigned long long u;
      unsigned base = conv == 'u' ? 10 : conv == 'o' ? 8 : 16;
      if (conv == 'p') {
        u = (uintptr_t)va_arg(ap, void *);
        flags |= F_HASH;
      } else if (size >= 2) {
        u = va_arg(ap, unsigned long long);
      } else {
        u = va_arg(ap, unsigned int);
        if (size == -1) u = (unsigned short)u;
        else if (size <= -2) u = (unsigned char)u;
      }
      body = (prec == 0 && u == 0) ? end : utoa(end, u, base, conv == 'X');
      if (flags & F_HASH) {
        if (base == 8 && (body == end || *body != '0')) *(char *)(body = body - 1) = '0';
        else if (base == 16 && (u != 0 || conv == 'p')) prefix = conv == 'X' ? "0X" : "0x";
      }
      is_number = 1;
      break;
    }
    case 'c':
      buf[0] = (char)va_arg(ap, int);
      body = buf;
      end = buf + 1;
      break;
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (s == NULL) s = "(null)";
      body = s;
      end = (char *)s + (prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s));
      break;
    }
    case 'n':
      if (size >= 2) *va_arg(ap, long long *) = o.count;
      else if (size == -1) *va_arg(ap, short *) = (short)o.count;
      else if (size <= -2) *va_arg(ap, signed char *) = (signed char)o.count;
      else *va_arg(ap, int *) = o.count;
      continue;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    {
      double v = size >= 2 ? (double)va_arg(ap, long double) : va_arg(ap, double);
      char fbuf[MAXPREC + 340];
      int neg;
      int flen = fmt_float(fbuf, conv, flags, prec, v, &neg);
      const char *sign = neg ? "-" : (flags & F_PLUS) ? "+" : (flags & F_SPACE) ? " " : "";
      int slen = (int)strlen(sign);
      int fill = width > slen + flen ? width - slen - flen : 0;
      int finite = fbuf[0] >= '0' && fbuf[0] <= '9';
      if (!(flags & F_MINUS) && !((flags & F_ZERO) && finite)) pad(&o, ' ', fill);
      emit(&o, sign, (size_t)slen);
      if (!(flags & F_MINUS) && (flags & F_ZERO) && finite) pad(&o, '0', fill);
      emit(&o, fbuf, (size_t)flen);
      if (flags & F_MINUS) pad(&o, ' ', fill);
      continue;
    }
    default:
      /* %% and anything unknown: the character itself */
      buf[0] = conv;
      body = buf;
      end = buf + 1;
      break;
    }

    len = (int)(end - body);
    int zeros = 0;
    if (is_number) {
      if (prec >= 0) {
        if (prec > len) zeros = prec - len;
      } else if ((flags & F_ZERO) && !(flags & F_MINUS)) {
        int plen = (int)strlen(prefix);
        if (width > plen + len) zeros = width - plen - len;
      }
    }
    int total = (int)strlen(prefix) + zeros + len;
    if (!(flags & F_MINUS) && width > total) pad(&o, ' ', width - total);
    emit(&o, prefix, strlen(prefix));
    pad(&o, '0', zeros);
    emit(&o, body, (size_t)len);
    if ((flags & F_MINUS) && width > total) pad(&o, ' ', width - total);
  }
  return o.count;
}

static void file_sink(void *ctx, const char *s, size_t n) { fwrite(s, 1, n, (FILE *)ctx); }

int vfprintf(FILE *f, const char *fmt, va_list ap) {
  int n = __format(file_sink, f, fmt, ap);
  return ferror(f) ? -1 : n;
}

int vprintf(const char *fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

int fprintf(FILE *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

int printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

struct strbuf {
  char *p;
  size_t room; /* bytes that may still be stored, not counting the final NUL */
};

static void str_sink(void *ctx, const char *s, size_t n) {
  struct strbuf *b = ctx;
  size_t k = n < b->room ? n : b->room;
  memcpy(b->p, s, k);
  b->p += k;
  b->room -= k;
}

int vsnprintf(char *s, size_t size, const char *fmt, va_list ap) {
  char dummy;
  struct strbuf b;
  if (size == 0) {
    b.p = &dummy;
    b.room = 0;
  } else {
    b.p = s;
    b.room = size - 1;
  }
  int n = __format(str_sink, &b, fmt, ap);
  if (size > 0) *b.p = 0;
  return n;
}

int vsprintf(char *s, const char *fmt, va_list ap) { return vsnprintf(s, 0x7fffffff, fmt, ap); }

int snprintf(char *s, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(s, size, fmt, ap);
  va_end(ap);
  return n;
}

int sprintf(char *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(s, 0x7fffffff, fmt, ap);
  va_end(ap);
  return n;
}
