/* Sockets on one machine: Unix-domain stream and datagram sockets named in
 * the file system, socketpair, TCP and UDP over the loopback (127.0.0.1),
 * the options, non-blocking connect and select, SIGPIPE, SIGIO, shutdown,
 * SO_LINGER, sendmsg/recvmsg and readv/writev (on files too), sockets
 * across fork and exec, and netinfo's counters and socket list.
 *
 * Run by itself (as process 1, before /etc/rc) it first gives lo0 its
 * address, as /etc/rc would. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/tcp_fsm.h>
#include <netinet/tcp_var.h>
#include <netinet/udp_var.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <sys/stat.h>
#include <sys/sun3lab.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "check.h"

static struct sockaddr_in sin_of(unsigned long addr, int port) {
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = addr;
  sin.sin_port = port;
  return sin;
}

static struct sockaddr_un sun_of(const char *path) {
  struct sockaddr_un sun;
  memset(&sun, 0, sizeof(sun));
  sun.sun_family = AF_UNIX;
  strcpy(sun.sun_path, path);
  return sun;
}

#define SA(x) ((struct sockaddr *)&(x))

/* Give lo0 127.0.0.1 if it has no address yet (no /etc/rc before us). */
static void loopback_up(void) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct ifreq ifr;
  memset(&ifr, 0, sizeof(ifr));
  strcpy(ifr.ifr_name, "lo0");
  if (ioctl(s, SIOCGIFADDR, &ifr) < 0) {
    struct sockaddr_in a = sin_of(INADDR_LOOPBACK, 0);
    memcpy(&ifr.ifr_addr, &a, sizeof(a));
    ioctl(s, SIOCSIFADDR, &ifr);
  }
  close(s);
}

/* Read exactly n bytes (a stream may give them in pieces); returns how many came before end of file. */
static int readn(int fd, void *buf, int n) {
  int got = 0;
  while (got < n) {
    int r = read(fd, (char *)buf + got, n - got);
    if (r <= 0) break;
    got += r;
  }
  return got;
}

static int sigpipes;
static void on_sigpipe(int sig) {
  (void)sig;
  sigpipes++;
}

static int sigios;
static void on_sigio(int sig) {
  (void)sig;
  sigios++;
}

static void unix_stream(void) {
  const char *path = "/tmp/sock.stream";
  unlink(path);
  int ls = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un name = sun_of(path);
  CHECK(bind(ls, SA(name), sizeof(name)) == 0, "unix stream: bind %s", path);
  struct stat st;
  CHECK(stat(path, &st) == 0 && S_ISSOCK(st.st_mode), "the name is a socket file (S_IFSOCK)");
  errno = 0;
  CHECK(open(path, O_RDWR) < 0 && errno == EOPNOTSUPP, "open() of a socket file: EOPNOTSUPP");
  int other = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(bind(other, SA(name), sizeof(name)) < 0 && errno == EADDRINUSE, "a second bind to it: EADDRINUSE");
  int c = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(connect(c, SA(name), sizeof(name)) < 0 && errno == ECONNREFUSED, "connect before listen: ECONNREFUSED");
  close(c);
  CHECK(listen(ls, 5) == 0, "listen");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(s, SA(name), sizeof(name)) < 0) _exit(2);
    char buf[5000];
    int n = readn(s, buf, 5000);
    if (write(s, buf, n) != n) _exit(3);
    shutdown(s, 1);
    if (read(s, buf, 1) != 0) _exit(4);
    _exit(0);
  }
  struct sockaddr_un peer;
  int plen = sizeof(peer);
  int s = accept(ls, SA(peer), &plen);
  CHECK(s >= 0 && peer.sun_family == AF_UNIX, "accept gives a connected socket");
  char out[5000], in[5000];
  for (int i = 0; i < 5000; i++) out[i] = (char)(i * 7);
  CHECK(write(s, out, 5000) == 5000, "write 5000 bytes (more than the 4096 of a pipe: the writer waits)");
  CHECK(readn(s, in, 5000) == 5000 && memcmp(in, out, 5000) == 0, "they come back, byte for byte");
  CHECK(read(s, in, 10) == 0, "the peer's shutdown(1) is end of file");
  struct sockaddr_un me;
  int mlen = sizeof(me);
  CHECK(getsockname(s, SA(me), &mlen) == 0 && strcmp(me.sun_path, path) == 0, "getsockname: the listener's name");
  close(s);
  int st2 = 0;
  waitpid(pid, &st2, 0);
  CHECK(WIFEXITED(st2) && WEXITSTATUS(st2) == 0, "the client saw end of file after our close (status %x)", st2);
  close(ls);
  c = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(connect(c, SA(name), sizeof(name)) < 0 && errno == ECONNREFUSED,
        "connect after the listener closed: ECONNREFUSED (the name stays)");
  close(c);
  c = socket(AF_UNIX, SOCK_DGRAM, 0);
  CHECK(connect(c, SA(name), sizeof(name)) < 0 && (errno == ECONNREFUSED || errno == EPROTOTYPE),
        "a datagram socket cannot connect to it");
  close(c);
  CHECK(unlink(path) == 0, "the name is removed with unlink");
  struct sockaddr_un none = sun_of("/tmp/no.such.socket");
  c = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(connect(c, SA(none), sizeof(none)) < 0 && errno == ENOENT, "connect to no such file: ENOENT");
  struct sockaddr_un notsock = sun_of("/etc/motd");
  CHECK(connect(c, SA(notsock), sizeof(notsock)) < 0 && errno == ENOTSOCK, "connect to a plain file: ENOTSOCK");
  close(c);
  close(other);
}

