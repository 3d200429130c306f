/**
 * The migration benchmark (npm run bench:migrate; not a test): a null
 * process (/tests/migself -n) migrated from sun0 to sun1 on a clean
 * 10 Mbit/s hub, in emulated time — with 0 to 8 MB of extra heap, and
 * with 0 to 48 files of the NFS-shared /home open (each moved by name).
 *
 *   npx tsx test/bench/migrate.ts [KB ...]          memory sizes only
 *   npx tsx test/bench/migrate.ts files [N ...]     open files only
 *
 * Prints, per run: the freeze (from the source freezing the process to
 * the destination resuming it), the whole migration (from the request to
 * the source's cleanup), the authentication (request to the source's
 * auth, which includes the destination's check of the files), the bytes
 * on the wire, and the host CPU the migration took (from the request to
 * the cleanup). docs/migration.md records the figures.
 */
import { cpuUsage } from 'node:process';
import type { LabEvent } from '../../emu/lab/events.js';
import { execs, SECOND, startLab } from '../lab/helpers.js';

const MS = SECOND / 1000;
const MACHINES = { value: 2, where: '--machines' };

function measure(kb: number, files: number): string {
  // With files, as alice (root is nobody on the other machine's NFS), in her directory on /home.
  const cmd =
    files > 0
      ? `su alice -c '/tests/migself -n sun1 ${kb} ${files} /home/alice'`
      : `/tests/migself -n sun1 ${kb}`;
  const run = startLab({
    count: MACHINES,
    memoryMB: { value: 24, where: '--memory' },
    exec: execs(`sun0:${cmd}`),
  });
  const exec = () =>
    run.events.find((e) => e.type === 'exec' && e.machine === 'sun0' && e.comm === 'migself');
  run.runUntil(() => exec() !== undefined, 600);
  const pid = exec()?.pid;
  const ev = () => run.events.filter((e) => e.type === 'migrate' && e.pid === pid);
  run.runUntil(() => ev().some((e) => e.phase === 'request'), 600);
  const cpu0 = cpuUsage();
  const has = (phase: string, m?: string) => ev().some((e) => e.phase === phase && (!m || e.machine === m));
  run.runUntil(() => has('refuse') || has('abort') || (has('resume', 'sun1') && has('cleanup', 'sun0')), 600);
  const cpu = cpuUsage(cpu0);
  const at = (m: string, phase: string): LabEvent => {
    const e = ev().find((x) => x.machine === m && x.phase === phase);
    if (!e) throw new Error(`no ${phase} on ${m}: ${JSON.stringify(ev())}`);
    return e;
  };
  const freeze = (at('sun1', 'resume').t - at('sun0', 'freeze').t) / MS;
  const total = (at('sun0', 'cleanup').t - at('sun0', 'request').t) / MS;
  const auth = (at('sun0', 'auth').t - at('sun0', 'request').t) / MS;
  const bytes = at('sun0', 'commit').bytes as number;
  const host = (cpu.user + cpu.system) / 1e6;
  return `${String(kb).padStart(6)} KB heap ${String(files).padStart(3)} files  freeze ${freeze.toFixed(1).padStart(7)} ms  total ${total.toFixed(1).padStart(7)} ms  auth ${auth.toFixed(1).padStart(5)} ms  ${String(bytes).padStart(8)} bytes  ${host.toFixed(2)} host CPU s`;
}

const args = process.argv.slice(2);
if (args[0] === 'files') {
  const counts = args.length > 1 ? args.slice(1).map(Number) : [0, 1, 4, 16, 48];
  for (const n of counts) console.log(measure(0, n));
} else {
  const sizes = args.length > 0 ? args.map(Number) : [0, 100, 512, 1024, 2048, 4096, 8192];
  for (const kb of sizes) console.log(measure(kb, 0));
}
