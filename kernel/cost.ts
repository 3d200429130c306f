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
 */

/**
 * Cycles per instruction of compiled C, cache case: the CPU benchmark
 * (test/bench/work.c, gcc -O2) runs 16,858,087 instructions in 68,663,237
 * cycles, 4.07 each; rounded to 4.
 */
export const CPI = 4;

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

export const COST = {
  /**
   * Any exception the kernel handles, entry and exit (locore's interrupt
   * path): save d0-d1/a0-a1 (MOVEM to -(An): 4 + 3×4 + 4 = 20), call the
   * handler (BSR, 7), restore (MOVEM from (An)+: 8 + 4×4 + 4 = 28), pop
   * and jump to rei (2 + 6), rei's two tests for pending work (TST abs.L 6
   * and Bcc not taken 6, twice: 24) and RTE (21): 108, rounded to 110. The
   * CPU charges the exception itself.
   */
  trap: 110,
  /**
   * A system call, on top of `trap`: the rest of locore's syscall path
   * (every register saved and restored, the user SP moved, the number
   * pushed: 217 against the interrupt path's 108, so 109 more) and
   * syscall() in C (the table lookup, copying the arguments in, the setjmp
   * for interrupted calls, the results, the signal and reschedule checks:
   * about 80 instructions, 320 cycles): 429, rounded to 430.
   */
  syscall: 430,
  /** A page fault handled (trap() and the fault path: about 150 instructions). */
  fault: 150 * CPI,
  /** A page entered in the MMU (pmap_enter: the PTE built and written, about 30 instructions). */
  pageMapped: 30 * CPI,
  /** A PMEG loaded for a segment: 16 PTEs cleared (MOVES, 8 + loop 6) and the segment map written, about 250. */
  pmegLoaded: 16 * 14 + 26,

  // Per packet (the byte-wise work, copying and checksumming, is charged apart).
  /** The driver's receive interrupt for one frame (lerint, leread, m_devget's fixed part, ether_input): about 60 instructions. */
  ifInput: 60 * CPI,
  /** The driver's transmit of one frame (lestart, leput's fixed part) and its transmit interrupt: about 50. */
  ifOutput: 50 * CPI,
  /** ether_output and arpresolve for a complete entry: about 50. */
  etherOutput: 50 * CPI,
  /** ipintr for one datagram, header checks and delivery: about 60 (Clark et al.: 57). */
  ipInput: 60 * CPI,
  /** ip_output, route cache hit, header completed: about 70. */
  ipOutput: 70 * CPI,
  /** Forwarding a datagram (ip_forward, on top of ip_output): about 40. */
  ipForward: 40 * CPI,
  /** One fragment made or taken into a reassembly queue: about 50. */
  ipFragment: 50 * CPI,
  /** icmp_input or icmp_error: about 80. */
  icmp: 80 * CPI,
  /** udp_input: lookup and append, about 80. */
  udpInput: 80 * CPI,
  /** udp_output: header and pseudo-header, about 70. */
  udpOutput: 70 * CPI,
  /** tcp_input's common path: about 200 instructions (Clark et al.: fewer than 200). */
  tcpInput: 200 * CPI,
  /** tcp_output, one segment: about 200. */
  tcpOutput: 200 * CPI,
  /** The protocol timers, per control block looked at (tcp_slowtimo, tcp_fasttimo): about 15. */
  tcpTimer: 15 * CPI,
  /** sosend or soreceive, per call (locks, state checks, sbappend or sbdrop, wakeups): about 100. */
  socketCall: 100 * CPI,
  /** A protocol request between the socket layer and a protocol (connect, accept, bind...): about 60. */
  usrreq: 60 * CPI,
  /** A Unix-domain transfer to the peer's buffer, per call: about 40. */
  unixSend: 40 * CPI,
  /** The fixed part of one in_cksum call (set up, odd bytes, folding): about 30. */
  cksumCall: 30 * CPI,

  // RPC and NFS (the bytes of each message are charged as copies on top).
  /**
   * A kernel RPC call, once (SunOS's clntkudp_callit): a new xid, the call
   * header's ten words and the credential put through XDR, the timer set,
   * the reply's header checked: about 150 instructions.
   */
  rpcCall: 150 * CPI,
  /**
   * A call taken by the server (svc_getreq and rfs_dispatch's common part):
   * the header and credential decoded, the duplicate-request cache looked
   * up, the reply header built: about 200.
   */
  rpcDispatch: 200 * CPI,
  /**
   * One NFS procedure on the server on top of the file system's own work:
   * the file handle turned into a vnode and checked against the exports,
   * the credential mapped, the attributes put into a fattr: about 250.
   */
  nfsServerOp: 250 * CPI,
} as const;

/** Cycles to copy n bytes (bcopy, copyin, copyout). */
export function copyCycles(n: number): number {
  return Math.ceil((n * COPY_CYCLES_PER_LONG) / 4);
}

/** Cycles to checksum n bytes, one in_cksum call. */
export function cksumCycles(n: number): number {
  return COST.cksumCall + Math.ceil((n * CKSUM_CYCLES_PER_32) / 32);
}

/** Cycles to clear n bytes (a zero-filled page). */
export function clearCycles(n: number): number {
  return Math.ceil((n * CLEAR_CYCLES_PER_LONG) / 4);
}
