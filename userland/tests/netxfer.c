/* netxfer: moves a known stream of bytes through TCP (or datagrams through
 * UDP) between two machines, checking every byte, and says how long it
 * took in emulated time. The network tests run it on two machines of a
 * lab; with no arguments it tests itself over the loopback.
 *
 *   netxfer -s [-p port] [-n bytes] [-k conns] [-b buf] [-x]   serve: take `conns` connections (default 1);
 *           on each, receive `bytes` and send `bytes` back at the same time
 *   netxfer -c host [-p port] [-n bytes] [-b buf] [-l len] [-D] [-x] [-i secs]
 *           connect, send and receive `bytes` both ways at once (-n 0: just connect and close)
 *   netxfer -c host -r count [-p port]      open and close `count` connections, one after another
 *   netxfer -u -s [-p port] [-k count]      UDP: echo `count` datagrams
 *   netxfer -u -c host [-p port] [-k count] [-l len]   send `count` datagrams, each waits for its echo
 *
 *   -x  only send (client) or only receive (server): a one-way transfer
 *   -z  do not make or check the stream (a source and a sink, as ttcp): for throughput
 *   -i  wait this many seconds after connecting, then send: the error a dead peer gives
 *   -b  SO_SNDBUF and SO_RCVBUF;  -l  bytes per write;  -D  TCP_NODELAY
 *
 * Output: "netxfer: sent N received M bytes in T ms (K KB/s)", "data ok" or
 * "data BAD at offset O", and on a failure the call and its error, e.g.
 * "netxfer: read: Connection reset by peer". Exit status 0 if all went well. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <unistd.h>

#include "check.h"

#define PATLEN 65536
static unsigned char pattern[PATLEN];

/* The pattern: pseudo-random bytes (an LCG). */
static void make_pattern(void) {
  unsigned long x = 12345;
  for (int i = 0; i < PATLEN; i++) {
    x = x * 1103515245UL + 12345UL;
    pattern[i] = (unsigned char)(x >> 16);
  }
}

/* The byte at offset o of the stream: the pattern, shifted a little more in every 64 KB block. */
static inline unsigned char stream_at(unsigned long o) {
  return pattern[(o + (o >> 16) * 13) & (PATLEN - 1)];
}

/* Fill buf with the stream from offset o. */
static void stream_fill(unsigned char *buf, unsigned long o, int n) {
  while (n > 0) {
    unsigned long block = o >> 16;
    int at = (int)((o + block * 13) & (PATLEN - 1));
    int left = (int)(((block + 1) << 16) - o); /* to the end of this 64 KB block */
    int run = PATLEN - at;
    if (run > left) run = left;
    if (run > n) run = n;
    memcpy(buf, pattern + at, run);
    buf += run;
    o += run;
    n -= run;
  }
}

/* Compare buf with the stream at offset o: -1 if equal, else the offset of the first difference. */
static long stream_check(const unsigned char *buf, unsigned long o, int n) {
  static unsigned char want[8192];
  while (n > 0) {
    int k = n > (int)sizeof(want) ? (int)sizeof(want) : n;
    stream_fill(want, o, k);
    if (memcmp(buf, want, k) != 0) {
      for (int i = 0; i < k; i++)
        if (buf[i] != want[i]) return (long)(o + i);
    }
    buf += k;
    o += k;
    n -= k;
  }
  return -1;
}

static int port = 5001, bytes = 1 << 20, bufsize = 0, wlen = 8192, nodelay = 0, oneway = 0, idle = 0;
static int conns = 1, repeat = 0, udp = 0, quiet = 0, nocheck = 0;

static void fail(const char *what) {
  printf("netxfer: %s: %s\n", what, strerror(errno));
  fflush(stdout);
}

static void options(int s) {
  if (bufsize > 0) {
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, &bufsize, sizeof(bufsize));
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, &bufsize, sizeof(bufsize));
  }
  if (nodelay) setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &nodelay, sizeof(nodelay));
}

/* Write `n` bytes of the stream to s; 0 if all went. */
static int send_stream(int s, int n) {
  static unsigned char buf[16384];
  int len = wlen > (int)sizeof(buf) ? (int)sizeof(buf) : wlen;
  unsigned long o = 0;
  while ((int)o < n) {
    int k = n - (int)o > len ? len : n - (int)o;
    if (!nocheck) stream_fill(buf, o, k);
    int w = write(s, buf, k);
    if (w <= 0) {
      fail("write");
      return -1;
    }
    o += w;
  }
  return 0;
}

