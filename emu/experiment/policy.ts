/**
 * The load daemon's decision function, mirrored from its C original
 * (userland/sbin/loadpolicy.h) so that the experiment can check every
 * decision loadd logged against its inputs. Both are tested against one
 * table (test/loadshare/policy-table.ts); docs/loadsharing.md explains it.
 *
 * Fixed point as in C: 1.0 load = LP_SCALE, alpha likewise; divisions
 * truncate toward zero.
 */

export const LP_SCALE = 256;

export interface Decision {
  /** Transfer a job (to a host with load <= the threshold before the update). */
  migrate: boolean;
  /** The region of the thesis's Figure 5: 1, 2 or 3. */
  region: 1 | 2 | 3;
  /** LoadThreshold for the next period. */
  ltAfter: number;
}

const scaled = (alpha: number, d: number): number => Math.trunc((alpha * d) / LP_SCALE);

/** `literal`: the thesis's update rules as printed (the erratum), which move LT away from LoadMin. */
export function decide(
  self: number,
  loadMin: number,
  lt: number,
  t0: number,
  alpha: number,
  literal: boolean,
): Decision {
  const migrate = self > lt && loadMin <= lt;
  let region: 1 | 2 | 3;
  let ltAfter: number;
  if (loadMin > lt) {
    region = 3;
    ltAfter = literal ? lt + scaled(alpha, lt - loadMin) : lt + scaled(alpha, loadMin - lt);
  } else if (lt > t0) {
    region = 2;
    ltAfter = literal ? lt - scaled(alpha, loadMin - lt) : lt + scaled(alpha, loadMin - lt);
    if (!literal && ltAfter < t0) ltAfter = t0;
  } else {
    region = 1;
    ltAfter = lt;
  }
  if (ltAfter < 0) ltAfter = 0;
  return { migrate, region, ltAfter };
}

/** "1.25" or 1.25 -> 320, as loadd reads its options. */
export function toFixed(x: number): number {
  return Math.round(x * LP_SCALE);
}
