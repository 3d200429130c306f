/* rawmode: the terminal in raw mode, a key at a time (in the style of
 * APUE, 18.11): no line editing, no echo, no signals from the keyboard,
 * eight bits, no output processing. Each key's code is printed until 'q';
 * then the terminal is put back as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

static struct termios save_termios;

static int tty_raw(int fd) {
  struct termios buf;
  if (tcgetattr(fd, &save_termios) < 0) return -1;
  buf = save_termios;
  buf.c_lflag &= ~(ECHO | ICANON | IEXTEN | ISIG);
  buf.c_iflag &= ~(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
  buf.c_cflag &= ~(CSIZE | PARENB);
  buf.c_cflag |= CS8;
  buf.c_oflag &= ~OPOST;
  buf.c_cc[VMIN] = 1;
  buf.c_cc[VTIME] = 0;
  return tcsetattr(fd, TCSAFLUSH, &buf);
}

static int tty_reset(int fd) { return tcsetattr(fd, TCSAFLUSH, &save_termios); }

int main(void) {
  char c;
  int n;
  if (!isatty(STDIN_FILENO)) {
    fprintf(stderr, "rawmode: standard input is not a terminal\n");
    exit(1);
  }
  if (tty_raw(STDIN_FILENO) < 0) {
    perror("tty_raw");
    exit(1);
  }
  printf("enter raw mode characters, terminate with q\r\n");
  fflush(stdout);
  while ((n = read(STDIN_FILENO, &c, 1)) == 1) {
    if ((c &= 255) == 'q') break;
    printf("%o\r\n", c);
    fflush(stdout);
  }
  if (tty_reset(STDIN_FILENO) < 0) {
    perror("tty_reset");
    exit(1);
  }
  if (n <= 0) perror("read");
  printf("back to cooked mode\n");
  return 0;
}
