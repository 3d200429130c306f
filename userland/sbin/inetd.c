/* inetd - the Internet services daemon, as SunOS 4's (4.3BSD's) inetd.
 *
 *   inetd [-d] [config]
 *
 * One daemon listens on the ports of every service in /etc/inetd.conf (or
 * `config`) and starts a server only when a client comes. A line of the
 * file is
 *
 *   service  socket-type  protocol  wait/nowait  user  server-program  arguments
 *   shell    stream       tcp       nowait       root  /sbin/in.rshd   in.rshd
 *
 * the service a name from /etc/services, the socket type stream or dgram,
 * the protocol tcp or udp. For a "nowait" service each connection is
 * accepted and given to a new server process as its standard input, output
 * and error; a "wait" service (datagrams) gets the socket itself, and inetd
 * leaves it alone until that server exits. The server runs as `user`
 * (its groups, gid and uid), with argv the arguments (the first is its
 * name). The server "internal" is one of inetd's own: echo, discard,
 * daytime, chargen and time, over TCP and UDP (RFCs 862, 863, 867, 864,
 * 868); a datagram from one of these services' ports gets no answer, so
 * that two of them cannot bounce one datagram for ever.
 *
 * inetd puts itself in the background, without a controlling terminal;
 * -d keeps it in the foreground and says what it does. SIGHUP makes it read
 * the file again. Its complaints go to the console (there is no syslog). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CONFIG "/etc/inetd.conf"
#define MAXARGV 8
#define MAXSERV 32
#define BUFSIZE 4096

struct servtab {
  char *name;       /* "echo" */
  int socktype;     /* SOCK_STREAM, SOCK_DGRAM */
  char *proto;      /* "tcp", "udp" */
  int wait;         /* a wait service: the server gets the socket */
  char *user;
  char *server;     /* the program, or "internal" */
  char *argv[MAXARGV + 1];
  void (*bi)(int fd, struct servtab *sep); /* an internal service's handler */
  int fd;           /* its socket, -1 if none */
  int port;
  pid_t busy;       /* a wait service's server, while it runs */
};

static struct servtab services[MAXSERV];
static int nservices;
static int debug;
static const char *config = CONFIG;
static volatile int reconfig, children;

/* A complaint, on the console (or the standard error with -d). */
static void logmsg(const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int n = snprintf(buf, sizeof(buf), "inetd: ");
  n += vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
  va_end(ap);
  if (n > (int)sizeof(buf) - 2) n = sizeof(buf) - 2;
  buf[n++] = '\n';
  int fd = debug ? 2 : open("/dev/console", O_WRONLY | O_NOCTTY);
  if (fd < 0) return;
  write(fd, buf, n);
  if (!debug) close(fd);
}

/* ----------------------------------------------------------------- the internal services */

/* Is a datagram from the port of one of the internal services (that would answer the answer)? */
static int from_internal_port(struct sockaddr_in *sin) {
  for (int i = 0; i < nservices; i++)
    if (services[i].bi != NULL && services[i].port == sin->sin_port) return 1;
  return 0;
}

static void echo_stream(int s, struct servtab *sep) {
  (void)sep;
  char buf[BUFSIZE];
  int n;
  while ((n = read(s, buf, sizeof(buf))) > 0)
    if (write(s, buf, n) != n) break;
  exit(0);
}

static void echo_dg(int s, struct servtab *sep) {
  (void)sep;
  char buf[BUFSIZE];
  struct sockaddr_in sin;
  int len = sizeof(sin);
  int n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&sin, &len);
  if (n < 0 || from_internal_port(&sin)) return;
  sendto(s, buf, n, 0, (struct sockaddr *)&sin, sizeof(sin));
}

static void discard_stream(int s, struct servtab *sep) {
  (void)sep;
  char buf[BUFSIZE];
  while (read(s, buf, sizeof(buf)) > 0) continue;
  exit(0);
}

static void discard_dg(int s, struct servtab *sep) {
  (void)sep;
  char buf[BUFSIZE];
  read(s, buf, sizeof(buf));
}

/* "Fri Jan  5 12:34:56 1990\r\n": the time of day as people read it. */
static int daytime_string(char *buf, int size) {
  time_t now = time(NULL);
  return snprintf(buf, size, "%.24s\r\n", ctime(&now));
}

static void daytime_stream(int s, struct servtab *sep) {
  (void)sep;
  char buf[64];
  write(s, buf, daytime_string(buf, sizeof(buf)));
}

