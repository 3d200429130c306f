/* The remote command protocol's client side and its trust checks (4.3BSD's
 * rcmd.c): rcmd, rresvport, ruserok.
 *
 * rcmd(&host, port, locuser, remuser, cmd, &fd2) connects to rshd (port
 * 514) or rlogind (513) from a privileged port — bound by rresvport, so
 * only the super-user can make one, and a server that sees a port below
 * 1024 knows the client's kernel vouches for `locuser`. With fd2p it also
 * listens on a second privileged port, sends its number, and takes the
 * server's connection back to it: the channel for the command's standard
 * error (and, from the client, signals). Then the two user names and the
 * command go over, each ending in a NUL, and the server answers one byte: 0
 * for yes, 1 followed by a line saying why not.
 *
 * ruserok(rhost, superuser, ruser, luser) is the server's question: may
 * `ruser` on `rhost` act as local user `luser` without a password? Yes if
 * /etc/hosts.equiv names the host (unless luser is the super-user, who
 * must say so herself) or luser's ~/.rhosts names the host and ruser. A
 * line is "host [user]": without a user, the remote user must have luser's
 * name; a host "+" is any host. A .rhosts that is not luser's (or root's)
 * or that others may write is not believed. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

/* A socket bound to a free privileged port, trying *alport and down to
 * IPPORT_RESERVED/2; *alport says which. EAGAIN when none is free. */
int rresvport(int *alport) {
  struct sockaddr_in sin;
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return -1;
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = INADDR_ANY;
  for (;;) {
    sin.sin_port = htons((u_short)*alport);
    if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) == 0) return s;
    if (errno != EADDRINUSE) {
      close(s);
      return -1;
    }
    (*alport)--;
    if (*alport == IPPORT_RESERVED / 2) {
      close(s);
      errno = EAGAIN;
      return -1;
    }
  }
}

static int write_string(int s, const char *str) {
  int n = (int)strlen(str) + 1;
  return write(s, str, n) == n ? 0 : -1;
}

int rcmd(char **ahost, int rport, const char *locuser, const char *remuser, const char *cmd, int *fd2p) {
  struct hostent *hp = gethostbyname(*ahost);
  if (hp == NULL) {
    fprintf(stderr, "%s: unknown host\n", *ahost);
    return -1;
  }
  static char official[64];
  strncpy(official, hp->h_name, sizeof(official) - 1);
  *ahost = official;
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  memcpy(&sin.sin_addr, hp->h_addr, sizeof(sin.sin_addr));
  sin.sin_port = (u_short)rport;

  int lport = IPPORT_RESERVED - 1, timo = 1, s;
  for (;;) {
    s = rresvport(&lport);
    if (s < 0) {
      if (errno == EAGAIN) fprintf(stderr, "socket: All ports in use\n");
      else perror("rcmd: socket");
      return -1;
    }
    if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) == 0) break;
    int err = errno;
    close(s);
    if (err == EADDRINUSE) { /* that port's old connection is still in TIME_WAIT with this peer */
      lport--;
      continue;
    }
    if (err == ECONNREFUSED && timo <= 16) { /* the server may be starting: try again, backing off */
      sleep(timo);
      timo *= 2;
      continue;
    }
    errno = err;
    perror(official);
    return -1;
  }

  int s3 = -1;
  if (fd2p == NULL) {
    write(s, "", 1); /* no channel for standard error */
  } else {
    char num[8];
    int s2 = rresvport(&lport);
    if (s2 < 0) goto bad;
    listen(s2, 1);
    snprintf(num, sizeof(num), "%d", lport);
    if (write_string(s, num) < 0) {
      perror("write: setting up stderr");
      close(s2);
      goto bad;
    }
    /* Wait for the server's connection back; if the first socket speaks first, it refused. */
    fd_set r;
    FD_ZERO(&r);
    FD_SET(s, &r);
    FD_SET(s2, &r);
    if (select((s > s2 ? s : s2) + 1, &r, NULL, NULL, NULL) < 1) {
      perror("select: setting up stderr");
      close(s2);
      goto bad;
    }
    if (!FD_ISSET(s2, &r)) {
      fprintf(stderr, "select: protocol failure in circuit setup.\n");
      close(s2);
      goto bad;
    }
    struct sockaddr_in from;
    int len = sizeof(from);
    s3 = accept(s2, (struct sockaddr *)&from, &len);
    close(s2);
    if (s3 < 0) {
      perror("accept");
      goto bad;
    }
    int fport = ntohs(from.sin_port);
    if (from.sin_family != AF_INET || fport >= IPPORT_RESERVED || fport < IPPORT_RESERVED / 2) {
      fprintf(stderr, "socket: protocol failure in circuit setup.\n");
      goto bad;
    }
    *fd2p = s3;
  }
  write_string(s, locuser);
  write_string(s, remuser);
  write_string(s, cmd);
  char c;
  if (read(s, &c, 1) != 1) {
    perror(official);
    goto bad;
  }
  if (c != 0) {
    /* The server's reason, up to the end of its line. */
    while (read(s, &c, 1) == 1) {
      write(2, &c, 1);
      if (c == '\n') break;
    }
    goto bad;
  }
  return s;
bad:
  if (s3 >= 0) close(s3);
  close(s);
  return -1;
}

/* Does `line` (from hosts.equiv or .rhosts) let ruser on rhost in as luser? */
static int line_ok(char *line, const char *rhost, const char *ruser, const char *luser) {
  char *host = strtok(line, " \t\n");
  if (host == NULL || host[0] == '#') return 0;
  char *user = strtok(NULL, " \t\n");
  if (strcmp(host, "+") != 0 && strcasecmp(host, rhost) != 0) {
    /* The line may name the host by an alias or its address: compare official names. */
    struct hostent *hp = gethostbyname(host);
    if (hp == NULL || strcasecmp(hp->h_name, rhost) != 0) return 0;
  }
  return strcmp(user != NULL ? user : luser, ruser) == 0;
}

static int file_ok(FILE *f, const char *rhost, const char *ruser, const char *luser) {
  char line[256];
  while (fgets(line, sizeof(line), f) != NULL)
    if (line_ok(line, rhost, ruser, luser)) return 1;
  return 0;
}

int ruserok(const char *rhost, int superuser, const char *ruser, const char *luser) {
  char host[64], user[32], local[32];
  /* The caller's strings may live in the resolver's static storage: keep copies. */
  strncpy(host, rhost, sizeof(host) - 1);
  host[sizeof(host) - 1] = 0;
  strncpy(user, ruser, sizeof(user) - 1);
  user[sizeof(user) - 1] = 0;
  strncpy(local, luser, sizeof(local) - 1);
  local[sizeof(local) - 1] = 0;
  FILE *f;
  if (!superuser && (f = fopen("/etc/hosts.equiv", "r")) != NULL) {
    int ok = file_ok(f, host, user, local);
    fclose(f);
    if (ok) return 0;
  }
  struct passwd *pw = getpwnam(local);
  if (pw == NULL) return -1;
  char path[128];
  snprintf(path, sizeof(path), "%s/.rhosts", pw->pw_dir);
  uid_t owner = pw->pw_uid;
  f = fopen(path, "r");
  if (f == NULL) return -1;
  struct stat st;
  int ok = fstat(fileno(f), &st) == 0 && (st.st_uid == owner || st.st_uid == 0) && !(st.st_mode & 022) &&
           file_ok(f, host, user, local);
  fclose(f);
  return ok ? 0 : -1;
}
