/**
 * The Am7990 LANCE driven through RAP/RDP as a driver drives it, with its
 * init block, rings and buffers in memory reached by DVMA: initialization,
 * transmit and receive, chaining, ring wrap, every error bit, STOP/STRT,
 * interrupts on level 3, the address filter and loopback.
 */
import { describe, expect, it } from 'vitest';
import { Am7990, LE_INIT_CYCLES, LE_TX_POLL_CYCLES, LE_TX_START_CYCLES } from '../../emu/dev/am7990.js';
import {
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
  LE_C0_RXON,
  LE_C0_STOP,
  LE_C0_STRT,
  LE_C0_TDMD,
  LE_C0_TINT,
  LE_C0_TXON,
  LE_C3_BSWP,
  LE_CSR0,
  LE_CSR1,
  LE_CSR2,
  LE_CSR3,
  LE_MODE_COLL,
  LE_MODE_DRTY,
  LE_MODE_DRX,
  LE_MODE_DTCR,
  LE_MODE_DTX,
  LE_MODE_INTL,
  LE_MODE_LOOP,
  LE_MODE_PROM,
  LE_R1_BUFF,
  LE_R1_CRC,
  LE_R1_ENP,
  LE_R1_ERR,
  LE_R1_FRAM,
  LE_R1_OFLO,
  LE_R1_OWN,
  LE_R1_STP,
  LE_RAP,
  LE_RDP,
  LE_T1_ENP,
  LE_T1_ERR,
  LE_T1_OWN,
  LE_T1_STP,
  LE_T3_BUFF,
  LE_T3_LCAR,
  LE_T3_RTRY,
  LE_T3_UFLO,
  leBcnt,
  leBufferLength,
  leLadrfIndex,
  leRingLength,
} from '../../emu/dev/am7990-regs.js';
import { Transceiver } from '../../emu/dev/transceiver.js';
import { Scheduler } from '../../emu/machine/scheduler.js';
import { Sun3Machine } from '../../emu/machine/sun3.js';
import { idPromChecksumOk } from '../../emu/mmu/idprom.js';
import { ENA_SDVMA, makePte, PTE_MOD, PTE_REF } from '../../emu/mmu/mmu.js';
import {
  appendFcs,
  buildFrame,
  ETHERTYPE_IP,
  fcsOk,
  frameCycles,
  IFG_CYCLES,
  parseEthernet,
} from '../../emu/net/ether.js';
import type { EtherPort } from '../../emu/net/port.js';
import { bootWith, INTREG_VA, makeMachine } from './helpers.js';
import { DVMA_PFN, DVMA_PMEG, DVMA_VA, LE_VA, LeDriver, RXBUFS, TDRA, TXBUFS } from './lance-driver.js';

const FC_SD = 5;
const PEER = '8:0:20:0:0:99';

/** A machine with its LANCE registers and DVMA window mapped, plugged into a port that records what it sends. */
function rig(opts: ConstructorParameters<typeof LeDriver>[1] = {}) {
  const { m } = makeMachine({ serial: 7 });
  const sent: { frame: Uint8Array; cycle: number }[] = [];
  const port: EtherPort = { receiver: null, send: (frame, cycle) => sent.push({ frame, cycle }) };
  m.ether.attach(port);
  const le = new LeDriver(m, opts);
  /** Deliver `frame` (FCS added unless `raw`) to the machine with its last bit at `at`. */
  const deliver = (frame: Uint8Array, at: number, raw = false, dribble = 0) =>
    port.receiver?.(raw ? frame : appendFcs(frame), at, dribble);
  return { m, le, sent, port, deliver };
}

/** A frame from PEER to `dst` with `n` payload bytes 0, 1, 2 ... */
function frameTo(dst: ArrayLike<number> | string, n = 46, seed = 0): Uint8Array {
  return buildFrame({
    dst,
    src: PEER,
    type: ETHERTYPE_IP,
    payload: Uint8Array.from({ length: n }, (_, i) => (i + seed) & 0xff),
  });
}

