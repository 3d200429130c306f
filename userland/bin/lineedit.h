/* lineedit.h - the interactive shell's line editor (included by sh.c only).
 *
 * When the shell reads commands from a terminal it puts the terminal in
 * cbreak mode without echo for the time it reads a line, and does the echo
 * and the editing itself, as csh's and ksh's editors do:
 *
 *   erase (^? or ^H), ^W    delete the character, the word before the cursor
 *   kill (^U)               forget the line ("^U" and a new line, as the terminal does)
 *   left, right, ^B, ^F     move in the line; ^A, ^E to its start, its end
 *   up, down, ^P, ^N        the previous and the next line of the history
 *   tab                     complete the file name being typed (a command
 *                           name from /bin, /usr/bin ... for the first word);
 *                           with several candidates, complete what they share,
 *                           and list them on a second tab
 *   ^R                      print the line again
 *   ^D                      at the start of an empty line: end of input
 *
 * The signal characters (^C, ^\) stay with the terminal: ^C interrupts the
 * read (EINTR) and the line is dropped. The modes are put back before the
 * line is run, so commands find the terminal as it was; a mode set by a
 * command (stty -echo) is read again at the next line. Without echo the
 * editor echoes nothing either. The history holds the last HISTMAX lines;
 * the `history` built-in lists it. */

#include <dirent.h>
#include <sys/stat.h>

#define HISTMAX 100
#define ESC 033

static char *hist[HISTMAX];
static int nhist; /* lines in hist[], oldest first */
static const char *le_prompt = "";

/* Add a line to the history (not an empty one, nor the same as the last). */
static void hist_add(const char *s) {
  if (*s == 0 || (nhist > 0 && strcmp(hist[nhist - 1], s) == 0)) return;
  char *copy = strdup(s);
  if (copy == NULL) return;
  if (nhist == HISTMAX) {
    free(hist[0]);
    memmove(hist, hist + 1, (HISTMAX - 1) * sizeof(hist[0]));
    nhist--;
  }
  hist[nhist++] = copy;
}

static void hist_print(void) {
  for (int i = 0; i < nhist; i++) printf("%5d  %s\n", i + 1, hist[i]);
}

/* The line being edited. */
struct edit {
  struct buf *b; /* the text (b->s, b->len), NUL-terminated */
  int cur;       /* the cursor, 0..len */
  int echo;      /* the terminal had ECHO on */
};
#define LEN(e) ((int)(e)->b->len)

static void le_out(struct edit *e, const char *s, int n) {
  if (e->echo && n > 0) write(2, s, n);
}

static void le_puts(struct edit *e, const char *s) { le_out(e, s, (int)strlen(s)); }

static void le_back(struct edit *e, int n) {
  for (int i = 0; i < n; i++) le_out(e, "\b", 1);
}

/* Redraw from the cursor to the end, blank `extra` columns after it, and put the cursor back. */
static void le_tail(struct edit *e, int extra) {
  le_out(e, e->b->s + e->cur, LEN(e) - e->cur);
  for (int i = 0; i < extra; i++) le_out(e, " ", 1);
  le_back(e, LEN(e) - e->cur + extra);
}

static void le_insert(struct edit *e, const char *s, int n) {
  for (int i = 0; i < n; i++) badd(e->b, 0);
  memmove(e->b->s + e->cur + n, e->b->s + e->cur, LEN(e) - n - e->cur);
  memcpy(e->b->s + e->cur, s, n);
  bterm(e->b);
  le_out(e, s, n);
  e->cur += n;
  le_tail(e, 0);
}

/* Delete the n characters before the cursor. */
static void le_delete(struct edit *e, int n) {
  if (n > e->cur) n = e->cur;
  if (n == 0) return;
  memmove(e->b->s + e->cur - n, e->b->s + e->cur, LEN(e) - e->cur);
  e->b->len -= n;
  e->cur -= n;
  e->b->s[e->b->len] = 0;
  le_back(e, n);
  le_tail(e, n);
}

/* Replace the whole line with s (a line of the history). */
static void le_replace(struct edit *e, const char *s) {
  le_back(e, e->cur);
  int old = LEN(e);
  e->b->len = 0;
  badds(e->b, s);
  bterm(e->b);
  e->b->s[0] = *s ? e->b->s[0] : 0;
  e->cur = LEN(e);
  le_out(e, e->b->s, LEN(e));
  int extra = old > LEN(e) ? old - LEN(e) : 0;
  for (int i = 0; i < extra; i++) le_out(e, " ", 1);
  le_back(e, extra);
}