static void daytime_dg(int s, struct servtab *sep) {
  (void)sep;
  char buf[64];
  struct sockaddr_in sin;
  int len = sizeof(sin);
  if (recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&sin, &len) < 0 || from_internal_port(&sin)) return;
  sendto(s, buf, daytime_string(buf, sizeof(buf)), 0, (struct sockaddr *)&sin, sizeof(sin));
}

/* The seconds since 1900 (RFC 868), four bytes in network order. */
static void time_value(unsigned char *b) {
  unsigned long t = (unsigned long)time(NULL) + 2208988800UL;
  b[0] = (unsigned char)(t >> 24), b[1] = (unsigned char)(t >> 16), b[2] = (unsigned char)(t >> 8), b[3] = (unsigned char)t;
}

static void time_stream(int s, struct servtab *sep) {
  (void)sep;
  unsigned char b[4];
  time_value(b);
  write(s, b, 4);
}

static void time_dg(int s, struct servtab *sep) {
  (void)sep;
  unsigned char b[4];
  char buf[64];
  struct sockaddr_in sin;
  int len = sizeof(sin);
  if (recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&sin, &len) < 0 || from_internal_port(&sin)) return;
  time_value(b);
  sendto(s, b, 4, 0, (struct sockaddr *)&sin, sizeof(sin));
}

/* chargen's lines: 72 of the 95 printable characters, starting one further each line (RFC 864). */
#define LINESIZ 72
static int chargen_line(char *text, int start) {
  for (int i = 0; i < LINESIZ; i++) text[i] = (char)(' ' + (start + i) % 95);
  text[LINESIZ] = '\r';
  text[LINESIZ + 1] = '\n';
  return LINESIZ + 2;
}

static void chargen_stream(int s, struct servtab *sep) {
  (void)sep;
  char text[LINESIZ + 2];
  for (int start = 0;; start = (start + 1) % 95) {
    int n = chargen_line(text, start);
    if (write(s, text, n) != n) break;
  }
  exit(0);
}

static void chargen_dg(int s, struct servtab *sep) {
  (void)sep;
  static int start;
  char buf[BUFSIZE], text[LINESIZ + 2];
  struct sockaddr_in sin;
  int len = sizeof(sin);
  if (recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&sin, &len) < 0 || from_internal_port(&sin)) return;
  int n = chargen_line(text, start);
  start = (start + 1) % 95;
  sendto(s, text, n, 0, (struct sockaddr *)&sin, sizeof(sin));
}

static const struct biltin {
  const char *name;
  int socktype;
  int fork;  /* runs in a process of its own (it may take long) */
  void (*fn)(int, struct servtab *);
} biltins[] = {
    {"echo", SOCK_STREAM, 1, echo_stream},       {"echo", SOCK_DGRAM, 0, echo_dg},
    {"discard", SOCK_STREAM, 1, discard_stream}, {"discard", SOCK_DGRAM, 0, discard_dg},
    {"daytime", SOCK_STREAM, 0, daytime_stream}, {"daytime", SOCK_DGRAM, 0, daytime_dg},
    {"chargen", SOCK_STREAM, 1, chargen_stream}, {"chargen", SOCK_DGRAM, 0, chargen_dg},
    {"time", SOCK_STREAM, 0, time_stream},       {"time", SOCK_DGRAM, 0, time_dg},
};

static const struct biltin *find_biltin(struct servtab *sep) {
  for (unsigned i = 0; i < sizeof(biltins) / sizeof(biltins[0]); i++)
    if (strcmp(biltins[i].name, sep->name) == 0 && biltins[i].socktype == sep->socktype) return &biltins[i];
  return NULL;
}

/* ----------------------------------------------------------------- the configuration */

static void freeconfig(struct servtab *sep) {
  free(sep->name);
  free(sep->proto);
  free(sep->user);
  free(sep->server);
  for (int i = 0; sep->argv[i] != NULL; i++) free(sep->argv[i]);
  memset(sep, 0, sizeof(*sep));
  sep->fd = -1;
}

