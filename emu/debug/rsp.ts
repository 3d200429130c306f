/**
 * The framing of the GDB remote serial protocol (RSP): what travels on the
 * TCP connection between gdb and the stub (stub.ts).
 *
 * A packet is `$payload#cc`, cc the payload's byte sum modulo 256 in two hex
 * digits. The receiver answers `+` (good) or `-` (send it again). Inside a
 * payload `}` escapes the next byte (XOR 0x20), so that `$`, `#`, `}` and
 * `*` can appear in binary data. A lone 0x03 byte between packets is ^C:
 * gdb asks the running target to stop.
 */

/** What the reader found in the byte stream. */
export type RspInput =
  | { kind: 'packet'; payload: string }
  /** A packet whose checksum was wrong: answer `-`. */
  | { kind: 'bad' }
  /** ^C (0x03) between packets. */
  | { kind: 'interrupt' }
  | { kind: 'ack' }
  | { kind: 'nack' };

/** The two hex digits of the byte sum of `s` (a string of bytes 0-255). */
export function checksum(s: string): string {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum = (sum + s.charCodeAt(i)) & 0xff;
  return sum.toString(16).padStart(2, '0');
}

/** A payload framed for sending: `$`, the payload with its special bytes escaped, `#`, the checksum. */
export function frame(payload: string): string {
  const body = payload.replace(/[$#}*]/g, (c) => `}${String.fromCharCode(c.charCodeAt(0) ^ 0x20)}`);
  return `$${body}#${checksum(body)}`;
}

/**
 * Reads RSP input a chunk at a time (TCP gives no message boundaries) and
 * returns what it completed. Payloads come back unescaped, as strings of
 * bytes 0-255 (latin1).
 */
export class RspReader {
  private state: 'idle' | 'body' | 'sum' = 'idle';
  private body = '';
  private sum = '';

  push(chunk: Uint8Array): RspInput[] {
    const out: RspInput[] = [];
    for (const b of chunk) {
      const c = String.fromCharCode(b);
      if (this.state === 'idle') {
        if (c === '$') {
          this.state = 'body';
          this.body = '';
        } else if (b === 0x03) out.push({ kind: 'interrupt' });
        else if (c === '+') out.push({ kind: 'ack' });
        else if (c === '-') out.push({ kind: 'nack' });
        // Anything else between packets is noise: ignored.
      } else if (this.state === 'body') {
        if (c === '#') {
          this.state = 'sum';
          this.sum = '';
        } else this.body += c;
      } else {
        this.sum += c;
        if (this.sum.length === 2) {
          this.state = 'idle';
          if (this.sum.toLowerCase() !== checksum(this.body)) out.push({ kind: 'bad' });
          else out.push({ kind: 'packet', payload: unescapeBody(this.body) });
        }
      }
    }
    return out;
  }
}

/** Undo the `}` escapes of a payload. */
function unescapeBody(body: string): string {
  if (!body.includes('}')) return body;
  let s = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '}' && i + 1 < body.length) s += String.fromCharCode(body.charCodeAt(++i) ^ 0x20);
    else s += body[i];
  }
  return s;
}

/** Bytes as lower-case hex, two digits each. */
export function toHex(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] & 0xff).toString(16).padStart(2, '0');
  return s;
}

/** Hex digits back to bytes (null if they are not an even number of hex digits). */
export function fromHex(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A 32-bit value as eight hex digits, big-endian (the 68020's byte order, as `g` sends registers). */
export function hex32(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