describe('registers', () => {
  it('power on stopped; RAP selects the CSR; CSR1-3 take writes only while stopped; STOP clears CSR3', () => {
    const { le } = rig();
    expect(le.csr0()).toBe(LE_C0_STOP);
    le.m.bus.write16(LE_VA + LE_RAP, 0xfffe, FC_SD);
    expect(le.m.bus.read16(LE_VA + LE_RAP, FC_SD)).toBe(2); // two bits
    le.wr(LE_CSR1, 0x1235);
    le.wr(LE_CSR2, 0xabcd);
    le.wr(LE_CSR3, 0xffff);
    expect([le.rd(LE_CSR1), le.rd(LE_CSR2), le.rd(LE_CSR3)]).toEqual([0x1234, 0xcd, 7]);
    le.start();
    le.wr(LE_CSR1, 0x4444); // running: ignored
    le.wr(LE_CSR3, 0);
    expect(le.rd(LE_CSR1)).toBe(0);
    expect(le.rd(LE_CSR3)).toBe(LE_C3_BSWP);
    le.wr(LE_CSR0, LE_C0_STOP | LE_C0_STRT | LE_C0_INIT); // STOP wins
    expect(le.csr0()).toBe(LE_C0_STOP);
    expect(le.rd(LE_CSR3)).toBe(0);
  });

  it('ERR and INTR are read-only ORs; the status bits clear on writing 1, not 0', () => {
    const { le, m, deliver } = rig();
    le.start();
    expect(le.csr0()).toBe(LE_C0_INIT | LE_C0_STRT | LE_C0_RXON | LE_C0_TXON); // 0x0033
    le.wr(LE_CSR0, LE_C0_ERR | LE_C0_INTR); // no effect
    expect(le.csr0() & (LE_C0_ERR | LE_C0_INTR)).toBe(0);
    deliver(frameTo(m.ethernet), m.now + 10);
    m.run(20);
    expect(le.csr0() & (LE_C0_RINT | LE_C0_INTR | LE_C0_ERR)).toBe(LE_C0_RINT | LE_C0_INTR);
    le.wr(LE_CSR0, 0);
    expect(le.csr0() & LE_C0_RINT).toBe(LE_C0_RINT); // writing 0 changes nothing
    le.wr(LE_CSR0, LE_C0_RINT);
    expect(le.csr0() & (LE_C0_RINT | LE_C0_INTR)).toBe(0);
  });

  it('a byte write reaches the whole register (the 68020 repeats the byte on every lane); a byte read one half', () => {
    const { le, m } = rig();
    m.bus.write8(LE_VA + LE_RAP + 1, 1, FC_SD); // RAP = 0x0101 & 3 = 1
    expect(m.bus.read16(LE_VA + LE_RAP, FC_SD)).toBe(1);
    m.bus.write8(LE_VA + LE_RDP, 0x12, FC_SD); // CSR1 = 0x1212
    expect(le.rd(LE_CSR1)).toBe(0x1212);
    expect(m.bus.read8(LE_VA + LE_RDP, FC_SD)).toBe(0x12);
    expect(m.bus.read8(LE_VA + LE_RDP + 1, FC_SD)).toBe(0x12);
  });
});

describe('initialization', () => {
  it('reads the init block by DVMA and sets IDON 144 cycles after INIT', () => {
    const { le, m } = rig({ mode: LE_MODE_PROM, ladrf: [1, 2, 3, 0x8000], rxRing: 16, txRing: 2 });
    le.setup();
    m.mmu.clearRefMod(DVMA_PMEG, 0); // the CPU wrote the block; see what the chip does
    const t = m.now;
    le.wr(LE_CSR0, LE_C0_INIT);
    expect(le.csr0()).toBe(LE_C0_INIT); // STOP cleared, not yet done
    m.run(LE_INIT_CYCLES - 1);
    expect(le.csr0() & LE_C0_IDON).toBe(0);
    m.run(1);
    expect(m.now).toBe(t + LE_INIT_CYCLES);
    expect(le.csr0()).toBe(LE_C0_INIT | LE_C0_IDON | LE_C0_INTR);
    const chip = m.lance;
    expect(chip.mode).toBe(LE_MODE_PROM);
    expect(Array.from(chip.padr)).toEqual(Array.from(m.ethernet));
    expect(Array.from(chip.ladrf)).toEqual([1, 2, 3, 0x8000]);
    // The chip's reads went through the MMU: the DVMA page is referenced (and not modified).
    expect(m.mmu.getRefMod(DVMA_PMEG, 0)).toBe(PTE_REF);
  });

  it('INIT with STRT initializes, then starts; INIT while running is ignored', () => {
    const { le, m } = rig();
    le.setup();
    le.wr(LE_CSR0, LE_C0_INIT | LE_C0_STRT);
    m.run(LE_INIT_CYCLES);
    expect(le.csr0() & ~(LE_C0_IDON | LE_C0_INTR)).toBe(LE_C0_INIT | LE_C0_STRT | LE_C0_RXON | LE_C0_TXON);
    le.wr(LE_CSR0, LE_C0_IDON | LE_C0_INIT);
    m.run(1000);
    expect(le.csr0() & LE_C0_IDON).toBe(0);
  });

  it('DRX and DTX keep the receiver or transmitter off after STRT', () => {
    for (const [mode, on] of [
      [LE_MODE_DRX, LE_C0_TXON],
      [LE_MODE_DTX, LE_C0_RXON],
      [LE_MODE_DRX | LE_MODE_DTX, 0],
    ]) {
      const { le } = rig({ mode });
      le.start();
      expect(le.csr0() & (LE_C0_RXON | LE_C0_TXON)).toBe(on);
    }
  });

  it('ring lengths are powers of two from 1 to 128, and buffer counts two-s complement', () => {
    expect(leRingLength(128, 0xf00040)).toBe(0xe0f0);
    expect(leRingLength(1, 0xf00040)).toBe(0x00f0);
    expect(() => leRingLength(3, 0)).toThrow(/1, 2, 4 ... 128/);
    expect(leBcnt(1536)).toBe(0xfa00);
    expect(leBufferLength(0xfa00)).toBe(1536);
    expect(leBufferLength(0xf000)).toBe(4096);
  });
});

