/**
 * On-board I/O (PTE type 1) devices of a Sun-3: what the bus needs to reach
 * one. A device decodes `size` bytes from its base; the bus refuses (bus
 * error, TIMEOUT) anything outside every device.
 *
 * Devices are byte ports unless they say otherwise: a word or long access to
 * a device without read16/read32 is made as consecutive byte accesses, most
 * significant byte first, as the 68020's dynamic bus sizing makes it on an
 * 8-bit port.
 */
export interface ObioDevice {
  readonly name: string;
  /** Bytes decoded from the device's base address. */
  readonly size: number;
  read8(offset: number): number;
  write8(offset: number, value: number): void;
  read16?(offset: number): number;
  write16?(offset: number, value: number): void;
  read32?(offset: number): number;
  write32?(offset: number, value: number): void;
}

/** OBIO physical addresses (docs/machine.md, physical addresses). */
export const OBIO_ZS0 = 0x000000; // keyboard (A), mouse (B)
export const OBIO_ZS1 = 0x020000; // ttya (A), ttyb (B)
export const OBIO_EEPROM = 0x040000;
export const OBIO_CLOCK = 0x060000;
export const OBIO_MEMERR = 0x080000;
export const OBIO_INTREG = 0x0a0000;
export const OBIO_LANCE = 0x120000;
export const OBIO_SCSI = 0x140000;

/** The 2 KB EEPROM (a 2816): plain bytes as far as the CPU can tell. */
export class Eeprom implements ObioDevice {
  readonly name = 'eeprom';
  readonly size = 0x800;
  readonly bytes = new Uint8Array(0x800).fill(0xff);
  read8(offset: number): number {
    return this.bytes[offset];
  }
  write8(offset: number, value: number): void {
    this.bytes[offset] = value;
  }

  /**
   * Set ttya's speed, as the monitor's `q` command would (docs/machine.md,
   * the EEPROM): the select byte 0x12 at 0x58, then the speed in bits per
   * second, 32 bits big-endian. The kernel's console driver reads it.
   */
  setTtyaBaud(baud: number): void {
    this.bytes[EE_TTYA] = EE_SEL_BAUD;
    for (let i = 0; i < 4; i++) this.bytes[EE_TTYA + 1 + i] = (baud >>> (8 * (3 - i))) & 0xff;
  }
}

/** Where the EEPROM keeps ttya's settings, and the select byte that says "use the speed stored here". */
export const EE_TTYA = 0x58;
export const EE_SEL_BAUD = 0x12;

/** The console speeds a Sun-3's monitor offers (bits per second). */
export const CONSOLE_BAUDS = [110, 300, 1200, 2400, 4800, 9600, 19200, 38400] as const;
/**
 * The console's speed unless asked otherwise: the fastest, 38400 baud (a
 * 3 KB listing in 0.8 s of emulated time, which an interactive console shows
 * at once). 9600, the speed of a real Sun's console, is there for exercises
 * that want its timing.
 */
export const DEFAULT_CONSOLE_BAUD = 38400;

/**
 * The memory-error register (parity machines): a CSR byte at +0 and the
 * address of the failing access at +4. The emulated memory never has a
 * parity error, so the error bits and the address always read 0; the
 * control bits (interrupt enable 0x40, write inverse parity 0x20, check
 * enable 0x10) keep what was written.
 */
export class MemoryError implements ObioDevice {
  readonly name = 'memerr';
  readonly size = 8;
  csr = 0;
  read8(offset: number): number {
    return offset === 0 ? this.csr : 0;
  }
  write8(offset: number, value: number): void {
    if (offset === 0) this.csr = value & 0x70;
  }
}
