/**
 * Job control and the terminal at the console, typed as a user would:
 * SIGTTOU for a background job that changes the terminal (or writes to it
 * with tostop), stty to look at and repair the modes, the shell's job
 * reports, `kill %n` and an interruptible `wait`, /dev/null that is no
 * terminal, and the processes that init (or process 1) would be left with
 * stopped for ever.
 */
import { describe, expect, it } from 'vitest';
import { rootImage, runOn, typeSteps } from './helpers.js';

describe('SIGTTOU and stty', () => {
  it('stops a background job that changes the terminal, before the change; stty sane repairs it', () => {
    const out = typeSteps([
      ['stty -echo &\n', 2],
      ['\n', 1],
      ['echo visible\n', 1], // still echoed: the background stty did not get to change it
      ['fg\n', 2],
      ['echo hidden\n', 1], // now stty has run: no echo of what is typed
      ['stty sane\n', 1],
      ['echo back\n', 1],
    ]);
    expect(out).toMatch(/\[1\]\+ Stopped +stty -echo\n/);
    expect(out).toContain('# echo visible\nvisible\n');
    expect(out).toContain('# fg\nstty -echo\n# hidden\n# # echo back\nback\n');
  });

  it('stty prints the modes; with tostop a background write stops the job until fg', () => {
    const out = typeSteps([
      ['stty\n', 1],
      ['stty tostop\n', 1],
      ['echo from the background &\n', 2],
      ['\n', 1],
      ['fg\n', 1],
      ['stty -tostop erase ^H\n', 1],
      ['stty\n', 1],
      ['stty sane\n', 1],
      ['stty 9600\n', 1],
      ['stty\n', 1],
    ]);
    // A speed given to stty reaches the line (the console driver reprograms the SCC).
    expect(out).toContain('# stty 9600\n# stty\nspeed 9600 baud;');
    expect(out).toMatch(
      /^stty\nspeed 38400 baud; erase = \^\?; kill = \^U\necho crmod -raw -cbreak -tostop\n/,
    );
    expect(out).toMatch(
      /\[1\]\+ Stopped +echo from the background\n(# \n)?# fg\necho from the background\nfrom the background\n/,
    );
    expect(out).toContain(
      '# stty\nspeed 38400 baud; erase = ^H; kill = ^U\necho crmod -raw -cbreak -tostop\n',
    );
  });
});

describe('the shell and its jobs', () => {
  it('^C ends wait; kill %n; a job that ends or stops is reported at the next prompt', () => {
    const out = typeSteps([
      ['sleep 30 &\n', 1],
      ['wait\n', 1],
      ['\x03', 1], // ^C: wait returns at once, the job goes on
      ['echo status $?\n', 1],
      ['jobs\n', 1],
      ['kill %1\n', 1],
      ['sleep 1 &\n', 2],
      ['\n', 1],
      ['false &\n', 1],
      ['\n', 1],
      ['cat < /dev/tty &\n', 2],
      ['\n', 1],
      ['\n', 1], // reported once
      ['kill -9 %1\n', 1],
      ['jobs\n', 1],
    ]);
    expect(out).toContain('# wait\n^C\n');
    expect(out).toContain('# echo status $?\nstatus 130\n# jobs\n[1]+ Running  sleep 30\n');
    expect(out).toContain('# kill %1\n[1]+ Terminated sleep 30\n');
    expect(out).toContain('# \n[1]+ Done     sleep 1\n');
    expect(out).toMatch(/\n\[1\]\+ Done\(1\) {2}false\n/); // before this prompt or the next
    expect(out).toContain('# cat < /dev/tty &\n[1] ');
    expect(out.match(/Stopped +cat/g)).toHaveLength(1);
    expect(out).toContain('# kill -9 %1\n[1]+ Killed   cat\n# jobs\n# ');
  });

  it('/dev/null is not a terminal: sh < /dev/null is not interactive (no prompt, no job control)', () => {
    const out = typeSteps([
      ['sh < /dev/null\n', 1],
      ['echo next\n', 1],
    ]);
    expect(out).toBe('sh < /dev/null\n# echo next\nnext\n# ');
  });
});

describe('stops that no one would continue', () => {
  it('a background reader left to init by its shell gets EIO (an orphaned process group), not stopped for ever', () => {
    const out = typeSteps([
      ['sh -c "cat < /dev/tty &"\n', 3],
      ['ps -ax\n', 2],
    ]);
    expect(out).toContain('cat: stdin: I/O error\n');
    const ps = out.slice(out.indexOf('ps -ax\n'));
    expect(ps).toMatch(/ sh\n/);
    expect(ps).not.toMatch(/ cat\n/);
  });

  it('process 1 (the program of sun3lab run) ignores ^Z instead of stopping', () => {
    // ^Z throws away the line being typed ("abc"), then ^D: wc reads end of file.
    const r = runOn(rootImage(), '/bin/wc', ['wc'], 'abc\x1a\x04', 10);
    expect(r.status).toBe(0);
    expect(r.output).toMatch(/^abc\^Z\s+0\s+0\s+0\n$/);
  });
});
