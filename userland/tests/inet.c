/* The libc's Internet functions and the socket calls' errors: inet_addr,
 * inet_aton, inet_ntoa, inet_network, inet_netof, inet_lnaof; gethostbyname,
 * gethostbyaddr and gethostent over the image's /etc/hosts; getservbyname,
 * getservbyport and getprotobyname over /etc/services and /etc/protocols;
 * socket, sendto and recvfrom on a machine whose interfaces are not
 * configured (process 1 runs before /etc/rc would). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "check.h"

static unsigned long addr_of(struct hostent *h) {
  unsigned long a;
  memcpy(&a, h->h_addr, sizeof(a));
  return a;
}

static void conversions(void) {
  CHECK(inet_addr("192.9.200.1") == 0xc009c801UL, "inet_addr dotted quad");
  CHECK(inet_addr("0x7f.1") == 0x7f000001UL, "inet_addr a.b (hex part) is 8.24 bits");
  CHECK(inet_addr("128.32.0x1") == 0x80200001UL, "inet_addr a.b.c is 8.8.16 bits");
  CHECK(inet_addr("010.0.0.1") == 0x08000001UL, "inet_addr octal part");
  CHECK(inet_addr("3221866497") == 0xc009c801UL, "inet_addr one 32-bit number");
  CHECK(inet_addr("192.9.200.256") == INADDR_NONE, "inet_addr: a part too big");
  CHECK(inet_addr("1.2.3.4.5") == INADDR_NONE && inet_addr("1..2") == INADDR_NONE && inet_addr("x") == INADDR_NONE,
        "inet_addr: bad forms");
  struct in_addr in = {0xc009c8ffUL};
  CHECK(strcmp(inet_ntoa(in), "192.9.200.255") == 0, "inet_ntoa");
  CHECK(inet_network("192.9.200") == 0xc009c8UL && inet_network("10") == 10, "inet_network");
  CHECK(inet_netof(in) == 0xc009c8UL && inet_lnaof(in) == 0xff, "inet_netof, inet_lnaof (class C)");
  in.s_addr = 0x0a010203UL;
  CHECK(inet_netof(in) == 10 && inet_lnaof(in) == 0x010203UL, "inet_netof, inet_lnaof (class A)");
  CHECK(htonl(0x01020304UL) == 0x01020304UL && ntohs(0x0102) == 0x0102, "network order is the 68020's");
  struct in_addr a;
  CHECK(inet_aton("255.255.255.255", &a) == 1 && a.s_addr == 0xffffffffUL, "inet_aton: the broadcast address is valid");
  CHECK(inet_aton("192.9.200.300", &a) == 0 && inet_aton("", &a) == 0, "inet_aton: bad forms are 0");
}

static void services(void) {
  struct servent *sp = getservbyname("telnet", "tcp");
  CHECK(sp != NULL && sp->s_port == htons(23) && strcmp(sp->s_proto, "tcp") == 0, "getservbyname telnet/tcp");
  sp = getservbyname("sink", "udp");
  CHECK(sp != NULL && strcmp(sp->s_name, "discard") == 0 && sp->s_port == 9, "getservbyname by alias");
  CHECK(getservbyname("tftp", "tcp") == NULL && getservbyname("tftp", NULL) != NULL,
        "getservbyname: the protocol must match, or be any");
  sp = getservbyport(htons(514), "udp");
  CHECK(sp != NULL && strcmp(sp->s_name, "syslog") == 0, "getservbyport 514/udp is syslog");
  sp = getservbyport(htons(514), "tcp");
  CHECK(sp != NULL && strcmp(sp->s_name, "shell") == 0, "getservbyport 514/tcp is shell");
  struct protoent *pp = getprotobyname("tcp");
  CHECK(pp != NULL && pp->p_proto == IPPROTO_TCP, "getprotobyname tcp");
  pp = getprotobynumber(17);
  CHECK(pp != NULL && strcmp(pp->p_name, "udp") == 0 && strcmp(pp->p_aliases[0], "UDP") == 0,
        "getprotobynumber 17, with its alias");
}

static void hosts(void) {
  struct hostent *h = gethostbyname("sun1");
  CHECK(h != NULL && addr_of(h) == 0xc009c802UL && strcmp(h->h_name, "sun1") == 0, "gethostbyname sun1");
  CHECK(h != NULL && h->h_addrtype == AF_INET && h->h_length == 4 && h->h_addr_list[1] == NULL,
        "one AF_INET address of 4 bytes");
  h = gethostbyname("SUN2");
  CHECK(h != NULL && addr_of(h) == 0xc009c803UL, "names are matched without regard to case");
  h = gethostbyname("loghost");
  CHECK(h != NULL && addr_of(h) == 0x7f000001UL && strcmp(h->h_name, "localhost") == 0, "an alias");
  CHECK(gethostbyname("nosuchhost") == NULL, "an unknown name");
  unsigned long a = 0xc009c801UL;
  h = gethostbyaddr((char *)&a, 4, AF_INET);
  CHECK(h != NULL && strcmp(h->h_name, "sun0") == 0, "gethostbyaddr");
  a = 0x01020304UL;
  CHECK(gethostbyaddr((char *)&a, 4, AF_INET) == NULL, "gethostbyaddr: unknown address");
  int n = 0;
  sethostent(0);
  while (gethostent() != NULL) n++;
  endhostent();
  CHECK(n >= 4, "gethostent walks the file (%d entries)", n);
}

static void sockets(void) {
  errno = 0;
  CHECK(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP) < 0 && errno == EPROTONOSUPPORT,
        "a datagram socket for TCP: EPROTONOSUPPORT");
  CHECK(socket(AF_UNIX, SOCK_RAW, 0) < 0 && errno == EPROTONOSUPPORT, "raw AF_UNIX: EPROTONOSUPPORT");
  CHECK(socket(7, SOCK_STREAM, 0) < 0 && errno == EPROTONOSUPPORT, "an unknown family: EPROTONOSUPPORT");
  int s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
  CHECK(s >= 0, "a raw ICMP socket (root)");
  struct icmp icp;
  memset(&icp, 0, sizeof(icp));
  icp.icmp_type = ICMP_ECHO;
  struct sockaddr_in to;
  memset(&to, 0, sizeof(to));
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = INADDR_LOOPBACK;
  errno = 0;
  CHECK(sendto(s, &icp, 8, 0, (struct sockaddr *)&to, sizeof(to)) < 0 && errno == ENETUNREACH,
        "no interface is up: ENETUNREACH");
  CHECK(sendto(s, &icp, 8, 0, (struct sockaddr *)&to, 200) < 0 && errno == EINVAL, "an address too long: EINVAL");
  to.sin_family = AF_UNIX;
  CHECK(sendto(s, &icp, 8, 0, (struct sockaddr *)&to, sizeof(to)) < 0 && errno == EAFNOSUPPORT,
        "not an Internet address: EAFNOSUPPORT");
  CHECK(sendto(s, &icp, 8, 0, NULL, 0) < 0 && errno == EDESTADDRREQ, "no address and not connected: EDESTADDRREQ");
  CHECK(sendto(1, &icp, 8, 0, NULL, 0) < 0 && errno == ENOTSOCK, "not a socket: ENOTSOCK");
  int avail = -1;
  CHECK(ioctl(s, FIONREAD, &avail) == 0 && avail == 0, "FIONREAD: nothing waiting");
  fd_set r, w;
  FD_ZERO(&r);
  FD_ZERO(&w);
  FD_SET(s, &r);
  FD_SET(s, &w);
  struct timeval tv = {0, 0};
  CHECK(select(s + 1, &r, &w, NULL, &tv) == 1 && !FD_ISSET(s, &r) && FD_ISSET(s, &w),
        "select: writable, not readable");
  fcntl(s, F_SETFL, O_NDELAY);
  char buf[64];
  struct sockaddr_in from;
  int fromlen = sizeof(from);
  CHECK(recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen) < 0 && errno == EWOULDBLOCK,
        "recvfrom on a non-blocking socket with nothing: EWOULDBLOCK");
  struct ifreq ifr;
  memset(&ifr, 0, sizeof(ifr));
  strcpy(ifr.ifr_name, "le0");
  CHECK(ioctl(s, SIOCGIFFLAGS, &ifr) == 0 && !(ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_BROADCAST),
        "le0 is there, down");
  CHECK(ioctl(s, SIOCGIFADDR, &ifr) < 0 && errno == EADDRNOTAVAIL, "and has no address");
  strcpy(ifr.ifr_name, "xx9");
  CHECK(ioctl(s, SIOCGIFFLAGS, &ifr) < 0 && errno == ENXIO, "no such interface: ENXIO");
  CHECK(close(s) == 0, "close");
}

int main(void) {
  conversions();
  hosts();
  services();
  sockets();
  return DONE("inet");
}
