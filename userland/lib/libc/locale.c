/* The C locale, the only one there is (ANSI C's <locale.h>): setlocale
 * accepts "C", "POSIX" and "" (the environment's, which is "C" here) for
 * any category and refuses any other name; localeconv describes it;
 * strcoll and strxfrm order strings by their bytes. */
#include <limits.h>
#include <locale.h>
#include <string.h>

char *setlocale(int category, const char *locale) {
  if (category < LC_CTYPE || category > LC_ALL) return NULL;
  if (locale == NULL || locale[0] == 0 || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0)
    return "C";
  return NULL;
}

struct lconv *localeconv(void) {
  static struct lconv c = {".", "", "", "", "", "", "", "", "", "", CHAR_MAX, CHAR_MAX,
                           CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX};
  return &c;
}

int strcoll(const char *a, const char *b) { return strcmp(a, b); }

/* The transformed string is the string itself: its length, copied if it fits in n. */
size_t strxfrm(char *dst, const char *src, size_t n) {
  size_t len = strlen(src);
  if (len < n) memcpy(dst, src, len + 1);
  return len;
}