describe('transmit', () => {
  it('sends one frame with its FCS after its start latency, and hands the descriptor back after its wire time', () => {
    const { le, m, sent } = rig();
    le.start();
    const f = frameTo(PEER, 46);
    const t = m.now;
    const i = le.send(f);
    m.run(LE_TX_START_CYCLES + 10);
    expect(sent.length).toBe(1);
    expect(sent[0].cycle).toBe(t + LE_TX_START_CYCLES);
    expect(sent[0].frame).toEqual(appendFcs(f));
    expect(fcsOk(sent[0].frame)).toBe(true);
    expect(le.csr0() & LE_C0_TDMD).toBe(0); // cleared when the chip saw it
    expect(le.txDesc(i).md1 & LE_T1_OWN).toBe(LE_T1_OWN); // still on the wire
    const end = t + LE_TX_START_CYCLES + frameCycles(64);
    m.run(end - 1 - m.now);
    expect(le.txDesc(i).md1 & LE_T1_OWN).toBe(LE_T1_OWN);
    expect(le.csr0() & LE_C0_TINT).toBe(0);
    m.run(1);
    expect(le.txDesc(i).md1).toBe(LE_T1_STP | LE_T1_ENP | (TXBUFS >>> 16)); // OWN cleared, no error
    expect(le.csr0() & (LE_C0_TINT | LE_C0_INTR)).toBe(LE_C0_TINT | LE_C0_INTR);
    expect(m.ether.framesOut).toBe(1);
  });

  it('frames queued together leave back to back: one wire time and a 9.6 µs gap apart', () => {
    const { le, m, sent } = rig({ txRing: 4 });
    le.start();
    const sizes = [46, 500, 1500];
    sizes.forEach((n, k) => {
      le.send(frameTo(PEER, n, k), [], k === sizes.length - 1);
    });
    m.run(100_000);
    expect(sent.map((s) => s.frame.length)).toEqual([64, 518, 1518]);
    expect(sent[1].cycle - sent[0].cycle).toBe(frameCycles(64) + IFG_CYCLES);
    expect(sent[2].cycle - sent[1].cycle).toBe(frameCycles(518) + IFG_CYCLES);
    for (let i = 0; i < 3; i++) expect(le.txDesc(i).md1 & LE_T1_OWN).toBe(0);
  });

  it('chains a frame over several buffers (STP on the first, ENP on the last) and releases them all', () => {
    const { le, m, sent } = rig({ txRing: 4 });
    le.start();
    const f = frameTo(PEER, 300);
    le.send(f, [100, 50]); // 164 + 100 + 50 bytes
    m.run(20_000);
    expect(sent.length).toBe(1);
    expect(sent[0].frame).toEqual(appendFcs(f));
    expect([0, 1, 2].map((i) => le.txDesc(i).md1 & (LE_T1_OWN | LE_T1_STP | LE_T1_ENP | LE_T1_ERR))).toEqual([
      LE_T1_STP,
      0,
      LE_T1_ENP,
    ]);
  });

  it('without TDMD the frame waits for the next 1.6 ms poll', () => {
    const { le, m, sent } = rig();
    le.start();
    const started = m.now;
    m.run(10); // STRT polls at once, and finds nothing
    le.send(frameTo(PEER), [], false);
    m.run(LE_TX_POLL_CYCLES - 200);
    expect(sent.length).toBe(0);
    m.run(1000);
    expect(sent.length).toBe(1);
    expect(sent[0].cycle).toBe(started + LE_TX_POLL_CYCLES + LE_TX_START_CYCLES);
  });

  it('the ring wraps: frame n goes out of descriptor n mod the ring length', () => {
    const { le, m, sent } = rig({ txRing: 2 });
    le.start();
    for (let k = 0; k < 5; k++) {
      expect(le.send(frameTo(PEER, 46, k))).toBe(k % 2);
      m.run(5000);
    }
    expect(sent.map((s) => s.frame[14])).toEqual([0, 1, 2, 3, 4]);
  });

  it('sends what is in guest memory: a byte changed in the buffer before OWN is on the wire', () => {
    const { le, m, sent } = rig();
    le.start();
    const f = frameTo(PEER, 46);
    le.put(TXBUFS, f);
    m.bus.write8(DVMA_VA | ((TXBUFS + 20) & 0xfffff), 0xee, FC_SD); // the CPU pokes the buffer
    le.w16(TDRA, TXBUFS & 0xffff);
    le.w16(TDRA + 4, leBcnt(f.length));
    le.w16(TDRA + 2, LE_T1_OWN | LE_T1_STP | LE_T1_ENP | (TXBUFS >>> 16));
    le.wr(LE_CSR0, LE_C0_TDMD);
    m.run(5000);
    const expected = Uint8Array.from(f);
    expected[20] = 0xee;
    expect(sent[0].frame).toEqual(appendFcs(expected));
  });

  it('skips (hands back) owned descriptors that do not start a frame', () => {
    const { le, m, sent } = rig({ txRing: 4 });
    le.start();
    le.w16(TDRA + 4, leBcnt(60));
    le.w16(TDRA + 2, LE_T1_OWN | (TXBUFS >>> 16)); // neither STP nor ENP
    le.txNext = 1;
    le.send(frameTo(PEER));
    m.run(5000);
    expect(le.txDesc(0).md1 & LE_T1_OWN).toBe(0);
    expect(sent.length).toBe(1);
  });

  it('BUFF+UFLO: the next buffer of a chain is not owned; the frame is cut short with a bad FCS and TXON drops', () => {
    const { le, m, sent } = rig({ txRing: 4 });
    le.start();
    const f = frameTo(PEER, 200);
    le.put(TXBUFS, f.subarray(0, 100));
    le.w16(TDRA, TXBUFS & 0xffff);
    le.w16(TDRA + 4, leBcnt(100));
    le.w16(TDRA + 2, LE_T1_OWN | LE_T1_STP | (TXBUFS >>> 16)); // no ENP, and descriptor 1 is not ours
    le.wr(LE_CSR0, LE_C0_TDMD);
    m.run(5000);
    expect(sent.length).toBe(1);
    expect(sent[0].frame.length).toBe(104);
    expect(fcsOk(sent[0].frame)).toBe(false);
    const d = le.txDesc(0);
    expect(d.md1 & (LE_T1_OWN | LE_T1_ERR)).toBe(LE_T1_ERR);
    expect(d.md3).toBe(LE_T3_BUFF | LE_T3_UFLO);
    expect(le.csr0() & (LE_C0_TXON | LE_C0_RXON | LE_C0_TINT)).toBe(LE_C0_RXON | LE_C0_TINT);
  });

  it('BABL: a frame longer than 1518 bytes is sent, and babble is flagged (with ERR and INTR)', () => {
    const { le, m, sent } = rig({ txRing: 4 });
    le.start();
    const f = frameTo(PEER, 1600);
    le.send(f, [800]);
    m.run(40_000);
    expect(sent[0].frame.length).toBe(1618);
    expect(le.csr0() & (LE_C0_BABL | LE_C0_ERR | LE_C0_INTR)).toBe(LE_C0_BABL | LE_C0_ERR | LE_C0_INTR);
    le.wr(LE_CSR0, LE_C0_BABL | LE_C0_TINT);
    expect(le.csr0() & (LE_C0_BABL | LE_C0_ERR | LE_C0_INTR)).toBe(0);
  });

  it('DTCR: the buffer supplies the FCS', () => {
    const { le, m, sent } = rig({ mode: LE_MODE_DTCR });
    le.start();
    const f = appendFcs(frameTo(PEER));
    f[f.length - 1] ^= 1; // even a wrong one
    le.send(f);
    m.run(5000);
    expect(sent[0].frame).toEqual(f);
  });

  it('without a cable: loss of carrier (LCAR) and no heartbeat (CERR, which is an error but no interrupt)', () => {
    const { le, m, sent } = rig();
    m.ether.detach();
    expect(m.ether.attached).toBe(false);
    le.start();
    le.send(frameTo(PEER));
    m.run(5000);
    expect(sent.length).toBe(0);
    const d = le.txDesc(0);
    expect(d.md1 & (LE_T1_OWN | LE_T1_ERR)).toBe(LE_T1_ERR);
    expect(d.md3).toBe(LE_T3_LCAR);
    expect(le.csr0() & (LE_C0_CERR | LE_C0_ERR)).toBe(LE_C0_CERR | LE_C0_ERR);
    le.wr(LE_CSR0, LE_C0_TINT);
    expect(le.csr0() & (LE_C0_CERR | LE_C0_INTR)).toBe(LE_C0_CERR); // CERR alone interrupts nothing
  });

  it('BSWP clear: the chip takes buffer bytes in little-endian word order, swapped in pairs', () => {
    const { le, m, sent } = rig({ csr3: 0 });
    le.start();
    const f = frameTo(PEER);
    le.send(f);
    m.run(5000);
    const swapped = Uint8Array.from(f, (_, i) => f[i ^ 1]);
    expect(sent[0].frame).toEqual(appendFcs(swapped));
  });
});