static void le_redraw(struct edit *e) {
  le_puts(e, "\n");
  le_puts(e, le_prompt);
  le_out(e, e->b->s, LEN(e));
  le_back(e, LEN(e) - e->cur);
}

/* ---- file-name completion ---- */

struct names {
  char **v;
  int n, cap;
};

static void names_add(struct names *ns, const char *s) {
  for (int i = 0; i < ns->n; i++)
    if (strcmp(ns->v[i], s) == 0) return;
  if (ns->n == ns->cap) {
    int cap = ns->cap ? ns->cap * 2 : 16;
    char **v = realloc(ns->v, cap * sizeof(char *));
    if (v == NULL) return;
    ns->v = v;
    ns->cap = cap;
  }
  char *copy = strdup(s);
  if (copy != NULL) ns->v[ns->n++] = copy;
}

static void names_free(struct names *ns) {
  for (int i = 0; i < ns->n; i++) free(ns->v[i]);
  free(ns->v);
}

/* Add the names in directory `dir` that begin with `base` (dot files only when asked for). */
static void names_in(struct names *ns, const char *dir, const char *base, int commands) {
  DIR *d = opendir(*dir ? dir : ".");
  if (d == NULL) return;
  size_t n = strlen(base);
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    const char *nm = de->d_name;
    if (strncmp(nm, base, n) != 0 || (nm[0] == '.' && base[0] != '.')) continue;
    if (strcmp(nm, ".") == 0 || strcmp(nm, "..") == 0) continue;
    if (commands) {
      char path[1024];
      snprintf(path, sizeof(path), "%s/%s", dir, nm);
      if (access(path, X_OK) != 0) continue;
    }
    names_add(ns, nm);
  }
  closedir(d);
}

