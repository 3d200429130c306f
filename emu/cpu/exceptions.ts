/**
 * Exception processing that is more than "stack a short frame and jump":
 * bus and address errors (long frames and instruction restart),
 * interrupts (acknowledge, throwaway frames), and trace.
 * MC68020 User's Manual §6.
 */

import { BusFault } from '../bus/bus.js';
import { testCC } from './alu.js';
import {
  AddressError,
  AUTOVECTOR,
  type Cpu,
  EVENT_FAULT,
  EVENT_INTERRUPT,
  SPURIOUS,
  VEC_ADDRESS_ERROR,
  VEC_TRACE,
} from './cpu.js';
import { cycleTimes } from './timing.js';

/**
 * Marker sun3lab writes in the first internal word of its bus-fault frames
 * (+0x08). It tells RTE that the frame asks for the whole instruction to be
 * run again, which is how this core restarts after a fault (see docs/cpu.md).
 */
export const RESTART_MARK = 0x5333;

/** Special status word bits of the bus-fault frames (MC68020 UM §6.4). */
export const SSW_FC = 0x8000; // fault on stage C of the instruction pipe
export const SSW_FB = 0x4000; // fault on stage B
export const SSW_RC = 0x2000; // rerun stage C
export const SSW_RB = 0x1000; // rerun stage B
export const SSW_DF = 0x0100; // data fault: rerun the data cycle
export const SSW_RM = 0x0080; // read-modify-write cycle
export const SSW_RW = 0x0040; // 1 = read

/**
 * A bus error (vector 2) or an address error (vector 3, odd instruction
 * fetch). The instruction is abandoned: registers it changed are put back
 * and a long bus-fault frame (format $B) is stacked with the stacked PC at
 * the instruction, so that RTE runs it again from the start once the handler
 * has fixed the cause. A fault while stacking is a double bus fault: the
 * CPU halts.
 */
export function busFault(
  cpu: Cpu,
  vector: number,
  address: number,
  write: boolean,
  fc: number,
  size: number,
): void {
  cpu.undoRegisters();
  cpu.lastException = vector;
  cpu.exceptions++;
  cpu.onEvent?.(EVENT_FAULT, address, vector);
  const sr = cpu.getSR();
  const program = fc === 2 || fc === 6;
  let ssw = fc & 7;
  if (program)
    ssw |= SSW_FB | SSW_RB; // an instruction-stream fetch faulted
  else {
    ssw |= SSW_DF;
    if (!write) ssw |= SSW_RW;
    ssw |= (size === 1 ? 1 : size === 2 ? 2 : 0) << 4;
  }
  try {
    cpu.enterSupervisor();
    const f = (cpu.a[7] - 92) | 0;
    for (let i = 8; i < 92; i += 4) cpu.wr32(f + i, 0);
    cpu.wr16(f, sr);
    cpu.wr32(f + 2, cpu.ppc);
    cpu.wr16(f + 6, 0xb000 | (vector << 2));
    cpu.wr16(f + 0x08, RESTART_MARK);
    cpu.wr16(f + 0x0a, ssw);
    cpu.wr32(f + 0x10, address);
    cpu.wr32(f + 0x24, program ? address : 0); // stage B address
    cpu.a[7] = f;
    cpu.pc = cpu.rd32(cpu.vbr + vector * 4) >>> 0;
  } catch (e) {
    const what = vector === VEC_ADDRESS_ERROR ? 'address error' : 'bus error';
    doubleBusFault(cpu, e, `${what} at 0x${hex(address)} (pc 0x${hex(cpu.ppc)})`);
    return;
  }
  cpu.cycles += vector === VEC_ADDRESS_ERROR ? cycleTimes.addressError : cycleTimes.busError;
}

/**
 * A bus or address error while the CPU was already processing an exception
 * (stacking a frame or fetching a vector): the 68020 halts, and only a reset
 * restarts it (MC68020 UM §6.1.9). `during` names what it was doing.
 * Anything that is not a bus or address error is a bug and goes on up.
 */
export function doubleBusFault(cpu: Cpu, e: unknown, during: string): void {
  if (!(e instanceof BusFault || e instanceof AddressError)) throw e;
  cpu.halted = true;
  cpu.haltReason = `double bus fault: ${e.message} while processing ${during}`;
}

/**
 * Take an interrupt at `level`: acknowledge it (vector or autovector),
 * stack a format $0 frame with the PC of the next instruction, raise the
 * mask to the level. With M set, the frame goes on the master stack and a
 * format $1 "throwaway" copy on the interrupt stack, which M = 0 selects.
 */
