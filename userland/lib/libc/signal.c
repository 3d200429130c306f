/* Signals: the libc catches every signal through __sigtramp (sunos/syscalls.S),
 * which calls the user's handler from __sighandlers[] and returns through
 * sigreturn. SIG_DFL and SIG_IGN go to the kernel unchanged. */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <unistd.h>

void (*__sighandlers[NSIG])(int);
extern void __sigtramp(void);
extern int __sys_sigvec(int sig, struct sigvec *vec, struct sigvec *ovec);

int sigvec(int sig, struct sigvec *vec, struct sigvec *ovec) {
  struct sigvec kv;
  struct sigvec *kp = NULL;
  void (*old)(int);
  if (sig <= 0 || sig >= NSIG) {
    errno = EINVAL;
    return -1;
  }
  old = __sighandlers[sig];
  if (vec != NULL) {
    kv = *vec;
    if (kv.sv_handler != SIG_DFL && kv.sv_handler != SIG_IGN) kv.sv_handler = (void (*)(int))__sigtramp;
    kp = &kv;
  }
  void (*want)(int) = vec != NULL ? vec->sv_handler : NULL;
  if (vec != NULL) __sighandlers[sig] = want;
  if (__sys_sigvec(sig, kp, ovec) < 0) {
    __sighandlers[sig] = old;
    return -1;
  }
  if (ovec != NULL && ovec->sv_handler == (void (*)(int))__sigtramp) ovec->sv_handler = old;
  return 0;
}

void (*signal(int sig, void (*handler)(int)))(int) {
  struct sigvec sv;
  struct sigvec osv;
  sv.sv_handler = handler;
  sv.sv_mask = 0;
  sv.sv_flags = 0;
  if (sigvec(sig, &sv, &osv) < 0) return SIG_ERR;
  return osv.sv_handler;
}

int raise(int sig) { return kill(getpid(), sig); }

/* The signal half of setjmp/longjmp (setjmp.S): setjmp keeps the signal
 * mask and whether the process is on its signal stack in env[13] and
 * env[14]; longjmp puts them back (4.3BSD's setjmp and longjmp do this
 * through sigblock, sigstack and sigreturn). errno is left as it was. */
void __sigjmp_save(int *env) {
  int e = errno;
  struct sigstack ss;
  env[13] = sigblock(0);
  env[14] = sigstack(NULL, &ss) == 0 ? ss.ss_onstack : 0;
  errno = e;
}

void __sigjmp_restore(int *env) {
  int e = errno;
  struct sigstack ss;
  if (sigstack(NULL, &ss) == 0 && ss.ss_onstack != env[14]) {
    ss.ss_onstack = env[14];
    sigstack(&ss, NULL);
  }
  sigsetmask(env[13]);
  errno = e;
}