describe('receive', () => {
  it('stores a frame at its arrival instant: data with FCS, MCNT, STP|ENP, OWN cleared, RINT', () => {
    const { le, m, deliver } = rig();
    le.start();
    const f = frameTo(m.ethernet, 100);
    const at = m.now + 5000;
    deliver(f, at);
    m.run(at - 1 - m.now);
    expect(le.rxDesc(0).md1 & LE_R1_OWN).toBe(LE_R1_OWN);
    m.run(1);
    const d = le.rxDesc(0);
    expect(d.md1).toBe(LE_R1_STP | LE_R1_ENP | (RXBUFS >>> 16));
    expect(d.md3).toBe(118);
    expect(le.get(RXBUFS, 118)).toEqual(appendFcs(f));
    expect(le.csr0() & (LE_C0_RINT | LE_C0_INTR)).toBe(LE_C0_RINT | LE_C0_INTR);
    // The chip wrote the buffer through the MMU: R and M on the DVMA page.
    expect(m.mmu.getRefMod(DVMA_PMEG, 1)).toBe(PTE_REF | PTE_MOD);
  });

  it('the ring wraps, and the driver keeps up by handing buffers back', () => {
    const { le, m, deliver } = rig({ rxRing: 4 });
    le.start();
    const got: number[] = [];
    for (let k = 0; k < 10; k++) {
      deliver(frameTo(m.ethernet, 46, k), m.now + 2000);
      m.run(2000);
      for (const r of le.receive()) got.push(r.data[14]);
    }
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(le.rxNext).toBe(2);
  });

  it('MISS: a frame arriving when the chip owns no buffer is lost, not kept', () => {
    const { le, m, deliver } = rig({ rxRing: 2 });
    le.start();
    for (let k = 0; k < 3; k++) deliver(frameTo(m.ethernet, 46, k), m.now + 2000 * (k + 1));
    m.run(7000);
    expect(le.csr0() & (LE_C0_MISS | LE_C0_ERR | LE_C0_INTR)).toBe(LE_C0_MISS | LE_C0_ERR | LE_C0_INTR);
    expect(m.lance.dropped.missed).toBe(1);
    expect(le.receive().map((r) => r.data[14])).toEqual([0, 1]);
    le.wr(LE_CSR0, LE_C0_MISS | LE_C0_RINT);
    m.run(10_000);
    expect(le.receive()).toEqual([]); // frame 2 is gone for good
    expect(le.csr0() & LE_C0_ERR).toBe(0);
  });

  it('chains a long frame over small buffers: STP first, ENP and MCNT last', () => {
    const { le, m, deliver } = rig({ rxRing: 8 });
    le.setup();
    for (let i = 0; i < 8; i++) le.giveRx(i, 128);
    le.wr(LE_CSR0, LE_C0_INIT);
    m.run(200);
    le.wr(LE_CSR0, LE_C0_IDON | LE_C0_STRT);
    const f = appendFcs(frameTo(m.ethernet, 300)); // 318 bytes: 128 + 128 + 62
    deliver(f, m.now + 3000, true);
    m.run(3000);
    const flags = [0, 1, 2, 3].map((i) => le.rxDesc(i).md1 & 0xff00);
    expect(flags).toEqual([LE_R1_STP, 0, LE_R1_ENP, LE_R1_OWN]);
    expect(le.rxDesc(2).md3).toBe(318);
    const data = new Uint8Array([
      ...le.get(le.rxBufAddr(0), 128),
      ...le.get(le.rxBufAddr(1), 128),
      ...le.get(le.rxBufAddr(2), 62),
    ]);
    expect(data).toEqual(f);
  });

  it('BUFF: the next buffer of a chain is not owned; the rest of the frame is lost', () => {
    const { le, m, deliver } = rig({ rxRing: 4 });
    le.setup();
    le.giveRx(0, 128);
    le.giveRx(1, 128);
    le.w16(le.rxDescAddr(2) + 2, 0); // descriptor 2 is the driver's
    le.wr(LE_CSR0, LE_C0_INIT);
    m.run(200);
    le.wr(LE_CSR0, LE_C0_IDON | LE_C0_STRT);
    deliver(frameTo(m.ethernet, 400), m.now + 3000);
    m.run(3000);
    expect(le.rxDesc(0).md1 & 0xff00).toBe(LE_R1_STP);
    expect(le.rxDesc(1).md1 & 0xff00).toBe(LE_R1_ERR | LE_R1_BUFF);
    expect(le.csr0() & (LE_C0_RINT | LE_C0_RXON)).toBe(LE_C0_RINT | LE_C0_RXON);
  });

  it('CRC: a damaged frame is stored with CRC and ERR; with stray bits also FRAM', () => {
    const { le, m, deliver } = rig();
    le.start();
    const bad = appendFcs(frameTo(m.ethernet));
    bad[30] ^= 0x10;
    deliver(bad, m.now + 2000, true);
    deliver(bad, m.now + 4000, true, 3);
    deliver(appendFcs(frameTo(m.ethernet)), m.now + 6000, true, 3); // stray bits but a good CRC: no error
    m.run(6000);
    expect(le.receive().map((r) => r.md1 & 0xff00)).toEqual([
      LE_R1_ERR | LE_R1_CRC | LE_R1_STP | LE_R1_ENP,
      LE_R1_ERR | LE_R1_FRAM | LE_R1_CRC | LE_R1_STP | LE_R1_ENP,
      LE_R1_STP | LE_R1_ENP,
    ]);
  });

  it('drops runts, and frames for other stations; takes broadcasts', () => {
    const { le, m, deliver } = rig();
    le.start();
    deliver(appendFcs(frameTo(m.ethernet)).subarray(0, 60), m.now + 1000, true); // 60 bytes with "FCS"
    deliver(frameTo('8:0:20:0:0:1'), m.now + 2000);
    deliver(frameTo('ff:ff:ff:ff:ff:ff'), m.now + 3000);
    m.run(4000);
    expect(le.receive().length).toBe(1);
    expect(m.lance.dropped).toMatchObject({ runt: 1, filtered: 1 });
  });

  it('the logical-address filter takes the multicast groups whose hash bit is set', () => {
    const group = parseEthernet('1:0:5e:0:0:1');
    const other = parseEthernet('1:0:5e:0:0:2');
    const n = leLadrfIndex(group);
    expect(leLadrfIndex(other)).not.toBe(n);
    const ladrf = [0, 0, 0, 0];
    ladrf[n >> 4] |= 1 << (n & 15);
    const { le, m, deliver } = rig({ ladrf });
    le.start();
    deliver(frameTo(group), m.now + 1000);
    deliver(frameTo(other), m.now + 2000);
    m.run(3000);
    const got = le.receive();
    expect(got.length).toBe(1);
    expect(Array.from(got[0].data.subarray(0, 6))).toEqual(group);
  });

  it('the hash is the six high bits of the CRC register (an independent bit-by-bit computation agrees)', () => {
    const bitwise = (a: number[]) => {
      let c = 0xffffffff;
      for (const byte of a)
        for (let b = 0; b < 8; b++) c = ((c ^ (byte >> b)) & 1 ? 0xedb88320 : 0) ^ (c >>> 1);
      return (c >>> 0) >>> 26;
    };
    for (const s of ['1:0:5e:0:0:1', '1:0:5e:7f:ff:fa', '33:33:0:0:0:1', '9:0:7:ff:ff:ff', 'ab:0:0:3:0:0'])
      expect(leLadrfIndex(parseEthernet(s))).toBe(bitwise(parseEthernet(s)));
    expect(leLadrfIndex(parseEthernet('1:0:5e:0:0:1'))).toBe(bitwise([1, 0, 0x5e, 0, 0, 1]));
  });

  it('PROM: takes every frame, whatever its destination', () => {
    const { le, m, deliver } = rig({ mode: LE_MODE_PROM });
    le.start();
    deliver(frameTo('8:0:20:0:0:1'), m.now + 1000);
    deliver(frameTo('3:0:0:0:0:1'), m.now + 2000);
    m.run(3000);
    expect(le.receive().length).toBe(2);
  });

  it('frames arriving while the receiver is off are dropped', () => {
    const { le, m, deliver } = rig({ mode: LE_MODE_DRX });
    le.start();
    deliver(frameTo(m.ethernet), m.now + 1000);
    m.run(2000);
    expect(le.rxDesc(0).md1 & LE_R1_OWN).toBe(LE_R1_OWN);
    expect(m.lance.dropped.off).toBe(1);
  });
});

