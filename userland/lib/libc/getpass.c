/* getpass(3): read a password from the terminal without echoing it, as
 * 4.3BSD and SunOS 4 do. It prompts on and reads from /dev/tty (the
 * process's terminal, whatever its standard input is), or, without one,
 * prompts on stderr and reads stdin. Echo is off while it reads; SIGINT,
 * SIGQUIT and SIGTSTP wait until echo is back on, so ^C never leaves the
 * terminal silent. At most PASS_MAX characters are kept (the rest of the
 * line is read and dropped), as crypt(3) uses only 8. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define PASS_MAX 8

char *getpass(const char *prompt) {
  static char buf[PASS_MAX + 1];
  int fd = open("/dev/tty", O_RDWR, 0);
  int outfd = fd >= 0 ? fd : 2;
  struct sgttyb sg;
  int tty = ioctl(fd >= 0 ? fd : 0, TIOCGETP, &sg) == 0;
  short flags = sg.sg_flags;
  long omask = sigblock(sigmask(SIGINT) | sigmask(SIGQUIT) | sigmask(SIGTSTP));
  if (tty) {
    sg.sg_flags &= ~ECHO;
    ioctl(fd >= 0 ? fd : 0, TIOCSETN, &sg);
  }
  fflush(stdout);
  write(outfd, prompt, strlen(prompt));
  int n = 0;
  for (;;) {
    int c;
    if (fd >= 0) {
      unsigned char ch;
      c = read(fd, &ch, 1) == 1 ? ch : EOF;
    } else {
      c = getc(stdin);
    }
    if (c == EOF || c == '\n' || c == '\r') break;
    if (n < PASS_MAX) buf[n++] = (char)c;
  }
  buf[n] = 0;
  if (tty) {
    sg.sg_flags = flags;
    ioctl(fd >= 0 ? fd : 0, TIOCSETN, &sg);
  }
  write(outfd, "\n", 1);
  if (fd >= 0) close(fd);
  sigsetmask(omask);
  return buf;
}
