/* mmap on the mmap system call (71), which returns the address as a
 * number: this wrapper makes it a pointer (and sets _MAP_NEW, as SunOS 4's
 * libc did, asking for the address rather than 0). */
#include <sys/mman.h>

extern int __sys_mmap(caddr_t addr, size_t len, int prot, int flags, int fd, off_t off);

caddr_t mmap(caddr_t addr, size_t len, int prot, int flags, int fd, off_t off) {
  int r = __sys_mmap(addr, len, prot, flags | _MAP_NEW, fd, off);
  return r == -1 ? MAP_FAILED : (caddr_t)r;
}
