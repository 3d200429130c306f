/* update - flush the file systems' buffers every 30 seconds (4.3BSD's
 * /etc/update, started by /etc/rc).
 *
 * The kernel keeps a rewritten block of a file in its buffer cache (a
 * delayed write) until something writes it out; update bounds how much a
 * crash can lose to the last 30 seconds of such writes, by calling sync()
 * that often. It puts itself in the background: the parent returns at
 * once, the child gives up the terminal and its descriptors and runs for
 * as long as the machine does. */
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define INTERVAL 30

int main(void) {
  pid_t pid = fork();
  if (pid < 0) return 1;
  if (pid > 0) return 0;
  /* No ^C or hangup from the console reaches it: it gives up its
   * controlling terminal (and with it, in 4.3BSD, its process group). */
  int tty = open("/dev/tty", O_RDWR, 0);
  if (tty >= 0) {
    ioctl(tty, TIOCNOTTY, 0);
    close(tty);
  }
  signal(SIGHUP, SIG_IGN);
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  for (int fd = getdtablesize() - 1; fd >= 0; fd--) close(fd);
  chdir("/");
  for (;;) {
    sleep(INTERVAL);
    sync();
  }
}
