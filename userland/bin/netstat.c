/* netstat - show the network's state: connections, interfaces, routes and
 * the protocols' counters, as SunOS 4's (4.3BSD's) netstat does. SunOS's
 * read the kernel's memory through /dev/kmem; this one asks sun3lab's
 * netinfo call (sockets, routes, counters) and the interface ioctls.
 *
 *   netstat [-an]     the active Internet connections (-a: the servers too,
 *                     the listening and the unconnected sockets), and the
 *                     Unix-domain sockets
 *   netstat -i [-n]   the interfaces: MTU, network, address, packets, errors
 *   netstat -r [-n]   the routing table
 *   netstat -s        every counter of IP, ICMP, TCP and UDP
 *
 * -n shows addresses and ports as numbers instead of names from /etc/hosts
 * and /etc/services. An address is "host.port", "*" standing for any. */
#include <arpa/inet.h>
#include <netdb.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/icmp_var.h>
#include <netinet/in.h>
#include <netinet/ip_var.h>
#include <netinet/tcp_var.h>
#include <netinet/udp_var.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sun3lab.h>
#include <unistd.h>
#define TCPSTATES
#include <netinet/tcp_fsm.h>

static int aflag, nflag;

static void usage(void) {
  fprintf(stderr, "usage: netstat [-an]\n       netstat -i [-n]\n       netstat -r [-n]\n       netstat -s\n");
  exit(1);
}

/* The whole answer to netinfo(what) in a buffer of its own (its size in *len). */
static char *info(int what, int *len) {
  int n = netinfo(what, NULL, 0);
  if (n < 0) {
    perror("netstat: netinfo");
    exit(1);
  }
  char *buf = malloc(n + 1);
  if (buf == NULL) {
    fprintf(stderr, "netstat: out of memory\n");
    exit(1);
  }
  /* The table may have grown in between: take what fits. */
  n = netinfo(what, buf, n);
  *len = n;
  return buf;
}

/* A host: its name from /etc/hosts (or the dotted number with -n); "*" for any. */
static const char *hostname(unsigned long a) {
  if (a == INADDR_ANY) return "*";
  struct in_addr in;
  in.s_addr = a;
  if (!nflag) {
    struct hostent *h = gethostbyaddr((const char *)&in, sizeof(in), AF_INET);
    if (h != NULL) return h->h_name;
  }
  return inet_ntoa(in);
}

/* "host.port" in a field of `width` at the end of line, the host cut short to leave room for the port. */
static void inetprint(char *line, unsigned long a, long port, const char *proto, int width) {
  char pbuf[16], addr[64];
  struct servent *sp = NULL;
  if (port == 0) strcpy(pbuf, "*");
  else if (!nflag && (sp = getservbyport((int)port, proto)) != NULL) snprintf(pbuf, sizeof(pbuf), "%s", sp->s_name);
  else snprintf(pbuf, sizeof(pbuf), "%ld", port);
  int room = width - 1 - (int)strlen(pbuf);
  snprintf(addr, sizeof(addr), "%.*s.%s", room > 0 ? room : 1, hostname(a), pbuf);
  int n = (int)strlen(line);
  snprintf(line + n, 160 - n, "%-*.*s ", width, width, addr);
}

/* Print a line without the spaces at its end. */
static void putline(char *line) {
  int n = (int)strlen(line);
  while (n > 0 && line[n - 1] == ' ') line[--n] = 0;
  puts(line);
}

