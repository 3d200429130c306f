/* sys/mman.h - mapping files and memory (SunOS 4's mmap family; docs/vm.md).
 *
 * mmap(addr, len, prot, flags, fd, off) maps len bytes of the file open on
 * fd from offset off (a multiple of the page size) and returns where, or
 * (caddr_t)-1 with errno set. MAP_SHARED: stores reach the file and every
 * process mapping it at once, and write(2) shows in the mapping;
 * MAP_PRIVATE: copy-on-write, stores stay in this process. MAP_FIXED puts
 * the mapping at addr exactly. Mapping /dev/zero, or MAP_ANON with fd -1
 * (4.3BSD-Reno's flag), gives zero-filled memory. A page of a file mapping
 * wholly past the file's end is SIGBUS. System calls: msync 65, mmap 71, munmap 73, mprotect 74,
 * madvise 75, mincore 78. */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <sys/types.h>

#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4

#define MAP_SHARED 1
#define MAP_PRIVATE 2
#define MAP_TYPE 0xf
#define MAP_FIXED 0x10
#define MAP_ANON 0x100
#define MAP_ANONYMOUS MAP_ANON
#define _MAP_NEW 0x80000000 /* return the address (the libc sets it, as SunOS 4's did) */
#define MAP_FAILED ((caddr_t)-1)

/* msync */
#define MS_ASYNC 0x1
#define MS_INVALIDATE 0x2

/* madvise */
#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4

caddr_t mmap(caddr_t addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(caddr_t addr, size_t len);
int mprotect(caddr_t addr, size_t len, int prot);
int msync(caddr_t addr, size_t len, int flags);
int madvise(caddr_t addr, size_t len, int advice);
int mincore(caddr_t addr, size_t len, char *vec);

#endif
