/* Number conversion, sorting, searching, random numbers, abs/div. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Parses the optional sign and base prefix, then the digits, into an unsigned
 * 64-bit value. *neg gets the sign; *overflow is set if the digits did not fit
 * in 'limit'. Returns the end of the number, or s itself if there was none. */
static const char *scan_number(const char *s, int base, unsigned long long limit, int *neg,
                               int *overflow, unsigned long long *out) {
  const char *start = s;
  unsigned long long v = 0;
  int any = 0;
  *neg = 0;
  *overflow = 0;
  while (isspace((unsigned char)*s)) s++;
  if (*s == '-' || *s == '+') {
    *neg = *s == '-';
    s++;
  }
  if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
      isxdigit((unsigned char)s[2])) {
    s += 2;
    base = 16;
  } else if (base == 0) {
    base = s[0] == '0' ? 8 : 10;
  }
  if (base < 2 || base > 36) {
    errno = EINVAL;
    *out = 0;
    return start;
  }
  for (;; s++) {
    int c = (unsigned char)*s;
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
    else break;
    if (d >= base) break;
    any = 1;
    if (v > (limit - (unsigned)d) / (unsigned)base) *overflow = 1;
    else v = v * (unsigned)base + (unsigned)d;
  }
  *out = v;
  return any ? s : start;
}

long strtol(const char *s, char **end, int base) {
  int neg, ovf;
  unsigned long long v;
  const char *e = scan_number(s, base, (unsigned long long)LONG_MAX + 1, &neg, &ovf, &v);
  if (end != NULL) *end = (char *)e;
  if (ovf || (!neg && v > LONG_MAX)) {
    errno = ERANGE;
    return neg ? LONG_MIN : LONG_MAX;
  }
  return neg ? (long)(0 - (unsigned long)v) : (long)v;
}

unsigned long strtoul(const char *s, char **end, int base) {
  int neg, ovf;
  unsigned long long v;
  const char *e = scan_number(s, base, ULONG_MAX, &neg, &ovf, &v);
  if (end != NULL) *end = (char *)e;
  if (ovf) {
    errno = ERANGE;
    return ULONG_MAX;
  }
  return neg ? 0 - (unsigned long)v : (unsigned long)v;
}

long long strtoll(const char *s, char **end, int base) {
  int neg, ovf;
  unsigned long long v;
  const char *e = scan_number(s, base, (unsigned long long)LLONG_MAX + 1, &neg, &ovf, &v);
  if (end != NULL) *end = (char *)e;
  if (ovf || (!neg && v > LLONG_MAX)) {
    errno = ERANGE;
    return neg ? LLONG_MIN : LLONG_MAX;
  }
  return neg ? (long long)(0 - v) : (long long)v;
}

unsigned long long strtoull(const char *s, char **end, int base) {
  int neg, ovf;
  unsigned long long v;
  const char *e = scan_number(s, base, ULLONG_MAX, &neg, &ovf, &v);
  if (end != NULL) *end = (char *)e;
  if (ovf) {
    errno = ERANGE;
    return ULLONG_MAX;
  }
  return neg ? 0 - v : v;
}

int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }

div_t div(int num, int den) {
  div_t r;
  r.quot = num / den;
  r.rem = num % den;
  return r;
}

ldiv_t ldiv(long num, long den) {
  ldiv_t r;
  r.quot = num / den;
  r.rem = num % den;
  return r;
}

static void swap_bytes(char *a, char *b, size_t n) {
  while (n-- > 0) {
    char t = *a;
    *a++ = *b;
    *b++ = t;
  }
}

/* Quicksort with median-of-three, recursing on the smaller side; insertion
 * sort for short runs. */
static void sort(char *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  while (n > 8) {
    char *lo = base;
    char *mid = base + (n / 2) * size;
    char *hi = base + (n - 1) * size;
    if (cmp(mid, lo) < 0) swap_bytes(mid, lo, size);
    if (cmp(hi, mid) < 0) {
      swap_bytes(hi, mid, size);
      if (cmp(mid, lo) < 0) swap_bytes(mid, lo, size);
    }
    /* pivot to the front */
    swap_bytes(base, mid, size);
    char *i = base + size;
    char *j = hi;
    for (;;) {
      while (i <= j && cmp(i, base) < 0) i += size;
      while (i <= j && cmp(j, base) > 0) j -= size;
      if (i >= j) break;
      swap_bytes(i, j, size);
      i += size;
      j -= size;
    }
    swap_bytes(base, j, size);
    size_t left = (size_t)(j - base) / size;
    size_t right = n - left - 1;
    if (left < right) {
      sort(base, left, size, cmp);
      base = j + size;
      n = right;
    } else {
      sort(j + size, right, size, cmp);
      n = left;
    }
  }
  for (size_t k = 1; k < n; k++) {
    for (char *p = base + k * size; p > base && cmp(p - size, p) > 0; p -= size) {
      swap_bytes(p - size, p, size);
    }
  }
}

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  if (n > 1 && size > 0) sort(base, n, size, cmp);
}

void *bsearch(const void *key, const void *base, size_t n, size_t size,
              int (*cmp)(const void *, const void *)) {
  size_t lo = 0;
  size_t hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const char *p = (const char *)base + mid * size;
    int c = cmp(key, p);
    if (c == 0) return (void *)p;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return NULL;
}

static unsigned long rand_state = 1;

int rand(void) {
  rand_state = rand_state * 1103515245UL + 12345UL;
  return (int)((rand_state >> 1) & RAND_MAX);
}

void srand(unsigned seed) { rand_state = seed; }
