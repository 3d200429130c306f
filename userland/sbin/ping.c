/* ping - send ICMP echo requests to a host and report its replies.
 *
 *   ping [-q] [-c count] [-i wait] [-s packetsize] host
 *
 * One echo request a second (every `wait` seconds with -i), each with a
 * sequence number and, in its first 8 data bytes, the time it was sent; each
 * reply is printed with its size, sender, sequence number, TTL and round-trip
 * time, in milliseconds of the machine's time. After `count` requests (-c),
 * or at an interrupt (^C), ping waits a little for late replies and prints
 * the summary:
 *
 *   --- sun1 ping statistics ---
 *   3 packets transmitted, 3 packets received, 0% packet loss
 *   round-trip min/avg/max = 0.233/0.240/0.251 ms
 *
 * After the last request it waits twice the longest round trip seen (at
 * least a second), or 10 seconds if nothing came back. A reply whose sequence
 * number was already seen is marked (DUP!). -q prints the first and the last
 * lines only; -s sets the data size (default 56: a 64-byte ICMP message).
 * The exit status is 0 if a reply came, 1 if none, 2 on an error.
 *
 * This is the 4.3BSD-Reno/4.4BSD ping. It needs a raw socket, so root. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/in_systm.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define DEFDATALEN 56
#define MAXPACKET 4096 /* the largest datagram read */
#define MAXWAIT 10     /* seconds to wait after the last request if nothing came back */
#define NDUP 1024      /* sequence numbers remembered for (DUP!) */

static int s;
static struct sockaddr_in whereto;
static const char *hostname;
static int datalen = DEFDATALEN;
static u_short ident;
static long ntransmitted, nreceived, nrepeats;
static long long tmin = -1, tmax, tsum; /* round trips, in microseconds */
static int timing, quiet;
static volatile int interrupted;
static u_char rcvd[NDUP / 8];
static u_char outpack[MAXPACKET];
static u_char packet[MAXPACKET];

static void usage(void) {
  fprintf(stderr, "usage: ping [-q] [-c count] [-i wait] [-s packetsize] host\n");
  exit(2);
}

/* Microseconds since 1970 (too many for a long). */
static long long usec(const struct timeval *tv) { return tv->tv_sec * 1000000LL + tv->tv_usec; }

static long long now_us(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return usec(&tv);
}

/* The Internet checksum of n bytes. */
static u_short cksum(const u_char *p, int n) {
  unsigned long sum = 0;
  for (; n > 1; n -= 2, p += 2) sum += (unsigned)p[0] << 8 | p[1];
  if (n == 1) sum += (unsigned)p[0] << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (u_short)~sum;
}

/* Send the next echo request: the time goes in its first data bytes. */
static void pinger(void) {
  struct icmp *icp = (struct icmp *)outpack;
  icp->icmp_type = ICMP_ECHO;
  icp->icmp_code = 0;
  icp->icmp_cksum = 0;
  icp->icmp_seq = (u_short)ntransmitted;
  icp->icmp_id = ident;
  rcvd[(ntransmitted % NDUP) / 8] &= (u_char) ~(1 << (ntransmitted % 8));
  ntransmitted++;
  if (timing) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    memcpy(&outpack[8], &tv, sizeof(tv));
  }
  int cc = datalen + 8;
  icp->icmp_cksum = cksum(outpack, cc);
  int n = sendto(s, outpack, cc, 0, (struct sockaddr *)&whereto, sizeof(whereto));
  if (n < 0 || n != cc) {
    if (n < 0) perror("ping: sendto");
    else printf("ping: wrote %s %d chars, ret=%d\n", hostname, cc, n);
  }
}

static void print_ms(long long us) { printf("%lld.%03lld", us / 1000, us % 1000); }

/* A datagram came: if it is a reply to us, count it and print it. */
static void pr_pack(int cc, struct sockaddr_in *from) {
  struct ip *ip = (struct ip *)packet;
  int hlen = ip->ip_hl << 2;
  if (cc < hlen + ICMP_MINLEN) return;
  cc -= hlen;
  struct icmp *icp = (struct icmp *)(packet + hlen);
  if (icp->icmp_type != ICMP_ECHOREPLY || icp->icmp_id != ident) return; /* not ours */
  long seq = icp->icmp_seq;
  int dup = (rcvd[(seq % NDUP) / 8] >> (seq % 8)) & 1;
  long long rtt = 0;
  if (dup) nrepeats++;
  else {
    rcvd[(seq % NDUP) / 8] |= (u_char)(1 << (seq % 8));
    nreceived++;
  }
  if (timing && cc >= 8 + (int)sizeof(struct timeval)) {
    struct timeval sent;
    memcpy(&sent, &icp->icmp_data[0], sizeof(sent));
    rtt = now_us() - usec(&sent);
    if (!dup) {
      tsum += rtt;
      if (tmin < 0 || rtt < tmin) tmin = rtt;
      if (rtt > tmax) tmax = rtt;
    }
  }
  if (quiet) return;
  printf("%d bytes from %s: icmp_seq=%ld ttl=%d", cc, inet_ntoa(from->sin_addr), seq, ip->ip_ttl);
  if (timing) {
    printf(" time=");
    print_ms(rtt);
    printf(" ms");
  }
  if (dup) printf(" (DUP!)");
  printf("\n");
}

