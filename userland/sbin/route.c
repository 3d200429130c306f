/* route - add and delete routes by hand, as SunOS 4's (4.3BSD's) route.
 *
 *   route [-n] add [host|net] destination gateway [metric]
 *   route [-n] delete [host|net] destination [gateway]
 *   route [-n] add default gateway [metric]
 *   route -f [-n]           flush: delete every route through a gateway
 *
 * The destination and the gateway are names from /etc/hosts or dotted
 * numbers; "default" is network 0, the route taken when no other matches.
 * Without "host" or "net", an address with a host part (192.9.200.3) is a
 * host and one without (192.9.201.0, 10) a network. A metric above 0 (the
 * default is 1) says the gateway is another machine, which forwards the
 * datagrams; metric 0 says the destination is on a network attached to
 * this machine, the gateway then being this machine's own address on it.
 * Each change is printed ("add host sun2: gateway sun1"); the kernel's
 * refusal follows it with the reason. Adding and deleting are for the
 * super-user (SIOCADDRT, SIOCDELRT); the table is `netstat -r`. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sun3lab.h>
#include <unistd.h>

static int nflag;
static int s = -1;

static void usage(void) {
  fprintf(stderr, "usage: route [-n] add [host|net] destination gateway [metric]\n"
                  "       route [-n] delete [host|net] destination [gateway]\n"
                  "       route -f [-n]\n");
  exit(1);
}

static int sock(void) {
  if (s < 0 && (s = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
    perror("route: socket");
    exit(1);
  }
  return s;
}

/* A name or number; 0 and *ok = 0 if it is neither. "default" is 0. */
static unsigned long getaddr(const char *name, int *ok) {
  *ok = 1;
  if (strcmp(name, "default") == 0) return 0;
  struct in_addr in;
  if (inet_aton(name, &in)) return in.s_addr;
  struct hostent *h = gethostbyname(name);
  if (h != NULL) {
    memcpy(&in, h->h_addr, sizeof(in));
    return in.s_addr;
  }
  *ok = 0;
  return 0;
}

/* How an address is shown: its name (unless -n), or the number; "default" for 0. */
static const char *routename(unsigned long a) {
  if (a == 0) return "default";
  struct in_addr in;
  in.s_addr = a;
  if (!nflag) {
    struct hostent *h = gethostbyaddr((const char *)&in, sizeof(in), AF_INET);
    if (h != NULL) return h->h_name;
  }
  return inet_ntoa(in);
}

/* Has the address a host part under its class's mask? */
static int hostpart(unsigned long a) {
  unsigned long mask = IN_CLASSA(a) ? IN_CLASSA_NET : IN_CLASSB(a) ? IN_CLASSB_NET : IN_CLASSC_NET;
  return (a & ~mask) != 0;
}

/* How a network is shown by -f: its class's network part alone ("128.32"), or as an address if it has a host part. */
static const char *netname(unsigned long a) {
  static char buf[16];
  if (a == 0 || hostpart(a)) return routename(a);
  int parts = IN_CLASSA(a) ? 1 : IN_CLASSB(a) ? 2 : 3;
  snprintf(buf, sizeof(buf), "%lu", a >> 24);
  for (int i = 1; i < parts; i++) snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), ".%lu", (a >> (24 - 8 * i)) & 0xff);
  return buf;
}

static void setsin(struct sockaddr *sa, unsigned long a) {
  struct sockaddr_in *sin = (struct sockaddr_in *)sa;
  memset(sin, 0, sizeof(*sin));
  sin->sin_family = AF_INET;
  sin->sin_addr.s_addr = a;
}

