/* The scanf family. Conversions: d i u o x X c s [ ] p n % e f g E G, with
 * field widths, * (assignment suppression) and the length modifiers
 * hh h l ll q L. A floating-point field is read as strtod reads it (and
 * rounded as correctly: fltcvt.c); %e %f %g store a float, %le ... a double,
 * %Le ... a long double. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct in {
  int (*get)(void *ctx);
  void (*unget)(int c, void *ctx);
  void *ctx;
  int count; /* characters consumed */
};

static int next(struct in *in) {
  int c = in->get(in->ctx);
  if (c != EOF) in->count++;
  return c;
}

static void back(struct in *in, int c) {
  if (c == EOF) return;
  in->unget(c, in->ctx);
  in->count--;
}

static int digit_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

/* Reads an integer of at most 'width' characters. Returns 1 if digits were
 * read, 0 if not (matching failure), EOF at end of input. */
static int scan_int(struct in *in, int width, int base, unsigned long long *out, int *neg) {
  int c = next(in);
  int n = 0;
  int any = 0;
  unsigned long long v = 0;
  *neg = 0;
  if (c == EOF) return EOF;
  if (c == '-' || c == '+') {
    *neg = c == '-';
    n++;
    if (n >= width) return 0;
    c = next(in);
  }
  if ((base == 0 || base == 16) && c == '0' && n + 1 < width) {
    n++;
    any = 1;
    c = next(in);
    if ((c == 'x' || c == 'X') && n + 1 < width) {
      int d = next(in);
      if (digit_value(d) < 16) {
        base = 16;
        n++;
        c = d;
        any = 0;
      } else {
        /* "0x" not followed by a hex digit: the number was 0 */
        back(in, d);
        back(in, c);
        *out = 0;
        return 1;
      }
    } else if (base == 0) {
      base = 8;
    }
  }
  if (base == 0) base = 10;
  while (n < width && c != EOF && digit_value(c) < base) {
    v = v * (unsigned)base + (unsigned)digit_value(c);
    any = 1;
    n++;
    if (n >= width) {
      c = EOF;
      break;
    }
    c = next(in);
  }
  back(in, c);
  *out = v;
  return any ? 1 : 0;
}

#define FLTMAX 1100 /* characters of one floating-point field that are kept */

/* Reads a floating-point number of at most 'width' characters into buf, as
 * strtod's syntax allows: [sign] digits [. digits] [e [sign] digits], or
 * inf, infinity, nan. Returns 1 if it read a number, 0 if not, EOF at end. */
static int scan_float(struct in *in, int width, char *buf) {
  int n = 0, len = 0, digits = 0;
  int c = next(in);
  if (c == EOF) return EOF;
#define TAKE()                                                                                   \
  do {                                                                                           \
    if (len < FLTMAX) buf[len++] = (char)c;                                                      \
    n++;                                                                                         \
    c = n < width ? next(in) : EOF;                                                              \
  } while (0)
  if (c == '+' || c == '-') TAKE();
  if (c == 'i' || c == 'I' || c == 'n' || c == 'N') {
    const char *word = (c == 'i' || c == 'I') ? "infinity" : "nan";
    int k = 0;
    while (word[k] && c != EOF && tolower(c) == word[k]) {
      TAKE();
      k++;
    }
    back(in, c);
    buf[len] = 0;
    return k >= 3 ? 1 : 0;
  }
  while (c != EOF && isdigit(c)) {
    TAKE();
    digits++;
  }
  if (c == '.') {
    TAKE();
    while (c != EOF && isdigit(c)) {
      TAKE();
      digits++;
    }
  }
  if (digits > 0 && (c == 'e' || c == 'E')) {
    TAKE();
    if (c == '+' || c == '-') TAKE();
    while (c != EOF && isdigit(c)) TAKE();
  }
#undef TAKE
  back(in, c);
  buf[len] = 0;
  return digits > 0;
}

