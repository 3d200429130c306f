/* For the RPC test programs: the machine's RPC daemons, started here if
 * the test runs alone (as the child of process 1, with no /etc/rc before
 * it): lo0 gets its address, and portmap, rpc.mountd and rpc.rstatd are
 * started if they are not there. */
#ifndef RPCTEST_H
#define RPCTEST_H
#include <net/if.h>
#include <rpc/pmap_clnt.h>
#include <rpc/rpc.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* 127.0.0.1, port 0 (or what the caller puts in). */
static inline struct sockaddr_in localhost_addr(void) {
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return sin;
}

/* Run a daemon and wait for its parent to come back (it has registered by then). */
static inline void start_daemon(const char *path) {
  pid_t pid = fork();
  if (pid == 0) {
    execl(path, path, (char *)NULL);
    _exit(127);
  }
  if (pid > 0) waitpid(pid, NULL, 0);
}

/* Is something listening on TCP port 111 of this machine? */
static inline int portmap_listening(void) {
  struct sockaddr_in sin = localhost_addr();
  int s = socket(AF_INET, SOCK_STREAM, 0), up;
  sin.sin_port = htons(PMAPPORT);
  up = s >= 0 && connect(s, (struct sockaddr *)&sin, sizeof(sin)) == 0;
  if (s >= 0) close(s);
  return up;
}

static inline void rpc_machine(void) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct ifreq ifr;
  struct sockaddr_in lo = localhost_addr(), sin;
  memset(&ifr, 0, sizeof(ifr));
  strcpy(ifr.ifr_name, "lo0");
  if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0 && !(ifr.ifr_flags & IFF_UP)) {
    memcpy(&ifr.ifr_addr, &lo, sizeof(lo));
    ioctl(s, SIOCSIFADDR, &ifr);
  }
  close(s);
  if (!portmap_listening()) start_daemon("/usr/etc/portmap");
  sin = localhost_addr();
  if (pmap_getport(&sin, 100005, 1, IPPROTO_UDP) == 0) start_daemon("/usr/etc/rpc.mountd");
  sin = localhost_addr();
  if (pmap_getport(&sin, 100001, 3, IPPROTO_UDP) == 0) start_daemon("/usr/etc/rpc.rstatd");
}
#endif
