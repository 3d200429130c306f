/* The libc's own functions, without any system call beyond write and brk:
 * printf/scanf, strings, ctype, strtol, qsort/bsearch, malloc, setjmp,
 * time conversion, getenv/setenv. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"

static char out[256];

#define FMT(want, ...)                                                       \
  do {                                                                       \
    int n_ = snprintf(out, sizeof(out), __VA_ARGS__);                        \
    CHECK(strcmp(out, want) == 0 && n_ == (int)strlen(want), "printf %s -> \"%s\"", #__VA_ARGS__, out); \
  } while (0)

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return x < y ? -1 : x > y;
}

static jmp_buf jb;
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int depth_reached;

/* Recurses until depth 50, then jumps all the way back out. */
static void dive(int n) {
  volatile char pad[64];
  pad[0] = (char)n;
  depth_reached = n + pad[0] - pad[0];
  if (n < 50) dive(n + 1);
  else longjmp(jb, 7);
}

int main(void) {
  /* printf */
  FMT("42", "%d", 42);
  FMT("-42", "%i", -42);
  FMT("|   42|", "|%5d|", 42);
  FMT("|42   |", "|%-5d|", 42);
  FMT("|00042|", "|%05d|", 42);
  FMT("+42  42", "%+d % d", 42, 42);
  FMT("-2147483648", "%d", INT_MIN);
  FMT("4294967295", "%u", 4294967295u);
  FMT("ff FF 0xff 0XFF", "%x %X %#x %#X", 255, 255, 255, 255);
  FMT("777 0777 0", "%o %#o %#o", 0777, 0777, 0);
  FMT("00255", "%.5d", 255);
  FMT("  -007", "%6.3d", -7);
  FMT("", "%.0d", 0);
  FMT("c|A|  B", "c|%c|%3c", 'A', 'B');
  FMT("hello|  hel|hel  |", "%s|%5.3s|%-5.3s|", "hello", "hello", "hello");
  char *volatile nothing = NULL;
  FMT("(null)", "%s", nothing);
  FMT("100%", "%d%%", 100);
  FMT("12345678901234", "%lld", 12345678901234LL);
  FMT("-9223372036854775808", "%lld", (long long)LLONG_MIN);
  FMT("ffffffffffffffff", "%llx", 0xffffffffffffffffULL);
  FMT("123456", "%ld", 123456L);
  FMT("-1 65535 255", "%hd %hu %hhu", 65535, 65535, 511);
  FMT("0x1234", "%p", (void *)0x1234);
  FMT("[    x]", "[%*s]", 5, "x");
  FMT("[x    ]", "[%-*s]", 5, "x");
  FMT("3.14", "%.*s", 4, "3.14159");
  int cnt = 0;
  snprintf(out, sizeof(out), "abc%n", &cnt);
  CHECK(cnt == 3, "%%n stores 3");
  CHECK(snprintf(out, 4, "%s", "truncated") == 9 && strcmp(out, "tru") == 0, "snprintf truncates, returns the full length");

  /* scanf */
  int a = 0, b = 0;
  unsigned u = 0;
  char s1[16], s2[16];
  CHECK(sscanf("  12 -34", "%d %d", &a, &b) == 2 && a == 12 && b == -34, "sscanf %%d %%d");
  CHECK(sscanf("0x1f 017 99", "%i %i %u", &a, &b, &u) == 3 && a == 31 && b == 15 && u == 99, "sscanf %%i hex/octal");
  CHECK(sscanf("ff 777", "%x %o", &a, &b) == 2 && a == 255 && b == 511, "sscanf %%x %%o");
  CHECK(sscanf("hello world", "%s %s", s1, s2) == 2 && strcmp(s1, "hello") == 0 && strcmp(s2, "world") == 0,
        "sscanf %%s");
  CHECK(sscanf("abcdef", "%3s%s", s1, s2) == 2 && strcmp(s1, "abc") == 0 && strcmp(s2, "def") == 0, "sscanf widths");
  CHECK(sscanf("key=value;", "%[a-z]=%[^;]", s1, s2) == 2 && strcmp(s1, "key") == 0 && strcmp(s2, "value") == 0,
        "sscanf %%[ ]");
  CHECK(sscanf("12345", "%2d%3d", &a, &b) == 2 && a == 12 && b == 345, "sscanf %%2d%%3d");
  CHECK(sscanf("x", "%c", s1) == 1 && s1[0] == 'x', "sscanf %%c");
  CHECK(sscanf("5 skip 6", "%d %*s %d", &a, &b) == 2 && a == 5 && b == 6, "sscanf %%*s");
  CHECK(sscanf("", "%d", &a) == EOF, "sscanf on empty input gives EOF");
  CHECK(sscanf("abc", "%d", &a) == 0, "sscanf mismatch gives 0");
  CHECK(sscanf("50%", "%d%%", &a) == 1 && a == 50, "sscanf %%%%");

  /* strings */
  char buf[64];
  strcpy(buf, "hello");
  strcat(buf, ", world");
  CHECK(strcmp(buf, "hello, world") == 0 && strlen(buf) == 12, "strcpy/strcat/strlen");
  CHECK(strncmp("abcd", "abce", 3) == 0 && strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0, "strcmp/strncmp");
  CHECK(strchr(buf, 'o') == buf + 4 && strrchr(buf, 'o') == buf + 8 && strchr(buf, 'z') == NULL, "strchr/strrchr");
  CHECK(strstr(buf, "world") == buf + 7 && strstr(buf, "xyz") == NULL, "strstr");
  CHECK(strspn("aabbc", "ab") == 4 && strcspn("hello", "l") == 2, "strspn/strcspn");
  CHECK(strcasecmp("HeLLo", "hello") == 0 && strncasecmp("ABCx", "abcy", 3) == 0, "strcasecmp");
  char tok[] = "a,b,,c";
  char *t1 = strtok(tok, ",");
  char *t2 = strtok(NULL, ",");
  char *t3 = strtok(NULL, ",");
  CHECK(t1 && t2 && t3 && strcmp(t1, "a") == 0 && strcmp(t2, "b") == 0 && strcmp(t3, "c") == 0 &&
            strtok(NULL, ",") == NULL,
        "strtok");
  memset(buf, 'x', sizeof(buf));
  CHECK(buf[0] == 'x' && buf[63] == 'x', "memset");
  memcpy(buf, "0123456789", 10);
  memmove(buf + 2, buf, 8);
  CHECK(memcmp(buf, "0101234567", 10) == 0, "memmove forwards overlap");
  memmove(buf, buf + 2, 8);
  CHECK(memcmp(buf, "01234567", 8) == 0, "memmove backwards overlap");
  char *dup = strdup("copy");
  CHECK(dup != NULL && strcmp(dup, "copy") == 0, "strdup");
  free(dup);
  CHECK(strcmp(strerror(ENOENT), "No such file or directory") == 0, "strerror(ENOENT)");

  /* ctype */
  CHECK(isdigit('7') && !isdigit('a') && isalpha('Q') && isspace('\t') && isupper('A') && islower('z') &&
            isxdigit('F') && !isxdigit('g') && ispunct('!') && !isprint('\n') && isprint(' ') && !isalpha(EOF) &&
            !isalpha(0xE9),
        "ctype classes");
  CHECK(toupper('a') == 'A' && tolower('Z') == 'z' && toupper('1') == '1', "toupper/tolower");

  /* numbers */
  char *end;
  CHECK(strtol("  -123abc", &end, 10) == -123 && *end == 'a', "strtol");
  CHECK(strtol("0x7fffffff", NULL, 0) == 0x7fffffff && strtol("0777", NULL, 0) == 511, "strtol base 0");
  errno = 0;
  CHECK(strtol("99999999999", NULL, 10) == LONG_MAX && errno == ERANGE, "strtol overflow");
  CHECK(strtoul("4294967295", NULL, 10) == 4294967295UL, "strtoul");
  CHECK(strtol("zz", &end, 36) == 1295, "strtol base 36");
  CHECK(strtol("xyz", &end, 10) == 0 && strcmp(end, "xyz") == 0, "strtol with no digits");
  CHECK(atoi("42") == 42 && atoi("-7") == -7 && abs(-5) == 5, "atoi/abs");
  CHECK(strtoll("-9000000000", NULL, 10) == -9000000000LL, "strtoll");

  /* 64-bit arithmetic (libgcc helpers) */
  long long big = 123456789012345LL;
  CHECK(big / 1000 == 123456789012LL && big % 1000 == 345, "64-bit division");
  CHECK((unsigned long long)big * 3 == 370370367037035ULL, "64-bit multiply");

  /* qsort/bsearch */
  int v[200];
  unsigned seed = 1;
  for (int i = 0; i < 200; i++) {
    seed = seed * 1103515245u + 12345u;
    v[i] = (int)(seed >> 8) % 1000;
  }
  qsort(v, 200, sizeof(int), cmp_int);
  int sorted = 1;
  for (int i = 1; i < 200; i++) sorted &= v[i - 1] <= v[i];
  CHECK(sorted, "qsort sorts 200 numbers");
  int key = v[123];
  int *found = bsearch(&key, v, 200, sizeof(int), cmp_int);
  CHECK(found != NULL && *found == key, "bsearch finds one");
  key = 1000;
  CHECK(bsearch(&key, v, 200, sizeof(int), cmp_int) == NULL, "bsearch misses a missing one");

  /* malloc */
  char *ptrs[100];
  int ok = 1;
  for (int i = 0; i < 100; i++) {
    ptrs[i] = malloc((size_t)(i * 37 % 500 + 1));
    if (ptrs[i] == NULL || ((unsigned long)ptrs[i] & 3) != 0) ok = 0;
    else memset(ptrs[i], i, (size_t)(i * 37 % 500 + 1));
  }
  for (int i = 0; i < 100 && ok; i++) {
    for (int k = 0; k < i * 37 % 500 + 1; k++) {
      if (ptrs[i][k] != (char)i) ok = 0;
    }
  }
  for (int i = 0; i < 100; i += 3) free(ptrs[i]);
  for (int i = 0; i < 100; i += 3) ptrs[i] = malloc(64);
  for (int i = 0; i < 100; i++) free(ptrs[i]);
  CHECK(ok, "malloc: 100 aligned blocks keep their contents");

  /* setjmp/longjmp */
  volatile int before = 1;
  int r = setjmp(jb);
  if (r == 0) {
    before = 2;
    dive(0);
  }
  CHECK(r == 7 && before == 2 && depth_reached == 50, "longjmp out of 50 frames returns 7");

  /* time */
  time_t t = 0;
  CHECK(strcmp(ctime(&t), "Thu Jan  1 00:00:00 1970\n") == 0, "ctime(0)");
  t = 951782400; /* 29 Feb 2000 */
  struct tm *tm = gmtime(&t);
  CHECK(tm->tm_year == 100 && tm->tm_mon == 1 && tm->tm_mday == 29 && tm->tm_wday == 2 && tm->tm_yday == 59,
        "gmtime of 29 Feb 2000");
  t = 1234567890;
  strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %a %b %j", gmtime(&t));
  CHECK(strcmp(buf, "2009-02-13 23:31:30 Fri Feb 044") == 0, "strftime: %s", buf);
  struct tm tm2 = *gmtime(&t);
  CHECK(mktime(&tm2) == 1234567890, "mktime inverts gmtime");
  t = -86400;
  tm = gmtime(&t);
  CHECK(tm->tm_year == 69 && tm->tm_mon == 11 && tm->tm_mday == 31, "gmtime before 1970");

  /* environment */
  CHECK(setenv("SUN3LAB_TEST", "one", 1) == 0 && strcmp(getenv("SUN3LAB_TEST"), "one") == 0, "setenv/getenv");
  CHECK(setenv("SUN3LAB_TEST", "two", 0) == 0 && strcmp(getenv("SUN3LAB_TEST"), "one") == 0, "setenv without overwrite");
  unsetenv("SUN3LAB_TEST");
  CHECK(getenv("SUN3LAB_TEST") == NULL, "unsetenv");

  /* stdio to a string sink is done; stdout itself */
  CHECK(printf("%s", "") == 0, "printf of nothing returns 0");
  return DONE("libc");
}
