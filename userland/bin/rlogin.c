/* rlogin - log in on another machine, as SunOS 4's (4.3BSD's) rlogin.
 *
 *   rlogin host [-l user] [-e c]
 *   rlogin [-l user] [-e c] host
 *
 * Connects to the machine's in.rlogind (port 513), which starts a session
 * on a pseudo-terminal there: logged in at once as `user` (default: your
 * name here) if that machine trusts you (/etc/hosts.equiv, the user's
 * ~/.rhosts), else after login asks for the password. Your terminal is put
 * in raw mode, so that everything you type — ^C, ^Z, ^D included — reaches
 * the remote terminal, which echoes and interprets it (job control runs
 * there); the terminal type and speed go with the connection ($TERM), and
 * so does the window size when your terminal has one.
 *
 * At the start of a line, the escape character ~ (or the -e character)
 * means something here:
 *   ~.    disconnect
 *   ~^Z   stop rlogin itself (fg brings it back)
 *   ~~    a ~ for the remote side
 * When the remote session ends, "Connection closed." and rlogin exits.
 *
 * As in 4.3BSD, rlogin is two processes: this one reads the terminal and
 * sends, a child receives and writes to the terminal. It connects from a
 * privileged port (rcmd), so it is set-user-id root; it gives root up as
 * soon as the connection is made. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int rem = -1;
static pid_t child = -1;
static int tty_ok;
static struct sgttyb saved;
static char escapechar = '~';

static void usage(void) {
  fprintf(stderr, "usage: rlogin host [-l user] [-e c]\n");
  exit(1);
}

/* Raw (everything to the remote side, no echo here) or back to what it was. */
static void mode(int raw) {
  if (!tty_ok) return;
  struct sgttyb sg = saved;
  if (raw) sg.sg_flags = (short)((sg.sg_flags & ~(ECHO | CRMOD | CBREAK)) | RAW);
  ioctl(0, TIOCSETN, &sg);
}

static void prf(const char *msg) {
  char buf[128];
  snprintf(buf, sizeof(buf), "%s\r\n", msg);
  write(2, buf, strlen(buf));
}

static void done(int status) {
  mode(0);
  if (child > 0) {
    signal(SIGCHLD, SIG_DFL);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
  }
  exit(status);
}

/* The receiver has ended: the remote side closed the connection. */
static void catch_child(int sig) {
  (void)sig;
  int st;
  pid_t pid = waitpid(child, &st, WNOHANG);
  if (pid != child) return;
  child = -1;
  mode(0);
  write(2, "Connection closed.\n", 19); /* the terminal maps NL again */
  exit(0);
}

/* The window size, as the cookie in.rlogind looks for: 0377 0377 's' 's' and four shorts. */
static void sendwindow(void) {
  struct winsize ws;
  if (!tty_ok || ioctl(0, TIOCGWINSZ, &ws) < 0 || ws.ws_row == 0) return;
  unsigned char buf[12] = {0377, 0377, 's', 's'};
  unsigned short v[4] = {ws.ws_row, ws.ws_col, ws.ws_xpixel, ws.ws_ypixel};
  for (int i = 0; i < 4; i++) {
    buf[4 + 2 * i] = (unsigned char)(v[i] >> 8);
    buf[5 + 2 * i] = (unsigned char)v[i];
  }
  write(rem, buf, sizeof(buf));
}

static void on_winch(int sig) {
  (void)sig;
  sendwindow();
}

/* The child: from the network to the terminal, until the connection ends. */
static void reader(void) {
  char buf[1024];
  int n;
  signal(SIGINT, SIG_IGN);
  signal(SIGWINCH, SIG_IGN);
  while ((n = read(rem, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)) {
    for (int off = 0; n > 0 && off < n;) {
      int w = write(1, buf + off, n - off);
      if (w <= 0) {
        if (w < 0 && errno == EINTR) continue;
        _exit(0);
      }
      off += w;
    }
  }
  _exit(0);
}

/* ~^Z: stop here (the whole job: this process and the receiver), and take the terminal back after fg. */
static void suspend(void) {
  mode(0);
  signal(SIGCHLD, SIG_IGN);
  kill(0, SIGTSTP);
  signal(SIGCHLD, catch_child);
  mode(1);
  sendwindow();
}

/* The writer: from the terminal to the network, with the escapes at the start of a line. */
static void writer(void) {
  int bol = 1, local = 0;
  char c;
  for (;;) {
    int n = read(0, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (bol && !local && c == escapechar) {
      local = 1;
      continue;
    }
    if (local) {
      local = 0;
      if (c == '.' || c == 004) { /* ~. or ~^D: disconnect */
        char e[3] = {escapechar, c, 0};
        write(2, e, 2);
        prf("\r\nclosed connection.");
        done(0);
      }
      if (c == 032) { /* ~^Z */
        char e[3] = {escapechar, '^', 'Z'};
        write(2, e, 3);
        prf("");
        suspend();
        continue;
      }
      if (c != escapechar) write(rem, &escapechar, 1);
    }
    if (write(rem, &c, 1) != 1) {
      prf("line gone");
      break;
    }
    bol = c == '\r' || c == '\n' || c == 003 || c == 025 || c == 004 || c == 032;
  }
}

int main(int argc, char **argv) {
  const char *host = NULL, *user = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-l") == 0 && i + 1 < argc) user = argv[++i];
    else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc) escapechar = argv[++i][0];
    else if (strncmp(argv[i], "-e", 2) == 0 && argv[i][2]) escapechar = argv[i][2];
    else if (strcmp(argv[i], "-8") == 0) continue; /* eight bits: always, in raw mode */
    else if (argv[i][0] != '-' && host == NULL) host = argv[i];
    else usage();
  }
  if (host == NULL) usage();
  struct passwd *pw = getpwuid(getuid());
  if (pw == NULL) {
    fprintf(stderr, "rlogin: who are you?\n");
    return 1;
  }
  char locuser[16];
  snprintf(locuser, sizeof(locuser), "%s", pw->pw_name);
  struct servent *sp = getservbyname("login", "tcp");
  if (sp == NULL) {
    fprintf(stderr, "rlogin: login/tcp: unknown service\n");
    return 1;
  }
  tty_ok = ioctl(0, TIOCGETP, &saved) == 0;
  static const char *const speeds[] = {"0",    "50",   "75",   "110",  "134",   "150",   "200",  "300",
                                       "600",  "1200", "1800", "2400", "4800",  "9600",  "19200", "38400"};
  const char *term = getenv("TERM");
  char termspeed[64];
  snprintf(termspeed, sizeof(termspeed), "%s/%s", term != NULL ? term : "network",
           tty_ok ? speeds[saved.sg_ospeed & 15] : "9600");
  char *rhost = (char *)host;
  rem = rcmd(&rhost, sp->s_port, locuser, user != NULL ? user : locuser, termspeed, NULL);
  if (rem < 0) return 1;
  setuid(getuid());

  signal(SIGPIPE, SIG_IGN);
  signal(SIGCHLD, catch_child);
  mode(1);
  fflush(stdout);
  child = fork();
  if (child < 0) {
    perror("rlogin: fork");
    done(1);
  }
  if (child == 0) reader();
  signal(SIGWINCH, on_winch);
  sendwindow();
  writer();
  prf("\r\nclosed connection.");
  done(0);
  return 0;
}
