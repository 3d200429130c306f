/**
 * The driver for the Sun-3/60's Ethernet controller, the AMD Am7990
 * LANCE (4.4BSD's hp300/dev/if_le.c, on a Sun): le0.
 *
 * The driver reaches the chip only as a real one does: its two 16-bit
 * registers (RAP selects a CSR, RDP reads or writes it) through on-board
 * I/O, and its initialization block, descriptor rings and buffers in
 * memory. Those live in the DVMA window: four pages of physical memory,
 * mapped at 0x0FF00000 in every MMU context with a PMEG of the kernel's
 * own, which the chip sees at 0xF00000 once the system enable register
 * allows DVMA. The kernel writes and reads the same bytes through its view
 * of physical memory. Frames are copied between the ring buffers and
 * packets (mbuf.ts) at this boundary, as leread and leput do.
 *
 * - leattach: map the window, read the station address from the ID PROM,
 *   attach le0 (down until ifconfig gives it an address).
 * - leinit: stop the chip, write the init block and the rings (every
 *   receive buffer given to the chip), and start initialization with
 *   interrupts on. A hosted kernel cannot spin until the chip has read its
 *   init block (its code takes no emulated time), so leintr finishes the
 *   job: on IDON it starts the receiver and transmitter, and what waited
 *   in the send queue goes out.
 * - lestart: copy queued frames into free transmit buffers (padded to
 *   the minimum frame), hand the descriptors to the chip, demand a look.
 * - leintr (level 3): acknowledge CSR0 and count its errors (MISS: a frame
 *   arrived with no buffer; MERR: a DMA access failed, and the chip is
 *   reset; BABL, CERR), then lerint for the receive ring (errors FRAM,
 *   OFLO, CRC, BUFF counted, good frames to ether_input) and lexint for
 *   the transmit ring (LCAR, LCOL, RTRY, UFLO/BUFF counted).
 * - A watchdog (if_timer, LE_TIMEOUT seconds) resets a transmitter that
 *   stopped handing descriptors back.
 */

import type { Kernel } from '../kernel.js';
import { ktrace } from '../ktrace.js';
import { ENA_SDVMA, NCONTEXT, NPAGSEG, PG_S, PG_V, PG_W } from '../machine.js';
import { frameText } from '../net/frame_text.js';
import { IFF_PROMISC, IFF_RUNNING, IFF_UP, if_attach, SIOCSIFADDR } from '../net/if.js';
import { arpwhohas } from '../net/if_ether.js';
import { Arpcom, ETHER_HDR_LEN, ETHER_MIN_FRAME, ETHERMTU, ether_input } from '../net/if_ethersubr.js';
import { Mbuf } from '../net/mbuf.js';
import type { Net } from '../net/net.js';
import { NBPG, PGOFSET, PGSHIFT } from '../param.js';
import {
  DVMA_VA,
  LE_BUFSIZE,
  LE_C0_BABL,
  LE_C0_CERR,
  LE_C0_ERR,
  LE_C0_IDON,
  LE_C0_INEA,
  LE_C0_INIT,
  LE_C0_INTR,
  LE_C0_MERR,
  LE_C0_MISS,
  LE_C0_RINT,
  LE_C0_STOP,
  LE_C0_STRT,
  LE_C0_TDMD,
  LE_C0_TINT,
  LE_C0_W1C,
  LE_C3_BSWP,
  LE_CSR0,
  LE_CSR1,
  LE_CSR2,
  LE_CSR3,
  LE_DVMA_PAGES,
  LE_IB_LADRF,
  LE_IB_MODE,
  LE_IB_PADR,
  LE_IB_RDRA,
  LE_IB_RLEN,
  LE_IB_TDRA,
  LE_IB_TLEN,
  LE_INITB_OFF,
  LE_MD_SIZE,
  LE_MD0,
  LE_MD1,
  LE_MD2,
  LE_MD3,
  LE_MODE_PROM,
  LE_NRMD,
  LE_NTMD,
  LE_OBIO,
  LE_PRI,
  LE_R1_BUFF,
  LE_R1_CRC,
  LE_R1_ENP,
  LE_R1_ERR,
  LE_R1_FRAM,
  LE_R1_OFLO,
  LE_R1_OWN,
  LE_R1_STP,
  LE_R3_MCNT,
  LE_RAP,
  LE_RBUF_OFF,
  LE_RDP,
  LE_RMD_OFF,
  LE_T1_ENP,
  LE_T1_ERR,
  LE_T1_MORE,
  LE_T1_ONE,
  LE_T1_OWN,
  LE_T1_STP,
  LE_T3_BUFF,
  LE_T3_LCAR,
  LE_T3_LCOL,
  LE_T3_RTRY,
  LE_T3_UFLO,
  LE_TBUF_OFF,
  LE_TIMEOUT,
  LE_TMD_OFF,
  leBcnt,
  leRingLength,
} from './if_lereg.js';

