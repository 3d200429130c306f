/* crt0 for sun3lab programs (SunOS 4 ABI on the Sun-3).
 * At exec: SP -> argc, argv[0..argc-1], 0, envp[...], 0, then the strings;
 * every other register is 0. */

  .section .text.start, "ax"
  .globl _start
  .type _start, @function
_start:
  move.l (%sp), %d0            /* argc */
  lea 4(%sp), %a0              /* argv */
  lea 4(%a0, %d0.l*4), %a1     /* envp = argv + argc + 1 */
  sub.l %a6, %a6               /* outermost frame */
  move.l %a1, -(%sp)
  move.l %a0, -(%sp)
  move.l %d0, -(%sp)
  jsr __libc_start             /* never returns */
1: bra.s 1b
  .size _start, . - _start
