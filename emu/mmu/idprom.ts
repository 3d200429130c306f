/**
 * The Sun-3 ID PROM: 32 read-only bytes in control space (FC 3, addresses
 * 0x00000000-0x0000001F) that tell software which machine it runs on.
 *
 *   +0      format (1)
 *   +1      machine type: architecture 0x10 (Sun-3) + model; 0x17 = 3/60
 *   +2..+7  Ethernet address
 *   +8..+B  manufacturing date (seconds since 1970, big-endian)
 *   +C..+E  serial number (24 bits, big-endian)
 *   +F      checksum: the XOR of bytes 0..0xF is 0
 *   +10..   reserved (0)
 *
 * The host ID printed by the PROM and `hostid` is machine type << 24 | serial.
 */

export const IDPROM_SIZE = 32;
export const IDPROM_FORMAT = 1;
export const MACHTYPE_SUN3_60 = 0x17;

/** Sun's Ethernet prefix (OUI) 08:00:20. */
export const SUN_OUI = [0x08, 0x00, 0x20] as const;

export interface IdPromFields {
  machineType?: number;
  /** Six bytes. */
  ethernet: ArrayLike<number>;
  /** Manufacturing date, seconds since 1970-01-01 UTC. */
  date: number;
  /** 0 to 0xFFFFFF. */
  serial: number;
}

export function buildIdProm(f: IdPromFields): Uint8Array {
  if (f.ethernet.length !== 6) throw new Error('ID PROM: an Ethernet address has 6 bytes');
  if (!Number.isInteger(f.serial) || f.serial < 0 || f.serial > 0xffffff)
    throw new Error(`ID PROM: serial must be an integer from 0 to 16777215 (got ${f.serial})`);
  const p = new Uint8Array(IDPROM_SIZE);
  p[0] = IDPROM_FORMAT;
  p[1] = f.machineType ?? MACHTYPE_SUN3_60;
  for (let i = 0; i < 6; i++) p[2 + i] = f.ethernet[i] & 0xff;
  const d = f.date >>> 0;
  p[8] = d >>> 24;
  p[9] = d >>> 16;
  p[10] = d >>> 8;
  p[11] = d;
  p[12] = f.serial >>> 16;
  p[13] = f.serial >>> 8;
  p[14] = f.serial;
  let x = 0;
  for (let i = 0; i < 15; i++) x ^= p[i];
  p[15] = x;
  return p;
}

/** Whether the XOR of bytes 0..15 is 0. */
export function idPromChecksumOk(p: Uint8Array): boolean {
  let x = 0;
  for (let i = 0; i < 16; i++) x ^= p[i];
  return x === 0;
}

/** Parse "8:0:20:1:2:3" or "08-00-20-01-02-03"; throws a one-line error if malformed. */
export function parseEthernet(s: string): number[] {
  const parts = s.trim().split(/[:-]/);
  const bytes = parts.map((p) => (/^[0-9a-fA-F]{1,2}$/.test(p) ? Number.parseInt(p, 16) : Number.NaN));
  if (bytes.length !== 6 || bytes.some(Number.isNaN))
    throw new Error(`bad Ethernet address "${s}" (expected six hex bytes such as 8:0:20:1:2:3)`);
  return bytes;
}

/** "8:0:20:1:7c:32", the way the Sun PROM and ifconfig print it. */
export function formatEthernet(b: ArrayLike<number>): string {
  return Array.from(b, (x) => (x & 0xff).toString(16)).join(':');
}