static void unix_dgram(void) {
  unlink("/tmp/sock.a");
  unlink("/tmp/sock.b");
  int a = socket(AF_UNIX, SOCK_DGRAM, 0), b = socket(AF_UNIX, SOCK_DGRAM, 0);
  struct sockaddr_un na = sun_of("/tmp/sock.a"), nb = sun_of("/tmp/sock.b");
  CHECK(bind(a, SA(na), sizeof(na)) == 0 && bind(b, SA(nb), sizeof(nb)) == 0, "unix dgram: two names");
  CHECK(sendto(a, "one", 3, 0, SA(nb), sizeof(nb)) == 3 && sendto(a, "second", 6, 0, SA(nb), sizeof(nb)) == 6,
        "sendto twice");
  char buf[64];
  struct sockaddr_un from;
  int flen = sizeof(from);
  int n = recvfrom(b, buf, sizeof(buf), 0, SA(from), &flen);
  CHECK(n == 3 && memcmp(buf, "one", 3) == 0 && strcmp(from.sun_path, "/tmp/sock.a") == 0,
        "recvfrom: one datagram, with the sender's name");
  n = recv(b, buf, 3, 0);
  CHECK(n == 3 && memcmp(buf, "sec", 3) == 0, "a datagram larger than the buffer is cut short");
  fcntl(b, F_SETFL, O_NDELAY);
  CHECK(recv(b, buf, sizeof(buf), 0) < 0 && errno == EWOULDBLOCK, "and the rest of it is gone");
  CHECK(connect(a, SA(nb), sizeof(nb)) == 0 && send(a, "c", 1, 0) == 1 && recv(b, buf, 8, 0) == 1,
        "a connected datagram socket sends without an address");
  CHECK(sendto(a, "x", 1, 0, SA(nb), sizeof(nb)) < 0 && errno == EISCONN, "sendto on it: EISCONN");
  close(b);
  CHECK(send(a, "x", 1, 0) < 0 && (errno == ECONNRESET || errno == ENOTCONN),
        "its peer closed: ECONNRESET (errno %d)", errno);
  close(a);
  unlink("/tmp/sock.a");
  unlink("/tmp/sock.b");
}

