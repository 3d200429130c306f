/* init - process 1 for sun3lab, after 4.3BSD's.
 *
 *   init            multi-user: /etc/rc, then a getty on every line of
 *                   /etc/ttys that is "on" (the console's asks who you are)
 *   init -u name    the same, but the console is logged in as name at once
 *                   (login -f name), with no getty: what `sun3lab boot`
 *                   passes by default (-u root) and with --user NAME
 *
 * The boot program passes the flags, as SunOS's passes -s or -b. init
 * opens /dev/console as descriptors 0, 1 and 2 if they are not open, runs
 * /etc/rc with /bin/sh, then keeps a session on each line: when one ends
 * (the shell exits, login gives up), it starts the line's command again,
 * pausing if it keeps dying at once. Each session gets a process group of
 * its own and the terminal's foreground, and the line is given back to root
 * (mode 0666) for the next one. Every orphaned process that exits is reaped
 * here. Without /bin/login (an image of your own), the console gets a root
 * shell instead.
 *
 * /etc/ttys has a line per terminal: name, "command" (quoted), type, on or
 * off, and flags such as secure; init runs "command name" for the lines
 * that are on, with TERM=type in the environment. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINES 8
#define MAXARGS 8

/* A terminal line and the session init keeps on it. */
struct line {
  char tty[32];        /* the name in /dev */
  char cmd[128];       /* the command, split in place into argv */
  char *argv[MAXARGS + 2];
  char term[40];       /* TERM=type */
  pid_t pid;           /* the session running now, or 0 */
  struct timeval start; /* when it started */
  int quick;           /* sessions in a row that died at once */
};

static struct line lines[MAXLINES];
static int nlines;

static char *const rc_env[] = {"HOME=/", "PATH=/bin:/usr/bin:/sbin:/usr/sbin", "USER=root", "SHELL=/bin/sh",
                               "TERM=sun", NULL};

static void say(const char *s) { write(2, s, strlen(s)); }

static void console(void) {
  if (fcntl(0, F_GETFL) >= 0 && fcntl(1, F_GETFL) >= 0 && fcntl(2, F_GETFL) >= 0) return;
  for (int fd = 0; fd < 3; fd++) close(fd);
  int fd = open("/dev/console", O_RDWR, 0);
  if (fd < 0) return; /* nowhere to talk: carry on silently */
  if (fd != 0) {
    dup2(fd, 0);
    close(fd);
  }
  dup2(0, 1);
  dup2(0, 2);
}

static void pause_seconds(int s) {
  struct timeval tv;
  tv.tv_sec = s;
  tv.tv_usec = 0;
  select(0, NULL, NULL, NULL, &tv);
}

/* /etc/rc, run to its end before any session starts. */
static void run_rc(void) {
  if (access("/bin/sh", X_OK) != 0 || access("/etc/rc", R_OK) != 0) return;
  pid_t pid = fork();
  if (pid == 0) {
    char *const argv[] = {"sh", "/etc/rc", NULL};
    execve("/bin/sh", argv, rc_env);
    _exit(127);
  }
  int st;
  while (pid > 0 && wait(&st) != pid) {
  }
}

/* Splits l->cmd at spaces into l->argv and adds the tty's name. */
static void split(struct line *l) {
  int n = 0;
  for (char *p = strtok(l->cmd, " \t"); p != NULL && n < MAXARGS; p = strtok(NULL, " \t")) l->argv[n++] = p;
  l->argv[n++] = l->tty;
  l->argv[n] = NULL;
}

/* A line of /etc/ttys: name "command" type status flags... Returns 1 for a line that is on. */
static int parse_ttys_line(char *s, struct line *l) {
  char *name = strtok(s, " \t\n");
  if (name == NULL || name[0] == '#') return 0;
  char *rest = name + strlen(name) + 1;
  while (*rest == ' ' || *rest == '\t') rest++;
  if (*rest != '"') return 0;
  char *end = strchr(rest + 1, '"');
  if (end == NULL) return 0;
  *end = 0;
  char *type = strtok(end + 1, " \t\n");
  char *status = strtok(NULL, " \t\n");
  if (type == NULL || status == NULL || strcmp(status, "on") != 0) return 0;
  snprintf(l->tty, sizeof(l->tty), "%s", name);
  snprintf(l->cmd, sizeof(l->cmd), "%s", rest + 1);
  snprintf(l->term, sizeof(l->term), "TERM=%s", type);
  split(l);
  return l->argv[0] != l->tty; /* a command was there */
}

