/** The kernel's SHA-256 and HMAC (the migration protocol's challenge-response) agree with Node's. */
import { createHash, createHmac } from 'node:crypto';
import { expect, it } from 'vitest';
import { hmacSha256, sha256 } from '../../kernel/pm/pm_hmac.js';

it('sha256 and hmacSha256 give the standard digests across block boundaries and key lengths', () => {
  for (const n of [0, 3, 55, 56, 63, 64, 65, 200]) {
    const m = new Uint8Array(n).map((_, i) => i * 7);
    expect(Buffer.from(sha256(m)).toString('hex')).toBe(createHash('sha256').update(m).digest('hex'));
    const key = new Uint8Array(n % 90).map((_, i) => i);
    expect(Buffer.from(hmacSha256(key, m)).toString('hex')).toBe(
      createHmac('sha256', key).update(m).digest('hex'),
    );
  }
});
