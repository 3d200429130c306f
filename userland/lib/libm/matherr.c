/* The default matherr: it handles nothing (returns 0), so the function
 * that raised the exception sets errno and, for a DOMAIN or SING error,
 * prints its message. A program defines its own matherr to take over;
 * this one is in a file of its own so that the program's replaces it at
 * link time. */
#include <math.h>

int matherr(struct exception *exc) {
  (void)exc;
  return 0;
}
