/* ttcp - test TCP (and UDP) throughput between two machines, after the
 * 1984 ttcp of Mike Muuss and T. C. Slattery that every BSD site had.
 *
 *   ttcp -t [-u] [-s] [-l len] [-n count] [-b size] [-p port] [-D] [-v] host [< in]
 *   ttcp -r [-u] [-s] [-l len] [-b size] [-p port] [-v] [> out]
 *
 * The transmitter (-t) connects to the receiver (-r, started first) and
 * sends: with -s, `count` buffers of `len` bytes of a pattern (default
 * 2048 of 8192); without, its standard input. The receiver writes what
 * comes to its standard output, or with -s throws it away. Both say how
 * many bytes went in how long, and the rate, in emulated time (the
 * machine's gettimeofday):
 *
 *   ttcp-t: 1048576 bytes in 2.013 real seconds = 508.62 KB/sec +++
 *   ttcp-t: 128 I/O calls, msec/call = 15.73, calls/sec = 63.58
 *
 * KB is 1024 bytes. -u uses UDP: the transmitter sends a few 4-byte
 * datagrams to mark the start, then the buffers, then more to mark the end,
 * and the receiver counts what arrived between the marks (what UDP lost is
 * not there). -b sets SO_SNDBUF and SO_RCVBUF, -D TCP_NODELAY, -p the port
 * (default 5001, "ttcp" in /etc/services), -v adds the CPU time used. The
 * arithmetic is integer: this libc prints no floating point. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static int trans, udp, sinkmode, verbose, nodelay;
static int buflen = 8192, nbuf = 2048, sockbufsize, port = 5001;
static const char *role;

static void usage(void) {
  fprintf(stderr, "usage: ttcp -t [-u] [-s] [-l len] [-n count] [-b size] [-p port] [-D] [-v] host [< in]\n"
                  "       ttcp -r [-u] [-s] [-l len] [-b size] [-p port] [-v] [> out]\n");
  exit(1);
}

static void err(const char *what) {
  fprintf(stderr, "ttcp%s: %s: %s\n", role, what, strerror(errno));
  exit(1);
}

static void mes(const char *what) { fprintf(stderr, "ttcp%s: %s\n", role, what); }

/* The source's pattern: the printable characters, over and over. */
static void pattern(char *cp, int n) {
  int c = 0;
  while (n-- > 0) {
    *cp++ = (char)(' ' + c);
    c = (c + 1) % 95;
  }
}

static long long now_us(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return tv.tv_sec * 1000000LL + tv.tv_usec;
}

/* Print n / 10^digits with that many decimals. */
static void fixed(long long n, int digits) {
  long long scale = 1;
  for (int i = 0; i < digits; i++) scale *= 10;
  fprintf(stderr, "%lld.%0*lld", n / scale, digits, n % scale);
}

/* Write all of buf (a stream), or one datagram; the count, or -1. */
static int nwrite(int fd, const char *buf, int n) {
  if (udp) {
    for (;;) {
      int w = write(fd, buf, n);
      if (w >= 0 || errno != ENOBUFS) return w;
      /* The interface's queue is full: give it a moment, as ttcp's delay() did. */
      struct timeval tv = {0, 18000};
      select(0, NULL, NULL, NULL, &tv);
    }
  }
  int done = 0;
  while (done < n) {
    int w = write(fd, buf + done, n - done);
    if (w <= 0) return -1;
    done += w;
  }
  return done;
}

