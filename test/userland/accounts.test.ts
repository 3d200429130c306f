/** The host's reading of a machine's /etc/passwd and /etc/group (emu/lab/accounts.ts). */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { groupList, NGROUPS, parseGroup, parsePasswd, userCredentials } from '../../emu/lab/accounts.js';
import { installFile } from '../../emu/lab/disk.js';

const image = () =>
  new Uint8Array(gunzipSync(readFileSync(new URL('../../images/root.img.gz', import.meta.url))));

describe('accounts', () => {
  it('reads the 7 and 4 fields as the libc does, skipping other lines', () => {
    const pw = parsePasswd('a:x:1:2:A:/h:/bin/sh\nshort:x\n+:\n-x::0:0:::\nb::3x:y:::\n');
    expect(pw).toEqual([
      { name: 'a', passwd: 'x', uid: 1, gid: 2, gecos: 'A', dir: '/h', shell: '/bin/sh' },
      { name: 'b', passwd: '', uid: 3, gid: 0, gecos: '', dir: '', shell: '' },
    ]);
    expect(parseGroup('g:*:5:a,b,\nh:*:6:\nbad:*\n')).toEqual([
      { name: 'g', passwd: '*', gid: 5, members: ['a', 'b'] },
      { name: 'h', passwd: '*', gid: 6, members: [] },
    ]);
  });

  it('makes the group access list as initgroups does: the gid first, each group once, at most NGROUPS', () => {
    const groups = parseGroup(Array.from({ length: 12 }, (_, i) => `g${i}:*:${i + 10}:x,y`).join('\n'));
    expect(groupList('x', 10, groups)).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
    expect(groupList('x', 10, groups)).toHaveLength(NGROUPS);
    expect(groupList('z', 99, groups)).toEqual([99]);
  });

  it("finds a user in the image's files", () => {
    expect(userCredentials(image(), 'alice')).toEqual({
      name: 'alice',
      uid: 1001,
      gid: 100,
      groups: [100, 101],
      home: '/home/alice',
      shell: '/bin/sh',
    });
    expect(userCredentials(image(), 'root')).toMatchObject({ uid: 0, gid: 0, groups: [0], home: '/' });
    expect(() => userCredentials(image(), 'mallory')).toThrow(
      "--user mallory: no such user in the machine's /etc/passwd",
    );
    const other = image();
    installFile(other, '/etc/passwd', new TextEncoder().encode('dan::7:8:::\n'), 0o644);
    expect(userCredentials(other, 'dan')).toMatchObject({ uid: 7, gid: 8, shell: '/bin/sh' });
  });
});
