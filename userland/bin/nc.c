/* nc - copy between a network connection and the standard input and output
 * (a small netcat: Hobbit's 1995 tool, after the sun3lab machines' time,
 * but the one everybody reaches for).
 *
 *   nc [-uvn] [-w secs] host port        connect to host's port (TCP, or UDP with -u)
 *   nc -l [-uvn] [-w secs] -p port       listen on port for one connection (or one sender)
 *
 * What comes on the standard input is sent; what comes from the network is
 * written to the standard output. At the end of the input a TCP connection
 * is half-closed (shutdown for writing: the peer reads end of file) and nc
 * goes on reading until the peer closes; it then exits (if the peer's end
 * comes first, what is left of a file or pipe input is sent before nc
 * exits). With UDP, each
 * read of the input is one datagram, and a listener answers whoever sent
 * it the first one. -w gives up a connect, or the wait for the network once
 * the input has ended, after that many seconds (a UDP nc without -w reads
 * until it is killed). -v says what is going on, on the standard error; -n
 * takes numbers only, looking nothing up. Exit status 0, or 1 if the
 * connection could not be made. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static int uflag, vflag, nflag, wait_secs = -1;

static void usage(void) {
  fprintf(stderr, "usage: nc [-uvn] [-w secs] host port\n       nc -l [-uvn] [-w secs] -p port\n");
  exit(1);
}

static void fail(const char *what) {
  fprintf(stderr, "nc: %s: %s\n", what, strerror(errno));
  exit(1);
}

static unsigned long host_addr(const char *name) {
  struct in_addr in;
  if (inet_aton(name, &in)) return in.s_addr;
  struct hostent *h = nflag ? NULL : gethostbyname(name);
  if (h == NULL) {
    fprintf(stderr, "nc: %s: unknown host\n", name);
    exit(1);
  }
  memcpy(&in, h->h_addr, sizeof(in));
  return in.s_addr;
}

static int port_number(const char *name) {
  char *end;
  long p = strtol(name, &end, 10);
  if (*end == 0 && p > 0 && p < 65536) return (int)p;
  struct servent *sp = nflag ? NULL : getservbyname(name, uflag ? "udp" : "tcp");
  if (sp == NULL) {
    fprintf(stderr, "nc: %s: unknown port\n", name);
    exit(1);
  }
  return ntohs(sp->s_port);
}

static void describe(const char *what, struct sockaddr_in *sin) {
  if (vflag) fprintf(stderr, "%s [%s] %d\n", what, inet_ntoa(sin->sin_addr), ntohs(sin->sin_port));
}

/* Write all of buf; -1 if the other side is gone. */
static int writeall(int fd, const char *buf, int n) {
  while (n > 0) {
    int w = write(fd, buf, n);
    if (w <= 0) return -1;
    buf += w;
    n -= w;
  }
  return 0;
}

/* The copying: until the network side ends (or, once the input has, the -w time passes).
 * If the peer half-closes while the input (a file or a pipe) still has
 * bytes, they are still sent, to its end; from a terminal, nc stops there. */
static void copy(int s) {
  static char buf[8192];
  int in_open = 1, net_open = 1;
  for (;;) {
    fd_set r;
    FD_ZERO(&r);
    if (net_open) FD_SET(s, &r);
    if (in_open) FD_SET(0, &r);
    struct timeval tv = {wait_secs, 0};
    int n = select(s + 1, &r, NULL, NULL, !in_open && wait_secs >= 0 ? &tv : NULL);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("select");
    }
    if (n == 0) return; /* -w: nothing more came */
    if (net_open && FD_ISSET(s, &r)) {
      int k = read(s, buf, sizeof(buf));
      if (k < 0 && errno == ECONNREFUSED && uflag) continue; /* ICMP port unreachable for a datagram: go on */
      if (k < 0 && vflag) fprintf(stderr, "nc: read: %s\n", strerror(errno));
      if (k < 0 || (k == 0 && (!in_open || uflag || isatty(0)))) return;
      if (k == 0) net_open = 0;
      else if (writeall(1, buf, k) < 0) return;
    }
    if (in_open && FD_ISSET(0, &r)) {
      int k = read(0, buf, sizeof(buf));
      if (k <= 0) {
        in_open = 0;
        if (!uflag) shutdown(s, 1); /* the half-close: the peer reads end of file */
        if (!net_open) return;
        continue;
      }
      if (writeall(s, buf, k) < 0) {
        if (vflag) fprintf(stderr, "nc: write: %s\n", strerror(errno));
        return;
      }
    }
  }
}

static void on_alarm(int sig) { (void)sig; }

int main(int argc, char **argv) {
  int lflag = 0, lport = 0, c;
  while ((c = getopt(argc, argv, "lunvw:p:")) != -1) {
    switch (c) {
    case 'l': lflag = 1; break;
    case 'u': uflag = 1; break;
    case 'n': nflag = 1; break;
    case 'v': vflag = 1; break;
    case 'w': wait_secs = atoi(optarg); break;
    case 'p': lport = port_number(optarg); break;
    default: usage();
    }
  }
  if (lflag ? (optind != argc || lport == 0) : optind != argc - 2) usage();
  signal(SIGPIPE, SIG_IGN);
  int s = socket(AF_INET, uflag ? SOCK_DGRAM : SOCK_STREAM, 0);
  if (s < 0) fail("socket");
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  if (lflag) {
    int on = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    sin.sin_port = htons(lport);
    if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0) fail("bind");
    describe("listening on", &sin);
    struct sockaddr_in from;
    int len = sizeof(from);
    if (uflag) {
      /* The first datagram says who the peer is. */
      static char first[8192];
      int n = recvfrom(s, first, sizeof(first), 0, (struct sockaddr *)&from, &len);
      if (n < 0) fail("recvfrom");
      if (connect(s, (struct sockaddr *)&from, sizeof(from)) < 0) fail("connect");
      describe("connect from", &from);
      writeall(1, first, n);
    } else {
      listen(s, 1);
      int t = accept(s, (struct sockaddr *)&from, &len);
      if (t < 0) fail("accept");
      close(s);
      s = t;
      describe("connect from", &from);
    }
  } else {
    sin.sin_addr.s_addr = host_addr(argv[optind]);
    sin.sin_port = htons(port_number(argv[optind + 1]));
    if (wait_secs > 0) {
      signal(SIGALRM, on_alarm);
      alarm(wait_secs);
    }
    if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
      if (errno == EINTR) errno = ETIMEDOUT;
      fprintf(stderr, "nc: connect to %s port %d: %s\n", argv[optind], ntohs(sin.sin_port), strerror(errno));
      return 1;
    }
    alarm(0);
    describe(uflag ? "sending to" : "connected to", &sin);
  }
  copy(s);
  close(s);
  return 0;
}
