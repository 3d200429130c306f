/* Time-outs for the RPC library: milliseconds of emulated time (the
 * time of day), and waiting for a socket to have something to read. */
#include <errno.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>
#include "rpc_private.h"

long _rpc_tv_ms(struct timeval t) {
  return t.tv_sec * 1000 + t.tv_usec / 1000;
}

long _rpc_now_ms(void) {
  struct timeval t;
  gettimeofday(&t, NULL);
  return _rpc_tv_ms(t);
}

int _rpc_waitfd(int fd, long ms) {
  long until = ms < 0 ? 0 : _rpc_now_ms() + ms;
  for (;;) {
    fd_set readfds;
    struct timeval tv;
    int n;
    FD_ZERO(&readfds);
    FD_SET(fd, &readfds);
    if (ms >= 0) {
      long left = until - _rpc_now_ms();
      if (left < 0) left = 0;
      tv.tv_sec = left / 1000;
      tv.tv_usec = (left % 1000) * 1000;
    }
    n = select(fd + 1, &readfds, NULL, NULL, ms < 0 ? NULL : &tv);
    if (n > 0) return 1;
    if (n == 0) return 0;
    if (errno != EINTR) return -1;
  }
}

u_long _rpc_newxid(void) {
  struct timeval now;
  gettimeofday(&now, NULL);
  return (u_long)getpid() ^ (u_long)now.tv_sec ^ ((u_long)now.tv_usec << 8);
}
