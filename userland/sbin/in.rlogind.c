/* in.rlogind - the remote login server, as SunOS 4's (4.3BSD's rlogind),
 * started by inetd for each connection to the "login" port (513) with the
 * connection as its standard input, output and error.
 *
 * The protocol (rlogin and rcmd(3) are the client's half):
 *  1. The client comes from a privileged port (512-1023; else "Permission
 *     denied"), and sends a NUL, then three strings each ending in a NUL:
 *     its user name, the user to log in as here, and its terminal type and
 *     speed ("sun/9600"). rlogind answers with a NUL.
 *  2. It takes a free pseudo-terminal (the first master of /dev/ptyp0 ...
 *     ptypf it can open) and starts, on the slave — in a new process group
 *     whose controlling terminal it is — `login -p -h host -f user` if
 *     /etc/hosts.equiv or the user's ~/.rhosts trusts the client's user on
 *     the client's host (ruserok), else `login -p -h host user`, which asks
 *     for the password. Remote logins always go through login. The slave
 *     starts cooked, with echo and crmod, at the client's speed, and
 *     TERM is the client's terminal type.
 *  3. Then it copies: the network to the master (what the user types), the
 *     master to the network (what the session writes, the echo included).
 *     The master is in packet mode: output the session flushes (TIOCFLUSH)
 *     and rlogind still holds is thrown away.
 *  4. In what comes from the network, the four bytes 0377 0377 's' 's' and
 *     a struct winsize (four shorts, network order) are the client's window
 *     size, which rlogind gives the pty (TIOCSWINSZ; SIGWINCH to the
 *     session's foreground job) instead of typing them.
 *  5. When the session ends (the slave's last close: the master reads end of
 *     file, or login's process exits) rlogind passes on what is left and
 *     closes the connection; when the connection ends, it closes the master,
 *     which hangs the session up (SIGHUP). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define LOGIN "/bin/login"

static char line[] = "/dev/ptyXX";
static volatile int child_done;

static void fatal(int f, const char *msg) {
  char buf[128];
  buf[0] = 1;
  snprintf(buf + 1, sizeof(buf) - 1, "rlogind: %s.\r\n", msg);
  write(f, buf, strlen(buf + 1) + 1);
  exit(1);
}

static void getstr(char *buf, int size, const char *what) {
  char c;
  do {
    if (read(0, &c, 1) != 1) exit(1);
    *buf++ = c;
    if (--size == 0) {
      fprintf(stderr, "%s too long\r\n", what);
      exit(1);
    }
  } while (c != 0);
}

/* The first free master; `line` names it, and then its slave. */
static int getpty(void) {
  for (int i = 0; i < 16; i++) {
    line[8] = 'p';
    line[9] = "0123456789abcdef"[i];
    int p = open(line, O_RDWR);
    if (p >= 0) {
      line[5] = 't'; /* /dev/ttypN */
      return p;
    }
  }
  return -1;
}

/* The slave's first modes: cooked, echo, crmod, any parity, tabs expanded; the client's speed. */
static void setup_term(int fd, const char *term) {
  static const struct {
    const char *name;
    int code;
  } speeds[] = {{"300", B300},   {"1200", B1200},   {"2400", B2400}, {"4800", B4800},
                {"9600", B9600}, {"19200", B19200}, {"38400", B38400}};
  struct sgttyb b;
  ioctl(fd, TIOCGETP, &b);
  const char *slash = strchr(term, '/');
  if (slash != NULL) {
    for (unsigned i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++)
      if (strcmp(slash + 1, speeds[i].name) == 0) b.sg_ispeed = b.sg_ospeed = (char)speeds[i].code;
  }
  b.sg_flags = ECHO | CRMOD | ANYP | XTABS;
  ioctl(fd, TIOCSETP, &b);
}

static void on_child(int sig) {
  (void)sig;
  child_done = 1;
}

static const unsigned char magic[2] = {0377, 0377};

/* A window-size cookie at cp (n bytes there): apply it and return its length, else 0. */
static int control(int pty, unsigned char *cp, int n) {
  if (n < 4 + 8 || cp[2] != 's' || cp[3] != 's') return 0;
  struct winsize w;
  w.ws_row = (unsigned short)(cp[4] << 8 | cp[5]);
  w.ws_col = (unsigned short)(cp[6] << 8 | cp[7]);
  w.ws_xpixel = (unsigned short)(cp[8] << 8 | cp[9]);
  w.ws_ypixel = (unsigned short)(cp[10] << 8 | cp[11]);
  ioctl(pty, TIOCSWINSZ, &w);
  return 4 + 8;
}