/* Read the stream until end of file, checking it; returns the bytes read (-1 on an error), *bad the first bad offset. */
static long recv_stream(int s, long *bad) {
  static unsigned char buf[16384];
  unsigned long o = 0;
  *bad = -1;
  for (;;) {
    int r = read(s, buf, sizeof(buf));
    if (r < 0) {
      fail("read");
      return -1;
    }
    if (r == 0) return (long)o;
    if (*bad < 0 && !nocheck) *bad = stream_check(buf, o, r);
    o += r;
  }
}

/*
 * Both ways at once on a connected socket: a child sends `sendn` bytes and
 * then shuts the socket down for sending; this process reads until end of
 * file (with nothing to send, it shuts down after that). Returns 0 if
 * everything came, intact.
 */
static int exchange(int s, int sendn, int expect, const char *who) {
  long t0 = now_ms();
  fflush(stdout);
  pid_t pid = sendn > 0 ? fork() : 0;
  if (sendn > 0 && pid == 0) {
    int e = send_stream(s, sendn);
    if (e == 0 && shutdown(s, 1) < 0) {
      fail("shutdown");
      e = -1;
    }
    _exit(e == 0 ? 0 : 1);
  }
  long bad = -1;
  long got = expect >= 0 ? recv_stream(s, &bad) : 0;
  if (sendn <= 0) shutdown(s, 1); /* nothing to send: our FIN once the peer's has come */
  int st = 0;
  if (pid > 0) waitpid(pid, &st, 0);
  long ms = now_ms() - t0;
  int ok = got == (expect < 0 ? 0 : expect) && (expect < 0 || bad < 0) && st == 0;
  if (!quiet) {
    long moved = (long)sendn + (got > 0 ? got : 0);
    printf("netxfer: %s: sent %d received %ld bytes in %ld ms (%ld KB/s)\n", who, sendn, got, ms,
           ms > 0 ? moved * 1000 / 1024 / ms : 0);
    if (expect >= 0) {
      if (bad >= 0) printf("netxfer: data BAD at offset %ld\n", bad);
      else if (got == expect && !nocheck) printf("netxfer: data ok\n");
    }
    fflush(stdout);
  }
  return ok ? 0 : 1;
}

static int listener(void) {
  int ls = socket(AF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
  int one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  struct sockaddr_in a;
  memset(&a, 0, sizeof(a));
  a.sin_family = AF_INET;
  a.sin_port = port;
  if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof(a)) < 0) {
    fail("bind");
    return -1;
  }
  if (!udp) {
    options(ls);
    if (listen(ls, 5) < 0) {
      fail("listen");
      return -1;
    }
  }
  return ls;
}

