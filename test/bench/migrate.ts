/**
 * The migration benchmark (npm run bench:migrate; not a test): a null
 * process (/tests/migself -n) migrated from sun0 to sun1 on a clean
 * 10 Mbit/s hub, with 0 KB to a few MB of extra heap, in emulated time.
 *
 *   npx tsx test/bench/migrate.ts [KB ...]
 *
 * Prints, per size: the freeze (from the source freezing the process to
 * the destination resuming it), the whole migration (from the request to
 * the source's cleanup), the authentication (request to the source's
 * auth), the bytes on the wire, and the host CPU the lab took.
 * docs/migration.md records the figures.
 */
import { cpuUsage } from 'node:process';
import type { LabEvent } from '../../emu/lab/events.js';
import { execs, SECOND, startLab } from '../lab/helpers.js';

const MS = SECOND / 1000;

function measure(kb: number): string {
  const run = startLab({
    count: { value: 2, where: '--machines' },
    exec: execs(`sun0:/tests/migself -n sun1 ${kb}`),
  });
  const cpu0 = cpuUsage();
  const exec = () =>
    run.events.find((e) => e.type === 'exec' && e.machine === 'sun0' && e.comm === 'migself');
  run.runUntil(() => exec() !== undefined, 600);
  const pid = exec()?.pid;
  const done = () => run.events.find((e) => e.type === 'exit' && e.pid === pid);
  run.runUntil(() => done() !== undefined, 600);
  const cpu = cpuUsage(cpu0);
  if (done()?.machine !== 'sun1') throw new Error(`pid ${pid} did not end on sun1`);
  const ev = run.events.filter((e) => e.type === 'migrate' && e.pid === pid);
  const at = (m: string, phase: string): LabEvent => {
    const e = ev.find((x) => x.machine === m && x.phase === phase);
    if (!e) throw new Error(`no ${phase} on ${m}: ${JSON.stringify(ev)}`);
    return e;
  };
  const freeze = (at('sun1', 'resume').t - at('sun0', 'freeze').t) / MS;
  const total = (at('sun0', 'cleanup').t - at('sun0', 'request').t) / MS;
  const auth = (at('sun0', 'auth').t - at('sun0', 'request').t) / MS;
  const bytes = at('sun0', 'commit').bytes as number;
  const host = (cpu.user + cpu.system) / 1e6;
  return `${String(kb).padStart(6)} KB heap  freeze ${freeze.toFixed(1).padStart(7)} ms  total ${total.toFixed(1).padStart(7)} ms  auth ${auth.toFixed(1).padStart(5)} ms  ${String(bytes).padStart(8)} bytes  ${host.toFixed(1)} host CPU s`;
}

const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [0, 128, 1024, 4096];
for (const kb of sizes) console.log(measure(kb));
