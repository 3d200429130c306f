/** cp, mv and ln: one file to another name, several into a directory, and the errors they report. */
import { describe, expect, it } from 'vitest';
import { rootImage, runOn } from './helpers.js';

/** Run a shell script in /tmp of a fresh machine; its output with each command's exit status. */
function sh(script: string): string {
  const r = runOn(rootImage(), '/bin/sh', ['sh', '-c', `cd /tmp; ${script}`]);
  expect(r.status).toBe(0);
  return r.output;
}

describe('cp', () => {
  it('copies a file to a new name, and several files into a directory', () => {
    expect(sh('echo hello > a; cp a b; cat b; mkdir d; cp a b d; ls d; cat d/b')).toBe(
      'hello\na  b\nhello\n',
    );
  });

  it('copies every byte, and the mode: a copy of the shell runs', () => {
    const out = sh('cp /bin/sh sh; wc -c /bin/sh sh; ./sh -c "echo the copy runs"');
    const m = /^ *(\d+) \/bin\/sh\n *(\d+) sh\n/.exec(out);
    expect(Number(m?.[1])).toBeGreaterThan(3 * 8192); // more than its 8 KB buffer holds
    expect(m?.[2]).toBe(m?.[1]);
    expect(out).toMatch(/\nthe copy runs\n$/);
  });

  it('refuses a file onto itself, several files onto a non-directory, a directory, a missing file', () => {
    expect(
      sh('echo x > a; cp a a; echo $?; cp a a c; echo $?; mkdir d; cp d e; echo $?; cp nosuch x; echo $?'),
    ).toBe(
      [
        'cp: a and a are the same file',
        '1',
        'cp: c: not a directory',
        '1',
        'cp: d: is a directory',
        '1',
        'cp: nosuch: No such file or directory',
        '1',
        '',
      ].join('\n'),
    );
  });
});

describe('mv', () => {
  it('renames a file, and moves several into a directory', () => {
    expect(sh('echo one > a; echo two > b; mv a c; ls; mkdir d; mv b c d; echo $?; ls; ls d; cat d/c')).toBe(
      'b  c\n0\nd\nb  c\none\n',
    );
  });

  it('reports what it could not move', () => {
    expect(sh('mkdir d; mv nosuch d; echo $?; echo x > a; mv a b c; echo $?')).toBe(
      'mv: nosuch to d/nosuch: No such file or directory\n1\nmv: c: not a directory\n1\n',
    );
  });
});

describe('ln', () => {
  it('makes hard links, into a directory too, and symbolic ones', () => {
    const out = sh('echo hi > a; ln a b; mkdir d; ln a b d; ls -l d; ln -s /tmp/a d/s; cat d/s; ls d');
    expect(out).toMatch(/^total \d+\n-rw-r--r-- +4 root .* a\n-rw-r--r-- +4 root .* b\nhi\na {2}b {2}s\n$/);
  });

  it('reports each link it could not make, and a missing target directory', () => {
    expect(sh('echo x > a; mkdir d; ln a d; ln a a d; echo $?; ln a b c; echo $?; ln a; echo $?')).toBe(
      [
        'ln: d/a: File exists',
        'ln: d/a: File exists',
        '1',
        'ln: c: not a directory',
        '1',
        'usage: ln [-s] from to',
        '       ln [-s] file... directory',
        '1',
        '',
      ].join('\n'),
    );
  });
});