/** The driver's error counters (ifconfig shows them). */
export interface LeStats {
  /** Receive: no buffer (CSR0 MISS), framing, overflow, CRC, buffer errors. */
  miss: number;
  fram: number;
  oflo: number;
  crc: number;
  rbuff: number;
  /** Transmit: no carrier, late collision, 16 retries, underflow or buffer error. */
  lcar: number;
  lcol: number;
  rtry: number;
  uflo: number;
  /** Memory error, babble, no heartbeat; watchdog resets. */
  merr: number;
  babl: number;
  cerr: number;
  timeout: number;
}

export class Le extends Arpcom {
  /** The physical frames of the DVMA window, and the chip's address of its start. */
  private readonly frames: number[];
  readonly dvma = DVMA_VA & 0xffffff;
  /** Next receive descriptor to look at; next transmit descriptor to fill, oldest one out, how many are out. */
  rmd = 0;
  tmd = 0;
  tmdOld = 0;
  txPending = 0;
  /** The chip has been initialized and started (after IDON). */
  started = false;
  /** IFF_PROMISC as the chip was last initialized. */
  private promisc = 0;
  readonly stats: LeStats = {
    miss: 0,
    fram: 0,
    oflo: 0,
    crc: 0,
    rbuff: 0,
    lcar: 0,
    lcol: 0,
    rtry: 0,
    uflo: 0,
    merr: 0,
    babl: 0,
    cerr: 0,
    timeout: 0,
  };

  constructor(
    net: Net,
    private readonly k: Kernel,
    enaddr: Uint8Array,
    frames: number[],
  ) {
    super(net, 'le', 0, enaddr);
    this.frames = frames;
  }

  // ---------------------------------------------------------------- the chip's registers

  private wrcsr(csr: number, v: number): void {
    this.k.hw.obioWrite16(LE_OBIO + LE_RAP, csr);
    this.k.hw.obioWrite16(LE_OBIO + LE_RDP, v);
  }

  private rdcsr(csr: number): number {
    this.k.hw.obioWrite16(LE_OBIO + LE_RAP, csr);
    return this.k.hw.obioRead16(LE_OBIO + LE_RDP);
  }

  // ---------------------------------------------------------------- the DVMA window

  /** Physical address of window offset `off`. */
  private pa(off: number): number {
    return this.frames[off >>> PGSHIFT] * NBPG + (off & PGOFSET);
  }

  private w16(off: number, v: number): void {
    const pa = this.pa(off);
    this.k.hw.ram[pa] = (v >>> 8) & 0xff;
    this.k.hw.ram[pa + 1] = v & 0xff;
  }

  private r16(off: number): number {
    const pa = this.pa(off);
    return (this.k.hw.ram[pa] << 8) | this.k.hw.ram[pa + 1];
  }

  /** Copy bytes into the window at `off` (they may cross a page). */
  private put(off: number, src: Uint8Array): void {
    let done = 0;
    while (done < src.length) {
      const o = off + done;
      const n = Math.min(src.length - done, NBPG - (o & PGOFSET));
      this.k.hw.ram.set(src.subarray(done, done + n), this.pa(o));
      done += n;
    }
  }

