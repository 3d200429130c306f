| test/kernel/boot.test.ts runs this (hand-copied as hex). Kernel smoke test: write, a bad pointer (EFAULT), an unknown call (ENOSYS),
| then a store to an unmapped address (killed with SIGSEGV).
  .text
  .globl _start
_start:
  move.l #6,-(%sp)
  pea msg
  move.l #1,-(%sp)
  clr.l -(%sp)
  move.l #4,-(%sp)
  trap #0              | write(1, msg, 6)
  lea 16(%sp),%sp
  move.l #6,-(%sp)
  move.l #0x00001000,-(%sp)
  move.l #1,-(%sp)
  clr.l -(%sp)
  move.l #4,-(%sp)
  trap #0              | write(1, 0x1000, 6): EFAULT, carry set
  bcc 1f
  cmp.l #14,%d0
  bne 1f
  lea 16(%sp),%sp
  move.l #3,-(%sp)
  pea ok1
  move.l #1,-(%sp)
  clr.l -(%sp)
  move.l #4,-(%sp)
  trap #0              | write(1, "ok\n", 3)
  lea 16(%sp),%sp
1:
  clr.l -(%sp)
  move.l #250,-(%sp)
  trap #0              | call 250: ENOSYS (90)
  addq.l #4,%sp
  bcc 2f
  cmp.l #90,%d0
  bne 2f
  move.l #3,-(%sp)
  pea ok2
  move.l #1,-(%sp)
  clr.l -(%sp)
  move.l #4,-(%sp)
  trap #0
  lea 16(%sp),%sp
2:
  move.l #0x00800000,%a0
  move.l #1,(%a0)      | unmapped: the kernel kills us
  move.l #0,-(%sp)
  clr.l -(%sp)
  move.l #1,-(%sp)
  trap #0
msg: .ascii "hello\n"
ok1: .ascii "ok\n"
ok2: .ascii "OK\n"