static void pairs(void) {
  int sv[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair stream");
  struct iovec iov[3];
  iov[0].iov_base = "abc";
  iov[0].iov_len = 3;
  iov[1].iov_base = "";
  iov[1].iov_len = 0;
  iov[2].iov_base = "defgh";
  iov[2].iov_len = 5;
  CHECK(writev(sv[0], iov, 3) == 8, "writev of three pieces");
  int avail = 0;
  CHECK(ioctl(sv[1], FIONREAD, &avail) == 0 && avail == 8, "FIONREAD: 8 bytes");
  char x[4], y[8];
  struct iovec rio[2] = {{x, 4}, {y, 8}};
  CHECK(readv(sv[1], rio, 2) == 8 && memcmp(x, "abcd", 4) == 0 && memcmp(y, "efgh", 4) == 0, "readv scatters them");
  fd_set r;
  FD_ZERO(&r);
  FD_SET(sv[1], &r);
  struct timeval tv = {0, 0};
  CHECK(select(sv[1] + 1, &r, NULL, NULL, &tv) == 0, "select: nothing to read");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(sv[1]);
    write(sv[0], "from the child", 14);
    _exit(0);
  }
  FD_SET(sv[1], &r);
  CHECK(select(sv[1] + 1, &r, NULL, NULL, NULL) == 1 && FD_ISSET(sv[1], &r), "select: readable once the child wrote");
  char buf[32];
  CHECK(read(sv[1], buf, sizeof(buf)) == 14 && memcmp(buf, "from the child", 14) == 0,
        "a socket inherited by fork");
  waitpid(pid, NULL, 0);
  /* A full pair: non-blocking writes stop with EWOULDBLOCK. */
  fcntl(sv[0], F_SETFL, O_NDELAY);
  char big[1024];
  memset(big, 'z', sizeof(big));
  int total = 0, n;
  while ((n = write(sv[0], big, sizeof(big))) > 0) total += n;
  CHECK(n < 0 && errno == EWOULDBLOCK && total >= 4096 && total <= 8192,
        "a full socket: EWOULDBLOCK after %d bytes", total);
  fcntl(sv[0], F_SETFL, 0);
  /* SIGIO */
  struct sigvec sv_io = {on_sigio, 0, 0};
  sigvec(SIGIO, &sv_io, NULL);
  int on = 1, me = getpid();
  CHECK(ioctl(sv[0], FIOSETOWN, &me) == 0 && ioctl(sv[0], FIOASYNC, &on) == 0, "FIOASYNC and FIOSETOWN");
  while (read(sv[1], big, sizeof(big)) == sizeof(big) && (total -= sizeof(big)) > 0) continue;
  CHECK(sigios > 0, "SIGIO when the reader made room (%d)", sigios);
  /* SIGPIPE */
  struct sigvec sv_pipe = {on_sigpipe, 0, 0};
  sigvec(SIGPIPE, &sv_pipe, NULL);
  close(sv[1]);
  errno = 0;
  CHECK(write(sv[0], "x", 1) < 0 && errno == EPIPE && sigpipes == 1, "write after the peer closed: EPIPE and SIGPIPE");
  close(sv[0]);
  signal(SIGPIPE, SIG_DFL);

  CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "socketpair dgram");
  CHECK(send(sv[0], "ab", 2, 0) == 2 && send(sv[0], "cde", 3, 0) == 3, "two datagrams");
  CHECK(recv(sv[1], buf, sizeof(buf), 0) == 2 && recv(sv[1], buf, sizeof(buf), 0) == 3, "come as two");
  CHECK(send(sv[1], "back", 4, 0) == 4 && recv(sv[0], buf, sizeof(buf), 0) == 4, "both ways");
  close(sv[0]);
  close(sv[1]);
}

static void files(void) {
  int fd = open("/tmp/vec", O_RDWR | O_CREAT | O_TRUNC, 0644);
  struct iovec iov[2] = {{"hello, ", 7}, {"world", 5}};
  CHECK(writev(fd, iov, 2) == 12, "writev on a file");
  lseek(fd, 0, 0);
  char a[5], b[20];
  struct iovec rio[2] = {{a, 5}, {b, 20}};
  CHECK(readv(fd, rio, 2) == 12 && memcmp(a, "hello", 5) == 0 && memcmp(b, ", world", 7) == 0, "readv on a file");
  struct iovec many[17];
  for (int i = 0; i < 17; i++) many[i] = iov[0];
  CHECK(writev(fd, many, 17) < 0 && errno == EINVAL, "writev of 17 iovecs: EINVAL");
  close(fd);
  unlink("/tmp/vec");
}

/* The server side of the TCP tests: echo what comes until end of file, then reply "bye" and close. */
static void tcp_echo_server(int ls) {
  int s = accept(ls, NULL, NULL);
  if (s < 0) _exit(10);
  char buf[3000];
  int n;
  while ((n = read(s, buf, sizeof(buf))) > 0)
    if (write(s, buf, n) != n) _exit(11);
  write(s, "bye", 3);
  close(s);
  _exit(n == 0 ? 0 : 12);
}

