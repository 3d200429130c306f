import { it } from 'vitest';
import { execs, startLab } from '../lab/helpers.js';
import { migrateCmd, pass, pidOf } from './helpers.js';
it('dbg', () => {
  const run = startLab({ exec: execs('sun0:/tests/ticker -r 60 20000 &') });
  const pid = pidOf(run, 'sun0', 'ticker');
  pass(run, 200);
  migrateCmd(run, 0, pid, 'sun2');
  run.runUntil(() => run.console('sun0').some((l) => /ticker: end/.test(l)), 60);
  pass(run, 3000);
  for (const e of run.events) if (e.type === 'migrate' || ((e.type === 'exit' || e.type==='wait') && (e.pid as number) >= 1000)) console.log(JSON.stringify(e));
  console.log(run.lines.filter(l=>!/step/.test(l)).slice(-30).join('\n'));
}, 100000);
