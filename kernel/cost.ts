/**
 * The cost model: what the kernel's own work costs in emulated time.
 *
 * The kernel is TypeScript run by the host when the CPU traps, so its work
 * takes no emulated time unless it is charged. Every charge the kernel
 * makes comes from this one table, so that every throughput and latency
 * figure of the system rests on the same numbers. They were fixed once,
 * from the MC68020's cache-case instruction times (the same tables the CPU
 * core charges, emu/cpu/timing.ts) applied to the loops and code paths
 * 4.3BSD ran for the same work, before any goal was measured, and are not
 * to be tuned to meet one. docs/network.md ("The cost model") shows the
 * arithmetic; test/kernel/cost.test.ts redoes it from the timing tables.
 *
 * Three kinds of figures:
 * - loops (copying, checksumming, clearing a page): the 68020 times of the
 *   loop's instructions, per trip, divided by the bytes a trip handles;
 * - hand-written paths (the trap entry and exit of locore): the sum of
 *   their instructions' times;
 * - paths in C (syscall(), ipintr, tcp_input...): the instructions on the
 *   common path, counted in 4.3BSD's code (and, for TCP and IP, as Clark,
 *   Jacobson, Romkey and Salwen counted them in 1989), times CPI, the
 *   cycles per instruction of compiled C measured on this CPU.
 *
 * Each figure exists twice, once per timing model (docs/cpu-timing.md):
 * under `cache-case` the sums above; under `3/60` the same sums plus what
 * a real 3/60 adds to them: the memory's wait state on every data access
 * and, for code that does not stay in the instruction cache (a kernel path
 * runs once between long stretches of other code), a miss for every long
 * word of it. A kernel uses the table of its CPU's model (`costFor`).
 */
import type { TimingModel } from '../emu/cpu/engine.js';
import { BUS_CYCLE, FETCH_OVERLAP, MEM_WAIT_3_60 } from '../emu/cpu/icache.js';

/**
 * Cycles per instruction of compiled C, cache case: the CPU benchmark
 * (test/bench/work.c, gcc -O2) runs 16,858,087 instructions in 68,663,237
 * cycles, 4.07 each; rounded to 4.
 */
export const CPI = 4;

/** What the 3/60 adds, per data access (the memory's wait state) and per long word of code fetched. */
export const WAIT_3_60 = MEM_WAIT_3_60;
export const MISS_3_60 = BUS_CYCLE + MEM_WAIT_3_60 - FETCH_OVERLAP;

/**
 * Cycles per instruction of compiled C on a 3/60, for code that does not
 * stay in the cache: CPI plus what the 3/60 model adds per instruction of
 * such code, measured on the integer benchmark (test/bench/intbench.c,
 * gcc -O2, `npm run bench:dhry`; its loop is six times the cache): 230
 * misses, 296 data accesses and 23 misaligned ones per 510 instructions,
 * 230 × 3 + 296 × 1 + 23 × 4 = 1,078 cycles, 2.11 an instruction.
 * 4 + 2.11 = 6.11, rounded to 6.
 */
export const CPI_3_60 = 6;

/**
 * One trip of 4.3BSD's bcopy/copyin/copyout loop moves a long word:
 * `movl a0@+,a1@+` (MOVE (An)+,(An)+, 7) and `dbf d1,loop` (DBcc looping, 6).
 */
export const COPY_CYCLES_PER_LONG = 7 + 6;

/**
 * One trip of the 68020 in_cksum loop adds eight long words into the sum:
 * 8 × (`movl a0@+,d1` (MOVE (An)+,Dn, 6) + `addxl d1,d0` (ADDX Dy,Dx, 2))
 * and `dbf` (6) per 32 bytes.
 */
export const CKSUM_CYCLES_PER_32 = 8 * (6 + 2) + 6;

