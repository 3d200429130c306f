/**
 * The LANCE's registers and memory structures, for the driver (4.4BSD's
 * hp300/dev/if_lereg.h). The chip's own names — CSR0's INIT, STRT, TDMD,
 * RINT..., the init block's words, the descriptor bits OWN, STP, ENP... —
 * are shared with the chip model in one file of constants
 * (emu/dev/am7990-regs.ts) and re-exported here; what follows is how the
 * Sun-3/60 and this driver use the chip: where it is, its interrupt
 * level, and the layout of the DVMA window that holds its init block,
 * rings and buffers.
 */
export * from '../../emu/dev/am7990-regs.js';

/** The LANCE's registers in on-board I/O space, and its interrupt level. */
export const LE_OBIO = 0x120000;
export const LE_PRI = 3;

/**
 * The DVMA window: kernel virtual addresses from 0x0FF00000, mapped in
 * every context, which the board presents to the chip as addresses
 * 0xF00000 and up (the chip's 24 bits are the VA's low 24).
 */
export const DVMA_VA = 0x0ff00000;
export const LE_DVMA_PAGES = 4;

/** Ring sizes: 16 receive descriptors, 4 transmit (powers of two, 1 to 128). */
export const LE_NRMD = 16;
export const LE_NTMD = 4;
/** A buffer holds a whole frame: 1518 bytes with the FCS, rounded up. */
export const LE_BUFSIZE = 1536;

/** Byte offsets in the window: init block, receive ring, transmit ring (8-byte aligned), then the buffers. */
export const LE_INITB_OFF = 0x00;
export const LE_RMD_OFF = 0x20;
export const LE_TMD_OFF = LE_RMD_OFF + 8 * LE_NRMD;
export const LE_RBUF_OFF = 0x100;
export const LE_TBUF_OFF = LE_RBUF_OFF + LE_NRMD * LE_BUFSIZE;
export const LE_WINDOW_END = LE_TBUF_OFF + LE_NTMD * LE_BUFSIZE;

/** Seconds a transmission may take before the watchdog resets the chip. */
export const LE_TIMEOUT = 5;