describe('memory errors (DVMA)', () => {
  it('MERR: an unmapped init block; no IDON', () => {
    const { le, m } = rig();
    le.setup();
    m.mmu.setPte(DVMA_PMEG, 0, 0); // the page holding the init block and rings
    le.wr(LE_CSR0, LE_C0_INIT);
    m.run(200);
    expect(le.csr0() & (LE_C0_MERR | LE_C0_IDON | LE_C0_ERR | LE_C0_INTR)).toBe(
      LE_C0_MERR | LE_C0_ERR | LE_C0_INTR,
    );
  });

  it('MERR without ENABLE.SDVMA: the chip cannot reach memory at all', () => {
    const { le, m } = rig();
    le.setup();
    m.mmu.enable &= ~ENA_SDVMA;
    le.wr(LE_CSR0, LE_C0_INIT);
    m.run(200);
    expect(le.csr0() & LE_C0_MERR).toBe(LE_C0_MERR);
  });

  it('MERR on a transmit buffer in an unmapped page: the receiver and transmitter stop, the descriptor stays the chip-s', () => {
    const { le, m, sent } = rig();
    le.start();
    le.send(frameTo(PEER));
    m.mmu.setPte(DVMA_PMEG, (TXBUFS >>> 13) & 15, 0);
    m.run(5000);
    expect(sent.length).toBe(0);
    expect(le.csr0() & (LE_C0_MERR | LE_C0_RXON | LE_C0_TXON)).toBe(LE_C0_MERR);
    expect(le.txDesc(0).md1 & LE_T1_OWN).toBe(LE_T1_OWN);
  });

  it('OFLO: a receive buffer in an unmapped page loses the frame in the FIFO (with MERR)', () => {
    const { le, m, deliver } = rig();
    le.start();
    m.mmu.setPte(DVMA_PMEG, (RXBUFS >>> 13) & 15, 0);
    deliver(frameTo(m.ethernet), m.now + 1000);
    m.run(2000);
    const d = le.rxDesc(0);
    expect(d.md1 & 0xff00).toBe(LE_R1_ERR | LE_R1_OFLO | LE_R1_STP);
    expect(le.csr0() & (LE_C0_MERR | LE_C0_RINT | LE_C0_RXON)).toBe(LE_C0_MERR | LE_C0_RINT);
  });

  it('DVMA goes through the MMU in the current context, page by page', () => {
    const m = new Sun3Machine();
    m.powerOn();
    m.mmu.enable |= ENA_SDVMA;
    m.mmu.setSegmap(0, DVMA_VA, DVMA_PMEG);
    m.mmu.setPte(DVMA_PMEG, 0, makePte(DVMA_PFN + 5, { write: true, system: true }));
    m.mmu.setPte(DVMA_PMEG, 1, makePte(DVMA_PFN + 3, { write: true, system: true }));
    const src = Uint8Array.from({ length: 100 }, (_, i) => i + 1);
    expect(m.bus.dvmaWrite(0xf01fce, src, 0, 100)).toBe(100); // across the page boundary
    expect(m.ram[(DVMA_PFN + 5) * 0x2000 + 0x1fce]).toBe(1);
    expect(m.ram[(DVMA_PFN + 3) * 0x2000 + 0x31]).toBe(100);
    expect(m.bus.dvmaWrite(0xf03ff0, src, 0, 100)).toBe(16); // up to the unmapped page 2
    expect(m.bus.dvmaRead(0xf01ff0, new Uint8Array(0x2100), 0, 0x2100)).toBe(0x2010); // stops at page 2
    m.mmu.setContext(1); // nothing mapped there
    expect(m.bus.dvmaRead(0xf01ff0, new Uint8Array(4), 0, 4)).toBe(0);
  });
});

