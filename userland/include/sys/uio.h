/* sys/uio.h - sun3lab libc: scatter/gather I/O. */
#ifndef _SYS_UIO_H
#define _SYS_UIO_H

#include <sys/types.h>

struct iovec {
  caddr_t iov_base;
  int iov_len;
};

/* The most iovecs a call takes. */
#define UIO_MAXIOV 16

/* Read into, or write from, several buffers in one call (any descriptor). */
int readv(int fd, struct iovec *iov, int iovcnt);
int writev(int fd, const struct iovec *iov, int iovcnt);

#endif
