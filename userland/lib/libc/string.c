/* The string and memory functions. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
    while (n >= 16) {
      ((uint32_t *)d)[0] = ((const uint32_t *)s)[0];
      ((uint32_t *)d)[1] = ((const uint32_t *)s)[1];
      ((uint32_t *)d)[2] = ((const uint32_t *)s)[2];
      ((uint32_t *)d)[3] = ((const uint32_t *)s)[3];
      d += 16;
      s += 16;
      n -= 16;
    }
    while (n >= 4) {
      *(uint32_t *)d = *(const uint32_t *)s;
      d += 4;
      s += 4;
      n -= 4;
    }
  }
  while (n-- > 0) *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d == s || n == 0) return dst;
  if (d < s || d >= s + n) return memcpy(dst, src, n);
  d += n;
  s += n;
  while (n-- > 0) *--d = *--s;
  return dst;
}

void *memset(void *p, int c, size_t n) {
  unsigned char *d = p;
  unsigned char b = (unsigned char)c;
  while (n > 0 && ((uintptr_t)d & 3) != 0) {
    *d++ = b;
    n--;
  }
  uint32_t w = b * 0x01010101u;
  while (n >= 16) {
    ((uint32_t *)d)[0] = w;
    ((uint32_t *)d)[1] = w;
    ((uint32_t *)d)[2] = w;
    ((uint32_t *)d)[3] = w;
    d += 16;
    n -= 16;
  }
  while (n >= 4) {
    *(uint32_t *)d = w;
    d += 4;
    n -= 4;
  }
  while (n-- > 0) *d++ = b;
  return p;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a;
  const unsigned char *y = b;
  for (; n > 0; n--, x++, y++) {
    if (*x != *y) return *x - *y;
  }
  return 0;
}

void *memchr(const void *s, int c, size_t n) {
  const unsigned char *p = s;
  for (; n > 0; n--, p++) {
    if (*p == (unsigned char)c) return (void *)p;
  }
  return NULL;
}

size_t strlen(const char *s) {
  const char *p = s;
  while (*p) p++;
  return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max) {
  size_t n = 0;
  while (n < max && s[n]) n++;
  return n;
}

char *strcpy(char *dst, const char *src) {
  char *d = dst;
  while ((*d++ = *src++) != 0) {
  }
  return dst;
}

char *strncpy(char *dst, const char *src, size_t n) {
  size_t i = 0;
  for (; i < n && src[i]; i++) dst[i] = src[i];
  for (; i < n; i++) dst[i] = 0;
  return dst;
}

char *strcat(char *dst, const char *src) {
  strcpy(dst + strlen(dst), src);
  return dst;
}

char *strncat(char *dst, const char *src, size_t n) {
  char *d = dst + strlen(dst);
  while (n-- > 0 && *src) *d++ = *src++;
  *d = 0;
  return dst;
}

int strcmp(const char *a, const char *b) {
  while (*a && *a == *b) {
    a++;
    b++;
  }
  return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n) {
  for (; n > 0; n--, a++, b++) {
    if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
    if (*a == 0) return 0;
  }
  return 0;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

int strcasecmp(const char *a, const char *b) {
  while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
    a++;
    b++;
  }
  return lower((unsigned char)*a) - lower((unsigned char)*b);
}

int strncasecmp(const char *a, const char *b, size_t n) {
  for (; n > 0; n--, a++, b++) {
    int x = lower((unsigned char)*a);
    int y = lower((unsigned char)*b);
    if (x != y) return x - y;
    if (x == 0) return 0;
  }
  return 0;
}

char *strchr(const char *s, int c) {
  for (;; s++) {
    if (*s == (char)c) return (char *)s;
    if (*s == 0) return NULL;
  }
}

char *strrchr(const char *s, int c) {
  const char *found = NULL;
  for (;; s++) {
    if (*s == (char)c) found = s;
    if (*s == 0) return (char *)found;
  }
}

char *strstr(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  if (n == 0) return (char *)hay;
  for (; *hay; hay++) {
    if (*hay == *needle && strncmp(hay, needle, n) == 0) return (char *)hay;
  }
  return NULL;
}

size_t strspn(const char *s, const char *accept) {
  size_t n = 0;
  while (s[n] && strchr(accept, s[n]) != NULL) n++;
  return n;
}

size_t strcspn(const char *s, const char *reject) {
  size_t n = 0;
  while (s[n] && strchr(reject, s[n]) == NULL) n++;
  return n;
}

char *strpbrk(const char *s, const char *accept) {
  s += strcspn(s, accept);
  return *s ? (char *)s : NULL;
}

/* strtok_r: the next token of s (NULL: go on from *save), its end replaced by a NUL. */
char *strtok_r(char *s, const char *delim, char **save) {
  if (s == NULL) s = *save;
  if (s == NULL) return NULL;
  s += strspn(s, delim);
  if (*s == 0) {
    *save = NULL;
    return NULL;
  }
  char *end = s + strcspn(s, delim);
  if (*end) {
    *end = 0;
    *save = end + 1;
  } else {
    *save = NULL;
  }
  return s;
}

char *strtok(char *s, const char *delim) {
  static char *next;
  return strtok_r(s, delim, &next);
}

/* strsep (4.4BSD): the field of *sp up to the first delimiter, which becomes
 * a NUL; *sp moves past it (NULL after the last field). Empty fields count. */
char *strsep(char **sp, const char *delim) {
  char *s = *sp;
  if (s == NULL) return NULL;
  char *end = s + strcspn(s, delim);
  if (*end) {
    *end = 0;
    *sp = end + 1;
  } else {
    *sp = NULL;
  }
  return s;
}

/* memccpy: copy up to n bytes, stopping after the first c; a pointer past it in dst, or NULL. */
void *memccpy(void *dst, const void *src, int c, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n-- > 0) {
    if ((*d++ = *s++) == (unsigned char)c) return d;
  }
  return NULL;
}

/* ffs: the number of the lowest bit set, from 1; 0 for none. */
int ffs(int i) {
  if (i == 0) return 0;
  int n = 1;
  while (!(i & 1)) {
    i = (int)((unsigned)i >> 1);
    n++;
  }
  return n;
}

char *strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p != NULL) memcpy(p, s, n);
  return p;
}

char *index(const char *s, int c) { return strchr(s, c); }
char *rindex(const char *s, int c) { return strrchr(s, c); }
void bcopy(const void *src, void *dst, size_t n) { memmove(dst, src, n); }
void bzero(void *s, size_t n) { memset(s, 0, n); }
int bcmp(const void *a, const void *b, size_t n) { return memcmp(a, b, n); }