describe('STOP and STRT', () => {
  it('STOP turns everything off at once; a restart needs INIT again and begins at descriptor 0', () => {
    const { le, m, deliver, sent } = rig({ txRing: 2 });
    le.start(true);
    le.send(frameTo(PEER));
    m.run(5000);
    expect(le.txNext).toBe(1);
    le.wr(LE_CSR0, LE_C0_STOP);
    expect(le.csr0()).toBe(LE_C0_STOP);
    deliver(frameTo(m.ethernet), m.now + 1000);
    le.send(frameTo(PEER), [], false);
    m.run(100_000);
    expect(sent.length).toBe(1);
    expect(le.rxDesc(0).md1 & LE_R1_OWN).toBe(LE_R1_OWN);
    le.start();
    m.run(5000);
    expect(sent.length).toBe(1); // descriptor 1 was re-made by setup; descriptor 0 is where the chip starts
    le.send(frameTo(PEER, 46, 9));
    m.run(5000);
    expect(sent.length).toBe(2);
    expect(sent[1].frame[14]).toBe(9);
  });
});

describe('interrupts', () => {
  it('INTR with INEA requests level 3; the CPU takes autovector 27; writing the bits back drops it', () => {
    const t = bootWith([
      0x46fc,
      0x2000, //      move.w #$2000,sr
      0x4e72,
      0x2000, //      loop: stop #$2000
      0x60fa, //      bra.s loop
    ]);
    const { m } = t;
    m.bus.write8(INTREG_VA, 1, FC_SD); // master enable
    const port: EtherPort = { receiver: null, send: () => {} };
    m.ether.attach(port);
    const le = new LeDriver(m);
    le.start(false);
    le.wr(LE_CSR0, LE_C0_IDON);
    const taken: { at: number; csr0: number }[] = [];
    t.handlers.set(27, () => {
      const c = le.csr0();
      taken.push({ at: m.now, csr0: c });
      le.wr(LE_CSR0, (c & (LE_C0_RINT | LE_C0_TINT | LE_C0_MISS)) | LE_C0_INEA);
    });
    // Without INEA nothing happens.
    port.receiver?.(appendFcs(frameTo(m.ethernet)), m.now + 1000, 0);
    m.run(2000);
    expect(m.interrupts.level).toBe(0);
    expect(taken.length).toBe(0);
    le.wr(LE_CSR0, LE_C0_INEA); // RINT is pending: the request goes up at once
    expect(m.interrupts.level).toBe(3);
    m.run(100);
    expect(taken.length).toBe(1);
    expect(m.interrupts.level).toBe(0);
    le.receive();
    const at = m.now + 3000;
    port.receiver?.(appendFcs(frameTo(m.ethernet)), at, 0);
    m.run(4000);
    expect(taken.length).toBe(2);
    expect(taken[1].csr0 & (LE_C0_RINT | LE_C0_INTR | LE_C0_INEA)).toBe(LE_C0_RINT | LE_C0_INTR | LE_C0_INEA);
    expect(taken[1].at - at).toBeLessThan(100); // taken right after the arrival
    expect(t.unexpected).toEqual([]);
  });
});