static int serve(void) {
  int ls = listener();
  if (ls < 0) return 1;
  if (!quiet) {
    printf("netxfer: listening on port %d\n", port);
    fflush(stdout);
  }
  int status = 0;
  if (udp) {
    static char buf[9216];
    for (int i = 0; i < conns; i++) {
      struct sockaddr_in from;
      int flen = sizeof(from);
      int n = recvfrom(ls, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
      if (n < 0 || sendto(ls, buf, n, 0, (struct sockaddr *)&from, flen) != n) {
        fail("udp echo");
        return 1;
      }
    }
    printf("netxfer: echoed %d datagrams\n", conns);
    return 0;
  }
  for (int i = 0; i < conns; i++) {
    struct sockaddr_in peer;
    int plen = sizeof(peer);
    int s = accept(ls, (struct sockaddr *)&peer, &plen);
    if (s < 0) {
      fail("accept");
      return 1;
    }
    if (!quiet) {
      printf("netxfer: connection from %s.%d\n", inet_ntoa(peer.sin_addr), peer.sin_port);
      fflush(stdout);
    }
    status |= exchange(s, oneway ? 0 : bytes, bytes, "server");
    close(s);
  }
  close(ls);
  return status;
}

static unsigned long host_addr(const char *host) {
  struct in_addr in;
  if (inet_aton(host, &in)) return in.s_addr;
  struct hostent *h = gethostbyname(host);
  if (h == NULL) return INADDR_NONE;
  memcpy(&in, h->h_addr, sizeof(in));
  return in.s_addr;
}

static int client(const char *host) {
  struct sockaddr_in to;
  memset(&to, 0, sizeof(to));
  to.sin_family = AF_INET;
  to.sin_port = port;
  to.sin_addr.s_addr = host_addr(host);
  if (to.sin_addr.s_addr == INADDR_NONE) {
    printf("netxfer: %s: unknown host\n", host);
    return 1;
  }
  if (udp) {
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    static unsigned char buf[9216], back[9216];
    int len = wlen > (int)sizeof(buf) ? (int)sizeof(buf) : wlen;
    if (connect(s, (struct sockaddr *)&to, sizeof(to)) < 0) {
      fail("connect");
      return 1;
    }
    for (int i = 0; i < conns; i++) {
      stream_fill(buf, (unsigned long)i * 977, len);
      if (send(s, buf, len, 0) != len) {
        fail("send");
        return 1;
      }
      int n = recv(s, back, sizeof(back), 0);
      if (n < 0) {
        fail("recv");
        return 1;
      }
      if (n != len || memcmp(buf, back, len) != 0) {
        printf("netxfer: datagram %d came back wrong\n", i);
        return 1;
      }
    }
    printf("netxfer: %d datagrams of %d bytes echoed\n", conns, len);
    return 0;
  }
  if (repeat > 0) {
    for (int i = 0; i < repeat; i++) {
      int s = socket(AF_INET, SOCK_STREAM, 0);
      if (connect(s, (struct sockaddr *)&to, sizeof(to)) < 0) {
        printf("netxfer: connection %d: ", i);
        fail("connect");
        return 1;
      }
      close(s);
    }
    printf("netxfer: %d connections opened and closed\n", repeat);
    return 0;
  }
  int s = socket(AF_INET, SOCK_STREAM, 0);
  options(s);
  if (connect(s, (struct sockaddr *)&to, sizeof(to)) < 0) {
    fail("connect");
    return 1;
  }
  if (idle > 0) {
    if (!quiet) {
      printf("netxfer: connected; idle for %d s\n", idle);
      fflush(stdout);
    }
    sleep(idle);
  }
  int r = exchange(s, bytes, oneway ? -1 : bytes, "client");
  close(s);
  return r;
}

/* With no arguments: the same over the loopback, checked. */
static int selftest(void) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct ifreq ifr;
  memset(&ifr, 0, sizeof(ifr));
  strcpy(ifr.ifr_name, "lo0");
  if (ioctl(s, SIOCGIFADDR, &ifr) < 0) {
    struct sockaddr_in *a = (struct sockaddr_in *)&ifr.ifr_addr;
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = INADDR_LOOPBACK;
    ioctl(s, SIOCSIFADDR, &ifr);
  }
  close(s);
  quiet = 1;
  bytes = 200000;
  port = 5002;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(serve());
  sleep(1);
  CHECK(client("127.0.0.1") == 0, "200000 bytes both ways at once over lo0, checked");
  int st = 0;
  waitpid(pid, &st, 0);
  CHECK(st == 0, "the server got them all too");
  CHECK(stream_check(pattern, 0, 16) == -1 && stream_check(pattern + 1, 0, 16) >= 0, "the checker sees a bad byte");
  udp = 1;
  conns = 10;
  wlen = 3000;
  fflush(stdout);
  pid = fork();
  if (pid == 0) _exit(serve());
  sleep(1);
  CHECK(client("localhost") == 0, "10 datagrams of 3000 bytes echoed");
  waitpid(pid, &st, 0);
  udp = 0;
  repeat = 20;
  conns = 20;
  port = 5003;
  bytes = 0;
  fflush(stdout);
  pid = fork();
  if (pid == 0) _exit(serve());
  sleep(1);
  CHECK(client("127.0.0.1") == 0, "20 connections opened and closed");
  waitpid(pid, &st, 0);
  CHECK(st == 0, "and accepted");
  return DONE("netxfer");
}

int main(int argc, char **argv) {
  make_pattern();
  if (argc == 1) return selftest();
  int c, server = 0;
  char *host = NULL;
  while ((c = getopt(argc, argv, "sc:p:n:k:b:l:r:i:uxzDq")) != -1) {
    switch (c) {
    case 's': server = 1; break;
    case 'c': host = optarg; break;
    case 'p': port = atoi(optarg); break;
    case 'n': bytes = atoi(optarg); break;
    case 'k': conns = atoi(optarg); break;
    case 'b': bufsize = atoi(optarg); break;
    case 'l': wlen = atoi(optarg); break;
    case 'r': repeat = atoi(optarg); break;
    case 'i': idle = atoi(optarg); break;
    case 'u': udp = 1; break;
    case 'x': oneway = 1; break;
    case 'z': nocheck = 1; break;
    case 'D': nodelay = 1; break;
    case 'q': quiet = 1; break;
    default:
      printf("usage: netxfer [-s | -c host] [-p port] [-n bytes] [-k n] [-b buf] [-l len] [-r n] [-i secs] [-uxzDq]\n");
      return 2;
    }
  }
  if (server == (host != NULL)) {
    printf("netxfer: say -s or -c host\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  return server ? serve() : client(host);
}