int main(int argc, char **argv) {
  int c;
  while ((c = getopt(argc, argv, "trusvDl:n:b:p:")) != -1) {
    switch (c) {
    case 't': trans = 1; break;
    case 'r': trans = 0, role = "-r"; break;
    case 'u': udp = 1; break;
    case 's': sinkmode = 1; break;
    case 'v': verbose = 1; break;
    case 'D': nodelay = 1; break;
    case 'l': buflen = atoi(optarg); break;
    case 'n': nbuf = atoi(optarg); break;
    case 'b': sockbufsize = atoi(optarg); break;
    case 'p': port = atoi(optarg); break;
    default: usage();
    }
  }
  role = trans ? "-t" : "-r";
  if (trans ? optind != argc - 1 : optind != argc) usage();
  if (buflen <= 4 || buflen > 65536 || nbuf <= 0 || port <= 0 || port > 65535) usage();
  if (udp && buflen > 9216) buflen = 9216; /* the largest datagram UDP sends */
  char *buf = malloc(buflen);
  if (buf == NULL) err("malloc");

  struct sockaddr_in sin;
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  sin.sin_port = htons(port);
  const char *host = NULL;
  if (trans) {
    host = argv[optind];
    struct in_addr in;
    if (!inet_aton(host, &in)) {
      struct hostent *h = gethostbyname(host);
      if (h == NULL) {
        fprintf(stderr, "ttcp-t: %s: unknown host\n", host);
        return 1;
      }
      memcpy(&in, h->h_addr, sizeof(in));
    }
    sin.sin_addr = in;
  }
  fprintf(stderr, "ttcp%s: buflen=%d, nbuf=%d, port=%d  %s", role, buflen, nbuf, port, udp ? "udp" : "tcp");
  if (trans) fprintf(stderr, "  -> %s", host);
  fprintf(stderr, "\n");

  int fd = socket(AF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
  if (fd < 0) err("socket");
  mes("socket");
  if (sockbufsize) {
    if (setsockopt(fd, SOL_SOCKET, trans ? SO_SNDBUF : SO_RCVBUF, &sockbufsize, sizeof(sockbufsize)) < 0)
      err("setsockopt: buffer size");
    mes(trans ? "sndbuf" : "rcvbuf");
  }
  signal(SIGPIPE, SIG_IGN);
  if (trans) {
    if (nodelay && !udp) {
      int one = 1;
      if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) < 0) err("setsockopt: nodelay");
      mes("nodelay");
    }
    if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) err("connect");
    if (!udp) mes("connect");
  } else {
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) err("bind");
    if (!udp) {
      listen(fd, 1);
      struct sockaddr_in from;
      int len = sizeof(from);
      int t = accept(fd, (struct sockaddr *)&from, &len);
      if (t < 0) err("accept");
      close(fd);
      fd = t;
      fprintf(stderr, "ttcp-r: accept from %s\n", inet_ntoa(from.sin_addr));
    }
  }

  struct rusage ru0, ru1;
  getrusage(RUSAGE_SELF, &ru0);
  long long t0 = now_us(), t1;
  long long nbytes = 0;
  long numcalls = 0;
  int cnt;
  if (trans) {
    if (udp) nwrite(fd, buf, 4); /* the start mark */
    if (sinkmode) {
      pattern(buf, buflen);
      while (nbuf-- > 0 && nwrite(fd, buf, buflen) == buflen) {
        nbytes += buflen;
        numcalls++;
      }
    } else {
      while ((cnt = read(0, buf, buflen)) > 0 && nwrite(fd, buf, cnt) == cnt) {
        nbytes += cnt;
        numcalls++;
      }
    }
    if (udp)
      for (int i = 0; i < 4; i++) nwrite(fd, buf, 4); /* the end marks */
    else
      shutdown(fd, 1); /* and wait for the receiver to close: every byte has been taken */
    if (!udp) while (read(fd, buf, buflen) > 0) continue;
  } else {
    int started = !udp;
    while ((cnt = read(fd, buf, buflen)) > 0) {
      if (udp && cnt <= 4) {
        if (!started) {
          started = 1;
          t0 = now_us();
          continue;
        }
        break;
      }
      nbytes += cnt;
      numcalls++;
      if (!sinkmode && nwrite(1, buf, cnt) != cnt) err("write");
    }
    if (cnt < 0) err("read");
  }
  t1 = now_us();
  getrusage(RUSAGE_SELF, &ru1);
  long long us = t1 - t0;
  if (us <= 0) us = 1;
  /* KB/s with two decimals: bytes * 10^6 / us / 1024, times 100. */
  long long rate = nbytes * 100000000LL / us / 1024;
  fprintf(stderr, "ttcp%s: %lld bytes in ", role, nbytes);
  fixed(us / 1000, 3);
  fprintf(stderr, " real seconds = ");
  fixed(rate, 2);
  fprintf(stderr, " KB/sec +++\n");
  if (numcalls > 0) {
    fprintf(stderr, "ttcp%s: %ld I/O calls, msec/call = ", role, numcalls);
    fixed(us / 10 / numcalls, 2);
    fprintf(stderr, ", calls/sec = ");
    fixed(numcalls * 100000000LL / us, 2);
    fprintf(stderr, "\n");
  }
  if (verbose) {
    long ums = ru1.ru_utime.tv_sec * 1000 + ru1.ru_utime.tv_usec / 1000 - ru0.ru_utime.tv_sec * 1000 -
               ru0.ru_utime.tv_usec / 1000;
    long sms = ru1.ru_stime.tv_sec * 1000 + ru1.ru_stime.tv_usec / 1000 - ru0.ru_stime.tv_sec * 1000 -
               ru0.ru_stime.tv_usec / 1000;
    fprintf(stderr, "ttcp%s: %ld.%03ldu %ld.%03lds %lld%% of the CPU\n", role, ums / 1000, ums % 1000, sms / 1000,
            sms % 1000, (long long)(ums + sms) * 100000 / us);
  }
  close(fd);
  return 0;
}