/** Clearing a page: `clrl a0@+` (CLR (An)+, 4 + 2) and `dbf` (6) per long word. */
export const CLEAR_CYCLES_PER_LONG = 4 + 2 + 6;

/** The model a table is built for: cycles per C instruction, and the 3/60's additions (0 in the cache case). */
interface Model {
  cpi: number;
  /** Cycles a data access adds. */
  wait: number;
  /** Cycles a long word of code not in the cache adds. */
  miss: number;
}

/** Rounded to ten cycles: the figures are estimates of that order. */
const round10 = (n: number) => Math.round(n / 10) * 10;

function costTable(m: Model) {
  /** The fixed part of one in_cksum call (set up, odd bytes, folding): about 30 instructions. */
  const cksumCall = 30 * m.cpi;
  return {
    /**
     * Any exception the kernel handles, entry and exit (locore's interrupt
     * path): save d0-d1/a0-a1 (MOVEM to -(An): 4 + 3×4 + 4 = 20), call the
     * handler (BSR, 7), restore (MOVEM from (An)+: 8 + 4×4 + 4 = 28), pop
     * and jump to rei (2 + 6), rei's two tests for pending work (TST abs.L 6
     * and Bcc not taken 6, twice: 24) and RTE (21): 108, rounded to 110. The
     * CPU charges the exception itself. On a 3/60 add its 14 data accesses
     * (four registers saved and four restored, the BSR's return address, the
     * two tests' operands, RTE's three reads of the frame) and its 40 bytes
     * of code, ten long words: 108 + 14 + 30 = 152, rounded to 150.
     */
    trap: round10(108 + 14 * m.wait + 10 * m.miss),
    /**
     * A system call, on top of `trap`: the rest of locore's syscall path
     * (every register saved and restored, the user SP moved, the number
     * pushed: 217 against the interrupt path's 108, so 109 more) and
     * syscall() in C (the table lookup, copying the arguments in, the setjmp
     * for interrupted calls, the results, the signal and reschedule checks:
     * about 80 instructions, 320 cycles): 429, rounded to 430. On a 3/60
     * the locore part adds its 24 more data accesses (eleven more registers
     * saved and restored, the user SP, the number) and five more long words
     * of code, and the C part is 80 × CPI_3_60: 109 + 24 + 15 + 480 = 628,
     * rounded to 630.
     */
    syscall: round10(109 + 24 * m.wait + 5 * m.miss + 80 * m.cpi),
    /** A page fault handled (trap() and the fault path: about 150 instructions). */
    fault: 150 * m.cpi,
    /** A page entered in the MMU (pmap_enter: the PTE built and written, about 30 instructions). */
    pageMapped: 30 * m.cpi,
    /**
     * A PMEG loaded for a segment: 16 PTEs cleared (MOVES, 8 + loop 6) and
     * the segment map written, about 250; a 3/60 adds a wait state to each
     * of the 17 writes (the loop runs from the cache).
     */
    pmegLoaded: 16 * (14 + m.wait) + 26 + m.wait,

    // Per packet (the byte-wise work, copying and checksumming, is charged apart).
    /** The driver's receive interrupt for one frame (lerint, leread, m_devget's fixed part, ether_input): about 60 instructions. */
    ifInput: 60 * m.cpi,
    /** The driver's transmit of one frame (lestart, leput's fixed part) and its transmit interrupt: about 50. */
    ifOutput: 50 * m.cpi,
    /** ether_output and arpresolve for a complete entry: about 50. */
    etherOutput: 50 * m.cpi,
    /** ipintr for one datagram, header checks and delivery: about 60 (Clark et al.: 57). */
    ipInput: 60 * m.cpi,
    /** ip_output, route cache hit, header completed: about 70. */
    ipOutput: 70 * m.cpi,
    /** Forwarding a datagram (ip_forward, on top of ip_output): about 40. */
    ipForward: 40 * m.cpi,
    /** One fragment made or taken into a reassembly queue: about 50. */
    ipFragment: 50 * m.cpi,
    /** icmp_input or icmp_error: about 80. */
    icmp: 80 * m.cpi,
    /** udp_input: lookup and append, about 80. */
    udpInput: 80 * m.cpi,
    /** udp_output: header and pseudo-header, about 70. */
    udpOutput: 70 * m.cpi,
    /** tcp_input's common path: about 200 instructions (Clark et al.: fewer than 200). */
    tcpInput: 200 * m.cpi,
    /** tcp_output, one segment: about 200. */
    tcpOutput: 200 * m.cpi,
    /** The protocol timers, per control block looked at (tcp_slowtimo, tcp_fasttimo): about 15. */
    tcpTimer: 15 * m.cpi,
    /** sosend or soreceive, per call (locks, state checks, sbappend or sbdrop, wakeups): about 100. */
    socketCall: 100 * m.cpi,
    /** A protocol request between the socket layer and a protocol (connect, accept, bind...): about 60. */
    usrreq: 60 * m.cpi,
    /** A Unix-domain transfer to the peer's buffer, per call: about 40. */
    unixSend: 40 * m.cpi,
    cksumCall,

    // RPC and NFS (the bytes of each message are charged as copies on top).
    /**
     * A kernel RPC call, once (SunOS's clntkudp_callit): a new xid, the call
     * header's ten words and the credential put through XDR, the timer set,
     * the reply's header checked: about 150 instructions.
     */
    rpcCall: 150 * m.cpi,
    /**
     * A call taken by the server (svc_getreq and rfs_dispatch's common part):
     * the header and credential decoded, the duplicate-request cache looked
     * up, the reply header built: about 200.
     */
    rpcDispatch: 200 * m.cpi,
    /**
     * One NFS procedure on the server on top of the file system's own work:
     * the file handle turned into a vnode and checked against the exports,
     * the credential mapped, the attributes put into a fattr: about 250.
     */
    nfsServerOp: 250 * m.cpi,

    // The loops run from the instruction cache: a 3/60 adds only their data accesses' wait states.
    /** Cycles to copy n bytes (bcopy, copyin, copyout): a read and a write per long word. */
    copy(n: number): number {
      return Math.ceil((n * (COPY_CYCLES_PER_LONG + 2 * m.wait)) / 4);
    },
    /** Cycles to checksum n bytes, one in_cksum call: eight reads per trip. */
    cksum(n: number): number {
      return cksumCall + Math.ceil((n * (CKSUM_CYCLES_PER_32 + 8 * m.wait)) / 32);
    },
    /** Cycles to clear n bytes (a zero-filled page): a write per long word. */
    clear(n: number): number {
      return Math.ceil((n * (CLEAR_CYCLES_PER_LONG + m.wait)) / 4);
    },
  } as const;
}

/** What the kernel's work costs, in one timing model. */
export type CostTable = ReturnType<typeof costTable>;

/** The cache-case table (`--timing cache-case`): the manual's figures alone. */
export const COST: CostTable = costTable({ cpi: CPI, wait: 0, miss: 0 });

/** The 3/60 table (the default timing): the same work with the 3/60's wait states and misses. */
export const COST_3_60: CostTable = costTable({ cpi: CPI_3_60, wait: WAIT_3_60, miss: MISS_3_60 });

/** The table for a CPU's timing model. */
export function costFor(timing: TimingModel): CostTable {
  return timing === '3/60' ? COST_3_60 : COST;
}

/** Cycles to copy n bytes, cache case (COST.copy). */
export function copyCycles(n: number): number {
  return COST.copy(n);
}

/** Cycles to checksum n bytes, one in_cksum call, cache case (COST.cksum). */
export function cksumCycles(n: number): number {
  return COST.cksum(n);
}

/** Cycles to clear n bytes, cache case (COST.clear). */
export function clearCycles(n: number): number {
  return COST.clear(n);
}
