/* The libc's binary-decimal conversions against another implementation's
 * answers. `fpconv FILE` reads vectors made by the host's C library
 * (test/fixtures/fp/gen-vectors.c):
 *   P|mode|format|bits|expected   snprintf(format, double with these bits)
 *   S|mode|string|bits            strtod(string)
 * with FPCR's rounding mode set to mode (0 nearest, 1 zero, 2 down, 3 up);
 * it prints the cases that differ and a summary. Without FILE it checks a
 * few of the classic hard cases written in here. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

union dbits {
  double d;
  uint64_t u;
};

static void set_mode(int mode) {
  unsigned long fpcr = (unsigned long)mode << 4;
  __asm__ volatile("fmove.l %0,%%fpcr" : : "d"(fpcr));
}

static uint64_t parse_hex(const char *s) {
  uint64_t v = 0;
  for (; *s; s++) {
    int c = *s;
    v = v * 16 + (uint64_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return v;
}

static char line[4096];

static int run_file(const char *path) {
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    perror(path);
    return 1;
  }
  int printed = 0, scanned = 0;
  while (fgets(line, sizeof line, f) != NULL) {
    char *field[6];
    int n = 0;
    line[strcspn(line, "\n")] = 0;
    for (char *p = line; n < 6;) {
      field[n++] = p;
      p = strchr(p, '|');
      if (p == NULL) break;
      *p++ = 0;
    }
    set_mode(atoi(field[1]));
    if (line[0] == 'P' && n == 5) {
      union dbits b;
      char out[1024];
      b.u = parse_hex(field[3]);
      snprintf(out, sizeof out, field[2], b.d);
      set_mode(0);
      check_count++;
      printed++;
      if (strcmp(out, field[4]) != 0) {
        check_failures++;
        printf("FAIL: mode %s printf(\"%s\", %s) = \"%s\", expected \"%s\"\n", field[1], field[2], field[3], out,
               field[4]);
      }
    } else if (line[0] == 'S' && n == 4) {
      union dbits b;
      b.d = strtod(field[2], NULL);
      set_mode(0);
      check_count++;
      scanned++;
      if (b.u != parse_hex(field[3])) {
        check_failures++;
        printf("FAIL: mode %s strtod(\"%.60s\") = %08lx%08lx, expected %s\n", field[1], field[2],
               (unsigned long)(b.u >> 32), (unsigned long)b.u, field[3]);
      }
    }
    set_mode(0);
  }
  fclose(f);
  printf("fpconv: %d printf and %d strtod vectors\n", printed, scanned);
  return DONE("fpconv");
}

static int same(const char *fmt, double v, const char *want) {
  char out[256];
  snprintf(out, sizeof out, fmt, v);
  CHECK(strcmp(out, want) == 0, "printf(\"%s\") = \"%s\" (want \"%s\")", fmt, out, want);
  return 0;
}

static void bits_are(const char *s, uint64_t want) {
  union dbits b;
  b.d = strtod(s, NULL);
  CHECK(b.u == want, "strtod(\"%s\") = %08lx%08lx", s, (unsigned long)(b.u >> 32), (unsigned long)b.u);
}

int main(int argc, char **argv) {
  if (argc > 1) return run_file(argv[1]);
  same("%.17g", 0.1, "0.10000000000000001");
  same("%.0f", 0.5, "0");
  same("%.0f", 1.5, "2");
  same("%.0f", 2.5, "2");
  same("%.2f", 0.125, "0.12");
  same("%e", 5e-324, "4.940656e-324");
  same("%g", 1e-5, "1e-05");
  same("%g", 123456789.0, "1.23457e+08");
  same("%#.3g", 1.0, "1.00");
  same("%010.3f", -3.14159, "-00003.142");
  same("%-8.1e|", 2.0, "2.0e+00 |");
  same("%f", 1.0 / 0.0, "inf");
  same("%.0f", 1e23, "99999999999999991611392");
  bits_are("4.9406564584124654e-324", 0x1ull);
  bits_are("2.4703282292062327e-324", 0x0ull);
  bits_are("2.4703282292062328e-324", 0x1ull);
  bits_are("1.7976931348623157e308", 0x7fefffffffffffffull);
  bits_are("9007199254740993", 0x4340000000000000ull); /* a tie: to even */
  bits_are("9007199254740993.0000000000000000000001", 0x4340000000000001ull);
  bits_are("1e23", 0x44b52d02c7e14af6ull);
  {
    int decpt, sign;
    char *d = ecvt(3.14159, 4, &decpt, &sign);
    CHECK(strcmp(d, "3142") == 0 && decpt == 1 && sign == 0, "ecvt(3.14159, 4) = %s %d %d", d, decpt, sign);
    d = fcvt(-12.375, 2, &decpt, &sign); /* an exact tie: to even */
    CHECK(strcmp(d, "1238") == 0 && decpt == 2 && sign == 1, "fcvt(-12.375, 2) = %s %d %d", d, decpt, sign);
    d = ecvt(0.0, 3, &decpt, &sign);
    CHECK(strcmp(d, "000") == 0, "ecvt(0, 3) = %s %d", d, decpt);
    char g[32];
    CHECK(strcmp(gcvt(1234.5678, 6, g), "1234.57") == 0, "gcvt(1234.5678, 6) = %s", g);
  }
  {
    double a = 0, b = 0;
    float f = 0;
    int n = sscanf("2.5e3 -0.125 7", "%lf %le %f", &a, &b, &f);
    CHECK(n == 3 && a == 2500.0 && b == -0.125 && f == 7.0f, "sscanf %%lf %%le %%f: %d %g %g %g", n, a, b, (double)f);
  }
  return DONE("fpconv");
}