static void finish(void) {
  printf("\n--- %s ping statistics ---\n", hostname);
  printf("%ld packets transmitted, %ld packets received, ", ntransmitted, nreceived);
  if (nrepeats) printf("+%ld duplicates, ", nrepeats);
  if (ntransmitted) {
    if (nreceived > ntransmitted) printf("-- somebody's printing up packets!");
    else printf("%ld%% packet loss", (ntransmitted - nreceived) * 100 / ntransmitted);
  }
  printf("\n");
  if (nreceived && timing) {
    printf("round-trip min/avg/max = ");
    print_ms(tmin);
    printf("/");
    print_ms(tsum / nreceived);
    printf("/");
    print_ms(tmax);
    printf(" ms\n");
  }
  fflush(stdout);
  exit(nreceived ? 0 : 1);
}

static void onint(int sig) {
  (void)sig;
  interrupted = 1;
}

int main(int argc, char **argv) {
  long npackets = 0, interval = 1;
  int ch;
  while ((ch = getopt(argc, argv, "c:i:qs:")) != -1) {
    switch (ch) {
    case 'c':
      npackets = atol(optarg);
      if (npackets <= 0) {
        fprintf(stderr, "ping: bad number of packets to transmit.\n");
        exit(2);
      }
      break;
    case 'i':
      interval = atol(optarg);
      if (interval <= 0) {
        fprintf(stderr, "ping: bad timing interval.\n");
        exit(2);
      }
      break;
    case 'q':
      quiet = 1;
      break;
    case 's':
      datalen = atoi(optarg);
      if (datalen < 0 || datalen > MAXPACKET - 8) {
        fprintf(stderr, "ping: packet size too large.\n");
        exit(2);
      }
      break;
    default:
      usage();
    }
  }
  if (optind != argc - 1) usage();
  hostname = argv[optind];
  memset(&whereto, 0, sizeof(whereto));
  whereto.sin_family = AF_INET;
  whereto.sin_addr.s_addr = inet_addr(hostname);
  if (whereto.sin_addr.s_addr == INADDR_NONE) {
    struct hostent *h = gethostbyname(hostname);
    if (h == NULL) {
      fprintf(stderr, "ping: unknown host %s\n", hostname);
      exit(2);
    }
    memcpy(&whereto.sin_addr, h->h_addr, sizeof(whereto.sin_addr));
    static char name[64];
    strncpy(name, h->h_name, sizeof(name) - 1);
    hostname = name;
  }
  timing = datalen >= (int)sizeof(struct timeval);
  for (int i = 8 + (timing ? (int)sizeof(struct timeval) : 0); i < datalen + 8; i++) outpack[i] = (u_char)i;
  ident = (u_short)(getpid() & 0xffff);
  if ((s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) < 0) {
    perror("ping: socket");
    exit(2);
  }
  /* ping is set-user-id root for the raw socket alone: the rest runs as its user. */
  if (setuid(getuid()) < 0) {
    perror("ping: setuid");
    exit(2);
  }
  printf("PING %s (%s): %d data bytes\n", hostname, inet_ntoa(whereto.sin_addr), datalen);
  fflush(stdout);
  signal(SIGINT, onint);

  long long next = now_us(); /* when the next request goes */
  long long end = -1;        /* when to stop waiting, once all are sent */
  while (!interrupted) {
    long long t = now_us();
    if (end < 0 && t >= next) {
      pinger();
      fflush(stdout);
      next += interval * 1000000LL;
      if (npackets && ntransmitted >= npackets) {
        long long wait = nreceived ? 2 * tmax : MAXWAIT * 1000000LL;
        if (wait < 1000000LL) wait = 1000000LL;
        end = t + wait;
      }
    }
    long long until = end >= 0 ? end : next;
    if (t >= until && end >= 0) break;
    long long left = until - now_us();
    if (left < 0) left = 0;
    struct timeval to = {(long)(left / 1000000), (long)(left % 1000000)};
    fd_set fds;
    FD_ZERO(&fds);
    FD_SET(s, &fds);
    int n = select(s + 1, &fds, NULL, NULL, &to);
    if (n < 0) {
      if (errno == EINTR) continue;
      perror("ping: select");
      exit(2);
    }
    if (n == 0) continue;
    struct sockaddr_in from;
    int fromlen = sizeof(from);
    int cc = recvfrom(s, packet, sizeof(packet), 0, (struct sockaddr *)&from, &fromlen);
    if (cc < 0) {
      if (errno != EINTR) perror("ping: recvfrom");
      continue;
    }
    pr_pack(cc, &from);
    fflush(stdout);
    if (npackets && nreceived >= npackets) break;
  }
  finish();
  return 0;
}