/* One line into sep; 0 if it is a service, -1 to skip it (with a complaint if it is wrong). */
static int parse(char *line, struct servtab *sep, int lineno) {
  char *w[6 + MAXARGV];
  int n = 0;
  for (char *t = strtok(line, " \t\n"); t != NULL && n < 6 + MAXARGV; t = strtok(NULL, " \t\n")) w[n++] = t;
  if (n == 0 || w[0][0] == '#') return -1;
  if (n < 6) {
    logmsg("%s, line %d: too few fields", config, lineno);
    return -1;
  }
  memset(sep, 0, sizeof(*sep));
  sep->fd = -1;
  if (strcmp(w[1], "stream") == 0) sep->socktype = SOCK_STREAM;
  else if (strcmp(w[1], "dgram") == 0) sep->socktype = SOCK_DGRAM;
  else {
    logmsg("%s: bad socket type %s", w[0], w[1]);
    return -1;
  }
  if (strcmp(w[3], "wait") == 0) sep->wait = 1;
  else if (strcmp(w[3], "nowait") != 0) {
    logmsg("%s: %s: neither wait nor nowait", w[0], w[3]);
    return -1;
  }
  sep->name = strdup(w[0]);
  sep->proto = strdup(w[2]);
  sep->user = strdup(w[4]);
  sep->server = strdup(w[5]);
  for (int i = 6; i < n; i++) sep->argv[i - 6] = strdup(w[i]);
  if (strcmp(sep->server, "internal") == 0) {
    const struct biltin *bi = find_biltin(sep);
    if (bi == NULL) {
      logmsg("%s/%s: no such internal service", sep->name, sep->proto);
      freeconfig(sep);
      return -1;
    }
    sep->bi = bi->fn;
    sep->wait = !bi->fork && sep->socktype == SOCK_DGRAM;
  }
  struct servent *sp = getservbyname(sep->name, sep->proto);
  if (sp == NULL) {
    logmsg("%s/%s: unknown service", sep->name, sep->proto);
    freeconfig(sep);
    return -1;
  }
  sep->port = sp->s_port;
  return 0;
}

