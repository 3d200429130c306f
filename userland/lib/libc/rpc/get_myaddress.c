/* This machine's interfaces, as RPC needs them: get_myaddress (SunOS 4's
 * get_myaddress.c), where this machine's port mapper is reached — the
 * first interface that is up and is not the loopback, else 127.0.0.1 —
 * and the list clnt_broadcast takes its broadcast addresses from. */
#include <net/if.h>
#include <rpc/pmap_prot.h>
#include <rpc/rpc.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "rpc_private.h"

int _rpc_interfaces(int sock, struct ifreq *out, int max, int want, int refuse) {
  char buf[16 * sizeof(struct ifreq)];
  struct ifconf ifc;
  int n = 0;
  ifc.ifc_len = sizeof(buf);
  ifc.ifc_buf = buf;
  if (ioctl(sock, SIOCGIFCONF, &ifc) < 0) return -1;
  for (int i = 0; i < ifc.ifc_len / (int)sizeof(struct ifreq) && n < max; i++) {
    struct ifreq ifr = ifc.ifc_req[i];
    if (ifr.ifr_addr.sa_family != AF_INET) continue;
    if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) continue;
    if ((ifr.ifr_flags & want) != want || (ifr.ifr_flags & refuse)) continue;
    out[n++] = ifc.ifc_req[i]; /* its name and address */
  }
  return n;
}

void get_myaddress(struct sockaddr_in *addr) {
  struct ifreq ifr;
  struct sockaddr_in found;
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  memset(addr, 0, sizeof(*addr));
  addr->sin_family = AF_INET;
  addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr->sin_port = htons(PMAPPORT);
  if (s < 0) return;
  if (_rpc_interfaces(s, &ifr, 1, IFF_UP, IFF_LOOPBACK) == 1) {
    memcpy(&found, &ifr.ifr_addr, sizeof(found));
    addr->sin_addr = found.sin_addr;
  }
  close(s);
}