static void tcp(void) {
  int ls = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in any = sin_of(INADDR_ANY, 7070);
  CHECK(bind(ls, SA(any), sizeof(any)) == 0 && listen(ls, 5) == 0, "tcp: bind port 7070 and listen");
  int type = 0, len = sizeof(type);
  CHECK(getsockopt(ls, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM && len == 4, "SO_TYPE");
  CHECK(getsockopt(ls, SOL_SOCKET, SO_ACCEPTCONN, &type, &len) == 0 && type != 0, "SO_ACCEPTCONN after listen");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) tcp_echo_server(ls);
  int c = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in to = sin_of(INADDR_LOOPBACK, 7070);
  CHECK(connect(c, SA(to), sizeof(to)) == 0, "connect to 127.0.0.1.7070");
  CHECK(connect(c, SA(to), sizeof(to)) < 0 && errno == EISCONN, "connect again: EISCONN");
  struct sockaddr_in me, peer;
  int ml = sizeof(me), pl = sizeof(peer);
  CHECK(getsockname(c, SA(me), &ml) == 0 && me.sin_addr.s_addr == INADDR_LOOPBACK && me.sin_port >= 1024 &&
            me.sin_port < 5000,
        "getsockname: 127.0.0.1, an ephemeral port (%d)", me.sin_port);
  CHECK(getpeername(c, SA(peer), &pl) == 0 && peer.sin_port == 7070 && pl == sizeof(peer), "getpeername");
  int one = 1;
  CHECK(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0, "TCP_NODELAY");
  int v = 0;
  len = sizeof(v);
  CHECK(getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &len) == 0 && v == 1, "TCP_NODELAY reads back");
  CHECK(getsockopt(c, IPPROTO_TCP, TCP_MAXSEG, &v, &len) == 0 && v > 512, "TCP_MAXSEG over lo0 (%d)", v);
  v = 8192;
  CHECK(setsockopt(c, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)) == 0, "SO_SNDBUF 8192");
  v = 0;
  CHECK(getsockopt(c, SOL_SOCKET, SO_SNDBUF, &v, &len) == 0 && v == 8192, "reads back");
  v = 1 << 20;
  CHECK(setsockopt(c, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)) < 0 && errno == ENOBUFS, "SO_RCVBUF of 1 MB: ENOBUFS");
  CHECK(setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)) == 0 &&
            getsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &v, &len) == 0 && v != 0,
        "SO_KEEPALIVE");
  CHECK(getsockopt(c, 99, 1, &v, &len) < 0 && errno == ENOPROTOOPT, "an unknown level: ENOPROTOOPT");
  static char out[65536], in[65536];
  for (int i = 0; i < (int)sizeof(out); i++) out[i] = (char)(i ^ (i >> 8));
  fflush(stdout);
  pid_t writer = fork();
  if (writer == 0) {
    int w = write(c, out, sizeof(out));
    _exit(w == (int)sizeof(out) ? 0 : 1);
  }
  CHECK(readn(c, in, sizeof(in)) == (int)sizeof(in) && memcmp(in, out, sizeof(in)) == 0,
        "64 KB echoed through TCP, byte for byte");
  int st = 0;
  waitpid(writer, &st, 0);
  CHECK(st == 0, "the writer wrote it all in one write");
  CHECK(shutdown(c, 1) == 0, "shutdown(1): our FIN");
  char bye[8];
  CHECK(readn(c, bye, 8) == 3 && memcmp(bye, "bye", 3) == 0, "the server still sends after our half-close");
  errno = 0;
  signal(SIGPIPE, SIG_IGN);
  CHECK(write(c, "x", 1) < 0 && errno == EPIPE, "writing after shutdown(1): EPIPE");
  signal(SIGPIPE, SIG_DFL);
  close(c);
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the server saw end of file (status %x)", st);
  close(ls);

  /* The port: a connection of ours is in TIME_WAIT on it. */
  ls = socket(AF_INET, SOCK_STREAM, 0);
  errno = 0;
  int r = bind(ls, SA(any), sizeof(any));
  CHECK(r == 0 || errno == EADDRINUSE, "bind after close: %s", r == 0 ? "free" : "EADDRINUSE");
  close(ls);
  ls = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0 && bind(ls, SA(any), sizeof(any)) == 0,
        "with SO_REUSEADDR it binds");
  int ls2 = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(bind(ls2, SA(any), sizeof(any)) < 0 && errno == EADDRINUSE, "a second socket on the port: EADDRINUSE");
  close(ls2);
  CHECK(listen(ls, 1) == 0, "listen");

  /* A non-blocking connect. */
  c = socket(AF_INET, SOCK_STREAM, 0);
  fcntl(c, F_SETFL, O_NDELAY);
  r = connect(c, SA(to), sizeof(to));
  CHECK(r == 0 || errno == EINPROGRESS, "non-blocking connect: %s", r == 0 ? "made at once" : "EINPROGRESS");
  fd_set w;
  FD_ZERO(&w);
  FD_SET(c, &w);
  struct timeval tv = {5, 0};
  CHECK(select(c + 1, NULL, &w, NULL, &tv) == 1, "select: writable when connected");
  int err = -1;
  len = sizeof(err);
  CHECK(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0, "SO_ERROR 0");
  int s = accept(ls, SA(peer), &pl);
  CHECK(s >= 0 && peer.sin_addr.s_addr == INADDR_LOOPBACK, "accept: from 127.0.0.1");
  /* SO_LINGER of 0: close resets. */
  struct linger lg = {1, 0};
  CHECK(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)) == 0, "SO_LINGER {1, 0}");
  close(s);
  fcntl(c, F_SETFL, 0);
  char b1[4];
  errno = 0;
  CHECK(read(c, b1, 4) < 0 && errno == ECONNRESET, "the peer's close with linger 0 resets: ECONNRESET");
  close(c);
  close(ls);

  /* Nobody listening. */
  c = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in closed = sin_of(INADDR_LOOPBACK, 7071);
  CHECK(connect(c, SA(closed), sizeof(closed)) < 0 && errno == ECONNREFUSED, "connect to a closed port: ECONNREFUSED");
  close(c);
  c = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(send(c, "x", 1, 0) < 0 && errno == ENOTCONN, "send before connecting: ENOTCONN");
  CHECK(accept(c, NULL, NULL) < 0 && errno == EINVAL, "accept on a socket not listening: EINVAL");
  close(c);

  /* A port below 1024 is the super-user's. */
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    setuid(100);
    int p = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in low = sin_of(INADDR_ANY, 513);
    _exit(bind(p, SA(low), sizeof(low)) < 0 && errno == EACCES ? 0 : 1);
  }
  waitpid(pid, &st, 0);
  CHECK(st == 0, "binding port 513 as a user: EACCES");
}

