/* setjmp/longjmp: save and restore d2-d7, a2-a6, sp and the return pc.
 * The signal mask is not saved (_setjmp and setjmp are the same). */

#define ENTRY(name) \
  .section .text.name, "ax"; .globl name; .type name, @function; .p2align 1; name:

ENTRY(setjmp)
  .globl _setjmp; .type _setjmp, @function
_setjmp:
  move.l 4(%sp), %a0
  movem.l %d2-%d7/%a2-%a6, (%a0)
  move.l %sp, 44(%a0)
  move.l (%sp), 48(%a0)
  moveq #0, %d0
  rts
  .size setjmp, . - setjmp
  .size _setjmp, . - _setjmp

ENTRY(longjmp)
  .globl _longjmp; .type _longjmp, @function
_longjmp:
  move.l 4(%sp), %a0
  move.l 8(%sp), %d0
  bne.s 1f
  moveq #1, %d0
1: movem.l (%a0), %d2-%d7/%a2-%a6
  move.l 44(%a0), %sp
  move.l 48(%a0), (%sp)
  rts
  .size longjmp, . - longjmp
  .size _longjmp, . - _longjmp