/* One SIOCADDRT or SIOCDELRT, reported as 4.3BSD's route does; 0 if it worked. */
static int request(int add, int host, unsigned long dst, unsigned long gw, int gateway, const char *dstname,
                   const char *gwname) {
  struct rtentry rt;
  memset(&rt, 0, sizeof(rt));
  setsin(&rt.rt_dst, dst);
  setsin(&rt.rt_gateway, gw);
  rt.rt_flags = RTF_UP | (host ? RTF_HOST : 0) | (gateway ? RTF_GATEWAY : 0);
  int r = ioctl(sock(), add ? SIOCADDRT : SIOCDELRT, &rt);
  int err = errno;
  printf("%s %s %s: gateway %s", add ? "add" : "delete", host ? "host" : "net", dstname, gwname);
  if (r == 0) {
    printf("\n");
    return 0;
  }
  if (err == ESRCH) printf(": not in table\n");
  else if (err == EEXIST) printf(": entry already exists\n");
  else if (err == ENETUNREACH) printf(": gateway not on an attached network\n");
  else printf(": %s\n", strerror(err));
  return 1;
}

/* route -f: delete every route through a gateway (4.3BSD's flushroutes). */
static int flush(void) {
  int len = netinfo(NI_ROUTES, NULL, 0);
  if (len < 0) {
    perror("route: netinfo");
    return 1;
  }
  char *buf = malloc(len + 1);
  if (buf == NULL) return 1;
  len = netinfo(NI_ROUTES, buf, len);
  int status = 0;
  for (int off = 0; off + (int)sizeof(struct rtinfo) <= len; off += sizeof(struct rtinfo)) {
    struct rtinfo *ri = (struct rtinfo *)(buf + off);
    if (!(ri->rti_flags & RTF_GATEWAY)) continue;
    struct rtentry rt;
    memset(&rt, 0, sizeof(rt));
    rt.rt_dst = ri->rti_dst;
    rt.rt_gateway = ri->rti_gateway;
    rt.rt_flags = ri->rti_flags;
    unsigned long dst = ((struct sockaddr_in *)&ri->rti_dst)->sin_addr.s_addr;
    unsigned long gw = ((struct sockaddr_in *)&ri->rti_gateway)->sin_addr.s_addr;
    printf("%-20.20s ", (ri->rti_flags & RTF_HOST) ? routename(dst) : netname(dst));
    printf("%-20.20s ", routename(gw));
    if (ioctl(sock(), SIOCDELRT, &rt) < 0) {
      printf("%s\n", strerror(errno));
      status = 1;
    } else {
      printf("done\n");
    }
  }
  free(buf);
  return status;
}

int main(int argc, char **argv) {
  int fflag = 0, c;
  while ((c = getopt(argc, argv, "fn")) != -1) {
    if (c == 'f') fflag = 1;
    else if (c == 'n') nflag = 1;
    else usage();
  }
  argv += optind;
  argc -= optind;
  int status = 0;
  if (fflag) {
    status = flush();
    if (argc == 0) return status;
  }
  if (argc < 2) usage();
  int add;
  if (strcmp(argv[0], "add") == 0) add = 1;
  else if (strcmp(argv[0], "delete") == 0) add = 0;
  else usage();
  argv++, argc--;
  int host = -1;
  if (strcmp(argv[0], "host") == 0) host = 1, argv++, argc--;
  else if (strcmp(argv[0], "net") == 0) host = 0, argv++, argc--;
  if (argc < 1 || argc > 3 || (add && argc < 2)) usage();
  int ok;
  unsigned long dst = getaddr(argv[0], &ok);
  if (!ok) {
    fprintf(stderr, "route: %s: unknown host or network\n", argv[0]);
    return 1;
  }
  if (host < 0) host = dst != 0 && hostpart(dst);
  unsigned long gw = 0;
  if (argc >= 2) {
    gw = getaddr(argv[1], &ok);
    if (!ok) {
      fprintf(stderr, "route: %s: unknown host\n", argv[1]);
      return 1;
    }
  }
  int metric = argc >= 3 ? atoi(argv[2]) : 1;
  char dstname[64], gwname[64];
  snprintf(dstname, sizeof(dstname), "%s", nflag ? inet_ntoa(*(struct in_addr *)&dst) : argv[0]);
  if (dst == 0) strcpy(dstname, "default");
  snprintf(gwname, sizeof(gwname), "%s", argc >= 2 ? (nflag ? inet_ntoa(*(struct in_addr *)&gw) : argv[1]) : "*");
  return request(add, host, dst, gw, metric > 0, dstname, gwname) | status;
}