/* A message header for sendmsg or recvmsg: an address and n pieces. */
static void msgof(struct msghdr *m, void *name, int namelen, struct iovec *iov, int n) {
  memset(m, 0, sizeof(*m));
  m->msg_name = (caddr_t)name;
  m->msg_namelen = namelen;
  m->msg_iov = iov;
  m->msg_iovlen = n;
}

static void udp(void) {
  int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in na = sin_of(INADDR_ANY, 6001), nb = sin_of(INADDR_LOOPBACK, 6002);
  CHECK(bind(a, SA(na), sizeof(na)) == 0 && bind(b, SA(nb), sizeof(nb)) == 0, "udp: bind two ports");
  struct sockaddr_in to = sin_of(INADDR_LOOPBACK, 6002);
  CHECK(sendto(a, "hello", 5, 0, SA(to), sizeof(to)) == 5, "sendto");
  char buf[2048];
  struct sockaddr_in from;
  int flen = sizeof(from);
  int n = recvfrom(b, buf, sizeof(buf), 0, SA(from), &flen);
  CHECK(n == 5 && from.sin_port == 6001 && from.sin_addr.s_addr == INADDR_LOOPBACK, "recvfrom: from port 6001");
  /* sendmsg and recvmsg */
  struct iovec iov[2] = {{"ab", 2}, {"cdef", 4}};
  struct msghdr m;
  msgof(&m, &to, sizeof(to), iov, 2);
  CHECK(sendmsg(a, &m, 0) == 6, "sendmsg of two pieces");
  char r1[3], r2[8];
  struct iovec riov[2] = {{r1, 3}, {r2, 8}};
  struct msghdr rm;
  msgof(&rm, &from, sizeof(from), riov, 2);
  CHECK(recvmsg(b, &rm, 0) == 6 && memcmp(r1, "abc", 3) == 0 && memcmp(r2, "def", 3) == 0 &&
            rm.msg_namelen == sizeof(from) && from.sin_port == 6001,
        "recvmsg scatters it, with the sender");
  /* 1500 bytes of datagram: fragmented by lo0 and put together again. */
  memset(buf, 'q', 2000);
  CHECK(sendto(a, buf, 2000, 0, SA(to), sizeof(to)) == 2000 && recv(b, buf, sizeof(buf), 0) == 2000,
        "a 2000-byte datagram (fragmented on lo0) arrives whole");
  /* A connected socket hears of an unreachable port. */
  int c = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in nobody = sin_of(INADDR_LOOPBACK, 6099);
  CHECK(connect(c, SA(nobody), sizeof(nobody)) == 0 && send(c, "x", 1, 0) == 1, "a connected socket sends");
  errno = 0;
  CHECK(recv(c, buf, sizeof(buf), 0) < 0 && errno == ECONNREFUSED, "port unreachable: ECONNREFUSED");
  close(c);
  /* A broadcast needs SO_BROADCAST; the limited broadcast has no interface that is up here but lo0. */
  struct sockaddr_in bc = sin_of(INADDR_BROADCAST, 6002);
  errno = 0;
  n = sendto(a, "b", 1, 0, SA(bc), sizeof(bc));
  CHECK(n < 0 && (errno == EACCES || errno == ENETUNREACH), "broadcast without SO_BROADCAST: refused (%d)", errno);
  CHECK(sendto(a, buf, 9217, 0, SA(to), sizeof(to)) < 0 && errno == EMSGSIZE, "a datagram over 9216 bytes: EMSGSIZE");
  close(a);
  close(b);
}

