/** The kernel's SHA-256 and HMAC (the migration protocol's challenge-response) agree with Node's. */
import { createHash, createHmac } from 'node:crypto';
import { expect, it } from 'vitest';
import { fileToken, pmResponse } from '../../kernel/pm/pm_auth.js';
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

it("the answer to a challenge is bound to the session: another nonce, source, destination, pid or uid makes another answer; so is the dummy file's token", () => {
  const secret = new TextEncoder().encode('a pool secret');
  const nonce = new Uint8Array(16).map((_, i) => i * 13);
  const [sun0, sun1, sun2] = [0xc009c801, 0xc009c802, 0xc009c803];
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const answer = hex(pmResponse(secret, nonce, sun0, sun1, 1009, 1001));
  // It is HMAC-SHA-256 over nonce | source | destination | pid | uid.
  const msg = Buffer.concat([Buffer.from(nonce), Buffer.from('c009c801c009c802000003f1000003e9', 'hex')]);
  expect(answer).toBe(createHmac('sha256', secret).update(msg).digest('hex'));
  // Replayed from sun2 (even with the same nonce), or changed in any part, it is not the answer.
  const others = [
    pmResponse(secret, nonce, sun2, sun1, 1009, 1001),
    pmResponse(
      secret,
      nonce.map((x, i) => (i === 15 ? x ^ 1 : x)),
      sun0,
      sun1,
      1009,
      1001,
    ),
    pmResponse(secret, nonce, sun0, sun2, 1009, 1001),
    pmResponse(secret, nonce, sun0, sun1, 1010, 1001),
    pmResponse(secret, nonce, sun0, sun1, 1009, 0),
    pmResponse(new TextEncoder().encode('another secret'), nonce, sun0, sun1, 1009, 1001),
  ].map(hex);
  expect(new Set([answer, ...others]).size).toBe(7);
  // The dummy file's token: 64 hex digits and a newline, for this nonce and this file only.
  const token = new TextDecoder().decode(fileToken(secret, nonce, '/home/.pm/1001.0123456789abcdef'));
  expect(token).toMatch(/^[0-9a-f]{64}\n$/);
  expect(new TextDecoder().decode(fileToken(secret, nonce, '/home/.pm/1001.0123456789abcdee'))).not.toBe(
    token,
  );
  expect(
    new TextDecoder().decode(fileToken(secret, new Uint8Array(16), '/home/.pm/1001.0123456789abcdef')),
  ).not.toBe(token);
});