/* The Internet connections (TCP, then UDP), then the Unix-domain sockets. */
static void sockets(void) {
  int len;
  char *buf = info(NI_SOCKETS, &len);
  static const struct {
    int proto;
    const char *name;
  } protos[] = {{IPPROTO_TCP, "tcp"}, {IPPROTO_UDP, "udp"}};
  int header = 0;
  for (int k = 0; k < 2; k++) {
    for (int off = 0; off + (int)sizeof(struct sockinfo) <= len;) {
      struct sockinfo *si = (struct sockinfo *)(buf + off);
      off += si->si_family == AF_UNIX ? (int)sizeof(struct sockinfo_un) : (int)sizeof(struct sockinfo);
      if (si->si_family != AF_INET || si->si_type == SOCK_RAW || si->si_protocol != protos[k].proto) continue;
      /* Without -a, only connections: not the servers, nor sockets bound to any address. */
      if (!aflag && (si->si_laddr == INADDR_ANY || si->si_tcpstate == TCPS_LISTEN)) continue;
      if (!header) {
        printf("Active Internet connections%s\n", aflag ? " (including servers)" : "");
        printf("Proto Recv-Q Send-Q  %-22.22s %-22.22s %s\n", "Local Address", "Foreign Address", "(state)");
        header = 1;
      }
      char line[160];
      snprintf(line, sizeof(line), "%-5.5s %6ld %6ld  ", protos[k].name, si->si_rcvcc, si->si_sndcc);
      inetprint(line, si->si_laddr, si->si_lport, protos[k].name, 22);
      inetprint(line, si->si_faddr, si->si_fport, protos[k].name, 22);
      if (si->si_tcpstate >= 0 && si->si_tcpstate < TCP_NSTATES)
        strncat(line, tcpstates[si->si_tcpstate], sizeof(line) - strlen(line) - 1);
      putline(line);
    }
  }
  header = 0;
  for (int off = 0; off + (int)sizeof(struct sockinfo) <= len;) {
    struct sockinfo *si = (struct sockinfo *)(buf + off);
    off += si->si_family == AF_UNIX ? (int)sizeof(struct sockinfo_un) : (int)sizeof(struct sockinfo);
    if (si->si_family != AF_UNIX) continue;
    if (!header) {
      printf("Active UNIX domain sockets\n");
      printf("Type   Recv-Q Send-Q Addr\n");
      header = 1;
    }
    printf("%-6s %6ld %6ld %s\n", si->si_type == SOCK_STREAM ? "stream" : "dgram", si->si_rcvcc, si->si_sndcc,
           ((struct sockinfo_un *)si)->su_path);
  }
  free(buf);
}

static unsigned long classmask(unsigned long a) {
  if (IN_CLASSA(a)) return IN_CLASSA_NET;
  if (IN_CLASSB(a)) return IN_CLASSB_NET;
  return IN_CLASSC_NET;
}

/* A network as 4.3BSD names it: "default", "loopback" (127), or its number without the trailing zero parts. */
static const char *netname(unsigned long net) {
  static char buf[32];
  if (net == 0) return "default";
  if ((net >> 24) == 127 && !nflag) return "loopback";
  unsigned long b[4] = {net >> 24, (net >> 16) & 0xff, (net >> 8) & 0xff, net & 0xff};
  int n = 4;
  while (n > 1 && b[n - 1] == 0) n--;
  int at = 0;
  for (int i = 0; i < n; i++) at += snprintf(buf + at, sizeof(buf) - at, "%s%lu", i ? "." : "", b[i]);
  return buf;
}

