/* test - evaluate a condition, for the shell's && and || (4.3BSD's test(1)).
 *
 *   test EXPRESSION      exit status 0 if it is true, 1 if false, 2 if it is malformed
 *
 * Files: -e exists, -f regular file, -d directory, -c character special,
 * -b block special, -h symbolic link, -r -w -x readable, writable,
 * executable (access(2), with the real ids), -s not empty; -t [fd] a
 * terminal (default 1). Strings: -z empty, -n not empty, STRING not
 * empty, S1 = S2, S1 != S2. Integers: N1 -eq -ne -lt -le -gt -ge N2.
 * Combined with ! (not), -a (and, binds tighter), -o (or) and ( ). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char **arg; /* the next word */
static char **end;

static void syntax(const char *why) {
  fprintf(stderr, "test: %s\n", why);
  exit(2);
}

static int more(void) { return arg < end; }
static int is(const char *w) { return more() && strcmp(*arg, w) == 0; }

static long number(const char *s) {
  char *e;
  long n = strtol(s, &e, 10);
  if (*s == 0 || *e != 0) {
    fprintf(stderr, "test: %s: not a number\n", s);
    exit(2);
  }
  return n;
}

static int file_test(char op, const char *path) {
  struct stat st;
  if (op == 'r') return access(path, R_OK) == 0;
  if (op == 'w') return access(path, W_OK) == 0;
  if (op == 'x') return access(path, X_OK) == 0;
  if ((op == 'h' ? lstat(path, &st) : stat(path, &st)) < 0) return 0;
  switch (op) {
  case 'e': return 1;
  case 'f': return S_ISREG(st.st_mode);
  case 'd': return S_ISDIR(st.st_mode);
  case 'c': return S_ISCHR(st.st_mode);
  case 'b': return S_ISBLK(st.st_mode);
  case 'h': return S_ISLNK(st.st_mode);
  default: return st.st_size > 0; /* 's' */
  }
}

static int compare(const char *a, const char *op, const char *b) {
  if (strcmp(op, "=") == 0) return strcmp(a, b) == 0;
  if (strcmp(op, "!=") == 0) return strcmp(a, b) != 0;
  long x = number(a), y = number(b);
  if (strcmp(op, "-eq") == 0) return x == y;
  if (strcmp(op, "-ne") == 0) return x != y;
  if (strcmp(op, "-lt") == 0) return x < y;
  if (strcmp(op, "-le") == 0) return x <= y;
  if (strcmp(op, "-gt") == 0) return x > y;
  return x >= y; /* -ge */
}

static int is_binary(const char *w) {
  static const char *const ops[] = {"=", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", NULL};
  for (int i = 0; ops[i]; i++)
    if (strcmp(w, ops[i]) == 0) return 1;
  return 0;
}

static int expr_or(void);

static int primary(void) {
  if (!more()) syntax("argument expected");
  if (is("(")) {
    arg++;
    int r = expr_or();
    if (!is(")")) syntax("missing )");
    arg++;
    return r;
  }
  if (end - arg >= 3 && is_binary(arg[1])) {
    int r = compare(arg[0], arg[1], arg[2]);
    arg += 3;
    return r;
  }
  const char *w = *arg++;
  if (w[0] == '-' && w[1] != 0 && w[2] == 0 && strchr("efdcbhrwxsznt", w[1])) {
    if (w[1] == 't') {
      int fd = more() && !is("-a") && !is("-o") && !is(")") ? (int)number(*arg++) : 1;
      return isatty(fd);
    }
    if (!more()) syntax("argument expected");
    const char *operand = *arg++;
    if (w[1] == 'z') return operand[0] == 0;
    if (w[1] == 'n') return operand[0] != 0;
    return file_test(w[1], operand);
  }
  return w[0] != 0;
}

static int expr_not(void) {
  if (is("!")) {
    arg++;
    return !expr_not();
  }
  return primary();
}

static int expr_and(void) {
  int r = expr_not();
  while (is("-a")) {
    arg++;
    r = expr_not() && r;
  }
  return r;
}

static int expr_or(void) {
  int r = expr_and();
  while (is("-o")) {
    arg++;
    r = expr_and() || r;
  }
  return r;
}

int main(int argc, char **argv) {
  arg = argv + 1;
  end = argv + argc;
  if (!more()) return 1;
  int r = expr_or();
  if (more()) syntax("too many arguments");
  return r ? 0 : 1;
}
