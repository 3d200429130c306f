/* intbench - an integer benchmark in the spirit of Dhrystone 2.1 (written for
 * sun3lab; not Dhrystone's source): per iteration about a hundred simple
 * statements with Dhrystone's mix - record assignments through pointers,
 * a 30-character string copied and two compared, procedure calls with
 * value and pointer arguments, an enumeration, integer arithmetic with a
 * multiply and a divide, one- and two-dimensional array stores, character
 * comparisons. The procedures are kept out of line (as Dhrystone's second
 * source file keeps them) so that the calls stay calls.
 *
 *   intbench [ITERATIONS]     (default 10000)
 *
 * It prints a checksum that depends on every iteration's work, so that
 * nothing can be optimised away; npm run bench:dhry runs it twice and takes
 * the cycles per iteration from the difference. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__((noinline))

enum colour { RED, AMBER, GREEN, BLUE, WHITE };

struct item {
  struct item *link;
  enum colour kind;
  enum colour shade;
  int weight;
  char label[31];
};

static struct item *cur, *spare;
static int total, seen;
static char mark_a, mark_b;
static int row[50];
static int grid[50][50];

NOINLINE static enum colour recolour(enum colour c) {
  switch (c) {
  case RED:
    return GREEN;
  case AMBER:
    return total > 100 ? BLUE : WHITE;
  case GREEN:
    return RED;
  default:
    return AMBER;
  }
}

NOINLINE static int same_mark(char a, char b) {
  char x = a;
  char y = x;
  return y == b;
}

NOINLINE static int later_label(const char *a, const char *b) {
  int i = 2;
  char c = 'A';
  while (i <= 2) {
    if (!same_mark(a[i], b[i + 1])) {
      c = 'A';
      i++;
    } else
      i += 2;
  }
  if (c >= 'W' && c < 'Z') i = 7;
  if (c == 'R') return 1;
  if (strcmp(a, b) > 0) {
    i += 7;
    total = i;
    return 1;
  }
  return 0;
}

NOINLINE static void add_weight(int in, int *out) { *out = in + 2 + total; }

NOINLINE static void scale(int a, int b, int *out) { *out = a * b - (a >> 1) + b / 3; }

NOINLINE static void fill_tables(int *r, int (*g)[50], int n, int v) {
  int k = n + 5;
  r[k] = v;
  r[k + 1] = r[k];
  r[k + 30] = k;
  for (int j = k; j <= k + 1; j++) g[k][j] = k;
  g[k][k - 1] += 1;
  g[k + 20][k] = r[k];
  total = 5;
}

NOINLINE static void touch_marks(void) {
  int is_a = mark_a == 'A';
  seen = is_a | seen;
  mark_b = 'B';
}

NOINLINE static void reset_marks(void) {
  mark_a = 'A';
  seen = 0;
}

NOINLINE static void pass_on(struct item *p) {
  if (cur != NULL) p->link = cur->link;
  add_weight(10, &cur->weight);
}

NOINLINE static void adjust(int *v) {
  int t = *v + 10;
  for (;;) {
    if (mark_a == 'A') {
      t -= 1;
      *v = t - total;
      break;
    }
  }
}

NOINLINE static void shade_of(enum colour c, enum colour *out) {
  *out = c;
  if (recolour(c) == WHITE) *out = BLUE;
  switch (c) {
  case RED:
    *out = RED;
    break;
  case AMBER:
    *out = total > 100 ? RED : BLUE;
    break;
  case GREEN:
    *out = AMBER;
    break;
  case BLUE:
    break;
  case WHITE:
    *out = GREEN;
    break;
  }
}

NOINLINE static void rework(struct item *p) {
  struct item *next = p->link;
  *next = *cur;
  p->weight = 5;
  next->weight = p->weight;
  next->link = p->link;
  pass_on(next->link);
  if (next->kind == RED) {
    next->weight = 6;
    shade_of(p->shade, &next->shade);
    next->link = cur->link;
    add_weight(next->weight, &next->weight);
  } else
    *p = *next;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000;
  static struct item a, b;
  char first[31], second[31];
  unsigned sum = 0;
  int x = 0, y = 0, z = 0;
  enum colour c = GREEN;

  cur = &a;
  spare = &b;
  a.link = spare;
  a.kind = RED;
  a.shade = AMBER;
  a.weight = 40;
  strcpy(a.label, "INTBENCH PROGRAM, SOME STRING!");
  strcpy(first, "INTBENCH PROGRAM, FIRST STRING");
  grid[8][7] = 10;

  for (long i = 1; i <= n; i++) {
    touch_marks();
    reset_marks();
    x = 2;
    y = 3;
    strcpy(second, "INTBENCH PROGRAM, OTHER STRING");
    c = GREEN;
    seen = !later_label(first, second);
    while (x < y) {
      z = 5 * x - y;
      add_weight(x, &z);
      x++;
    }
    fill_tables(row, grid, x, z);
    rework(cur);
    for (char ch = 'A'; ch <= mark_b; ch++) {
      if (c == (same_mark(ch, 'C') ? RED : WHITE)) {
        shade_of(RED, &c);
        strcpy(second, "INTBENCH PROGRAM, THIRD STRING");
        y = (int)i;
        total = (int)i;
      }
    }
    y = y * x;
    x = y / z;
    y = 7 * (y - x) - z;
    scale(x, y, &z);
    adjust(&x);
    sum = sum * 31 + (unsigned)(x + y + z + total + seen + cur->weight + c + row[8] + grid[8][7]);
  }
  printf("intbench: %ld iterations, checksum %08x\n", n, sum);
  return 0;
}