/* The interfaces, from SIOCGIFCONF, their addresses and SIOCGIFDATA's counters. */
static void interfaces(void) {
  static struct ifreq reqs[32];
  struct ifconf ifc;
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s < 0) {
    perror("netstat: socket");
    exit(1);
  }
  ifc.ifc_len = sizeof(reqs);
  ifc.ifc_req = reqs;
  if (ioctl(s, SIOCGIFCONF, &ifc) < 0) {
    perror("netstat: SIOCGIFCONF");
    exit(1);
  }
  printf("%-5.5s %-5.5s %-11.11s %-15.15s %8.8s %5.5s %8.8s %5.5s %5.5s %5.5s\n", "Name", "Mtu", "Net/Dest", "Address",
         "Ipkts", "Ierrs", "Opkts", "Oerrs", "Coll", "Queue");
  int n = ifc.ifc_len / (int)sizeof(struct ifreq);
  for (int i = 0; i < n; i++) {
    struct ifreq ifr;
    struct ifdatareq d;
    char name[IFNAMSIZ + 2];
    memset(&ifr, 0, sizeof(ifr));
    strncpy(ifr.ifr_name, reqs[i].ifr_name, IFNAMSIZ - 1);
    ioctl(s, SIOCGIFFLAGS, &ifr);
    /* A '*' marks an interface that is down. */
    snprintf(name, sizeof(name), "%s%s", reqs[i].ifr_name, (ifr.ifr_flags & IFF_UP) ? "" : "*");
    memset(&d, 0, sizeof(d));
    strncpy(d.ifd_name, reqs[i].ifr_name, IFNAMSIZ - 1);
    if (ioctl(s, SIOCGIFDATA, &d) < 0) continue;
    struct if_data *id = &d.ifd_data;
    printf("%-5.5s %-5ld ", name, id->ifi_mtu);
    unsigned long a = ((struct sockaddr_in *)&reqs[i].ifr_addr)->sin_addr.s_addr;
    if (reqs[i].ifr_addr.sa_family != AF_INET) {
      printf("%-11.11s %-15.15s ", "none", "none");
    } else {
      unsigned long mask = classmask(a);
      memset(&ifr, 0, sizeof(ifr));
      strncpy(ifr.ifr_name, reqs[i].ifr_name, IFNAMSIZ - 1);
      if (ioctl(s, SIOCGIFNETMASK, &ifr) == 0) mask = ((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr.s_addr;
      printf("%-11.11s ", netname(a & mask));
      printf("%-15.15s ", hostname(a));
    }
    printf("%8ld %5ld %8ld %5ld %5ld %5ld\n", id->ifi_ipackets, id->ifi_ierrors, id->ifi_opackets, id->ifi_oerrors,
           id->ifi_collisions, id->ifi_snd_len);
  }
  close(s);
}

/* The routing table (netinfo NI_ROUTES). */
static void routes(void) {
  int len;
  char *buf = info(NI_ROUTES, &len);
  printf("Routing tables\n");
  printf("%-20.20s %-20.20s %-8.8s %-6.6s %-10.10s %s\n", "Destination", "Gateway", "Flags", "Refcnt", "Use",
         "Interface");
  for (int off = 0; off + (int)sizeof(struct rtinfo) <= len; off += sizeof(struct rtinfo)) {
    struct rtinfo *ri = (struct rtinfo *)(buf + off);
    unsigned long dst = ((struct sockaddr_in *)&ri->rti_dst)->sin_addr.s_addr;
    unsigned long gw = ((struct sockaddr_in *)&ri->rti_gateway)->sin_addr.s_addr;
    char flags[8];
    int f = 0;
    if (ri->rti_flags & RTF_UP) flags[f++] = 'U';
    if (ri->rti_flags & RTF_GATEWAY) flags[f++] = 'G';
    if (ri->rti_flags & RTF_HOST) flags[f++] = 'H';
    if (ri->rti_flags & RTF_DYNAMIC) flags[f++] = 'D';
    if (ri->rti_flags & RTF_MODIFIED) flags[f++] = 'M';
    flags[f] = 0;
    printf("%-20.20s ", (ri->rti_flags & RTF_HOST) ? hostname(dst) : netname(dst));
    printf("%-20.20s %-8.8s %-6d %-10ld %.16s\n", hostname(gw), flags, ri->rti_refcnt, ri->rti_use, ri->rti_ifname);
  }
  free(buf);
}

/* One protocol's counters into `st` (size bytes). */
static void counters(int what, void *st, int size) {
  memset(st, 0, size);
  if (netinfo(what, st, size) < 0) {
    perror("netstat: netinfo");
    exit(1);
  }
}

#define P(fmt, v) printf("\t" fmt "\n", (v))
#define P2(fmt, v, w) printf("\t" fmt "\n", (v), (w))

static void ipstats(void) {
  struct ipstat s;
  counters(NI_IPSTAT, &s, sizeof(s));
  printf("ip:\n");
  P("%lu total packets received", s.ips_total);
  P("%lu bad header checksums", s.ips_badsum);
  P("%lu with size smaller than minimum", s.ips_tooshort);
  P("%lu with data size < data length", s.ips_toosmall);
  P("%lu with header length < data size", s.ips_badhlen);
  P("%lu with data length < header length", s.ips_badlen);
  P("%lu with bad options", s.ips_badoptions);
  P("%lu with incorrect version number", s.ips_badvers);
  P("%lu fragments received", s.ips_fragments);
  P("%lu fragments dropped (dup or out of space)", s.ips_fragdropped);
  P("%lu fragments dropped after timeout", s.ips_fragtimeout);
  P("%lu packets reassembled ok", s.ips_reassembled);
  P("%lu packets for this host", s.ips_delivered);
  P("%lu packets for unknown/unsupported protocol", s.ips_noproto);
  P("%lu packets forwarded", s.ips_forward);
  P("%lu packets not forwardable", s.ips_cantforward);
  P("%lu redirects sent", s.ips_redirectsent);
  P("%lu packets sent from this host", s.ips_localout);
  P("%lu packets sent with fabricated ip header", s.ips_rawout);
  P("%lu output packets dropped due to no bufs, etc.", s.ips_odropped);
  P("%lu output packets discarded due to no route", s.ips_noroute);
  P("%lu output datagrams fragmented", s.ips_fragmented);
  P("%lu fragments created", s.ips_ofragments);
  P("%lu datagrams that can't be fragmented", s.ips_cantfrag);
}

static const char *const icmpnames[ICMP_MAXTYPE + 1] = {
    "echo reply", "#1", "#2", "destination unreachable", "source quench", "routing redirect", "#6", "#7", "echo",
    "#9", "#10", "time exceeded", "parameter problem", "time stamp", "time stamp reply", "information request",
    "information request reply", "address mask request", "address mask reply"};

static void icmpstats(void) {
  struct icmpstat s;
  counters(NI_ICMPSTAT, &s, sizeof(s));
  printf("icmp:\n");
  P("%lu calls to icmp_error", s.icps_error);
  P("%lu errors not generated 'cuz old message too short", s.icps_oldshort);
  P("%lu errors not generated 'cuz old message was icmp", s.icps_oldicmp);
  int first = 1;
  for (int i = 0; i <= ICMP_MAXTYPE; i++) {
    if (s.icps_outhist[i] == 0) continue;
    if (first) printf("\tOutput histogram:\n");
    first = 0;
    printf("\t\t%s: %lu\n", icmpnames[i], s.icps_outhist[i]);
  }
  P("%lu messages with bad code fields", s.icps_badcode);
  P("%lu messages < minimum length", s.icps_tooshort);
  P("%lu bad checksums", s.icps_checksum);
  P("%lu messages with bad length", s.icps_badlen);
  first = 1;
  for (int i = 0; i <= ICMP_MAXTYPE; i++) {
    if (s.icps_inhist[i] == 0) continue;
    if (first) printf("\tInput histogram:\n");
    first = 0;
    printf("\t\t%s: %lu\n", icmpnames[i], s.icps_inhist[i]);
  }
  P("%lu message responses generated", s.icps_reflect);
}

static void tcpstats(void) {
  struct tcpstat s;
  counters(NI_TCPSTAT, &s, sizeof(s));
  printf("tcp:\n");
  P("%lu packets sent", s.tcps_sndtotal);
  P2("\t%lu data packets (%lu bytes)", s.tcps_sndpack, s.tcps_sndbyte);
  P2("\t%lu data packets (%lu bytes) retransmitted", s.tcps_sndrexmitpack, s.tcps_sndrexmitbyte);
  P2("\t%lu ack-only packets (%lu delayed)", s.tcps_sndacks, s.tcps_delack);
  P("\t%lu URG only packets", s.tcps_sndurg);
  P("\t%lu window probe packets", s.tcps_sndprobe);
  P("\t%lu window update packets", s.tcps_sndwinup);
  P("\t%lu control packets", s.tcps_sndctrl);
  P("%lu packets received", s.tcps_rcvtotal);
  P2("\t%lu acks (for %lu bytes)", s.tcps_rcvackpack, s.tcps_rcvackbyte);
  P("\t%lu duplicate acks", s.tcps_rcvdupack);
  P("\t%lu acks for unsent data", s.tcps_rcvacktoomuch);
  P2("\t%lu packets (%lu bytes) received in-sequence", s.tcps_rcvpack, s.tcps_rcvbyte);
  P2("\t%lu completely duplicate packets (%lu bytes)", s.tcps_rcvduppack, s.tcps_rcvdupbyte);
  P2("\t%lu packets with some dup. data (%lu bytes duped)", s.tcps_rcvpartduppack, s.tcps_rcvpartdupbyte);
  P2("\t%lu out-of-order packets (%lu bytes)", s.tcps_rcvoopack, s.tcps_rcvoobyte);
  P2("\t%lu packets (%lu bytes) of data after window", s.tcps_rcvpackafterwin, s.tcps_rcvbyteafterwin);
  P("\t%lu window probes", s.tcps_rcvwinprobe);
  P("\t%lu window update packets", s.tcps_rcvwinupd);
  P("\t%lu packets received after close", s.tcps_rcvafterclose);
  P("\t%lu discarded for bad checksums", s.tcps_rcvbadsum);
  P("\t%lu discarded for bad header offset fields", s.tcps_rcvbadoff);
  P("\t%lu discarded because packet too short", s.tcps_rcvshort);
  P("\t%lu discarded because the reassembly queue was full", s.tcps_rcvreassfull);
  P("%lu connection requests", s.tcps_connattempt);
  P("%lu connection accepts", s.tcps_accepts);
  P("%lu connections dropped because the listen queue was full", s.tcps_listendrop);
  P("%lu connections established (including accepts)", s.tcps_connects);
  P2("%lu connections closed (including %lu drops)", s.tcps_closed, s.tcps_drops);
  P("%lu embryonic connections dropped", s.tcps_conndrops);
  P2("%lu segments updated rtt (of %lu attempts)", s.tcps_rttupdated, s.tcps_segstimed);
  P("%lu retransmit timeouts", s.tcps_rexmttimeo);
  P("\t%lu connections dropped by rexmit timeout", s.tcps_timeoutdrop);
  P("%lu persist timeouts", s.tcps_persisttimeo);
  P("%lu keepalive timeouts", s.tcps_keeptimeo);
  P("\t%lu keepalive probes sent", s.tcps_keepprobe);
  P("\t%lu connections dropped by keepalive", s.tcps_keepdrops);
  P("%lu correct ACK header predictions", s.tcps_predack);
  P("%lu correct data packet header predictions", s.tcps_preddat);
  P("%lu cache misses", s.tcps_pcbcachemiss);
}

static void udpstats(void) {
  struct udpstat s;
  counters(NI_UDPSTAT, &s, sizeof(s));
  printf("udp:\n");
  P("%lu datagrams received", s.udps_ipackets);
  P("%lu with incomplete header", s.udps_hdrops);
  P("%lu with bad data length field", s.udps_badlen);
  P("%lu with bad checksum", s.udps_badsum);
  P("%lu dropped due to no socket", s.udps_noport);
  P("%lu broadcast/multicast datagrams dropped due to no socket", s.udps_noportbcast);
  P("%lu dropped due to full socket buffers", s.udps_fullsock);
  P("%lu datagrams output", s.udps_opackets);
}

int main(int argc, char **argv) {
  int iflag = 0, rflag = 0, sflag = 0, c;
  while ((c = getopt(argc, argv, "airsn")) != -1) {
    switch (c) {
    case 'a': aflag = 1; break;
    case 'i': iflag = 1; break;
    case 'r': rflag = 1; break;
    case 's': sflag = 1; break;
    case 'n': nflag = 1; break;
    default: usage();
    }
  }
  if (optind != argc || iflag + rflag + sflag > 1) usage();
  if (iflag) interfaces();
  else if (rflag) routes();
  else if (sflag) {
    ipstats();
    icmpstats();
    tcpstats();
    udpstats();
  } else sockets();
  return 0;
}
