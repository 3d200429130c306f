/**
 * A long paging campaign (docs/vm.md): the paging program at three and
 * then six times the size of a 4 MB machine, one after the other (each
 * checks that its working set stops paging, which needs the machine to
 * itself); every answer must be right.
 */
import { describe, expect, it } from 'vitest';
import { statsLine } from '../../emu/cli/machine-commands.js';
import { rootImage, runOn } from '../kernel/helpers.js';

describe('paging campaign', () => {
  it('3 x and 6 x memory on a 4 MB machine both pass', () => {
    const r = runOn(
      rootImage(),
      '/bin/sh',
      ['sh', '-c', '/tests/paging 3; /tests/paging 6; vmstat -s'],
      '',
      600,
      { memoryMB: 4 },
    );
    expect(r.output).not.toMatch(/FAIL/);
    expect(r.output.match(/paging: PASS \(10 checks, 0 failed\)/g)?.length).toBe(2);
    expect(Number(/(\d+) pageouts/.exec(statsLine(r.station))?.[1])).toBeGreaterThan(6000);
  }, 1_200_000);
});
