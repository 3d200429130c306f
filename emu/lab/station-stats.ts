/** A station's statistics line, which `sun3lab run`, `boot` and `lab` print at exit. */
import type { Station } from './station.js';

const CYCLES_PER_SECOND = 20_000_000;

/** The statistics line both commands print at exit. */
export function statsLine(st: Station): string {
  const cpu = st.machine.cpu;
  const k = st.kernel;
  const total = cpu.cycles;
  // Shares of the time there was; a machine that never ran has none.
  const pct = (n: number) => `${total > 0 ? ((100 * n) / total).toFixed(1) : '0.0'}%`;
  const idle = cpu.idleCycles;
  const system = k.stats.systemCycles;
  const off = st.offCycles; // a lab machine's power can be cut
  const user = Math.max(0, total - idle - system - off);
  return (
    `stats: ${(cpu.cycles / CYCLES_PER_SECOND).toFixed(3)} s emulated, ${cpu.instructions} instructions, ` +
    `${cpu.cycles} cycles (user ${pct(user)}, system ${pct(system)}, idle ${pct(idle)}${off > 0 ? `, off ${pct(off)}` : ''}), ` +
    `${k.stats.syscalls} system calls, ${k.stats.faults} page faults, ${k.mem.cowCopies} copy-on-write copies, ` +
    `${k.mem.cnt.pgpgin} pageins, ${k.mem.cnt.pgpgout} pageouts, ` +
    `${k.pmap.ctxSteals} context and ${k.pmap.pmegSteals} PMEG steals`
  );
}
