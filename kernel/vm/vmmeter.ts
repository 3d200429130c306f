/**
 * The paging counters (4.3BSD's struct vmmeter, `cnt`, and the totals
 * vmstat prints). All are totals since boot except the free-memory
 * figures; vmstat turns differences into rates.
 */
export class VmMeter {
  /** Page faults of any kind (trap.ts counts them). */
  faults = 0;
  /** Pages zero-filled on first touch (demand-zero: bss, heap, stack). */
  zfod = 0;
  /** Copy-on-write faults that copied a page. */
  cow = 0;
  /** Page-ins: faults that had to read a page from swap or a mapped file (v_pgin), and pages read (v_pgpgin). */
  pgin = 0;
  pgpgin = 0;
  /**
   * Page-outs: writes the page daemon or the swapper made, to swap or of a
   * mapped file's modified page back to the file (v_pgout), and pages written (v_pgpgout).
   */
  pgout = 0;
  pgpgout = 0;
  /** Faults on a page the daemon had freed (an anonymous or a file page) whose frame was not yet reused (v_pgrec): no I/O. */
  rec = 0;
  /** Frames the clock's front hand looked at (v_scan), its revolutions (v_rev), frames it freed (v_dfree). */
  scan = 0;
  rev = 0;
  dfree = 0;
  /** Whole processes swapped out (v_swpout) and brought back (v_swpin). */
  swpout = 0;
  swpin = 0;
  /** The free-page average the swapper judges pressure by (4.3BSD's avefree, over the last 5 s). */
  avefree = 0;
}
