/* grep - print the lines that match a pattern (4.3BSD's grep, the common options).
 *
 *   grep [-civnlhs] [-e] PATTERN [FILE...]
 *
 *   -c  print only how many lines matched (per file)
 *   -i  ignore the case of letters
 *   -v  the lines that do NOT match
 *   -n  number the lines
 *   -l  print only the names of the files with a match
 *   -h  never print file names (they are printed when there are several files)
 *   -s  say nothing about files that cannot be read
 *   -e PATTERN  a pattern that begins with '-'
 *
 * The pattern is a basic regular expression as ed(1) has them: c matches
 * itself, . any character, [abc] [a-z] [^0-9] a set, x* any number of x
 * (longest first), ^ at the start and $ at the end anchor it, \c quotes c.
 * With no FILE, or '-', grep reads its standard input.
 * Exit status: 0 some line matched, 1 none did, 2 an error. */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int ignore_case;

/* One element of the compiled pattern: a character, any character, or a set; perhaps starred. */
struct atom {
  int kind;                /* 'c' a character, '.' any, '[' a set */
  unsigned char c;
  unsigned char set[32];   /* bit per character */
  int star;
};

#define MAXATOMS 256
static struct atom pat[MAXATOMS];
static int npat;
static int anchored_start, anchored_end;

static void set_bit(struct atom *a, int c) { a->set[c >> 3] |= (unsigned char)(1 << (c & 7)); }

static int fold(int c) { return ignore_case ? tolower(c) : c; }

/* Compiles p into pat[]; returns 0, or -1 with a message. */
static int compile(const char *p) {
  npat = 0;
  anchored_start = anchored_end = 0;
  if (*p == '^') anchored_start = 1, p++;
  while (*p) {
    if (p[0] == '$' && p[1] == 0) {
      anchored_end = 1;
      break;
    }
    if (npat == MAXATOMS) {
      fprintf(stderr, "grep: pattern too long\n");
      return -1;
    }
    struct atom *a = &pat[npat];
    memset(a, 0, sizeof(*a));
    if (*p == '*' && npat == 0) { /* a leading * is an ordinary character */
      a->kind = 'c';
      a->c = '*';
      p++;
    } else if (*p == '.') {
      a->kind = '.';
      p++;
    } else if (*p == '[') {
      a->kind = '[';
      int negate = 0;
      p++;
      if (*p == '^') negate = 1, p++;
      if (*p == ']') set_bit(a, ']'), p++;
      while (*p && *p != ']') {
        int lo = (unsigned char)*p++;
        int hi = lo;
        if (*p == '-' && p[1] && p[1] != ']') hi = (unsigned char)p[1], p += 2;
        for (int c = lo; c <= hi; c++) {
          set_bit(a, fold(c));
          if (ignore_case) set_bit(a, toupper(c));
        }
      }
      if (*p != ']') {
        fprintf(stderr, "grep: [ without ]\n");
        return -1;
      }
      p++;
      if (negate)
        for (int i = 0; i < 32; i++) a->set[i] = (unsigned char)~a->set[i];
    } else {
      if (*p == '\\' && p[1]) p++;
      a->kind = 'c';
      a->c = (unsigned char)fold((unsigned char)*p++);
    }
    if (*p == '*') a->star = 1, p++;
    npat++;
  }
  return 0;
}

static int atom_matches(const struct atom *a, int c) {
  if (c == 0) return 0;
  switch (a->kind) {
  case '.': return 1;
  case '[': return (a->set[c >> 3] >> (c & 7)) & 1;
  default: return fold(c) == a->c;
  }
}

/* Does pat[i..] match at s (to the end of the line if anchored at the end)? */
static int match_here(int i, const unsigned char *s) {
  for (; i < npat; i++) {
    const struct atom *a = &pat[i];
    if (a->star) {
      const unsigned char *t = s;
      while (atom_matches(a, *t)) t++;
      for (;; t--) { /* the longest run first */
        if (match_here(i + 1, t)) return 1;
        if (t == s) return 0;
      }
    }
    if (!atom_matches(a, *s)) return 0;
    s++;
  }
  return !anchored_end || *s == 0;
}

static int matches(const char *line) {
  const unsigned char *s = (const unsigned char *)line;
  if (anchored_start) return match_here(0, s);
  do {
    if (match_here(0, s)) return 1;
  } while (*s++);
  return 0;
}

static int opt_c, opt_v, opt_n, opt_l, opt_h, opt_s;

/* Searches one open file; returns how many lines were selected. */
static long grep_file(FILE *f, const char *name, int show_name) {
  char *line = NULL;
  size_t cap = 0, len = 0;
  long count = 0, lineno = 0;
  int c;
  for (;;) {
    len = 0;
    while ((c = getc(f)) != EOF && c != '\n') {
      if (len + 2 > cap) {
        cap = cap ? cap * 2 : 256;
        char *l = realloc(line, cap);
        if (l == NULL) {
          fprintf(stderr, "grep: out of memory\n");
          exit(2);
        }
        line = l;
      }
      line[len++] = (char)c;
    }
    if (c == EOF && len == 0) break;
    if (line == NULL) {
      line = malloc(1);
      cap = 1;
    }
    line[len] = 0;
    lineno++;
    if (matches(line) != opt_v) {
      count++;
      if (opt_l) break;
      if (!opt_c) {
        if (show_name) printf("%s:", name);
        if (opt_n) printf("%ld:", lineno);
        printf("%s\n", line);
      }
    }
    if (c == EOF) break;
  }
  free(line);
  if (opt_c) {
    if (show_name) printf("%s:", name);
    printf("%ld\n", count);
  }
  if (opt_l && count > 0) printf("%s\n", name);
  return count;
}

int main(int argc, char **argv) {
  const char *pattern = NULL;
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != 0; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    int took_word = 0; /* -e took the rest of this word, or the next one */
    for (const char *o = argv[i] + 1; *o && !took_word; o++) {
      switch (*o) {
      case 'c': opt_c = 1; break;
      case 'i': ignore_case = 1; break;
      case 'v': opt_v = 1; break;
      case 'n': opt_n = 1; break;
      case 'l': opt_l = 1; break;
      case 'h': opt_h = 1; break;
      case 's': opt_s = 1; break;
      case 'e':
        if (o[1]) pattern = o + 1;
        else if (i + 1 < argc) pattern = argv[++i];
        else goto usage;
        took_word = 1;
        break;
      default:
        fprintf(stderr, "grep: unknown option -%c\n", *o);
        goto usage;
      }
    }
  }
  if (pattern == NULL) {
    if (i >= argc) goto usage;
    pattern = argv[i++];
  }
  if (compile(pattern) < 0) return 2;
  int nfiles = argc - i, status = 1, errors = 0;
  int show_name = nfiles > 1 && !opt_h;
  if (nfiles == 0) return grep_file(stdin, "(standard input)", 0) > 0 ? 0 : 1;
  for (; i < argc; i++) {
    FILE *f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
    if (f == NULL) {
      if (!opt_s) fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno));
      errors = 1;
      continue;
    }
    if (grep_file(f, argv[i], show_name) > 0) status = 0;
    if (f != stdin) fclose(f);
  }
  return errors && status != 0 ? 2 : status;
usage:
  fprintf(stderr, "usage: grep [-civnlhs] [-e] pattern [file...]\n");
  return 2;
}