/* The service's socket, bound to its port and (a stream) listening. */
static void setup(struct servtab *sep) {
  sep->fd = socket(AF_INET, sep->socktype, 0);
  if (sep->fd < 0) {
    logmsg("%s/%s: socket: %s", sep->name, sep->proto, strerror(errno));
    return;
  }
  int on = 1;
  setsockopt(sep->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  sin.sin_port = (u_short)sep->port;
  if (bind(sep->fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
    logmsg("%s/%s: bind: %s", sep->name, sep->proto, strerror(errno));
    close(sep->fd);
    sep->fd = -1;
    return;
  }
  if (sep->socktype == SOCK_STREAM) listen(sep->fd, 10);
  fcntl(sep->fd, F_SETFD, FD_CLOEXEC);
  if (debug) logmsg("%s/%s on port %d, fd %d", sep->name, sep->proto, ntohs(sep->port), sep->fd);
}

/* Read the file: every service of the last reading goes, the new ones come. */
static void readconfig(void) {
  for (int i = 0; i < nservices; i++) {
    if (services[i].fd >= 0) close(services[i].fd);
    freeconfig(&services[i]);
  }
  nservices = 0;
  FILE *f = fopen(config, "r");
  if (f == NULL) {
    logmsg("%s: %s", config, strerror(errno));
    return;
  }
  char line[512];
  int lineno = 0;
  while (fgets(line, sizeof(line), f) != NULL) {
    lineno++;
    if (nservices == MAXSERV) {
      logmsg("%s: more than %d services: the rest are left out", config, MAXSERV);
      break;
    }
    if (parse(line, &services[nservices], lineno) == 0) setup(&services[nservices++]);
  }
  fclose(f);
}

/* ----------------------------------------------------------------- running servers */

static void on_hup(int sig) {
  (void)sig;
  reconfig = 1;
}

static void on_chld(int sig) {
  (void)sig;
  children = 1;
}

/* Collect the servers that have ended; a wait service's socket is listened to again. */
static void reap(void) {
  pid_t pid;
  int st;
  children = 0;
  while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
    for (int i = 0; i < nservices; i++)
      if (services[i].busy == pid) services[i].busy = 0;
    if (debug) logmsg("%d ended, status %#x", pid, st);
  }
}

/* In the server's process: become its user, the connection (or the socket) as 0, 1, 2, then exec. */
static void run_server(struct servtab *sep, int ctrl) {
  dup2(ctrl, 0);
  dup2(ctrl, 1);
  dup2(ctrl, 2);
  for (int fd = getdtablesize() - 1; fd > 2; fd--) close(fd);
  signal(SIGHUP, SIG_DFL);
  signal(SIGCHLD, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  struct passwd *pw = getpwnam(sep->user);
  if (pw == NULL) {
    logmsg("%s/%s: %s: no such user", sep->name, sep->proto, sep->user);
    if (sep->socktype != SOCK_STREAM) recv(0, (char[64]){0}, 64, 0); /* take the datagram, or it comes back at once */
    _exit(1);
  }
  if (pw->pw_uid != 0) {
    if (initgroups(pw->pw_name, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0) {
      logmsg("%s/%s: cannot become %s: %s", sep->name, sep->proto, sep->user, strerror(errno));
      _exit(1);
    }
  }
  execv(sep->server, sep->argv[0] != NULL ? sep->argv : (char *[]){sep->server, NULL});
  logmsg("%s/%s: %s: %s", sep->name, sep->proto, sep->server, strerror(errno));
  if (sep->socktype != SOCK_STREAM) recv(0, (char[64]){0}, 64, 0);
  _exit(1);
}

/* A client came for sep. */
static void serve(struct servtab *sep) {
  int ctrl = sep->fd;
  if (!sep->wait && sep->socktype == SOCK_STREAM) {
    ctrl = accept(sep->fd, NULL, NULL);
    if (ctrl < 0) {
      if (errno != EINTR && errno != EWOULDBLOCK) logmsg("%s/%s: accept: %s", sep->name, sep->proto, strerror(errno));
      return;
    }
  }
  const struct biltin *bi = sep->bi != NULL ? find_biltin(sep) : NULL;
  if (bi != NULL && !bi->fork) {
    sep->bi(ctrl, sep); /* quick: done here */
  } else {
    pid_t pid = fork();
    if (pid < 0) {
      logmsg("%s/%s: fork: %s", sep->name, sep->proto, strerror(errno));
      sleep(1);
    } else if (pid == 0) {
      if (bi != NULL) {
        signal(SIGPIPE, SIG_DFL);
        for (int i = 0; i < nservices; i++)
          if (services[i].fd >= 0 && services[i].fd != ctrl) close(services[i].fd);
        sep->bi(ctrl, sep);
        _exit(0);
      }
      run_server(sep, ctrl);
    } else if (sep->wait) {
      sep->busy = pid; /* the server has the socket until it exits */
    }
  }
  if (ctrl != sep->fd) close(ctrl);
}

int main(int argc, char **argv) {
  int c;
  while ((c = getopt(argc, argv, "d")) != -1) {
    if (c == 'd') debug = 1;
    else {
      fprintf(stderr, "usage: inetd [-d] [config]\n");
      return 1;
    }
  }
  if (optind < argc) config = argv[optind];
  if (!debug) {
    pid_t pid = fork();
    if (pid < 0) {
      perror("inetd: fork");
      return 1;
    }
    if (pid > 0) return 0;
    /* The daemon: no controlling terminal, no descriptors of the shell's, in /. */
    int tty = open("/dev/tty", O_RDWR);
    if (tty >= 0) {
      ioctl(tty, TIOCNOTTY, 0);
      close(tty);
    }
    for (int fd = getdtablesize() - 1; fd >= 0; fd--) close(fd);
    open("/dev/null", O_RDWR);
    dup2(0, 1);
    dup2(0, 2);
    chdir("/");
  }
  signal(SIGHUP, on_hup);
  signal(SIGCHLD, on_chld);
  signal(SIGPIPE, SIG_IGN);
  readconfig();
  for (;;) {
    if (children) reap();
    if (reconfig) {
      reconfig = 0;
      logmsg("rereading %s", config);
      readconfig();
    }
    fd_set r;
    FD_ZERO(&r);
    int maxfd = -1;
    for (int i = 0; i < nservices; i++) {
      struct servtab *sep = &services[i];
      if (sep->fd < 0 || sep->busy) continue;
      FD_SET(sep->fd, &r);
      if (sep->fd > maxfd) maxfd = sep->fd;
    }
    if (maxfd < 0) {
      pause(); /* nothing to listen to: wait for a SIGHUP or a server's end */
      continue;
    }
    int n = select(maxfd + 1, &r, NULL, NULL, NULL);
    if (n < 0) {
      if (errno != EINTR) {
        logmsg("select: %s", strerror(errno));
        sleep(1);
      }
      continue;
    }
    for (int i = 0; i < nservices; i++) {
      struct servtab *sep = &services[i];
      if (sep->fd >= 0 && !sep->busy && FD_ISSET(sep->fd, &r)) serve(sep);
    }
  }
}
