/**
 * CALLM and RTM (0x06C0-0x06FF), the 68020's module call and return
 * (MC68020 UM §9.7 "Module Support" and §9.8 "Access Levels").
 *
 * CALLM #n,<ea> reads the module descriptor at <ea> (figure 9-10):
 *
 *   +$00  opt (bits 31-29), type (28-24), access level (23-16), reserved
 *   +$04  module entry word pointer
 *   +$08  module data area pointer
 *
 * checks opt (000 or 100) and type ($00 or $01), else takes a format error
 * (vector 14) with nothing changed; builds the module stack frame (figure
 * 9-12, six long words) on the active stack; saves the register the module
 * entry word names (figure 9-11: D/A bit 15, register 14-12) and loads it
 * with the data area pointer; and continues at the word after the entry
 * word. The frame, at the new SP:
 *
 *   +$00  opt and type (byte), saved access level (byte)
 *   +$02  the caller's CCR (low byte)
 *   +$04  argument count (low byte), then a reserved word
 *   +$08  module descriptor pointer
 *   +$0C  the PC of the instruction after the CALLM
 *   +$10  the saved value of the data area pointer register
 *   +$14  the stack pointer when CALLM began (opt 100 only, §9.8.1: "if opt
 *         is 000 ... does not save the stack pointer")
 *
 * RTM Rn undoes it for a type $00 frame (§9.8.2): CCR, PC and Rn from the
 * frame, then SP past the frame and the argument count (Rn = A7 ends as
 * that SP).
 *
 * Type $01 descriptors and frames ask external access-control hardware for
 * a change of access rights through CPU-space cycles (function code 7,
 * A19-A16 = 0001, registers of figure 9-13). CALLM starts by reading the
 * current access level (CAL, offset $00), RTM by writing the saved level
 * to the decrease access level register (DAL, $0C); "if the processor
 * receives a bus error on any of these CPU space accesses ... the
 * processor will take a format error exception" (§9.8). No sun3lab machine
 * has that hardware, so the cycle ends in a bus error and the instruction
 * takes the format error, as a 68020 without it would. The rest of the
 * handshake is not modelled: a bus that answered would get the format
 * error too.
 *
 * Restart: everything is read before anything is written, the frame is
 * written before any register changes (its writes are checked first), and
 * the registers change last, so a bus fault leaves nothing to undo.
 */
import { BusFault, FC_CPU_SPACE } from '../../bus/bus.js';
import { type Cpu, type Handler, VEC_FORMAT_ERROR } from '../cpu.js';
import { EA_CONTROL, eaAddr, eaIn, eaKind } from '../ea.js';
import { calcImmEA, chargeEAas, cycleTimes, EA_CALC, instrTimes as T } from '../timing.js';

/** Size of the module stack frame (figure 9-12). */
const FRAME = 0x18;
/** CPU-space addresses of the access-control registers (A19-A16 = 0001, figure 9-13). */
const ACCESS_CAL = 0x0001_0000;
const ACCESS_DAL = 0x0001_000c;

function formatError(cpu: Cpu): void {
  cpu.exception(VEC_FORMAT_ERROR, cpu.ppc);
  cpu.cycles += cycleTimes.formatError;
}

/** opt and type as the 68020 recognises them (§9.7.1): opt 000 or 100, type $00 or $01. */
function recognised(opt: number, type: number): boolean {
  return (opt === 0 || opt === 4) && type <= 1;
}

/**
 * The first CPU-space cycle to the access-control hardware (§9.8). Returns
 * after taking the format error: a bus error here is one by definition,
 * and sun3lab models nothing beyond this cycle.
 */
function accessHardware(cpu: Cpu, write: boolean, address: number, value: number): void {
  try {
    if (write) cpu.bus.write8(address, value, FC_CPU_SPACE);
    else cpu.bus.read8(address, FC_CPU_SPACE);
  } catch (e) {
    if (!(e instanceof BusFault)) throw e;
  }
  formatError(cpu);
}

export function decodeCallmRtm(op: number): Handler | null {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (mode <= 1) return rtm(op & 15);
  if (!eaIn(mode, reg, EA_CONTROL)) return null;
  const k = eaKind(mode, reg);
  chargeEAas(op, EA_CALC);
  const cycles = T.callm + calcImmEA(k);
  return (cpu) => {
    const count = cpu.fetch16() & 0xff;
    const desc = eaAddr(cpu, k, reg, 4);
    const head = cpu.rd32(desc);
    const opt = head >>> 29;
    const type = (head >>> 24) & 0x1f;
    if (!recognised(opt, type)) return formatError(cpu);
    if (type === 1) return accessHardware(cpu, false, ACCESS_CAL, 0);
    const entry = cpu.rd32(desc + 4);
    const data = cpu.rd32(desc + 8);
    const next = cpu.pc;
    // The module entry word is the first word of the module's code.
    cpu.pc = entry >>> 0;
    const rn = cpu.fetch16() >>> 12;
    const sp = cpu.a[7];
    const f = (sp - FRAME) | 0;
    const written = opt === 4 ? FRAME : FRAME - 4;
    cpu.probeWrite(f, written);
    cpu.wr16(f, (opt << 13) | (type << 8)); // the saved access level: none for type $00
    cpu.wr16(f + 2, cpu.getCCR());
    cpu.wr32(f + 4, count << 16);
    cpu.wr32(f + 8, desc);
    cpu.wr32(f + 0x0c, next);
    cpu.wr32(f + 0x10, cpu.r[rn]);
    if (opt === 4) cpu.wr32(f + 0x14, sp);
    cpu.r[rn] = data;
    cpu.a[7] = f; // after the load: an entry word naming A7 leaves the SP
    cpu.cycles += cycles;
  };
}

function rtm(rn: number): Handler {
  return (cpu) => {
    const sp = cpu.a[7];
    const head = cpu.rd16(sp);
    const opt = head >>> 13;
    const type = (head >>> 8) & 0x1f;
    if (!recognised(opt, type)) return formatError(cpu);
    if (type === 1) return accessHardware(cpu, true, ACCESS_DAL, head & 0xff);
    const ccr = cpu.rd16(sp + 2);
    const count = cpu.rd16(sp + 4) & 0xff;
    const pc = cpu.rd32(sp + 0x0c);
    const saved = cpu.rd32(sp + 0x10);
    cpu.setCCR(ccr);
    cpu.r[rn] = saved;
    cpu.a[7] = (sp + FRAME + count) | 0; // after the load: RTM A7 leaves the SP
    cpu.pc = pc >>> 0;
    cpu.cycles += T.rtm;
  };
}