static int is_dir(const char *dir, const char *name) {
  char path[1024];
  struct stat st;
  snprintf(path, sizeof(path), "%s%s", *dir ? dir : "./", name);
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int name_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Complete the word before the cursor; `again`: the tab before did nothing, so list the candidates. */
static int le_complete(struct edit *e, int again) {
  int start = e->cur;
  while (start > 0 && !is_blank(e->b->s[start - 1]) && !is_meta(e->b->s[start - 1])) start--;
  int first = 1; /* the command's name: nothing but blanks before it, since the line or a separator */
  for (int i = start - 1; i >= 0 && first; i--)
    if (is_meta(e->b->s[i])) break;
    else if (!is_blank(e->b->s[i])) first = 0;
  char word[512];
  int wl = e->cur - start;
  if (wl >= (int)sizeof(word)) return 0;
  memcpy(word, e->b->s + start, wl);
  word[wl] = 0;
  char *slash = strrchr(word, '/');
  char dir[512];
  const char *base;
  struct names ns = {NULL, 0, 0};
  if (slash != NULL) {
    memcpy(dir, word, slash - word + 1);
    dir[slash - word + 1] = 0;
    base = slash + 1;
    names_in(&ns, dir, base, 0);
  } else {
    dir[0] = 0;
    base = word;
    if (first) {
      const char *path = getenv("PATH");
      char p[512];
      strncpy(p, path ? path : "/bin:/usr/bin", sizeof(p) - 1);
      p[sizeof(p) - 1] = 0;
      for (char *d = strtok(p, ":"); d != NULL; d = strtok(NULL, ":")) names_in(&ns, d, base, 1);
    } else {
      names_in(&ns, "", base, 0);
    }
  }
  int did = 0;
  size_t bl = strlen(base);
  if (ns.n == 1) {
    const char *m = ns.v[0];
    le_insert(e, m + bl, (int)strlen(m + bl));
    le_insert(e, !first || slash ? (is_dir(dir, m) ? "/" : " ") : " ", 1); /* a directory goes on */
    did = 1;
  } else if (ns.n > 1) {
    size_t common = strlen(ns.v[0]);
    for (int i = 1; i < ns.n; i++) {
      size_t k = 0;
      while (k < common && ns.v[i][k] == ns.v[0][k]) k++;
      common = k;
    }
    if (common > bl) {
      le_insert(e, ns.v[0] + bl, (int)(common - bl));
      did = 1;
    } else if (again) {
      qsort(ns.v, ns.n, sizeof(char *), name_cmp);
      le_puts(e, "\n");
      for (int i = 0; i < ns.n; i++) {
        le_puts(e, ns.v[i]);
        le_puts(e, i + 1 < ns.n ? "  " : "");
      }
      le_redraw(e);
      did = 1;
    }
  }
  if (!did && ns.n != 1) le_out(e, "\007", 1); /* nothing to add: ring the bell */
  names_free(&ns);
  return did;
}

/* ---- the editor ---- */

/* Reads a line from the terminal on fd 0 into b with editing; 1: a line, 0: end of input,
 * -1: the terminal cannot be put in cbreak mode (read the ordinary way). */
static int edit_line(struct buf *b) {
  struct sgttyb saved, sg;
  if (ioctl(0, TIOCGETP, &saved) < 0 || saved.sg_flags & (RAW | CBREAK)) return -1;
  sg = saved;
  sg.sg_flags = (sg.sg_flags | CBREAK) & ~ECHO;
  if (ioctl(0, TIOCSETN, &sg) < 0) return -1;
  struct edit e = {b, 0, (saved.sg_flags & ECHO) != 0};
  b->len = 0;
  bterm(b);
  b->s[0] = 0;
  int h = nhist;          /* the history line shown; nhist: the line being typed */
  char *typed = NULL;     /* the line being typed, while the history is shown */
  int tabbed = 0, result = 1;
  for (;;) {
    char c;
    int n = read(0, &c, 1);
    if (n < 0 && errno == EINTR) { /* ^C: the line is dropped */
      b->len = 0;
      b->s[0] = 0;
      break;
    }
    if (n <= 0) {
      result = b->len > 0;
      break;
    }
    int tab = 0;
    if (c == '\n' || c == '\r') {
      le_puts(&e, "\n");
      break;
    } else if (c == saved.sg_erase || c == 0177 || c == '\b') {
      le_delete(&e, 1);
    } else if (c == saved.sg_kill) {
      le_puts(&e, "^U\n");
      b->len = 0;
      e.cur = 0;
      b->s[0] = 0;
    } else if (c == 027) { /* ^W: the word before the cursor */
      int i = e.cur;
      while (i > 0 && is_blank(b->s[i - 1])) i--;
      while (i > 0 && !is_blank(b->s[i - 1])) i--;
      le_delete(&e, e.cur - i);
    } else if (c == 004) { /* ^D */
      if (b->len == 0) {
        result = 0;
        break;
      }
    } else if (c == '\t') {
      tab = 1;
      le_complete(&e, tabbed);
    } else if (c == 001) { /* ^A */
      le_back(&e, e.cur);
      e.cur = 0;
    } else if (c == 005) { /* ^E */
      le_out(&e, b->s + e.cur, LEN(&e) - e.cur);
      e.cur = LEN(&e);
    } else if (c == 002 || c == 006) { /* ^B, ^F */
      if (c == 002 && e.cur > 0) le_back(&e, 1), e.cur--;
      else if (c == 006 && e.cur < LEN(&e)) le_out(&e, b->s + e.cur++, 1);
    } else if (c == 022) { /* ^R */
      le_redraw(&e);
    } else if (c == 020 || c == 016 || c == ESC) { /* ^P, ^N, or an arrow key: ESC [ A..D */
      int dir = c == 020 ? 'A' : c == 016 ? 'B' : 0;
      if (c == ESC) {
        char seq[2];
        if (read(0, &seq[0], 1) != 1 || (seq[0] != '[' && seq[0] != 'O') || read(0, &seq[1], 1) != 1) continue;
        dir = seq[1];
      }
      if (dir == 'C' && e.cur < LEN(&e)) le_out(&e, b->s + e.cur++, 1);
      else if (dir == 'D' && e.cur > 0) le_back(&e, 1), e.cur--;
      else if ((dir == 'A' && h > 0) || (dir == 'B' && h < nhist)) {
        if (h == nhist) {
          free(typed);
          typed = strdup(b->s);
        }
        h += dir == 'A' ? -1 : 1;
        le_replace(&e, h < nhist ? hist[h] : typed ? typed : "");
      } else {
        le_out(&e, "\007", 1);
      }
    } else if ((unsigned char)c >= ' ' && c != 0177) {
      le_insert(&e, &c, 1);
    }
    tabbed = tab;
  }
  free(typed);
  ioctl(0, TIOCSETN, &saved);
  if (result) hist_add(b->s);
  return result;
}
