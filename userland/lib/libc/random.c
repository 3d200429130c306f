/* random, srandom, initstate, setstate: 4.3BSD's additive feedback
 * generator. The state is a table of `deg` longs; each number is the sum of
 * two entries `sep` apart, which replaces the first of them, and the top 31
 * bits of it are returned. The degree comes from the size of the state
 * initstate is given (8 bytes: a plain linear congruential generator; 32,
 * 64, 128 — the default — and 256 bytes: degrees 7, 15, 31 and 63). The
 * state's first long records the kind and the position, so that setstate
 * can go back to it. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

#define NKINDS 5
static const int degrees[NKINDS] = {0, 7, 15, 31, 63};
static const int seps[NKINDS] = {0, 3, 1, 3, 1};
static const int sizes[NKINDS] = {8, 32, 64, 128, 256};

static long deftab[32];     /* the default state: kind 3, 128 bytes */
static long *tab = deftab + 1;
static int kind = 3;
static int deg = 31;
static int sep = 3;
static int front = 3;       /* the entry that is added to (sep ahead of rear) */
static int rear = 0;
static int seeded;

static unsigned long lcg(unsigned long x) { return x * 1103515245UL + 12345UL; }

/* Record kind and position in the state's first long. */
static void save(void) { tab[-1] = kind + NKINDS * rear; }

long random(void) {
  if (!seeded) srandom(1);
  if (kind == 0) {
    tab[0] = (long)(lcg((unsigned long)tab[0]) & 0x7fffffff);
    return tab[0];
  }
  unsigned long sum = (unsigned long)tab[front] + (unsigned long)tab[rear];
  tab[front] = (long)sum;
  front = front + 1 == deg ? 0 : front + 1;
  rear = rear + 1 == deg ? 0 : rear + 1;
  return (long)((sum >> 1) & 0x7fffffff);
}

void srandom(unsigned seed) {
  seeded = 1;
  tab[0] = (long)seed;
  if (kind == 0) return;
  for (int i = 1; i < deg; i++) tab[i] = (long)lcg((unsigned long)tab[i - 1]);
  front = sep;
  rear = 0;
  /* Run it a while, so that the first numbers do not show the seed. */
  for (int i = 0; i < 10 * deg; i++) random();
}

char *initstate(unsigned seed, char *state, int n) {
  if (n < sizes[0]) {
    errno = EINVAL;
    return NULL;
  }
  char *old = (char *)(tab - 1);
  if (seeded) save();
  int k = NKINDS - 1;
  while (n < sizes[k]) k--;
  kind = k;
  deg = degrees[k];
  sep = seps[k];
  tab = (long *)state + 1;
  srandom(seed);
  save();
  return old;
}

char *setstate(char *state) {
  long *t = (long *)state + 1;
  int k = (int)(t[-1] % NKINDS);
  int r = (int)(t[-1] / NKINDS);
  if (k < 0 || k >= NKINDS || (k > 0 && (r < 0 || r >= degrees[k]))) {
    errno = EINVAL;
    return NULL;
  }
  char *old = (char *)(tab - 1);
  save();
  tab = t;
  kind = k;
  deg = degrees[k];
  sep = seps[k];
  rear = r;
  front = k > 0 ? (r + sep) % deg : 0;
  seeded = 1;
  return old;
}
