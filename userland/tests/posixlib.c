/* posixlib: the libc functions a ported program expects (SunOS 4.1's,
 * POSIX.1's and a few of 4.4BSD's), each with its success and its errors:
 * err/warn, random, popen/pclose, the temporary files, strtok_r and
 * strsep, getline/getdelim/fgetln, realpath, fgetpos/fsetpos, the C
 * locale, execle and execlp, <inttypes.h>, getopt_long, utime, getlogin,
 * cuserid and ctermid — and stdio's buffers, which must not move the break
 * on the first printf. */
#define _POSIX_C_SOURCE 200809L
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include "check.h"

#define DIR "/tmp/posixlib"

/* What fn writes on standard error, into buf. */
static void stderr_of(void (*fn)(void), char *buf, int size) {
  int p[2];
  pipe(p);
  int saved = dup(2);
  dup2(p[1], 2);
  fn();
  dup2(saved, 2);
  close(saved);
  close(p[1]);
  int n = read(p[0], buf, size - 1);
  buf[n > 0 ? n : 0] = 0;
  close(p[0]);
}

static void do_warn(void) {
  errno = ENOENT;
  warn("open %s", "x");
}
static void do_warnx(void) { warnx("plain %d", 7); }

static int do_err(int fd, void *arg) {
  (void)arg;
  dup2(fd, 2);
  errno = EACCES;
  err(3, "cannot");
}

static int do_errx(int fd, void *arg) {
  (void)arg;
  dup2(fd, 2);
  errx(4, "bad %s", "thing");
}

