/* Time conversion. There are no time zones: local time is UTC. */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

static const char *const day_names[] = {"Sunday", "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};
static const char *const month_names[] = {"January", "February", "March",     "April",
                                          "May",     "June",     "July",      "August",
                                          "September", "October", "November", "December"};
static const short days_before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

static int leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

time_t time(time_t *t) {
  struct timeval tv;
  time_t now = gettimeofday(&tv, NULL) < 0 ? (time_t)-1 : tv.tv_sec;
  if (t != NULL) *t = now;
  return now;
}

struct tm *gmtime(const time_t *t) {
  static struct tm tm;
  long secs = *t;
  long days = secs / 86400;
  long rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    days--;
  }
  tm.tm_hour = (int)(rem / 3600);
  tm.tm_min = (int)(rem % 3600 / 60);
  tm.tm_sec = (int)(rem % 60);
  /* 1 Jan 1970 was a Thursday */
  long wday = (days + 4) % 7;
  tm.tm_wday = (int)(wday < 0 ? wday + 7 : wday);
  long year = 1970;
  for (;;) {
    long len = leap(year) ? 366 : 365;
    if (days < 0) {
      year--;
      days += leap(year) ? 366 : 365;
    } else if (days >= len) {
      days -= len;
      year++;
    } else {
      break;
    }
  }
  tm.tm_year = (int)(year - 1900);
  tm.tm_yday = (int)days;
  int mon = 11;
  while (mon > 0 && days < days_before[mon] + (mon >= 2 && leap(year))) mon--;
  tm.tm_mon = mon;
  tm.tm_mday = (int)(days - days_before[mon] - (mon >= 2 && leap(year))) + 1;
  tm.tm_isdst = 0;
  tm.tm_zone = "GMT";
  tm.tm_gmtoff = 0;
  return &tm;
}

struct tm *localtime(const time_t *t) { return gmtime(t); }

time_t timegm(struct tm *tm) {
  long year = 1900L + tm->tm_year;
  long mon = tm->tm_mon;
  year += mon / 12;
  mon %= 12;
  if (mon < 0) {
    mon += 12;
    year--;
  }
  long days = 0;
  for (long y = 1970; y < year; y++) days += leap(y) ? 366 : 365;
  for (long y = year; y < 1970; y++) days -= leap(y) ? 366 : 365;
  days += days_before[mon] + (mon >= 2 && leap(year)) + tm->tm_mday - 1;
  time_t t = ((days * 24 + tm->tm_hour) * 60 + tm->tm_min) * 60 + tm->tm_sec;
  *tm = *gmtime(&t);
  return t;
}

time_t mktime(struct tm *tm) { return timegm(tm); }

char *asctime(const struct tm *tm) {
  static char buf[32];
  snprintf(buf, sizeof(buf), "%.3s %.3s %2d %02d:%02d:%02d %d\n", day_names[tm->tm_wday % 7],
           month_names[tm->tm_mon % 12], tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
           1900 + tm->tm_year);
  return buf;
}

char *ctime(const time_t *t) { return asctime(localtime(t)); }

/* clock(): the processor time used so far, user and system, in
 * CLOCKS_PER_SEC units (microseconds), from getrusage; -1 if unknown. */
clock_t clock(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) < 0) return (clock_t)-1;
  return (clock_t)((ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * CLOCKS_PER_SEC + ru.ru_utime.tv_usec +
                   ru.ru_stime.tv_usec);
}

struct fmtbuf {
  char *p;
  size_t left;
  int overflow;
};

static void add(struct fmtbuf *b, const char *s) {
  size_t n = strlen(s);
  if (n >= b->left) {
    b->overflow = 1;
    n = b->left > 0 ? b->left - 1 : 0;
  }
  memcpy(b->p, s, n);
  b->p += n;
  b->left -= n;
}

static void addnum(struct fmtbuf *b, const char *fmt, int v) {
  char tmp[16];
  snprintf(tmp, sizeof(tmp), fmt, v);
  add(b, tmp);
}

static void format(struct fmtbuf *b, const char *fmt, const struct tm *tm) {
  char tmp[8];
  for (; *fmt && !b->overflow; fmt++) {
    if (*fmt != '%' || fmt[1] == 0) {
      tmp[0] = *fmt;
      tmp[1] = 0;
      add(b, tmp);
      continue;
    }
    switch (*++fmt) {
    case 'a':
      snprintf(tmp, sizeof(tmp), "%.3s", day_names[tm->tm_wday % 7]);
      add(b, tmp);
      break;
    case 'A':
      add(b, day_names[tm->tm_wday % 7]);
      break;
    case 'b':
    case 'h':
      snprintf(tmp, sizeof(tmp), "%.3s", month_names[tm->tm_mon % 12]);
      add(b, tmp);
      break;
    case 'B':
      add(b, month_names[tm->tm_mon % 12]);
      break;
    case 'c':
      format(b, "%a %b %e %H:%M:%S %Y", tm);
      break;
    case 'C':
      addnum(b, "%02d", (1900 + tm->tm_year) / 100);
      break;
    case 'd':
      addnum(b, "%02d", tm->tm_mday);
      break;
    case 'D':
      format(b, "%m/%d/%y", tm);
      break;
    case 'e':
      addnum(b, "%2d", tm->tm_mday);
      break;
    case 'H':
      addnum(b, "%02d", tm->tm_hour);
      break;
    case 'I':
      addnum(b, "%02d", tm->tm_hour % 12 == 0 ? 12 : tm->tm_hour % 12);
      break;
    case 'j':
      addnum(b, "%03d", tm->tm_yday + 1);
      break;
    case 'm':
      addnum(b, "%02d", tm->tm_mon + 1);
      break;
    case 'M':
      addnum(b, "%02d", tm->tm_min);
      break;
    case 'n':
      add(b, "\n");
      break;
    case 'p':
      add(b, tm->tm_hour < 12 ? "AM" : "PM");
      break;
    case 'r':
      format(b, "%I:%M:%S %p", tm);
      break;
    case 'R':
      format(b, "%H:%M", tm);
      break;
    case 'S':
      addnum(b, "%02d", tm->tm_sec);
      break;
    case 't':
      add(b, "\t");
      break;
    case 'T':
      format(b, "%H:%M:%S", tm);
      break;
    case 'u':
      addnum(b, "%d", tm->tm_wday == 0 ? 7 : tm->tm_wday);
      break;
    case 'w':
      addnum(b, "%d", tm->tm_wday);
      break;
    case 'x':
      format(b, "%m/%d/%y", tm);
      break;
    case 'X':
      format(b, "%H:%M:%S", tm);
      break;
    case 'y':
      addnum(b, "%02d", (1900 + tm->tm_year) % 100);
      break;
    case 'Y':
      addnum(b, "%d", 1900 + tm->tm_year);
      break;
    case 'Z':
      add(b, "GMT");
      break;
    case '%':
      add(b, "%");
      break;
    default:
      tmp[0] = '%';
      tmp[1] = *fmt;
      tmp[2] = 0;
      add(b, tmp);
      break;
    }
  }
}

size_t strftime(char *s, size_t max, const char *fmt, const struct tm *tm) {
  struct fmtbuf b = {s, max, 0};
  if (max == 0) return 0;
  format(&b, fmt, tm);
  *b.p = 0;
  return b.overflow ? 0 : (size_t)(b.p - s);
}
