/* setjmp.h - sun3lab libc. A jmp_buf holds d2-d7, a2-a6, sp, the return pc
 * and, for setjmp, the signal mask and the on-signal-stack flag (15 of its
 * 16 longs; sigsetjmp's flag is the 16th). setjmp/longjmp save and restore the signal mask as 4.3BSD's
 * do; _setjmp/_longjmp leave it alone (no system calls). */
#ifndef _SETJMP_H
#define _SETJMP_H

typedef int jmp_buf[16];

int setjmp(jmp_buf env);
void longjmp(jmp_buf env, int val) __attribute__((noreturn));
int _setjmp(jmp_buf env);
void _longjmp(jmp_buf env, int val) __attribute__((noreturn));

/* POSIX.1: sigsetjmp saves the signal mask too when savemask is not 0
 * (the flag is kept in the buffer's last long), and siglongjmp puts it
 * back then. */
typedef int sigjmp_buf[16];
int sigsetjmp(sigjmp_buf env, int savemask) __attribute__((returns_twice));
void siglongjmp(sigjmp_buf env, int val) __attribute__((noreturn));

#endif