static void exec_child(const char *self) {
  /* A socket across exec, and close-on-exec. */
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  int keep = dup(sv[0]);
  fcntl(sv[0], F_SETFD, FD_CLOEXEC);
  char a1[8], a2[8];
  snprintf(a1, sizeof(a1), "%d", keep);
  snprintf(a2, sizeof(a2), "%d", sv[0]);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    execl(self, "sockets", "-exec", a1, a2, (char *)0);
    _exit(9);
  }
  close(sv[0]);
  close(keep);
  char buf[16];
  int n = readn(sv[1], buf, 16);
  int st = 0;
  waitpid(pid, &st, 0);
  CHECK(n == 4 && memcmp(buf, "kept", 4) == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
        "a socket kept across exec; the close-on-exec one closed");
  close(sv[1]);
}

static void netinfo_check(void) {
  struct tcpstat ts;
  int n = netinfo(NI_TCPSTAT, &ts, sizeof(ts));
  CHECK(n == sizeof(ts) && ts.tcps_connattempt >= 3 && ts.tcps_accepts >= 2 && ts.tcps_sndbyte >= 65536,
        "netinfo NI_TCPSTAT: %lu connects tried, %lu accepted, %lu bytes sent", ts.tcps_connattempt, ts.tcps_accepts,
        ts.tcps_sndbyte);
  struct udpstat us;
  CHECK(netinfo(NI_UDPSTAT, &us, sizeof(us)) == sizeof(us) && us.udps_noport >= 1, "NI_UDPSTAT: %lu for no port",
        us.udps_noport);
  int ls = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = sin_of(INADDR_ANY, 7171);
  bind(ls, SA(a), sizeof(a));
  listen(ls, 2);
  static char buf[8192];
  n = netinfo(NI_SOCKETS, buf, sizeof(buf));
  int found = 0;
  for (int off = 0; off < n;) {
    struct sockinfo *si = (struct sockinfo *)(buf + off);
    if (si->si_family == AF_INET && si->si_lport == 7171 && si->si_tcpstate == TCPS_LISTEN) found = 1;
    off += si->si_family == AF_UNIX ? (int)sizeof(struct sockinfo_un) : (int)sizeof(struct sockinfo);
  }
  CHECK(found, "NI_SOCKETS lists the listener on 7171 in LISTEN");
  close(ls);
  CHECK(netinfo(99, buf, sizeof(buf)) < 0 && errno == EINVAL, "netinfo of nothing: EINVAL");
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "-exec") == 0) {
    int keep = atoi(argv[2]), gone = atoi(argv[3]);
    struct stat st;
    if (fstat(gone, &st) == 0) return 1;
    return write(keep, "kept", 4) == 4 ? 0 : 2;
  }
  loopback_up();
  unix_stream();
  unix_dgram();
  pairs();
  files();
  tcp();
  udp();
  exec_child(argv[0][0] == '/' ? argv[0] : "/tests/sockets");
  netinfo_check();
  return DONE("sockets");
}
