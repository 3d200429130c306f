/**
 * TCP sequence numbers (4.4BSD's netinet/tcp_seq.h): 32-bit numbers that
 * wrap, compared modulo 2^32 — a is "less than" b when b - a, as a signed
 * 32-bit number, is positive. Kept as unsigned numbers (>>> 0).
 */

export function SEQ_LT(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}
export function SEQ_LEQ(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}
export function SEQ_GT(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}
export function SEQ_GEQ(a: number, b: number): boolean {
  return ((a - b) | 0) >= 0;
}

/** a + n, wrapped to 32 bits. */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** b - a as a signed distance (how far b is ahead of a). */
export function seqDiff(b: number, a: number): number {
  return (b - a) | 0;
}

/**
 * How far tcp_iss moves: TCP_ISSINCR a second (4.4BSD's 125 KB; it is
 * advanced by half of that every slow tick and at every connection).
 */
export const TCP_ISSINCR = 125 * 1024;