  /** Copy `len` bytes out of the window at `off` into `dst`. */
  private get(off: number, dst: Uint8Array): void {
    let done = 0;
    while (done < dst.length) {
      const o = off + done;
      const n = Math.min(dst.length - done, NBPG - (o & PGOFSET));
      const pa = this.pa(o);
      dst.set(this.k.hw.ram.subarray(pa, pa + n), done);
      done += n;
    }
  }

  private rbuf(i: number): number {
    return LE_RBUF_OFF + i * LE_BUFSIZE;
  }
  private tbuf(i: number): number {
    return LE_TBUF_OFF + i * LE_BUFSIZE;
  }

  /** Give receive descriptor i (and its buffer) to the chip: OWN is written last. */
  private giveRmd(i: number): void {
    const d = LE_RMD_OFF + i * LE_MD_SIZE;
    const b = this.dvma + this.rbuf(i);
    this.w16(d + LE_MD0, b & 0xffff);
    this.w16(d + LE_MD2, leBcnt(LE_BUFSIZE));
    this.w16(d + LE_MD3, 0);
    this.w16(d + LE_MD1, LE_R1_OWN | ((b >>> 16) & 0xff));
  }

  // ---------------------------------------------------------------- leinit, lestart

  /** Stop the chip, set up the init block and the rings, and start initialization (leinit). */
  init(): void {
    this.wrcsr(LE_CSR0, LE_C0_STOP);
    this.started = false;
    // Packets the old rings held are lost (the watchdog or MERR reset them); the send queue stays.
    this.rmd = this.tmd = this.tmdOld = this.txPending = 0;
    this.timer = 0;
    const ib = LE_INITB_OFF;
    const a = this.enaddr;
    this.promisc = this.flags & IFF_PROMISC;
    this.w16(ib + LE_IB_MODE, this.promisc ? LE_MODE_PROM : 0);
    for (let i = 0; i < 3; i++) this.w16(ib + LE_IB_PADR + 2 * i, (a[2 * i + 1] << 8) | a[2 * i]);
    for (let i = 0; i < 4; i++) this.w16(ib + LE_IB_LADRF + 2 * i, 0); // no multicast
    const rdra = this.dvma + LE_RMD_OFF;
    const tdra = this.dvma + LE_TMD_OFF;
    this.w16(ib + LE_IB_RDRA, rdra & 0xffff);
    this.w16(ib + LE_IB_RLEN, leRingLength(LE_NRMD, rdra));
    this.w16(ib + LE_IB_TDRA, tdra & 0xffff);
    this.w16(ib + LE_IB_TLEN, leRingLength(LE_NTMD, tdra));
    for (let i = 0; i < LE_NRMD; i++) this.giveRmd(i);
    for (let i = 0; i < LE_NTMD; i++) {
      const d = LE_TMD_OFF + i * LE_MD_SIZE;
      const b = this.dvma + this.tbuf(i);
      this.w16(d + LE_MD0, b & 0xffff);
      this.w16(d + LE_MD1, (b >>> 16) & 0xff);
      this.w16(d + LE_MD2, 0);
      this.w16(d + LE_MD3, 0);
    }
    const iba = this.dvma + ib;
    this.wrcsr(LE_CSR1, iba & 0xffff);
    this.wrcsr(LE_CSR2, (iba >>> 16) & 0xff);
    this.wrcsr(LE_CSR3, LE_C3_BSWP);
    this.wrcsr(LE_CSR0, LE_C0_INIT | LE_C0_INEA);
    this.flags |= IFF_RUNNING;
  }

  /** Stop the chip (the interface went down). */
  stop(): void {
    this.wrcsr(LE_CSR0, LE_C0_STOP);
    this.started = false;
    this.flags &= ~IFF_RUNNING;
    this.timer = 0;
  }