export function interrupt(cpu: Cpu, level: number): void {
  let cycles = cycleTimes.interrupt;
  const answer = cpu.iack(level);
  const vector = answer === AUTOVECTOR ? 24 + level : answer === SPURIOUS ? 24 : answer & 0xff;
  const sr = cpu.getSR();
  cpu.lastException = vector;
  cpu.exceptions++;
  cpu.onEvent?.(EVENT_INTERRUPT, level, vector);
  cpu.enterSupervisor();
  cpu.intMask = level;
  const pc = cpu.pc;
  cpu.push16(vector << 2);
  cpu.push32(pc);
  cpu.push16(sr);
  if (cpu.srM) {
    // Leave the frame on the master stack; switch to the interrupt stack (M = 0)
    // and stack the throwaway frame there, with the SR that has S set.
    cpu.setSR(cpu.getSR() & ~0x1000);
    cpu.push16(0x1000 | (vector << 2));
    cpu.push32(pc);
    cpu.push16(sr | 0x2000);
    cycles = cycleTimes.interruptThrowaway;
  }
  cpu.pc = cpu.rd32(cpu.vbr + vector * 4) >>> 0;
  cpu.cycles += cycles;
}

/**
 * After an instruction run with trace enabled (`trace` = SR bits T1:T0 as
 * they were before it; MC68020 UM §6.1.7). T1 traces every instruction; T0
 * only one that changed the flow of control (see changedFlow). An
 * instruction that did not complete (illegal, BKPT, privileged, line A/F,
 * bus or address error) is not traced; one whose execution took an
 * exception (TRAP, TRAPcc, CHK, a zero divide, a format error ...) is traced
 * after that exception's frame, before its handler runs, and counts as a
 * change of flow. The frame is format $2: the next PC and this instruction's
 * address.
 */
export function traceAfter(cpu: Cpu, trace: number, opcode: number): void {
  const ex = cpu.lastException;
  if (ex >= 2 && ex <= 4) return; // bus error, address error, illegal
  if (ex === 8 || ex === 10 || ex === 11) return; // privilege, line A, line F
  if (trace === 1 && ex < 0 && !changedFlow(cpu, opcode)) return;
  cpu.exception(VEC_TRACE, cpu.pc, 2, cpu.ppc);
  cpu.cycles += cycleTimes.trace;
}

/**
 * Did the instruction `op`, just executed without taking an exception,
 * change the flow of control? MC68020 UM §6.1.7: trace on change of flow
 * traces "an instruction that forces a change of flow"; "instructions that
 * increment the PC normally do not take the trace exception". So:
 * - BRA, BSR, JMP, JSR, RTS, RTD, RTR, RTE, CALLM, RTM: always.
 * - Bcc only when taken, DBcc only when it branches back: looked up after
 *   the fact, as neither changes the condition codes.
 * - The instructions that load the whole SR ("SR manipulations", which make
 *   the 68020 refill its pipe): MOVE to SR, ANDI/ORI/EORI to SR, STOP (and
 *   RTE). The CCR-only forms (MOVE to CCR, ANDI to CCR ...) are not.
 * - TRAP, and TRAPcc, TRAPV, CHK, CHK2 and DIVx when they trap, are found
 *   by the exception they took (traceAfter), not here.
 */
export function changedFlow(cpu: Cpu, op: number): boolean {
  const hi = op >> 12;
  if (hi === 6) {
    const cc = (op >> 8) & 15;
    return cc < 2 || testCC(cpu, cc); // BRA, BSR; Bcc when taken
  }
  if (hi === 5 && (op & 0xf8) === 0xc8) {
    // DBcc: it branched unless the condition was true or the count ran out.
    return !testCC(cpu, (op >> 8) & 15) && (cpu.d[op & 7] & 0xffff) !== 0xffff;
  }
  if ((op & 0xff80) === 0x4e80) return true; // JSR, JMP
  if (op === 0x4e72 || op === 0x4e73 || op === 0x4e74 || op === 0x4e75 || op === 0x4e77) return true; // STOP, RTE, RTD, RTS, RTR
  if ((op & 0xffc0) === 0x46c0) return true; // MOVE to SR
  if (op === 0x007c || op === 0x027c || op === 0x0a7c) return true; // ORI/ANDI/EORI to SR
  return (op & 0xffc0) === 0x06c0; // CALLM, RTM
}

function hex(n: number): string {
  return (n >>> 0).toString(16);
}