int main(int argc, char **argv) {
  (void)argc;
  char buf[256];
  char *brk0 = sbrk(0);
  printf("posixlib: started\n");
  CHECK(sbrk(0) == brk0, "the first printf does not move the break (%p, %p)", (void *)brk0, sbrk(0));
  mkdir(DIR, 0755);

  /* err(3) */
  stderr_of(do_warn, buf, sizeof(buf));
  CHECK(strcmp(buf, "posixlib: open x: No such file or directory\n") == 0, "warn: \"%s\"", buf);
  stderr_of(do_warnx, buf, sizeof(buf));
  CHECK(strcmp(buf, "posixlib: plain 7\n") == 0, "warnx: \"%s\"", buf);
  int n = 0;
  int st = run_child(do_err, NULL, buf, sizeof(buf) - 1, &n);
  buf[n] = 0;
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3 && strcmp(buf, "posixlib: cannot: Permission denied\n") == 0,
        "err: exit 3, \"%s\"", buf);
  st = run_child(do_errx, NULL, buf, sizeof(buf) - 1, &n);
  buf[n] = 0;
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 4 && strcmp(buf, "posixlib: bad thing\n") == 0, "errx: exit 4, \"%s\"",
        buf);

  /* random */
  srandom(42);
  long a1 = random(), a2 = random();
  srandom(42);
  CHECK(random() == a1 && random() == a2 && a1 >= 0 && a1 <= 0x7fffffff, "srandom repeats the sequence");
  static char state[256];
  char *old = initstate(7, state, sizeof(state));
  long b1 = random();
  CHECK(old != NULL && b1 >= 0, "initstate with 256 bytes");
  char *mine = setstate(old);
  srandom(42);
  CHECK(mine == state && random() == a1, "setstate back to the default state");
  long sum = 0;
  int hi = 0;
  for (int i = 0; i < 1000; i++) {
    long r = random();
    sum += r >> 20;
    hi += (r & 1);
  }
  CHECK(sum > 900000 && sum < 1150000 && hi > 400 && hi < 600, "spread over the range (%ld, %d odd)", sum, hi);
  errno = 0;
  CHECK(initstate(1, state, 4) == NULL && errno == EINVAL, "initstate with less than 8 bytes: EINVAL");

  /* popen, pclose */
  FILE *f = popen("echo one; echo two", "r");
  CHECK(f != NULL && fgets(buf, sizeof(buf), f) != NULL && strcmp(buf, "one\n") == 0, "popen \"r\": reads the output");
  CHECK(fgets(buf, sizeof(buf), f) != NULL && strcmp(buf, "two\n") == 0 && fgets(buf, sizeof(buf), f) == NULL,
        "to the end");
  st = pclose(f);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "pclose: its status (%#x)", st);
  f = popen("cat > " DIR "/popen.out; exit 5", "w");
  fprintf(f, "through a pipe\n");
  st = pclose(f);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5, "popen \"w\", exit 5 (%#x)", st);
  f = fopen(DIR "/popen.out", "r");
  CHECK(f != NULL && fgets(buf, sizeof(buf), f) != NULL && strcmp(buf, "through a pipe\n") == 0,
        "the command read what was written");
  if (f) {
    errno = 0;
    CHECK(pclose(f) == -1 && errno == ECHILD, "pclose of a stream popen did not open: ECHILD");
    fclose(f);
  }
  errno = 0;
  CHECK(popen("true", "rw") == NULL && errno == EINVAL, "popen with a bad mode: EINVAL");

  /* temporary files */
  char t1[] = DIR "/tmXXXXXX";
  int fd = mkstemp(t1);
  struct stat sb;
  CHECK(fd >= 0 && strncmp(t1, DIR "/tm", strlen(DIR) + 3) == 0 && fstat(fd, &sb) == 0 && (sb.st_mode & 0777) == 0600,
        "mkstemp: %s, mode 0600", t1);
  close(fd);
  char t2[] = DIR "/tmXXXXXX";
  CHECK(mkstemp(t2) >= 0 && strcmp(t1, t2) != 0, "a second mkstemp: another name (%s)", t2);
  char t3[] = DIR "/tmXXXXXX";
  CHECK(mktemp(t3) == t3 && strcmp(t3, t1) != 0 && strcmp(t3, t2) != 0 && access(t3, F_OK) < 0,
        "mktemp: a name not in use (%s)", t3);
  char t4[] = DIR "/none";
  errno = 0;
  CHECK(mkstemp(t4) == -1 && errno == EINVAL, "a template without X: EINVAL");
  f = tmpfile();
  CHECK(f != NULL && fputs("temp", f) >= 0 && fseek(f, 0, SEEK_SET) == 0 && fgets(buf, sizeof(buf), f) != NULL &&
            strcmp(buf, "temp") == 0,
        "tmpfile: written and read back");
  if (f) fclose(f);
  char *tn = tmpnam(NULL);
  CHECK(tn != NULL && strncmp(tn, P_tmpdir, strlen(P_tmpdir)) == 0 && access(tn, F_OK) < 0, "tmpnam: %s", tn);
  char *tn2 = tempnam(DIR, "pfx");
  CHECK(tn2 != NULL && strncmp(tn2, DIR "/pfx", strlen(DIR) + 4) == 0, "tempnam: %s", tn2);
  free(tn2);

  /* strings */
  char s1[] = "a,b,,c";
  char *save, *tok;
  int count = 0;
  for (tok = strtok_r(s1, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) count++;
  CHECK(count == 3, "strtok_r: 3 tokens (%d)", count);
  char s2[] = "a,b,,c";
  char *sp = s2;
  count = 0;
  while ((tok = strsep(&sp, ",")) != NULL) count++;
  CHECK(count == 4 && sp == NULL, "strsep: 4 fields, the empty one too (%d)", count);
  char mc[8];
  CHECK(memccpy(mc, "abc:def", ':', sizeof(mc)) == mc + 4 && memccpy(mc, "abc", 'z', 3) == NULL, "memccpy");
  CHECK(ffs(0) == 0 && ffs(1) == 1 && ffs(0x80) == 8 && ffs((int)0x80000000) == 32, "ffs");

  /* lines */
  f = fopen(DIR "/lines", "w+");
  fputs("short\na much longer line than the first one, longer than the initial buffer of getline's, surely it is\nend",
        f);
  rewind(f);
  char *line = NULL;
  size_t size = 0;
  CHECK(getline(&line, &size, f) == 6 && strcmp(line, "short\n") == 0, "getline");
  ssize_t got = getline(&line, &size, f);
  CHECK(got == 97 && line[got - 1] == '\n' && size > 97, "getline grows its buffer (%d, %u)", (int)got,
        (unsigned)size);
  CHECK(getline(&line, &size, f) == 3 && strcmp(line, "end") == 0, "the last line, without a newline");
  CHECK(getline(&line, &size, f) == -1, "then -1");
  rewind(f);
  CHECK(getdelim(&line, &size, ' ', f) == 8 && strcmp(line, "short\na ") == 0, "getdelim: up to the delimiter");
  free(line);
  rewind(f);
  size_t len;
  char *ln = fgetln(f, &len);
  CHECK(ln != NULL && len == 6 && memcmp(ln, "short\n", 6) == 0, "fgetln");
  errno = 0;
  CHECK(getline(NULL, &size, f) == -1 && errno == EINVAL, "getline(NULL): EINVAL");

  /* fgetpos, fsetpos */
  fpos_t pos;
  rewind(f);
  fgets(buf, sizeof(buf), f);
  CHECK(fgetpos(f, &pos) == 0 && pos == 6, "fgetpos after a line: %ld", (long)pos);
  fgets(buf, sizeof(buf), f);
  CHECK(fsetpos(f, &pos) == 0 && fgetc(f) == 'a', "fsetpos goes back");
  fclose(f);
  int pfd[2];
  pipe(pfd);
  f = fdopen(pfd[0], "r");
  errno = 0;
  CHECK(fgetpos(f, &pos) == -1 && errno == ESPIPE, "fgetpos on a pipe: ESPIPE");
  fclose(f);
  close(pfd[1]);

  /* realpath */
  char rp[PATH_MAX];
  mkdir(DIR "/d", 0755);
  symlink("d", DIR "/ln");
  symlink("/tmp/posixlib/../posixlib/d/..", DIR "/up");
  CHECK(realpath(DIR "/./d/../ln", rp) != NULL && strcmp(rp, DIR "/d") == 0, "realpath through . .. and a link: %s", rp);
  CHECK(realpath(DIR "/up", rp) != NULL && strcmp(rp, DIR) == 0, "an absolute link with ..: %s", rp);
  chdir(DIR);
  CHECK(realpath("ln", rp) != NULL && strcmp(rp, DIR "/d") == 0, "a relative name: %s", rp);
  chdir("/");
  errno = 0;
  CHECK(realpath(DIR "/nothing", rp) == NULL && errno == ENOENT, "a name that does not exist: ENOENT");
  symlink("loop", DIR "/loop");
  errno = 0;
  CHECK(realpath(DIR "/loop", rp) == NULL && errno == ELOOP, "a link to itself: ELOOP");

  /* the C locale */
  CHECK(setlocale(LC_ALL, "") != NULL && strcmp(setlocale(LC_ALL, NULL), "C") == 0, "setlocale: \"C\"");
  CHECK(setlocale(LC_ALL, "fr_FR") == NULL && setlocale(99, "C") == NULL, "no other locale, no other category");
  struct lconv *lc = localeconv();
  CHECK(strcmp(lc->decimal_point, ".") == 0 && lc->frac_digits == CHAR_MAX, "localeconv: the C values");
  char x[8];
  CHECK(strcoll("abc", "abd") < 0 && strxfrm(x, "hello", sizeof(x)) == 5 && strcmp(x, "hello") == 0 &&
            strxfrm(x, "much too long", 4) == 13,
        "strcoll, strxfrm");

  /* exec family: execle's environment, execlp's PATH search */
  int p[2];
  pipe(p);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    dup2(p[1], 1);
    char *env[] = {"GREETING=from execle", NULL};
    execle("/bin/sh", "sh", "-c", "echo $GREETING", (char *)NULL, env);
    _exit(1);
  }
  close(p[1]);
  n = read(p[0], buf, sizeof(buf) - 1);
  buf[n > 0 ? n : 0] = 0;
  close(p[0]);
  waitpid(c, &st, 0);
  CHECK(strcmp(buf, "from execle\n") == 0, "execle passes its environment: \"%s\"", buf);
  c = fork();
  if (c == 0) {
    execlp("false", "false", (char *)NULL);
    _exit(9);
  }
  waitpid(c, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1, "execlp finds false in $PATH (%#x)", st);
  errno = 0;
  CHECK(execlp("no-such-command", "x", (char *)NULL) == -1 && errno == ENOENT, "execlp of nothing: ENOENT");

  /* <stdint.h>, <inttypes.h>, <stdbool.h> */
  int64_t big = INT64_C(-1234567890123);
  snprintf(buf, sizeof(buf), "%" PRId64 " %" PRIx32 " %" PRIuMAX, big, (uint32_t)0xbeef, (uintmax_t)UINT64_MAX);
  CHECK(strcmp(buf, "-1234567890123 beef 18446744073709551615") == 0, "PRId64 and friends: %s", buf);
  char *end;
  CHECK(strtoimax("-99x", &end, 10) == -99 && *end == 'x' && strtoumax("ff", NULL, 16) == 255 &&
            imaxabs(INTMAX_C(-5)) == 5 && imaxdiv(7, 2).rem == 1,
        "strtoimax, strtoumax, imaxabs, imaxdiv");
  bool yes = true;
  CHECK(yes && sizeof(int32_t) == 4 && sizeof(int_least16_t) == 2 && INT32_MAX == 2147483647, "stdbool, stdint");

  /* getopt_long */
  static int flag;
  struct option longopts[] = {{"verbose", no_argument, &flag, 1},
                              {"count", required_argument, NULL, 'c'},
                              {"name", required_argument, NULL, 'n'},
                              {"color", optional_argument, NULL, 'C'},
                              {NULL, 0, NULL, 0}};
  char *args[] = {argv[0], "--verbose", "--count=3", "--na", "joe", "-x", "--color", "file", NULL};
  int nargs = 8;
  optind = 1;
  opterr = 0;
  int count3 = 0, gotname = 0, gotx = 0, color = 0, idx = -1;
  int o;
  while ((o = getopt_long(nargs, args, "xc:", longopts, &idx)) != -1) {
    if (o == 'c') count3 = atoi(optarg);
    if (o == 'n') gotname = strcmp(optarg, "joe") == 0;
    if (o == 'x') gotx = 1;
    if (o == 'C') color = optarg == NULL ? 1 : 2;
  }
  CHECK(flag == 1 && count3 == 3 && gotname && gotx && color == 1 && optind == 7 && strcmp(args[optind], "file") == 0,
        "getopt_long: flag, =value, an abbreviation with its value apart, a short one, an optional one (%d %d %d %d %d %d)",
        flag, count3, gotname, gotx, color, optind);
  char *bad[] = {argv[0], "--nope", "--count", NULL};
  optind = 1;
  o = getopt_long(3, bad, "", longopts, NULL);
  int o2 = getopt_long(3, bad, ":", longopts, NULL);
  CHECK(o == '?' && o2 == ':', "an unknown option '?', a missing argument ':' (%c %c)", o, o2);
  char *amb[] = {argv[0], "--co", NULL};
  optind = 1;
  CHECK(getopt_long(2, amb, "", longopts, NULL) == '?', "an ambiguous abbreviation '?'");
  optind = 1;
  opterr = 1;

  /* utime */
  struct utimbuf ut = {1000000, 2000000};
  CHECK(utime(DIR "/lines", &ut) == 0 && stat(DIR "/lines", &sb) == 0 && sb.st_atime == 1000000 &&
            sb.st_mtime == 2000000,
        "utime");
  errno = 0;
  CHECK(utime(DIR "/nothing", &ut) == -1 && errno == ENOENT, "utime of no file: ENOENT");

  /* who */
  char cu[L_cuserid];
  CHECK(cuserid(cu) != NULL && strcmp(cu, "root") == 0, "cuserid: %s", cu);
  CHECK(strcmp(ctermid(NULL), "/dev/tty") == 0, "ctermid: /dev/tty");
  char *who = getlogin();
  CHECK(who != NULL && strcmp(who, "root") == 0, "getlogin: the console's owner, %s", who ? who : "(null)");

  /* stdio and the break: a file's buffer is BUFSIZ bytes from malloc, the heap grows by a page at most */
  char *brk1 = sbrk(0);
  f = fopen(DIR "/buffered", "w");
  fprintf(f, "x");
  char *brk2 = sbrk(0);
  fclose(f);
  CHECK(brk2 - brk1 <= 8192, "a new stream's buffer moves the break %ld bytes", (long)(brk2 - brk1));
  CHECK(usleep(20000) == 0, "usleep");

  system("rm -r " DIR);
  return DONE("posixlib");
}
