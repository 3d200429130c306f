/* getty - set up a terminal line and ask who is there, as 4.3BSD's does.
 *
 *   getty [type [tty]]
 *
 * init runs it for each line of /etc/ttys that is "on", with the line's
 * name as tty (SunOS kept it in /usr/etc; here it is /sbin/getty). It
 * opens /dev/TTY as descriptors 0, 1 and 2 (or uses the ones it has
 * without a tty), puts the terminal in its usual modes (cooked, echo,
 * erase ^?, kill ^U), prints a banner and "login: ", reads a name and runs
 * /bin/login with it; login asks for the password. End of file (^D) at
 * the prompt ends getty, and init starts a new one. A name starting with
 * "-" is refused, so that nobody can pass options to login. type (std.9600
 * in /etc/ttys) names the line's settings in 4.3BSD's gettytab; the console
 * has one setting, so it is only checked for being there. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/param.h>
#include <unistd.h>

static void open_line(const char *tty) {
  char path[MAXPATHLEN];
  snprintf(path, sizeof(path), "/dev/%s", tty);
  for (int fd = 0; fd < 3; fd++) close(fd);
  if (open(path, O_RDWR, 0) != 0) _exit(1); /* nothing to talk on: init will try again */
  dup2(0, 1);
  dup2(0, 2);
}

/* The terminal's usual modes, whatever the last session left. */
static void set_modes(void) {
  struct sgttyb sg;
  if (ioctl(0, TIOCGETP, &sg) < 0) return;
  sg.sg_erase = 0177;
  sg.sg_kill = 'U' & 037;
  sg.sg_flags = (short)((sg.sg_flags & ~(RAW | CBREAK)) | ECHO | CRMOD);
  ioctl(0, TIOCSETP, &sg); /* SETP, not SETN: what was typed before the prompt is dropped */
}

/* Reads a line from the terminal into name, a byte at a time (login reads the rest). 0 at end of file. */
static int read_name(char *name, int size) {
  int n = 0;
  for (;;) {
    char c;
    if (read(0, &c, 1) != 1) return n > 0;
    if (c == '\n' || c == '\r') break;
    if (n < size - 1) name[n++] = c;
  }
  name[n] = 0;
  return 1;
}

int main(int argc, char **argv) {
  const char *tty = argc > 2 ? argv[2] : NULL;
  char host[MAXHOSTNAMELEN + 1];
  char name[64];
  if (tty != NULL) open_line(tty);
  set_modes();
  if (gethostname(host, sizeof(host)) < 0) strcpy(host, "sun");
  host[MAXHOSTNAMELEN] = 0;
  printf("\n\nSunOS UNIX (%s) (%s)\n\n", host, tty != NULL ? tty : "console");
  for (;;) {
    printf("login: ");
    fflush(stdout);
    if (!read_name(name, sizeof(name))) return 0;
    if (name[0] != 0 && name[0] != '-') break;
  }
  execl("/bin/login", "login", name, (char *)NULL);
  perror("getty: /bin/login");
  return 1;
}