  /** Copy queued frames into free transmit buffers and hand them to the chip (lestart, with leput). */
  override start(): void {
    if (!this.started) return;
    let queued = false;
    while (this.txPending < LE_NTMD) {
      const m = this.snd.dequeue();
      if (m === undefined) break;
      const i = this.tmd;
      const len = Math.max(m.len, ETHER_MIN_FRAME);
      const b = this.tbuf(i);
      this.put(b, m.data);
      ktrace(this.k, 'net', -1, () => frameText('le0', 'out', m.data, m.len));
      if (m.len < len) this.put(b + m.len, new Uint8Array(len - m.len)); // pad with zeros
      this.k.chargeCopy(len);
      const d = LE_TMD_OFF + i * LE_MD_SIZE;
      const addr = this.dvma + b;
      this.w16(d + LE_MD2, leBcnt(len));
      this.w16(d + LE_MD3, 0);
      this.w16(d + LE_MD1, LE_T1_OWN | LE_T1_STP | LE_T1_ENP | ((addr >>> 16) & 0xff));
      this.tmd = (i + 1) % LE_NTMD;
      this.txPending++;
      queued = true;
    }
    if (queued) {
      this.wrcsr(LE_CSR0, LE_C0_TDMD | LE_C0_INEA);
      this.timer = LE_TIMEOUT;
    }
  }

  // ---------------------------------------------------------------- interrupts

  /** The level 3 interrupt (leintr). */
  intr(): void {
    const csr0 = this.rdcsr(LE_CSR0);
    if (!(csr0 & LE_C0_INTR)) return;
    this.wrcsr(LE_CSR0, (csr0 & LE_C0_W1C) | LE_C0_INEA); // acknowledge what we saw
    if (csr0 & LE_C0_ERR) {
      if (csr0 & LE_C0_BABL) {
        this.stats.babl++;
        this.oerrors++;
        this.net.log('le0: babble\n');
      }
      if (csr0 & LE_C0_CERR) this.stats.cerr++;
      if (csr0 & LE_C0_MISS) {
        this.stats.miss++;
        this.ierrors++;
      }
      if (csr0 & LE_C0_MERR) {
        this.stats.merr++;
        this.net.log('le0: memory error: resetting\n');
        this.init();
        return;
      }
    }
    if (csr0 & LE_C0_IDON) {
      this.wrcsr(LE_CSR0, LE_C0_STRT | LE_C0_INEA);
      this.started = true;
    }
    if (csr0 & LE_C0_RINT) this.rint();
    if (csr0 & LE_C0_TINT || csr0 & LE_C0_IDON) this.xint();
  }

  /** Take the frames the chip handed back (lerint), giving each buffer back to it. */
  private rint(): void {
    for (;;) {
      const i = this.rmd;
      const d = LE_RMD_OFF + i * LE_MD_SIZE;
      const md1 = this.r16(d + LE_MD1);
      if (md1 & LE_R1_OWN) break;
      if (md1 & LE_R1_ERR) {
        if (md1 & LE_R1_FRAM) this.stats.fram++;
        if (md1 & LE_R1_OFLO) this.stats.oflo++;
        if (md1 & LE_R1_CRC) this.stats.crc++;
        if (md1 & LE_R1_BUFF) this.stats.rbuff++;
        this.ierrors++;
      } else if ((md1 & (LE_R1_STP | LE_R1_ENP)) !== (LE_R1_STP | LE_R1_ENP)) {
        // Part of a frame longer than a buffer (a babbling sender): dropped.
        this.ierrors++;
      } else {
        this.read(this.rbuf(i), (this.r16(d + LE_MD3) & LE_R3_MCNT) - 4);
      }
      this.giveRmd(i);
      this.rmd = (i + 1) % LE_NRMD;
    }
  }

  /** A good frame of `len` bytes (without FCS) at window offset `off`: to ether_input (leread). */
  private read(off: number, len: number): void {
    if (len < ETHER_HDR_LEN || len > ETHERMTU + ETHER_HDR_LEN) {
      this.ierrors++;
      return;
    }
    const m = Mbuf.get(len);
    this.get(off, m.data);
    ktrace(this.k, 'net', -1, () => frameText('le0', 'in', m.data, len));
    this.k.chargeCopy(len);
    this.ipackets++;
    ether_input(this, m);
  }

