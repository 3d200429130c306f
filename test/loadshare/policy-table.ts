/**
 * The decision table of the load-sharing policy, derived by hand from the
 * thesis's decision list (docs/loadsharing.md): one row per region of its
 * Figure 5, the boundaries (SelfLoad equal to LT, LoadMin equal to LT, LT
 * equal to T0), and the threshold updates of the default rule and the
 * literal one. Loads in 1/256 (1.0 = 256), alpha 128 = 0.5.
 *
 * Columns: self, loadMin, lt, t0, alpha, literal -> migrate, region, ltAfter.
 */
export interface Row {
  why: string;
  input: [number, number, number, number, number, 0 | 1];
  want: [0 | 1, 1 | 2 | 3, number];
}

export const TABLE: Row[] = [
  // Region I: LoadMin <= LT <= T0. LT stays.
  { why: 'I: idle here, nothing to do', input: [0, 0, 256, 256, 128, 0], want: [0, 1, 256] },
  { why: 'I: above LT, an idle host: migrate', input: [512, 0, 256, 256, 128, 0], want: [1, 1, 256] },
  {
    why: 'I: SelfLoad equal to LT stays (transfer is strict)',
    input: [256, 0, 256, 256, 128, 0],
    want: [0, 1, 256],
  },
  { why: 'I: LoadMin equal to LT is a destination', input: [300, 256, 256, 256, 128, 0], want: [1, 1, 256] },
  {
    why: 'I, literal: the same (no update in region I)',
    input: [512, 0, 256, 256, 128, 1],
    want: [1, 1, 256],
  },
  // Region II: LoadMin <= LT, LT > T0. Migrate if above; LT moves down toward LoadMin, never below T0.
  {
    why: 'II: above LT: migrate, LT 2.00 -> 1.50 (toward LoadMin 1.00)',
    input: [768, 256, 512, 128, 128, 0],
    want: [1, 2, 384],
  },
  { why: 'II: below LT: stay, LT still adapts', input: [300, 256, 512, 128, 128, 0], want: [0, 2, 384] },
  { why: 'II: LT clamped at T0', input: [768, 0, 512, 448, 128, 0], want: [1, 2, 448] },
  { why: 'II: alpha 1 jumps to LoadMin', input: [768, 256, 512, 128, 256, 0], want: [1, 2, 256] },
  { why: 'II: alpha 0 freezes LT', input: [768, 256, 512, 128, 0, 0], want: [1, 2, 512] },
  {
    why: 'II, literal: LT -= (LoadMin - LT)a raises LT 2.00 -> 2.50',
    input: [768, 256, 512, 128, 128, 1],
    want: [1, 2, 640],
  },
  // Region III: LoadMin > LT. No migration; LT moves up toward LoadMin.
  {
    why: 'III: every host busier than LT: stay, LT 1.00 -> 2.00',
    input: [1024, 768, 256, 256, 128, 0],
    want: [0, 3, 512],
  },
  { why: 'III: idle here too', input: [768, 768, 256, 256, 128, 0], want: [0, 3, 512] },
  {
    why: 'III: truncation toward zero (1/256 steps)',
    input: [300, 259, 256, 256, 128, 0],
    want: [0, 3, 257],
  },
  {
    why: 'III, literal: LT += (LT - LoadMin)a lowers LT 1.00 -> 0.00',
    input: [1024, 768, 256, 256, 128, 1],
    want: [0, 3, 0],
  },
  {
    why: 'III, literal: LT 2.00, LoadMin 3.00 -> 1.50',
    input: [1024, 768, 512, 256, 128, 1],
    want: [0, 3, 384],
  },
];
