/**
 * XDR, the External Data Representation (RFC 1014; Sun's xdr.c and
 * xdr_mbuf.c in the kernel): how ONC RPC and NFS lay out their messages.
 * Everything is a multiple of four bytes, big-endian: integers are one
 * word, hyper integers two, a boolean a word 0 or 1, fixed-length opaque
 * data padded with zeros to a word, variable-length opaque data and
 * strings a length word and the bytes, padded likewise.
 *
 * XdrEncoder builds a message; XdrDecoder is a cursor over one received
 * (a packet), and anything that does not fit what is asked of it — a
 * message cut short, a length over the limit the protocol sets, a boolean
 * that is neither 0 nor 1 — is an XdrError, which a server answers with
 * GARBAGE_ARGS and a client treats as a reply it cannot decode. Nothing a
 * peer sends can make the kernel read past the packet or allocate more
 * than the packet holds.
 */

/** A message that does not decode (or a value that cannot be encoded). */
export class XdrError extends Error {}

/** Bytes of padding after n bytes of opaque data. */
export function xdrPad(n: number): number {
  return (4 - (n & 3)) & 3;
}

export class XdrEncoder {
  private buf: Uint8Array;
  private view: DataView;
  /** Bytes written so far. */
  pos = 0;

  constructor(size = 256) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }

  /** An unsigned int (0 .. 2^32-1); a negative number is written as its 32-bit two's complement. */
  u32(v: number): this {
    this.room(4);
    this.view.setUint32(this.pos, v >>> 0);
    this.pos += 4;
    return this;
  }

  /** A signed int. */
  i32(v: number): this {
    return this.u32(v | 0);
  }

  bool(v: boolean): this {
    return this.u32(v ? 1 : 0);
  }

  /** An unsigned hyper integer (up to 2^53 here). */
  u64(v: number): this {
    return this.u32(Math.floor(v / 2 ** 32)).u32(v % 2 ** 32);
  }

  /** Fixed-length opaque data: exactly the bytes given, padded to a word. */
  fopaque(bytes: Uint8Array): this {
    this.room(bytes.length + 3);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    for (let i = xdrPad(bytes.length); i > 0; i--) this.buf[this.pos++] = 0;
    return this;
  }

  /** Variable-length opaque data: the length, then the bytes. */
  opaque(bytes: Uint8Array): this {
    return this.u32(bytes.length).fopaque(bytes);
  }

  /** A string: its bytes (Latin-1: one byte a character, as Unix names are bytes) as variable-length opaque data. */
  string(s: string): this {
    return this.opaque(latin1(s));
  }

  /** What has been written. */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

export class XdrDecoder {
  private readonly view: DataView;
  /** The next byte to decode. */
  pos = 0;

  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Bytes left after the cursor. */
  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.buf.length) throw new XdrError('message too short');
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  i32(): number {
    return this.u32() | 0;
  }

  bool(): boolean {
    const v = this.u32();
    if (v > 1) throw new XdrError(`bad boolean ${v}`);
    return v === 1;
  }

  u64(): number {
    const hi = this.u32();
    return hi * 2 ** 32 + this.u32();
  }

  /** Fixed-length opaque data of n bytes (and its padding). */
  fopaque(n: number): Uint8Array {
    this.need(n + xdrPad(n));
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n + xdrPad(n);
    return out;
  }

  /** Variable-length opaque data of at most `max` bytes. */
  opaque(max: number): Uint8Array {
    const n = this.u32();
    if (n > max) throw new XdrError(`length ${n} over the limit ${max}`);
    return this.fopaque(n);
  }

  /** A string of at most `max` bytes. */
  string(max: number): string {
    return fromLatin1(this.opaque(max));
  }

  /** The rest of the message, undecoded (a reply's results, for the caller to decode). */
  rest(): Uint8Array {
    const out = this.buf.subarray(this.pos);
    this.pos = this.buf.length;
    return out;
  }
}

/** A string's characters as bytes (names on a Unix file system are bytes). */
export function latin1(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

export function fromLatin1(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
}
