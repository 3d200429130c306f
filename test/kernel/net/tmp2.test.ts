import { it } from 'vitest';
import { pair } from './pair.js';

it('xfer', () => {
  const lab = pair({ loss: 0.1, duplicate: 0.05, jitter: 40000, seed: 5 });
  const t0 = performance.now();
  lab.type(1, '/tests/netxfer -s &');
  console.log(lab.type(0, '/tests/netxfer -c sun1 -n 1048576', 900));
  console.log('host ms', performance.now() - t0);
  console.log(lab.segment.stats);
  const t = lab.stations[0].kernel.net.tcpstat;
  console.log(
    Object.entries(t)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  );
});
