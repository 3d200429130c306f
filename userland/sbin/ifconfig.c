/* ifconfig - configure a network interface, or show how it is configured.
 *
 *   ifconfig interface                   show it
 *   ifconfig -a                          show every interface
 *   ifconfig interface [inet] [address] [netmask mask] [broadcast address]
 *            [metric n] [up] [down] [-trailers]
 *
 * As SunOS 4's: the address is a host name from /etc/hosts or a dotted
 * number; "netmask +" takes the mask from /etc/netmasks ("network mask" per
 * line), or the address's class mask if the network is not there; giving an
 * address brings the interface up. /etc/rc does `ifconfig le0 `hostname`
 * netmask + up`. Setting anything is for the super-user.
 *
 * The display is SunOS's (flags, inet address, netmask in hex, broadcast,
 * ether address), plus the interface's counters and its driver's error
 * counters that are not zero, which SunOS's netstat -i read from the kernel's
 * memory. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int s = -1;
static const char *ifname;

static void usage(void) {
  fprintf(stderr, "usage: ifconfig interface [inet] [address] [netmask mask|+] [broadcast address|+]\n"
                  "                [metric n] [up] [down] [-trailers]\n"
                  "       ifconfig -a\n");
  exit(1);
}

static void fail(const char *what) {
  fprintf(stderr, "ifconfig: %s: %s\n", what, strerror(errno));
  exit(1);
}

/* The socket the ioctls go through: a datagram socket as SunOS's ifconfig
 * uses, or, while the kernel has no UDP, a raw one (which needs root). */
static int getsock(void) {
  if (s < 0) s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s < 0) s = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
  if (s < 0) fail("socket");
  return s;
}

static void setname(struct ifreq *ifr, const char *name) {
  memset(ifr, 0, sizeof(*ifr));
  strncpy(ifr->ifr_name, name, sizeof(ifr->ifr_name) - 1);
}

static void setaddr(struct sockaddr *sa, unsigned long a) {
  struct sockaddr_in *sin = (struct sockaddr_in *)sa;
  memset(sin, 0, sizeof(*sin));
  sin->sin_family = AF_INET;
  sin->sin_addr.s_addr = a;
}

static unsigned long getaddr(struct sockaddr *sa) { return ((struct sockaddr_in *)sa)->sin_addr.s_addr; }

/* A host name or a dotted number; exits if it is neither. */
static unsigned long resolve(const char *name) {
  unsigned long a = inet_addr(name);
  if (a != INADDR_NONE) return a;
  struct hostent *h = gethostbyname(name);
  if (h == NULL) {
    fprintf(stderr, "ifconfig: %s: unknown host\n", name);
    exit(1);
  }
  unsigned long x;
  memcpy(&x, h->h_addr, sizeof(x));
  return x;
}

static unsigned long classmask(unsigned long a) {
  if (IN_CLASSA(a)) return IN_CLASSA_NET;
  if (IN_CLASSB(a)) return IN_CLASSB_NET;
  return IN_CLASSC_NET;
}

/* "netmask +": the mask /etc/netmasks gives the address's network, else its class mask. */
static unsigned long netmask_for(unsigned long a) {
  unsigned long net = a & classmask(a);
  FILE *f = fopen("/etc/netmasks", "r");
  char line[256];
  while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
    char n[64], m[64];
    line[strcspn(line, "#\n")] = 0;
    if (sscanf(line, "%63s %63s", n, m) != 2) continue;
    unsigned long nn = inet_addr(n);
    unsigned long mm = inet_addr(m);
    if (nn == INADDR_NONE || mm == INADDR_NONE) continue;
    if (nn == net || (a & mm) == nn) {
      fclose(f);
      return mm;
    }
  }
  if (f != NULL) fclose(f);
  return classmask(a);
}

static const char *const flagnames[] = {"UP",         "BROADCAST", "DEBUG", "LOOPBACK", "POINTOPOINT",
                                        "NOTRAILERS", "RUNNING",   "NOARP", "PROMISC"};

static void printflags(int flags) {
  int first = 1;
  printf("flags=%x<", flags & 0xffff);
  for (unsigned i = 0; i < sizeof(flagnames) / sizeof(flagnames[0]); i++)
    if (flags & (1 << i)) {
      printf("%s%s", first ? "" : ",", flagnames[i]);
      first = 0;
    }
  printf(">");
}

