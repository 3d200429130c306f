/* stty - show or set the terminal's modes (the sgttyb and local-mode
 * subset of 4.3BSD's stty that sun3lab's terminal has).
 *
 *   stty                 print the modes
 *   stty sane            back to the modes the terminal starts with: cooked,
 *                        echo, crmod, erase ^?, kill ^U (what to type when a
 *                        program left the terminal without echo or in raw mode)
 *   stty [-]echo [-]raw [-]cbreak [-]crmod [-]tostop   (cooked = -raw -cbreak)
 *   stty erase C, stty kill C    C: a character, ^X, or ^? for DEL
 *   stty rows N, stty columns N (or cols N)   the window size (TIOCSWINSZ: the
 *                        foreground job gets SIGWINCH; rlogin passes it on)
 *   stty size            print "rows columns" on the standard output
 *   stty 9600            the line's speed (110 ... 38400): the console's
 *                        serial chip is reprogrammed at once
 *
 * Every terminal has a window size, 0 0 until someone sets it (the console's
 * stays so); rlogin gives a pseudo-terminal the size of the user's window.
 *
 * As 4.3BSD's stty, it works on the terminal that is its standard output
 * and prints on its standard error (so `stty -echo &`, whose standard input
 * the shell points at /dev/null, still reaches the terminal). Modes are set
 * with TIOCSETN (no flush of typed input) and TIOCLBIS/TIOCLBIC. Run in the
 * background, it is stopped by SIGTTOU before it changes anything. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

/* The terminal: standard output. */
#define TTY 1

/* The terminal's own erase and kill characters. */
#define DFL_ERASE 0177 /* DEL */
#define DFL_KILL 025   /* ^U */

static const char *const speeds[16] = {"0",    "50",   "75",   "110",  "134",  "150",  "200",   "300",
                                       "600",  "1200", "1800", "2400", "4800", "9600", "19200", "38400"};

/* The code of a speed named in baud (9600 -> 13), or -1. */
static int speed_code(const char *a) {
  for (int s = 1; s < 16; s++)
    if (strcmp(a, speeds[s]) == 0) return s;
  return -1;
}

/* The sg_flags bits stty names. */
static const struct {
  const char *name;
  int bit;
} modes[] = {{"echo", ECHO}, {"crmod", CRMOD}, {"raw", RAW}, {"cbreak", CBREAK}};

static void show_char(const char *what, int c) {
  c &= 0xff;
  if (c == 0177) fprintf(stderr, "%s = ^?", what);
  else if (c < 040) fprintf(stderr, "%s = ^%c", what, c + '@');
  else if (c == 0xff) fprintf(stderr, "%s = <undef>", what);
  else fprintf(stderr, "%s = %c", what, c);
}

/* "x", "^X", "^?": the character, or -1. */
static int parse_char(const char *s) {
  if (s[0] == '^' && s[1] != 0 && s[2] == 0) return s[1] == '?' ? 0177 : s[1] & 037;
  if (s[0] != 0 && s[1] == 0) return (unsigned char)s[0];
  return -1;
}

int main(int argc, char **argv) {
  struct sgttyb sg;
  int local = 0;
  if (ioctl(TTY, TIOCGETP, &sg) < 0) {
    fprintf(stderr, "stty: standard output: %s\n", strerror(errno));
    return 1;
  }
  int have_local = ioctl(TTY, TIOCLGET, &local) == 0;

  if (argc == 1) {
    int sp = sg.sg_ospeed & 15;
    fprintf(stderr, "speed %s baud; ", speeds[sp]);
    show_char("erase", sg.sg_erase);
    fprintf(stderr, "; ");
    show_char("kill", sg.sg_kill);
    fprintf(stderr, "\n");
    for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
      fprintf(stderr, "%s%s ", sg.sg_flags & modes[i].bit ? "" : "-", modes[i].name);
    if (have_local) fprintf(stderr, "%stostop", local & LTOSTOP ? "" : "-");
    fprintf(stderr, "\n");
    return 0;
  }

  struct winsize ws;
  int have_ws = ioctl(TTY, TIOCGWINSZ, &ws) == 0, set_ws = 0;
  if (argc == 2 && strcmp(argv[1], "size") == 0) {
    if (!have_ws) {
      fprintf(stderr, "stty: this terminal has no window size\n");
      return 1;
    }
    printf("%d %d\n", ws.ws_row, ws.ws_col);
    return 0;
  }

  int set_local = 0, clear_local = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int off = a[0] == '-';
    const char *name = off ? a + 1 : a;
    int found = 0;
    for (unsigned m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
      if (strcmp(name, modes[m].name) == 0) {
        if (off) sg.sg_flags &= ~modes[m].bit;
        else sg.sg_flags |= modes[m].bit;
        found = 1;
      }
    }
    if (found) continue;
    if (strcmp(name, "tostop") == 0) {
      if (off) clear_local |= LTOSTOP, set_local &= ~LTOSTOP;
      else set_local |= LTOSTOP, clear_local &= ~LTOSTOP;
    } else if (!off && strcmp(a, "cooked") == 0) {
      sg.sg_flags &= ~(RAW | CBREAK);
    } else if (!off && strcmp(a, "sane") == 0) {
      sg.sg_flags = ECHO | CRMOD;
      sg.sg_erase = DFL_ERASE;
      sg.sg_kill = DFL_KILL;
    } else if (!off && (strcmp(a, "erase") == 0 || strcmp(a, "kill") == 0)) {
      int c = i + 1 < argc ? parse_char(argv[i + 1]) : -1;
      if (c < 0) {
        fprintf(stderr, "stty: %s needs a character: x, ^X or ^?\n", a);
        return 1;
      }
      if (a[0] == 'e') sg.sg_erase = (char)c;
      else sg.sg_kill = (char)c;
      i++;
    } else if (!off && (strcmp(a, "rows") == 0 || strcmp(a, "columns") == 0 || strcmp(a, "cols") == 0)) {
      int n = 0;
      const char *v = i + 1 < argc ? argv[i + 1] : "";
      for (const char *p = v; *p >= '0' && *p <= '9'; p++) n = n * 10 + (*p - '0');
      if (v[0] == 0 || v[strspn(v, "0123456789")] != 0 || n > 65535) {
        fprintf(stderr, "stty: %s needs a number\n", a);
        return 1;
      }
      if (!have_ws) {
        fprintf(stderr, "stty: this terminal has no window size\n");
        return 1;
      }
      if (a[0] == 'r') ws.ws_row = (unsigned short)n;
      else ws.ws_col = (unsigned short)n;
      set_ws = 1;
      i++;
    } else if (!off && speed_code(a) > 0) {
      /* A speed: the line's input and output speed (the driver reprograms the serial chip). */
      sg.sg_ispeed = sg.sg_ospeed = (char)speed_code(a);
    } else {
      fprintf(stderr, "stty: unknown mode: %s\n", a);
      return 1;
    }
  }
  if (ioctl(TTY, TIOCSETN, &sg) < 0) {
    fprintf(stderr, "stty: %s\n", strerror(errno));
    return 1;
  }
  if (set_ws && ioctl(TTY, TIOCSWINSZ, &ws) < 0) {
    fprintf(stderr, "stty: window size: %s\n", strerror(errno));
    return 1;
  }
  if ((set_local && ioctl(TTY, TIOCLBIS, &set_local) < 0) || (clear_local && ioctl(TTY, TIOCLBIC, &clear_local) < 0)) {
    fprintf(stderr, "stty: local modes: %s\n", strerror(errno));
    return 1;
  }
  return 0;
}
