/* setjmp/longjmp and _setjmp/_longjmp.
 *
 * jmp_buf (16 longs): d2-d7, a2-a6 at 0-43, sp at 44, the return pc at 48,
 * and for setjmp the signal mask at 52 and the on-signal-stack flag at 56;
 * sigsetjmp keeps at 60 whether it saved them.
 *
 * setjmp/longjmp are 4.3BSD's: setjmp also saves the signal mask and
 * whether the signal stack is in use, and longjmp restores them, so that
 * longjmp out of a signal handler unblocks the signal again (the kernel
 * blocked it for the handler, and sigreturn is never reached).
 * _setjmp/_longjmp save and restore the registers only, with no system
 * call. The signal part is done in C, by __sigjmp_save and
 * __sigjmp_restore (signal.c). */

#define ENTRY(name) \
  .section .text.name, "ax"; .globl name; .type name, @function; .p2align 1; name:

ENTRY(setjmp)
  move.l 4(%sp), %a0
  movem.l %d2-%d7/%a2-%a6, (%a0)
  move.l %sp, 44(%a0)
  move.l (%sp), 48(%a0)
  move.l %a0, -(%sp)
  jsr __sigjmp_save
  addq.l #4, %sp
  moveq #0, %d0
  rts
  .size setjmp, . - setjmp

ENTRY(_setjmp)
  move.l 4(%sp), %a0
  movem.l %d2-%d7/%a2-%a6, (%a0)
  move.l %sp, 44(%a0)
  move.l (%sp), 48(%a0)
  moveq #0, %d0
  rts
  .size _setjmp, . - _setjmp

ENTRY(longjmp)
  move.l 4(%sp), -(%sp)
  jsr __sigjmp_restore
  addq.l #4, %sp
  jmp _longjmp
  .size longjmp, . - longjmp

ENTRY(_longjmp)
  move.l 4(%sp), %a0
  move.l 8(%sp), %d0
  bne.s 1f
  moveq #1, %d0
1: movem.l (%a0), %d2-%d7/%a2-%a6
  move.l 44(%a0), %sp
  move.l 48(%a0), (%sp)
  rts
  .size _longjmp, . - _longjmp

/* sigsetjmp(env, savemask): as _setjmp, and as setjmp when savemask is not
 * 0 (remembered at 60 for siglongjmp). */
ENTRY(sigsetjmp)
  move.l 4(%sp), %a0
  movem.l %d2-%d7/%a2-%a6, (%a0)
  move.l %sp, 44(%a0)
  move.l (%sp), 48(%a0)
  move.l 8(%sp), 60(%a0)
  beq.s 1f
  move.l %a0, -(%sp)
  jsr __sigjmp_save
  addq.l #4, %sp
1: moveq #0, %d0
  rts
  .size sigsetjmp, . - sigsetjmp

ENTRY(siglongjmp)
  move.l 4(%sp), %a0
  tst.l 60(%a0)
  beq.s 1f
  move.l %a0, -(%sp)
  jsr __sigjmp_restore
  addq.l #4, %sp
1: jmp _longjmp
  .size siglongjmp, . - siglongjmp