describe('loopback', () => {
  it('internal: the chip receives its own frame, nothing reaches the wire; the FCS is not checked', () => {
    const { le, m, sent, deliver } = rig({ mode: LE_MODE_LOOP | LE_MODE_INTL });
    le.start();
    deliver(frameTo(m.ethernet), m.now + 100); // the wire is ignored in internal loopback
    const f = buildFrame({ dst: m.ethernet, src: m.ethernet, type: 0x9000, payload: [] }).subarray(0, 30);
    le.send(f);
    m.run(5000);
    expect(sent.length).toBe(0);
    const got = le.receive();
    expect(got.length).toBe(1);
    expect(got[0].data).toEqual(appendFcs(f));
    expect(got[0].md1 & 0xff00).toBe(LE_R1_STP | LE_R1_ENP);
  });

  it('internal: a frame longer than 32 bytes overflows the FIFO (OFLO)', () => {
    const { le, m } = rig({ mode: LE_MODE_LOOP | LE_MODE_INTL });
    le.start();
    le.send(frameTo(m.ethernet).subarray(0, 40));
    m.run(5000);
    expect(le.rxDesc(0).md1 & 0xff00).toBe(LE_R1_ERR | LE_R1_OFLO | LE_R1_STP);
  });

  it('external: the frame goes on the wire and comes back', () => {
    const { le, m, sent } = rig({ mode: LE_MODE_LOOP });
    le.start();
    const f = frameTo(m.ethernet);
    le.send(f);
    m.run(5000);
    expect(sent.length).toBe(1);
    expect(le.receive()[0].data).toEqual(appendFcs(f));
  });

  it('forced collision: 16 attempts then RTRY; with DRTY only one', () => {
    const ends: number[] = [];
    for (const mode of [
      LE_MODE_LOOP | LE_MODE_INTL | LE_MODE_COLL,
      LE_MODE_LOOP | LE_MODE_INTL | LE_MODE_COLL | LE_MODE_DRTY,
    ]) {
      const { le, m } = rig({ mode });
      le.start();
      const t = m.now;
      le.send(frameTo(m.ethernet).subarray(0, 30));
      while (!(le.csr0() & LE_C0_TINT)) m.run(100);
      ends.push(m.now - t);
      const d = le.txDesc(0);
      expect(d.md1 & (LE_T1_ERR | LE_T1_OWN)).toBe(LE_T1_ERR);
      expect(d.md3).toBe(LE_T3_RTRY);
      expect(le.rxDesc(0).md1 & LE_R1_OWN).toBe(LE_R1_OWN); // nothing received
    }
    expect(ends[1]).toBeLessThan(LE_TX_START_CYCLES + 400); // one attempt
    expect(ends[0]).toBeGreaterThan(ends[1] + 16 * 192);
  });
});

