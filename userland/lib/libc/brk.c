/* brk and sbrk on the brk system call. The break starts at the end of the
 * program's bss (_end, from the linker script). */
#include <errno.h>
#include <unistd.h>

extern char _end[];
extern int __sys_brk(void *addr);

static char *curbrk = _end;

int brk(void *addr) {
  if (__sys_brk(addr) < 0) return -1;
  curbrk = addr;
  return 0;
}

void *sbrk(int incr) {
  char *old = curbrk;
  char *want = old + incr;
  if ((incr > 0 && want < old) || (incr < 0 && want > old)) {
    errno = ENOMEM;
    return (void *)-1;
  }
  if (incr != 0 && brk(want) < 0) return (void *)-1;
  return old;
}