static int vscan(struct in *in, const char *fmt, va_list ap) {
  int assigned = 0;
  int c;
  while (*fmt) {
    if (isspace((unsigned char)*fmt)) {
      while (isspace((unsigned char)*fmt)) fmt++;
      while ((c = next(in)) != EOF && isspace(c)) {
      }
      back(in, c);
      continue;
    }
    if (*fmt != '%' || fmt[1] == '%') {
      int want = (unsigned char)*fmt;
      fmt += *fmt == '%' ? 2 : 1;
      if (want == '%') {
        while ((c = next(in)) != EOF && isspace(c)) {
        }
      } else {
        c = next(in);
      }
      if (c != want) {
        back(in, c);
        return (c == EOF && assigned == 0) ? EOF : assigned;
      }
      continue;
    }
    fmt++;
    int suppress = 0;
    if (*fmt == '*') {
      suppress = 1;
      fmt++;
    }
    int width = 0;
    while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    int size = 0;
    for (;; fmt++) {
      if (*fmt == 'h') size--;
      else if (*fmt == 'l') size++;
      else if (*fmt == 'q' || *fmt == 'j' || *fmt == 'L') size = 2;
      else if (*fmt == 'z' || *fmt == 't') size = 1;
      else break;
    }
    char conv = *fmt++;
    if (conv == 0) break;

    if (conv == 'n') {
      if (!suppress) *va_arg(ap, int *) = in->count;
      continue;
    }
    if (conv != 'c' && conv != '[') {
      while ((c = next(in)) != EOF && isspace(c)) {
      }
      if (c == EOF) return assigned == 0 ? EOF : assigned;
      back(in, c);
    }

    switch (conv) {
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X':
    case 'p': {
      int base = conv == 'd' || conv == 'u' ? 10 : conv == 'i' ? 0 : conv == 'o' ? 8 : 16;
      unsigned long long v;
      int neg;
      int r = scan_int(in, width > 0 ? width : 0x7fffffff, base, &v, &neg);
      if (r == EOF) return assigned == 0 ? EOF : assigned;
      if (r == 0) return assigned;
      if (neg) v = 0 - v;
      if (!suppress) {
        if (conv == 'p') *va_arg(ap, void **) = (void *)(unsigned long)v;
        else if (size >= 2) *va_arg(ap, long long *) = (long long)v;
        else if (size == -1) *va_arg(ap, short *) = (short)v;
        else if (size <= -2) *va_arg(ap, signed char *) = (signed char)v;
        else *va_arg(ap, int *) = (int)v;
        assigned++;
      }
      break;
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'a': {
      char fbuf[FLTMAX + 1];
      int r = scan_float(in, width > 0 ? width : 0x7fffffff, fbuf);
      if (r == EOF) return assigned == 0 ? EOF : assigned;
      if (r == 0) return assigned;
      if (!suppress) {
        double v = strtod(fbuf, NULL);
        if (size >= 2) *va_arg(ap, long double *) = v;
        else if (size == 1) *va_arg(ap, double *) = v;
        else *va_arg(ap, float *) = (float)v;
        assigned++;
      }
      break;
    }
    case 'c': {
      if (width == 0) width = 1;
      char *p = suppress ? NULL : va_arg(ap, char *);
      int n = 0;
      while (n < width && (c = next(in)) != EOF) {
        if (p) p[n] = (char)c;
        n++;
      }
      if (n == 0) return assigned == 0 ? EOF : assigned;
      if (n < width) return assigned;
      if (!suppress) assigned++;
      break;
    }
    case 's': {
      char *p = suppress ? NULL : va_arg(ap, char *);
      int n = 0;
      if (width == 0) width = 0x7fffffff;
      while (n < width && (c = next(in)) != EOF && !isspace(c)) {
        if (p) p[n] = (char)c;
        n++;
      }
      if (n < width) back(in, c);
      if (p) p[n] = 0;
      if (!suppress) assigned++;
      break;
    }
    case '[': {
      unsigned char set[256];
      int invert = 0;
      memset(set, 0, sizeof(set));
      if (*fmt == '^') {
        invert = 1;
        fmt++;
      }
      if (*fmt == ']') {
        set[']'] = 1;
        fmt++;
      }
      while (*fmt && *fmt != ']') {
        if (fmt[1] == '-' && fmt[2] && fmt[2] != ']') {
          for (int k = (unsigned char)fmt[0]; k <= (unsigned char)fmt[2]; k++) set[k] = 1;
          fmt += 3;
        } else {
          set[(unsigned char)*fmt++] = 1;
        }
      }
      if (*fmt == ']') fmt++;
      char *p = suppress ? NULL : va_arg(ap, char *);
      int n = 0;
      if (width == 0) width = 0x7fffffff;
      while (n < width && (c = next(in)) != EOF && (set[c] != 0) != invert) {
        if (p) p[n] = (char)c;
        n++;
      }
      if (n < width) back(in, c);
      if (n == 0) return (c == EOF && assigned == 0) ? EOF : assigned;
      if (p) p[n] = 0;
      if (!suppress) assigned++;
      break;
    }
    default:
      return assigned;
    }
  }
  return assigned;
}

static int file_get(void *ctx) { return fgetc((FILE *)ctx); }
static void file_unget(int c, void *ctx) { ungetc(c, (FILE *)ctx); }

int vfscanf(FILE *f, const char *fmt, va_list ap) {
  struct in in = {file_get, file_unget, f, 0};
  return vscan(&in, fmt, ap);
}

int vscanf(const char *fmt, va_list ap) { return vfscanf(stdin, fmt, ap); }

static int str_get(void *ctx) {
  const char **p = ctx;
  if (**p == 0) return EOF;
  return (unsigned char)*(*p)++;
}

static void str_unget(int c, void *ctx) {
  const char **p = ctx;
  (void)c;
  (*p)--;
}

int vsscanf(const char *s, const char *fmt, va_list ap) {
  const char *p = s;
  struct in in = {str_get, str_unget, &p, 0};
  return vscan(&in, fmt, ap);
}

int fscanf(FILE *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfscanf(f, fmt, ap);
  va_end(ap);
  return n;
}

int scanf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfscanf(stdin, fmt, ap);
  va_end(ap);
  return n;
}

int sscanf(const char *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsscanf(s, fmt, ap);
  va_end(ap);
  return n;
}