/* Copy between the network (f) and the master (p) until either side ends. */
static void protocol(int f, int p) {
  static unsigned char fibuf[1024], pibuf[1025];
  unsigned char *fbp = fibuf, *pbp = pibuf;
  int fcc = 0, pcc = 0;
  for (;;) {
    fd_set ibits, obits;
    FD_ZERO(&ibits);
    FD_ZERO(&obits);
    if (fcc) FD_SET(p, &obits);
    else FD_SET(f, &ibits);
    if (pcc) FD_SET(f, &obits);
    else FD_SET(p, &ibits);
    struct timeval tv = {1, 0};
    int n = select((f > p ? f : p) + 1, &ibits, &obits, NULL, child_done ? &tv : NULL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (n == 0) return; /* login has exited and nothing more came */
    if (FD_ISSET(f, &ibits)) {
      fcc = read(f, fibuf, sizeof(fibuf));
      if (fcc < 0 && errno == EWOULDBLOCK) fcc = 0;
      else if (fcc <= 0) return; /* the client has gone */
      fbp = fibuf;
      for (unsigned char *cp = fibuf; cp + 1 < fibuf + fcc; cp++) {
        if (cp[0] != magic[0] || cp[1] != magic[1]) continue;
        int left = fcc - (int)(cp - fibuf);
        int k = control(p, cp, left);
        if (k) {
          memmove(cp, cp + k, left - k);
          fcc -= k;
          cp--;
        }
      }
    }
    if (fcc > 0 && FD_ISSET(p, &obits)) {
      int k = write(p, fbp, fcc);
      if (k > 0) {
        fcc -= k;
        fbp += k;
      } else if (k < 0 && errno != EWOULDBLOCK) {
        return;
      }
    }
    if (FD_ISSET(p, &ibits)) {
      pcc = read(p, pibuf, sizeof(pibuf));
      pbp = pibuf;
      if (pcc < 0 && errno == EWOULDBLOCK) {
        pcc = 0;
        if (child_done) return;
      } else if (pcc <= 0) {
        return; /* the session is over */
      } else if (pibuf[0] == TIOCPKT_DATA) {
        pbp++, pcc--;
      } else {
        /* A status byte alone: the session flushed its queues. We hold nothing
         * (the master is read only when all was sent), and without urgent data
         * there is no telling the client: nothing to do. */
        pcc = 0;
      }
    }
    if (pcc > 0 && FD_ISSET(f, &obits)) {
      int k = write(f, pbp, pcc);
      if (k > 0) {
        pcc -= k;
        pbp += k;
      } else if (k < 0 && errno != EWOULDBLOCK) {
        return;
      }
    }
  }
}

int main(void) {
  int f = 0;
  struct sockaddr_in from;
  int fromlen = sizeof(from);
  if (getpeername(f, (struct sockaddr *)&from, &fromlen) < 0) {
    fprintf(stderr, "in.rlogind: getpeername: %s\n", strerror(errno));
    return 1;
  }
  alarm(60);
  char c;
  if (read(f, &c, 1) != 1 || c != 0) return 1;
  alarm(0);
  int fport = ntohs(from.sin_port);
  if (from.sin_family != AF_INET || fport >= IPPORT_RESERVED || fport < IPPORT_RESERVED / 2)
    fatal(f, "Permission denied");
  char hostname[64];
  struct hostent *hp = gethostbyaddr((const char *)&from.sin_addr, sizeof(from.sin_addr), AF_INET);
  snprintf(hostname, sizeof(hostname), "%s", hp != NULL ? hp->h_name : inet_ntoa(from.sin_addr));

  char remuser[16], lusername[16], term[64];
  getstr(remuser, sizeof(remuser), "remuser");
  getstr(lusername, sizeof(lusername), "locuser");
  getstr(term, sizeof(term), "Terminal type");
  struct passwd *pw = getpwnam(lusername);
  int authenticated = pw != NULL && ruserok(hostname, pw->pw_uid == 0, remuser, lusername) == 0;
  write(f, "", 1);

  int p = getpty();
  if (p < 0) fatal(f, "Out of ptys");
  signal(SIGCHLD, on_child);
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) fatal(f, "Can't fork");
  if (pid == 0) {
    /* The session: a new process group on the slave, its controlling terminal. */
    int t = open("/dev/tty", O_RDWR);
    if (t >= 0) {
      ioctl(t, TIOCNOTTY, 0);
      close(t);
    }
    close(p);
    t = open(line, O_RDWR);
    if (t < 0) fatal(f, line);
    setup_term(t, term);
    dup2(t, 0);
    dup2(t, 1);
    dup2(t, 2);
    if (t > 2) close(t);
    signal(SIGCHLD, SIG_DFL);
    static char *empty[1];
    environ = empty;
    char tname[64];
    snprintf(tname, sizeof(tname), "%s", term);
    char *slash = strchr(tname, '/');
    if (slash != NULL) *slash = 0;
    setenv("TERM", tname[0] ? tname : "network", 1);
    if (authenticated) execl(LOGIN, "login", "-p", "-h", hostname, "-f", lusername, (char *)0);
    else execl(LOGIN, "login", "-p", "-h", hostname, lusername, (char *)0);
    fprintf(stderr, "in.rlogind: %s: %s\r\n", LOGIN, strerror(errno));
    _exit(1);
  }
  int on = 1;
  ioctl(f, FIONBIO, &on);
  ioctl(p, FIONBIO, &on);
  ioctl(p, TIOCPKT, &on);
  protocol(f, p);
  /* The end, either way: hang the session up, close the connection. */
  signal(SIGCHLD, SIG_IGN);
  close(p);
  shutdown(f, 2);
  while (waitpid(-1, NULL, WNOHANG) > 0) continue;
  return 0;
}
