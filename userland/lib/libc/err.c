/* err, errx, warn, warnx and their v forms (4.4BSD's <err.h>): a message on
 * standard error, "program: " first, then the formatted text, then — for
 * err and warn — ": " and the description of errno; err and errx then
 * exit with the given status. */
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char *__progname;

static void message(int with_errno, const char *fmt, va_list ap) {
  int e = errno;
  fflush(stdout);
  fprintf(stderr, "%s: ", __progname);
  if (fmt != NULL) {
    vfprintf(stderr, fmt, ap);
    if (with_errno) fputs(": ", stderr);
  }
  if (with_errno) fputs(strerror(e), stderr);
  fputc('\n', stderr);
}

void vwarn(const char *fmt, va_list ap) { message(1, fmt, ap); }
void vwarnx(const char *fmt, va_list ap) { message(0, fmt, ap); }

void verr(int status, const char *fmt, va_list ap) {
  message(1, fmt, ap);
  exit(status);
}

void verrx(int status, const char *fmt, va_list ap) {
  message(0, fmt, ap);
  exit(status);
}

void warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vwarn(fmt, ap);
  va_end(ap);
}

void warnx(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vwarnx(fmt, ap);
  va_end(ap);
}

void err(int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  verr(status, fmt, ap);
}

void errx(int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  verrx(status, fmt, ap);
}