static void status(const char *name) {
  struct ifreq ifr;
  struct ifdatareq d;
  setname(&ifr, name);
  if (ioctl(getsock(), SIOCGIFFLAGS, &ifr) < 0) {
    if (errno == ENXIO) {
      fprintf(stderr, "ifconfig: %s: no such interface\n", name);
      exit(1);
    }
    fail("SIOCGIFFLAGS");
  }
  int flags = (u_short)ifr.ifr_flags;
  printf("%s: ", name);
  printflags(flags);
  printf("\n");
  setname(&ifr, name);
  if (ioctl(s, SIOCGIFADDR, &ifr) == 0) {
    unsigned long a = getaddr(&ifr.ifr_addr);
    printf("\tinet %s", inet_ntoa(*(struct in_addr *)&a));
    setname(&ifr, name);
    if (ioctl(s, SIOCGIFNETMASK, &ifr) == 0) printf(" netmask %lx", getaddr(&ifr.ifr_addr));
    setname(&ifr, name);
    if (flags & IFF_BROADCAST && ioctl(s, SIOCGIFBRDADDR, &ifr) == 0) {
      a = getaddr(&ifr.ifr_broadaddr);
      printf(" broadcast %s", inet_ntoa(*(struct in_addr *)&a));
    }
    printf("\n");
  }
  memset(&d, 0, sizeof(d));
  strncpy(d.ifd_name, name, sizeof(d.ifd_name) - 1);
  if (ioctl(s, SIOCGIFDATA, &d) < 0) return;
  struct if_data *i = &d.ifd_data;
  if (i->ifi_type == IFT_ETHER && i->ifi_addrlen == 6)
    printf("\tether %x:%x:%x:%x:%x:%x\n", i->ifi_addr[0], i->ifi_addr[1], i->ifi_addr[2], i->ifi_addr[3],
           i->ifi_addr[4], i->ifi_addr[5]);
  printf("\tipackets %ld ierrors %ld opackets %ld oerrors %ld collisions %ld\n", i->ifi_ipackets,
         i->ifi_ierrors, i->ifi_opackets, i->ifi_oerrors, i->ifi_collisions);
  int shown = 0;
  for (int k = 0; k < i->ifi_ndrv && k < IFDATA_NDRV; k++) {
    if (i->ifi_drv[k].value == 0) continue;
    printf("%s%.8s %ld", shown ? " " : "\terrors: ", i->ifi_drv[k].name, i->ifi_drv[k].value);
    shown = 1;
  }
  if (shown) printf("\n");
}

/* Every interface, once each, in the kernel's order. */
static void all(void) {
  static struct ifreq reqs[32];
  struct ifconf ifc;
  ifc.ifc_len = sizeof(reqs);
  ifc.ifc_req = reqs;
  if (ioctl(getsock(), SIOCGIFCONF, &ifc) < 0) fail("SIOCGIFCONF");
  int n = ifc.ifc_len / (int)sizeof(struct ifreq);
  for (int i = 0; i < n; i++) {
    int seen = 0;
    for (int j = 0; j < i; j++) seen |= strcmp(reqs[i].ifr_name, reqs[j].ifr_name) == 0;
    if (!seen) status(reqs[i].ifr_name);
  }
}

static void set(unsigned long req, const char *what, struct ifreq *ifr) {
  if (ioctl(getsock(), req, ifr) < 0) fail(what);
}

int main(int argc, char **argv) {
  if (argc < 2) usage();
  if (strcmp(argv[1], "-a") == 0) {
    if (argc != 2) usage();
    all();
    return 0;
  }
  ifname = argv[1];
  if (argc == 2) {
    status(ifname);
    return 0;
  }
  const char *addr = NULL, *mask = NULL, *brd = NULL;
  int up = 0, down = 0, metric = -1, setflags = 0, clearflags = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "inet") == 0) continue;
    if (strcmp(a, "up") == 0) up = 1, down = 0;
    else if (strcmp(a, "down") == 0) down = 1, up = 0;
    else if (strcmp(a, "-trailers") == 0) setflags |= IFF_NOTRAILERS;
    else if (strcmp(a, "debug") == 0) setflags |= IFF_DEBUG;
    else if (strcmp(a, "-debug") == 0) clearflags |= IFF_DEBUG;
    else if (strcmp(a, "netmask") == 0 && i + 1 < argc) mask = argv[++i];
    else if (strcmp(a, "broadcast") == 0 && i + 1 < argc) brd = argv[++i];
    else if (strcmp(a, "metric") == 0 && i + 1 < argc) metric = atoi(argv[++i]);
    else if (addr == NULL && a[0] != '-') addr = a;
    else usage();
  }
  struct ifreq ifr;
  unsigned long a = addr != NULL ? resolve(addr) : 0;
  if (mask != NULL) {
    unsigned long m;
    if (strcmp(mask, "+") == 0) {
      if (addr == NULL) {
        setname(&ifr, ifname);
        if (ioctl(getsock(), SIOCGIFADDR, &ifr) < 0) fail("SIOCGIFADDR");
        m = netmask_for(getaddr(&ifr.ifr_addr));
      } else m = netmask_for(a);
    } else if ((m = inet_addr(mask)) == INADDR_NONE && strcmp(mask, "255.255.255.255") != 0) {
      fprintf(stderr, "ifconfig: %s: bad netmask\n", mask);
      return 1;
    }
    setname(&ifr, ifname);
    setaddr(&ifr.ifr_addr, m);
    set(SIOCSIFNETMASK, "SIOCSIFNETMASK", &ifr);
  }
  if (addr != NULL) {
    setname(&ifr, ifname);
    setaddr(&ifr.ifr_addr, a);
    set(SIOCSIFADDR, "SIOCSIFADDR", &ifr);
  }
  if (brd != NULL && strcmp(brd, "+") != 0) {
    setname(&ifr, ifname);
    setaddr(&ifr.ifr_broadaddr, resolve(brd));
    set(SIOCSIFBRDADDR, "SIOCSIFBRDADDR", &ifr);
  }
  if (metric >= 0) {
    setname(&ifr, ifname);
    ifr.ifr_metric = metric;
    set(SIOCSIFMETRIC, "SIOCSIFMETRIC", &ifr);
  }
  if (up || down || setflags || clearflags) {
    setname(&ifr, ifname);
    set(SIOCGIFFLAGS, "SIOCGIFFLAGS", &ifr);
    int f = ((u_short)ifr.ifr_flags | setflags) & ~clearflags;
    if (up) f |= IFF_UP;
    if (down) f &= ~IFF_UP;
    ifr.ifr_flags = (short)f;
    set(SIOCSIFFLAGS, "SIOCSIFFLAGS", &ifr);
  }
  return 0;
}