describe('the ID PROM', () => {
  it('gives each machine its own 08:00:20 address, with a valid checksum, from the configuration', () => {
    const a = new Sun3Machine({ serial: 1 });
    const b = new Sun3Machine({ serial: 2 });
    const c = new Sun3Machine({ ethernet: '8:0:20:12:34:56' });
    for (const m of [a, b, c]) {
      expect(idPromChecksumOk(m.mmu.idprom)).toBe(true);
      expect(Array.from(m.mmu.idprom.subarray(2, 5))).toEqual([8, 0, 0x20]);
      expect(Array.from(m.mmu.idprom.subarray(2, 8))).toEqual(Array.from(m.ethernet));
    }
    expect(Array.from(a.ethernet)).not.toEqual(Array.from(b.ethernet));
    expect(Array.from(c.ethernet)).toEqual([8, 0, 0x20, 0x12, 0x34, 0x56]);
    expect(() => new Sun3Machine({ ethernet: '9:0:20:0:0:1' })).toThrow(/multicast/);
  });
});

describe('the chip alone', () => {
  it('needs no machine: a scheduler, a DMA function pair and a transceiver', () => {
    let cycles = 0;
    const sched = new Scheduler({
      get cycles() {
        return cycles;
      },
    });
    const mem = new Uint8Array(1 << 16);
    const irqs: boolean[] = [];
    const le = new Am7990(
      sched,
      {
        read: (a, d, o, n) => {
          if (a + n > mem.length) return 0;
          d.set(mem.subarray(a, a + n), o);
          return n;
        },
        write: (a, s, o, n) => {
          if (a + n > mem.length) return 0;
          mem.set(s.subarray(o, o + n), a);
          return n;
        },
      },
      new Transceiver(),
      (on) => irqs.push(on),
    );
    le.write16(2, LE_CSR0);
    le.write16(0, LE_C0_INIT | LE_C0_INEA); // init block at 0: all zeros
    cycles = LE_INIT_CYCLES;
    sched.runDue(cycles);
    expect(le.read16(0)).toBe(LE_C0_INIT | LE_C0_IDON | LE_C0_INTR | LE_C0_INEA);
    expect(irqs).toEqual([true]);
  });
});
