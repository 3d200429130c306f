/**
 * Kernel parameters (4.3BSD's param.h and machine/param.h, for a Sun-3).
 */

/** Clock ticks per second. The 7170 interrupts at 100 Hz; SunOS counted every other one (hz = 50), 4.3BSD on most machines ran at 100. */
export const HZ = 100;
/** Emulated CPU cycles per second (a 20 MHz 68020) and per tick. */
export const CPU_HZ = 20_000_000;
export const CYCLES_PER_TICK = CPU_HZ / HZ;

/**
 * The size the tables are configured for (SunOS's `maxusers` in the kernel
 * configuration file, which conf/param.c turns into table sizes): 8, the
 * figure for a small workstation such as a Sun-3/60.
 */
export const MAXUSERS = 8;
/**
 * Process table size, from maxusers as SunOS 4's param.c computes it
 * (10 + 16 · maxusers = 138 slots, the swapper's included).
 */
export const NPROC = 10 + 16 * MAXUSERS;
/**
 * Processes one user may have at once, zombies included (4.3BSD's
 * MAXUPRC; SunOS 4's is 25, its CHILD_MAX). Counted by real user id; the
 * super-user has no such limit, and the last slot of the process table
 * is kept for the super-user. A fork past either limit is EAGAIN.
 */
export const MAXUPRC = 25;
/**
 * Open files the whole system may have at once (the size of 4.3BSD's
 * file table, from the same figures by conf/param.c's formula:
 * 16 · (NPROC + 16 + maxusers) / 10 + 32 = 291). One more is ENFILE.
 */
export const NFILE = Math.floor((16 * (NPROC + 16 + MAXUSERS)) / 10) + 32;
export const PID_MAX = 30000;
/** Open files per process (u_ofile); more is EMFILE. */
export const NOFILE = 64;

/** Page size: the Sun-3 MMU's 8 KB. */
export const PGSHIFT = 13;
export const NBPG = 1 << PGSHIFT;
export const PGOFSET = NBPG - 1;
/** Segment size: one PMEG maps 16 pages = 128 KB. */
export const SEGSHIFT = 17;
export const NBSG = 1 << SEGSHIFT;

/** User address space: text from 0x2000, stack below the kernel (SunOS 4.1.3 on a Sun-3). */
export const USRTEXT = 0x2000;
export const USRSTACK = 0x0e000000;
export const KERNELBASE = 0x0e000000;
/** Default and maximum stack size, and maximum data size. */
export const DFLSSIZ = 2 * 1024 * 1024;
export const MAXSSIZ = 128 * 1024 * 1024;
export const MAXDSIZ = 64 * 1024 * 1024;

/** Longest path name and file name component. */
export const MAXPATHLEN = 1024;
export const MAXNAMLEN = 255;
/**
 * Bytes of arguments and environment, strings and their NULs, that exec
 * accepts (SunOS 4.1's NCARGS, which <limits.h> gives as ARG_MAX and
 * sysconf(_SC_ARG_MAX) reports): 1 MB. More is E2BIG.
 */
export const NCARGS = 1024 * 1024;

/** Scheduling: a time slice of 100 ms (4.3BSD's roundrobin every hz/10 ticks). */
export const ROUNDROBIN_TICKS = HZ / 10;

/** Sleep priorities (lower is more urgent); above PZERO a signal interrupts the sleep. */
export const PSWP = 0;
export const PINOD = 10;
export const PRIBIO = 20;
export const PZERO = 25;
export const PPIPE = 26;
export const TTIPRI = 28;
export const TTOPRI = 29;
export const PWAIT = 30;
export const PSLEP = 40;
export const PUSER = 50;
