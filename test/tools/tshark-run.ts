/** Running tshark on a capture (for the tests that need it: apt-get install tshark). */
import { execFileSync } from 'node:child_process';

/** The lines tshark prints for `file` (with IP checksums checked), empty ones left out. */
export function tshark(file: string, ...args: string[]): string[] {
  const out = execFileSync('tshark', ['-r', file, '-o', 'ip.check_checksum:TRUE', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out.split('\n').filter((l) => l !== '');
}

/** The fields `fields` (first occurrence each, tab-separated) of the packets of `file` that match `filter`. */
export function tsharkFields(file: string, options: string[], filter: string, ...fields: string[]): string[] {
  return tshark(
    file,
    ...options,
    '-Y',
    filter,
    '-T',
    'fields',
    '-E',
    'occurrence=f',
    ...fields.flatMap((f) => ['-e', f]),
  );
}
