/* migrate(host): move the calling process to another machine of the
 * processing pool (the thesis's migrate system call, which sun3lab's
 * kernel has as pm_migrate(0, address)). host is a name from /etc/hosts or
 * a dotted address. On success it returns 0 on the destination, where the
 * process goes on; on failure -1 with errno, and the process is where it
 * was. An unknown host name is EINVAL. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <string.h>
#include <sys/sun3lab.h>

int migrate(const char *host) {
  unsigned long addr = inet_addr(host);
  if (addr == (unsigned long)-1) {
    struct hostent *h = gethostbyname(host);
    if (h == NULL || h->h_length != 4) {
      errno = EINVAL;
      return -1;
    }
    memcpy(&addr, h->h_addr, 4);
  }
  return pm_migrate(0, addr);
}