  /** The descriptors the chip handed back after sending (lexint): count, then send more. */
  private xint(): void {
    while (this.txPending > 0) {
      const d = LE_TMD_OFF + this.tmdOld * LE_MD_SIZE;
      const md1 = this.r16(d + LE_MD1);
      if (md1 & LE_T1_OWN) break;
      if (md1 & LE_T1_ERR) {
        const md3 = this.r16(d + LE_MD3);
        this.oerrors++;
        if (md3 & LE_T3_LCAR) {
          this.stats.lcar++;
          this.net.log('le0: no carrier: transceiver cable problem?\n');
        }
        if (md3 & LE_T3_LCOL) {
          this.stats.lcol++;
          this.collisions++;
        }
        if (md3 & LE_T3_RTRY) {
          this.stats.rtry++;
          this.collisions += 16;
        }
        if (md3 & (LE_T3_UFLO | LE_T3_BUFF)) {
          // The transmitter has turned itself off: start over.
          this.stats.uflo++;
          this.init();
          return;
        }
      } else {
        this.opackets++;
        if (md1 & LE_T1_ONE) this.collisions++;
        else if (md1 & LE_T1_MORE) this.collisions += 2;
      }
      this.tmdOld = (this.tmdOld + 1) % LE_NTMD;
      this.txPending--;
    }
    if (this.txPending === 0) this.timer = 0;
    this.start();
  }

  /** The transmitter has not handed a descriptor back for LE_TIMEOUT seconds: reset the chip. */
  override watchdog(): void {
    this.stats.timeout++;
    this.oerrors++;
    this.net.log('le0: transmitter timeout: resetting\n');
    this.init();
  }

  // ---------------------------------------------------------------- ifnet

  /** An address was set or the flags changed (leioctl): start or stop the chip, announce the address. */
  override ioctl(cmd: number): void {
    if (cmd === SIOCSIFADDR) {
      this.init();
      arpwhohas(this, this.ipaddr); // gratuitous ARP: who else has our address?
      return;
    }
    if (!(this.flags & IFF_UP) && this.flags & IFF_RUNNING) this.stop();
    else if (this.flags & IFF_UP && !(this.flags & IFF_RUNNING)) this.init();
    else if (this.flags & IFF_UP && (this.flags & IFF_PROMISC) !== this.promisc) this.init(); // a new mode
  }

  override driverStats(): [string, number][] {
    return Object.entries(this.stats);
  }
}

/**
 * Attach le0 (leattach): map the DVMA window in every context, allow
 * DVMA, read the station address, and wire up the interrupt. The chip
 * stays stopped until the interface gets an address.
 */
export function leattach(k: Kernel): Le {
  const hw = k.hw;
  const mmu = hw.mmu;
  const frames: number[] = [];
  for (let i = 0; i < LE_DVMA_PAGES; i++) {
    const f = k.mem.alloc();
    if (f < 0) throw new Error('le0: no memory for the DVMA window');
    frames.push(f);
  }
  const pmeg = k.pmap.kernelPmeg();
  for (let i = 0; i < NPAGSEG; i++)
    mmu.setPte(pmeg, i, i < frames.length ? PG_V | PG_W | PG_S | frames[i] : 0);
  for (let ctx = 0; ctx < NCONTEXT; ctx++) mmu.setSegmap(ctx, DVMA_VA, pmeg);
  mmu.enable |= ENA_SDVMA;
  const enaddr = Uint8Array.from(mmu.idprom.subarray(2, 8));
  const le = new Le(k.net, k, enaddr, frames);
  if_attach(k.net, le);
  k.intr[LE_PRI] = () => k.net.interrupt(() => le.intr());
  k.log(`le0 at obio 0x${LE_OBIO.toString(16)} pri ${LE_PRI}\n`);
  return le;
}
