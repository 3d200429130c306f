/* more - show files a screenful at a time (4.3BSD's more, its common keys).
 *
 *   more [FILE...]
 *
 * After each screenful (the terminal's rows less one; 24 when the window
 * size is unknown, as on the console) more prints --More-- (with how far
 * through the file it is, when it knows) and waits for a key, read from
 * the terminal (/dev/tty) in cbreak mode without echo:
 *
 *   space        the next screenful
 *   return, j    the next line
 *   d, ^D        the next half screenful
 *   /PATTERN     skip to the next line that contains PATTERN (plain text)
 *   n            the next file;   q, Q   quit
 *
 * When the standard output is not a terminal more copies its input as cat
 * does. With several files, each begins with a header naming it. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static int tty = -1;     /* /dev/tty, where the keys come from */
static int rows = 24, cols = 80;
static struct sgttyb saved;

static void tty_raw(int on) {
  struct sgttyb sg = saved;
  if (on) sg.sg_flags = (sg.sg_flags | CBREAK) & ~ECHO;
  ioctl(tty, TIOCSETN, on ? &sg : &saved);
}

static int key(void) {
  char c;
  fflush(stdout);
  return read(tty, &c, 1) == 1 ? (unsigned char)c : -1; /* -1: the terminal is gone */
}

/* Reads a line of text after '/' (echoed; erase works), into s. */
static void read_pattern(char *s, size_t size) {
  size_t n = 0;
  for (;;) {
    int c = key();
    if (c == '\n' || c == '\r' || c < 0) break;
    if ((c == 0177 || c == '\b' || c == saved.sg_erase) && n > 0) {
      n--;
      fputs("\b \b", stdout);
    } else if (c >= ' ' && c != 0177 && n + 1 < size) {
      s[n++] = (char)c;
      putchar(c);
    }
  }
  s[n] = 0;
}

/* Erases the --More-- prompt. */
static void unprompt(int width) {
  putchar('\r');
  for (int i = 0; i < width; i++) putchar(' ');
  putchar('\r');
}

/* Pages one file; returns 0 to go on with the next file, 1 to quit. */
static int page(FILE *f, long size) {
  char line[1024];
  int shown = 0, want = rows - 1;
  long pos = 0;
  char skip_to[128] = "";
  while (fgets(line, sizeof(line), f) != NULL) {
    pos += (long)strlen(line);
    if (skip_to[0]) {
      if (strstr(line, skip_to) == NULL) continue;
      skip_to[0] = 0;
      fputs("...skipping\n", stdout);
    }
    fputs(line, stdout);
    /* A line wider than the screen takes more than one row. */
    shown += 1 + (int)((strlen(line) > 0 ? strlen(line) - 1 : 0) / (size_t)cols);
    if (shown < want) continue;
    int width;
    if (size > 0) width = printf("--More--(%ld%%)", pos * 100 / size);
    else width = printf("--More--");
    for (;;) {
      int c = key();
      if (c == ' ') want = rows - 1;
      else if (c == '\n' || c == '\r' || c == 'j') want = 1;
      else if (c == 'd' || c == 004) want = rows / 2;
      else if (c == 'q' || c == 'Q' || c < 0) {
        unprompt(width);
        return 1;
      } else if (c == 'n') {
        unprompt(width);
        return 0;
      } else if (c == '/') {
        unprompt(width);
        putchar('/');
        read_pattern(skip_to, sizeof(skip_to));
        putchar('\n');
        want = rows - 1;
        shown = 0;
        break;
      } else {
        putchar('\007');
        fflush(stdout);
        continue;
      }
      unprompt(width);
      shown = 0;
      break;
    }
  }
  return 0;
}

static void copy(FILE *f) {
  int c;
  while ((c = getc(f)) != EOF) putchar(c);
}

int main(int argc, char **argv) {
  int paging = isatty(1);
  if (paging) {
    tty = open("/dev/tty", O_RDWR, 0);
    if (tty < 0 || ioctl(tty, TIOCGETP, &saved) < 0) paging = 0;
  }
  if (paging) {
    struct winsize ws;
    if (ioctl(tty, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 2) rows = ws.ws_row;
    if (ioctl(tty, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10) cols = ws.ws_col;
    tty_raw(1);
  }
  int status = 0, quit = 0;
  int nfiles = argc - 1;
  if (nfiles == 0) {
    if (paging) quit = page(stdin, 0);
    else copy(stdin);
  }
  for (int i = 1; i < argc && !quit; i++) {
    FILE *f = fopen(argv[i], "r");
    if (f == NULL) {
      fprintf(stderr, "more: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    struct stat st;
    long size = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) ? (long)st.st_size : 0;
    if (nfiles > 1) printf("::::::::::::::\n%s\n::::::::::::::\n", argv[i]);
    if (paging) quit = page(f, size);
    else copy(f);
    fclose(f);
  }
  fflush(stdout);
  if (paging) tty_raw(0);
  return status;
}
