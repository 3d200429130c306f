/* loadpolicy.h - the load daemon's decision function (docs/loadsharing.md).
 *
 * The thesis's decision list, as one pure function of its inputs, so that
 * loadd applies it, `loadd -T` prints it for a table of test vectors, and
 * the experiment's mirror (emu/experiment/policy.ts) is checked against
 * the same table. Loads are fixed point, 1.0 = LP_SCALE (rstatd's
 * avenrun scale); alpha likewise (0.5 = 128). No floating point.
 *
 *   transfer:  SelfLoad > LoadThreshold (strictly: equal stays)
 *   location:  some host with load <= LoadThreshold (the LoadMin host is
 *              one); loadd picks among them round-robin
 *   adapt:     region I   LoadMin <= LT <= T0   LT unchanged
 *              region II  LoadMin <= LT, LT > T0  LT += a(LoadMin - LT), >= T0
 *              region III LoadMin >  LT           LT += a(LoadMin - LT)
 *   literal (the thesis's text, an erratum): II  LT -= (LoadMin - LT)a
 *                                             III LT += (LT - LoadMin)a
 *              which move LT away from LoadMin (kept >= 0).
 * The migration test uses LT before the update, as the list is ordered. */
#ifndef LOADPOLICY_H
#define LOADPOLICY_H

#define LP_SCALE 256

#define LP_REGION_I 1
#define LP_REGION_II 2
#define LP_REGION_III 3

struct lp_decision {
  int migrate;   /* 1: transfer a job to a host with load <= lt_before */
  int region;    /* LP_REGION_I .. III of the thesis's Figure 5 */
  long lt_after; /* the threshold for the next period */
};

/* alpha * d / LP_SCALE, truncated toward zero (as C's division does). */
static long lp_scaled(long alpha, long d) {
  return alpha * d / LP_SCALE;
}

static struct lp_decision lp_decide(long self, long loadmin, long lt, long t0, long alpha, int literal) {
  struct lp_decision d;
  d.migrate = self > lt && loadmin <= lt;
  if (loadmin > lt) {
    d.region = LP_REGION_III;
    d.lt_after = literal ? lt + lp_scaled(alpha, lt - loadmin) : lt + lp_scaled(alpha, loadmin - lt);
  } else if (lt > t0) {
    d.region = LP_REGION_II;
    d.lt_after = literal ? lt - lp_scaled(alpha, loadmin - lt) : lt + lp_scaled(alpha, loadmin - lt);
    if (!literal && d.lt_after < t0) d.lt_after = t0;
  } else {
    d.region = LP_REGION_I;
    d.lt_after = lt;
  }
  if (d.lt_after < 0) d.lt_after = 0;
  return d;
}

#endif
