/* setjmp.h - sun3lab libc: d2-d7, a2-a6, sp and the return pc (13 longs used). */
#ifndef _SETJMP_H
#define _SETJMP_H

typedef int jmp_buf[16];

int setjmp(jmp_buf env);
void longjmp(jmp_buf env, int val) __attribute__((noreturn));
int _setjmp(jmp_buf env);
void _longjmp(jmp_buf env, int val) __attribute__((noreturn));

#endif