static void read_ttys(void) {
  FILE *f = fopen("/etc/ttys", "r");
  char buf[256];
  if (f == NULL) return;
  while (nlines < MAXLINES && fgets(buf, sizeof(buf), f) != NULL)
    if (parse_ttys_line(buf, &lines[nlines])) nlines++;
  fclose(f);
}

/* The console's session when there is no getty to run: a login as `user` (login -f), or a root shell. */
static void autologin(const char *user) {
  struct line *l = &lines[nlines++];
  snprintf(l->tty, sizeof(l->tty), "console");
  snprintf(l->term, sizeof(l->term), "TERM=sun");
  if (access("/bin/login", X_OK) == 0) {
    l->argv[0] = "/bin/login";
    l->argv[1] = "-f";
    l->argv[2] = (char *)user;
    l->argv[3] = NULL;
  } else {
    l->argv[0] = "/bin/sh";
    l->argv[1] = NULL;
  }
}

/* In the child, before the exec: the line as 0, 1 and 2, root's again, in
 * the foreground of a process group of the session's own. */
static void child_setup(struct line *l) {
  char dev[48];
  snprintf(dev, sizeof(dev), "/dev/%s", l->tty);
  if (strcmp(l->tty, "console") != 0) {
    for (int fd = 0; fd < 3; fd++) close(fd);
    if (open(dev, O_RDWR, 0) != 0) _exit(1);
    dup2(0, 1);
    dup2(0, 2);
  }
  chown(dev, 0, 0);
  chmod(dev, 0666);
  pid_t me = getpid();
  setpgrp(0, me);
  signal(SIGTTOU, SIG_IGN); /* taking the terminal from the background */
  ioctl(0, TIOCSPGRP, &me);
  signal(SIGTTOU, SIG_DFL);
}

static void start(struct line *l) {
  char *env[] = {l->term, "PATH=/bin:/usr/bin:/sbin:/usr/sbin", "HOME=/", NULL};
  char *const sh[] = {"-sh", NULL};
  gettimeofday(&l->start, NULL);
  l->pid = fork();
  if (l->pid == 0) {
    child_setup(l);
    /* a shell of its own is started as a login shell, "-sh" */
    execve(l->argv[0], strcmp(l->argv[0], "/bin/sh") == 0 ? sh : l->argv, env);
    say("init: cannot run ");
    say(l->argv[0]);
    say("\n");
    _exit(127);
  }
  if (l->pid < 0) {
    say("init: fork failed\n");
    l->pid = 0;
  }
}

/* A session has ended: one that dies at once, again and again, is not started again in a tight loop. */
static void ended(struct line *l) {
  struct timeval now;
  gettimeofday(&now, NULL);
  l->pid = 0;
  if (now.tv_sec - l->start.tv_sec >= 2) {
    l->quick = 0;
  } else if (++l->quick >= 5) {
    say("init: ");
    say(l->argv[0]);
    say(" on ");
    say(l->tty);
    say(" exiting too quickly, waiting 30 seconds\n");
    pause_seconds(30);
    l->quick = 0;
  }
}

int main(int argc, char **argv) {
  const char *user = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-u") == 0 && i + 1 < argc) user = argv[++i];
    else {
      say("init: unknown flag ");
      say(argv[i]);
      say(" (init [-u user])\n");
    }
  }
  console();
  run_rc();
  if (user != NULL) autologin(user);
  else read_ttys();
  if (nlines == 0) {
    say("init: no line of /etc/ttys is on: root is logged in on the console\n");
    autologin("root");
  }
  for (;;) {
    for (int i = 0; i < nlines; i++)
      if (lines[i].pid == 0) start(&lines[i]);
    int st;
    pid_t pid = wait(&st);
    if (pid < 0) {
      if (errno != EINTR) pause_seconds(5); /* no children at all: fork must have failed */
      continue;
    }
    for (int i = 0; i < nlines; i++)
      if (lines[i].pid == pid) ended(&lines[i]);
  }
}
