/* The system-call fuzzer: COUNT cases from SEED, each one system call made
 * with the trap itself (no libc stub in the way), its number and arguments
 * a function of (SEED, case) alone:
 *
 *   a case in four   every number 0..300, once per round of 1204 cases in
 *                    an order of the seed's choosing, with arguments of
 *                    any kind;
 *   the others       a SunOS 4 call from the table below, nine times in ten
 *                    one the kernel has (a probe at the start asks each),
 *                    with arguments of the kinds it takes (descriptor,
 *                    path, buffer, count, pid...), one in seven of them
 *                    swapped for another kind.
 *
 * The kinds mix boundary numbers (0, -1, 0x7fffffff, 0x80000000, page
 * edges), small numbers, random ones and pointers: good ones, unmapped
 * ones, kernel addresses, misaligned ones, into the text, straddling the
 * end of the data or of the stack, into the live stack, and strings with
 * no end. One case in eight goes through the indirect call (number 0).
 *
 * The calls are made by disposable workers, one at a time: a worker takes
 * the cases in order and reports each one to this process before and after
 * the call. A worker that dies (exit, execve, a signal it brought on
 * itself, a garbage sigreturn, a brk that took its data away) is replaced,
 * and the campaign goes on with the next case; one that has not come back
 * from a call after 200 ms of emulated time is hung (reading an empty pipe,
 * sigpause...) and is killed; whatever a worker left behind (a forked
 * child, a process in a group of its own) is killed and reaped too. A
 * process that does not die within 3 s of SIGKILL is a failure.
 *
 * Workers run as uid 4242 when setuid works (the credential calls exist);
 * otherwise as root, and then they leave out the calls that change the
 * machine for everyone (acct, reboot, swapon, sethostname, settimeofday,
 * adjtime, unmount, setdomainname, mount) and may not signal or join the
 * campaign's own processes or groups. See docs/reliability.md.
 *
 *   sysfuzz [-v] [SEED [COUNT [FIRST]]]     (default: seed 1, 300 cases)
 *
 * -v prints one line per case: "k n(a0,...,a5) outcome", n 0 meaning the
 * indirect call. The run is deterministic: the same arguments on the same
 * image make the same calls with the same answers, so a failure is
 * replayed by running it again, and narrowed down with FIRST and COUNT. */
#include <fcntl.h>
#include <sgtty.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "fuzz.h"

#define SCRATCH "/tmp/sysfuzz"
#define CHAN 40     /* the worker's descriptor for its reports: never an argument */
#define CASE_MS 200 /* a call not back after this is hung */
#define DIE_MS 3000 /* a process must be gone this long after SIGKILL */
#define NCALLS 301  /* call numbers 0..300 */
#define USRSTACK 0x0e000000L
#define LOST_CHAN 97 /* a worker's exit status when it can no longer report */

/* The SunOS 4 calls and the kinds of their arguments: i number, f
 * descriptor, p path, b buffer, n count, d pid or group, s signal, m mode
 * or flags, w a small selector (which, whence, cmd), u uid or gid, c ioctl
 * request, o offset, a address (brk). */
static const struct {
  short n;
  char kinds[7];
} calls[] = {
    {1, "i"},      {2, ""},       {3, "fbn"},    {4, "fbn"},    {5, "pmm"},    {6, "f"},      {7, "dbmb"},
    {8, "pm"},     {9, "pp"},     {10, "p"},     {11, "pb"},    {12, "p"},     {14, "pmi"},   {15, "pm"},
    {16, "puu"},   {17, "a"},     {19, "fow"},   {20, ""},      {23, "u"},     {24, ""},      {26, "wdbi"},
    {33, "pw"},    {36, ""},      {37, "ds"},    {38, "pb"},    {40, "pb"},    {41, "f"},     {42, ""},
    {44, "bnii"},  {46, "u"},     {47, ""},      {51, "p"},     {54, "fcb"},   {55, "ib"},    {57, "pp"},
    {58, "pbn"},   {59, "pbb"},   {60, "m"},     {61, "p"},     {62, "fb"},    {64, ""},      {65, "bni"},
    {66, ""},      {69, "i"},     {71, "bnmmfo"}, {73, "bn"},   {74, "bnm"},   {75, "bni"},   {76, ""},
    {78, "bnb"},   {79, "nb"},    {80, "nb"},    {81, "d"},     {82, "dd"},    {83, "wbb"},   {85, "p"},
    {86, "wb"},    {87, "bn"},    {88, "bn"},    {89, ""},      {90, "ff"},    {92, "fwi"},   {93, "nbbbb"},
    {95, "f"},     {96, "wdi"},   {97, "iii"},   {98, "fbn"},   {99, "fbb"},   {100, "wd"},   {101, "fbnm"},
    {102, "fbnm"}, {104, "fbn"},  {105, "fiibn"}, {106, "fi"},  {108, "sbb"},  {109, "m"},    {110, "m"},
    {111, "m"},    {112, "bb"},   {113, "fbm"},  {114, "fbm"},  {116, "bb"},   {117, "wb"},   {118, "fiibb"},
    {120, "fbn"},  {121, "fbn"},  {122, "bb"},   {123, "fuu"},  {124, "fm"},   {125, "fbnmbb"}, {126, "uu"},
    {127, "uu"},   {128, "pp"},   {129, "po"},   {130, "fo"},   {131, "fm"},   {133, "fbnmbn"}, {134, "fi"},
    {135, "iiib"}, {136, "pm"},   {137, "p"},    {138, "pb"},   {139, "b"},    {140, "bb"},   {141, "fbb"},
    {142, ""},     {144, "wb"},   {145, "wb"},   {146, "ds"},   {150, "fbb"},  {153, "bni"},  {156, "fbnb"},
    {157, "pb"},   {158, "fb"},   {159, "p"},    {162, "bn"},   {163, "bn"},   {165, "ipib"}, {167, "ppmb"},
    {174, "fbn"},  {175, ""},     {176, "f"},    {177, "f"},    {183, "b"},    {185, "dd"},   {186, "pi"},
    {187, "fi"},   {188, "i"},    {189, "b"},    {220, "bn"},   {221, "bn"},
};
#define NTYPED ((unsigned)(sizeof(calls) / sizeof(calls[0])))

/* Who is who, known to the campaign and to its workers. */
static struct {
  int root;               /* workers run as root (no credential calls): the guards below apply */
  int drop;               /* workers give up root for FUZZ_UID */
  pid_t master, above;    /* this process and its parent */
  int mpgrp;              /* and its process group */
  pid_t self;             /* the worker */
} env;

/* Three pages of buffer: the first 512 bytes are filled anew for each
 * case (the structures a call reads), the second page takes what calls
 * write, the third holds long strings. */
static unsigned char zone[3 * 8192] __attribute__((aligned(8192)));
#define LONG_PATHS (zone + 2 * 8192)
/* The end of the data: the page below is mapped (and full of 'A', a
 * string with no end), the page above is not. */
static char *edge;

static const char *const paths[] = {
    "a",        "b",         "b/c",       "l",           "loop",     "d",         "d/c",       "big",
    "ro",       "new",       "new2",      "b/new",       "nodir/x",  ".",         "..",
    "",         "/",         "/tmp",      SCRATCH,       "/dev/null", "/dev/tty", "/dev/console",
    "/etc/motd", "/etc",     "/bin/true", "a/",          "b/",       "b/..",      "l/",
    "d/",       "////",      "./a/../b/./c", "/tmp/../tmp/./sysfuzz/a", "\377\200", "new/", "b/c/",
};

/* Strings at the limits: a path of 1023 bytes (the longest), 1024 and 1100
 * bytes, a name of 255 bytes (the longest) and of 256. */
static const unsigned long_len[] = {1023, 1024, 1100, 255, 256};
static const char *long_path(unsigned i) {
  const char *p = (const char *)LONG_PATHS;
  for (unsigned j = 0; j < i; j++) p += long_len[j] + 1;
  return p;
}

static void setup_memory(void) {
  char *p = (char *)LONG_PATHS;
  for (unsigned i = 0; i < 5; i++) {
    unsigned n = long_len[i];
    for (unsigned j = 0; j < n; j++) /* paths "./././.../a", names "nnn...n" */
      p[j] = i >= 3 ? 'n' : j + 1 == n ? 'a' : j % 2 == 0 ? '.' : '/';
    p[n] = 0;
    p += n + 1;
  }
  char *b = sbrk(0);
  long pad = (8192 - ((long)b & 8191)) & 8191;
  char *m = sbrk(pad + 8192);
  if (m == (char *)-1) return;
  edge = m + pad + 8192;
  memset(edge - 8192, 'A', 8192);
}

static const char *gen_path(void) {
  switch (fz_below(10)) {
  case 0: return long_path(fz_below(5));
  case 1: return edge ? edge - 1 - fz_below(64) : "x"; /* runs off the end of the data */
  default: return FZ_PICK(paths);
  }
}

static const long edge_off[] = {1, 2, 3, 4, 8, 12, 16, 20, 60, 72, 100, 128, 4096};

static long gen_ptr(void) {
  static const long bad[] = {0,          0x10,           0x1ffe,          0x0d000000L,     0x0c000000L,
                             USRSTACK,   USRSTACK + 4096, 0x0f000000L,    0x0ffffff0L,     (long)0x80000000UL,
                             (long)0xfffffff0UL, -1L,    0x10000000L};
  switch (fz_below(13)) {
  case 0: return FZ_PICK(bad);                                         /* unmapped, kernel, beyond */
  case 1:
  case 2: return (long)zone;                                           /* a good buffer */
  case 3: return (long)zone + 8192;                                    /* where calls write */
  case 4: return (long)zone + fz_below(3 * 8192);                      /* in the buffer, any alignment */
  case 5: return (long)zone + 1 + 2 * fz_below(2);                     /* misaligned */
  case 6: return edge ? (long)edge - FZ_PICK(edge_off) : 0;            /* straddling the end of the data */
  case 7: return USRSTACK - FZ_PICK(edge_off);                         /* straddling the top of the stack */
  case 8: return USRSTACK - 0x200000L - FZ_PICK(edge_off);             /* the stack's limit, 2 MB down */
  case 9: return 0x2000 + 2 * (long)fz_below(4096);                    /* the text */
  case 10: { volatile char here; return (long)&here - (long)fz_below(512); } /* the live stack */
  case 11: return (long)gen_path();
  default: return (long)fz_rand();
  }
}

static long gen_int(void) {
  static const long tab[] = {0,      1,      2,      3,       -1,          -2,          0x7fffffffL,
                             (long)0x80000000UL, 0x7ffffffeL, (long)0x80000001UL, 0xffff, 0x10000, 0xff,
                             0x100,  0x1fff, 0x2000, 0x2001,  0x0dffffffL, 0x0e000000L, 8192 * 12,
                             8192 * (12 + 2048)};
  switch (fz_below(5)) {
  case 0:
  case 1: return FZ_PICK(tab);
  case 2: return fz_below(65);
  case 3: return (long)fz_rand();
  default: return gen_ptr();
  }
}

static long gen(char kind) {
  static const long counts[] = {0,    1,    2,    3,    4,     8,     12,    16,    20,         60,
                                64,   72,   100,  128,  255,   256,   512,   1023,  1024,       1025,
                                4096, 8191, 8192, 8193, 16384, 24576, 65536, -1L,   0x7fffffffL, (long)0x80000000UL,
                                -8192L};
  static const long fds[] = {0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, -1, 63, 64, 255, 256, 0x7fffffffL,
                             (long)0x80000000UL};
  static const long sigs_extra[] = {-1, 32, 33, (long)0x80000000UL, 0x7fffffffL};
  static const long modes[] = {0,      0644,   0755,   0777,   07777,  0100644, 040755, 020666, 010644,
                               0120777, 0xffff, -1,     1,      2,      3,      0x208,   0x602,  0xa02,
                               0x4,    0x4000, 0x8000, 0x60a};
  static const long uids[] = {0, 1, FUZZ_UID, 65534, 65535, 65536, -1, -2};
  static const unsigned long ioctls[] = {0x40067408, 0x80067409, 0x8006740a, 0x20007471, 0x40047477, 0x80047476,
                                         0x40087468, 0x80087467, 0x80047410, 0x8004747f, 0x8004747e, 0x8004747d,
                                         0x4004747c, 0x4004667f, 0x8004667e, 0x80017472, 0x2000740d, 0x2000740e,
                                         0x40067412, 0x80067411, 0x40047403, 0x80047401, 0xdfff7400};
  switch (kind) {
  case 'f': return fz_below(8) ? FZ_PICK(fds) : gen_int();
  case 'p': return fz_below(8) ? (long)gen_path() : gen_ptr();
  case 'b': return gen_ptr();
  case 'n': return fz_below(8) ? FZ_PICK(counts) : gen_int();
  case 'd': {
    long self = env.self;
    const long pids[] = {0, -1, self, -self, self + 1, env.master, env.above, 1, 2, 3, 30000, 30001, -30000};
    return fz_below(6) ? FZ_PICK(pids) : gen_int();
  }
  case 's': return fz_below(8) ? (long)fz_below(34) : FZ_PICK(sigs_extra);
  case 'm': return fz_below(4) ? FZ_PICK(modes) : gen_int();
  case 'w': return fz_below(8) ? (long)fz_below(15) - 2 : gen_int();
  case 'u': return fz_below(4) ? FZ_PICK(uids) : gen_int();
  case 'c': return fz_below(6) ? (long)FZ_PICK(ioctls) : (long)(fz_rand() | (fz_below(2) ? 0xc0000000UL : 0));
  case 'o': return fz_below(3) ? FZ_PICK(counts) : gen_int();
  case 'a': {
    const long e = (long)edge;
    const long brks[] = {0, e, e + 8192, e - 8192, e + 1, 0x2000, 0x20000, 0x0d000000L, USRSTACK,
                         USRSTACK - 0x200000L, e + 0x4000000L};
    return fz_below(4) ? FZ_PICK(brks) : gen_int();
  }
  default: return gen_int();
  }
}

/* The structures a call may read: zeros, ones, random, small numbers,
 * timevals, pointers, or a string. */
static void fill_in(void) {
  long *w = (long *)zone;
  unsigned pat = fz_below(7);
  for (int i = 0; i < 128; i++) {
    switch (pat) {
    case 0: w[i] = 0; break;
    case 1: w[i] = -1; break;
    case 2: w[i] = (long)fz_rand(); break;
    case 3: w[i] = fz_below(17); break;
    case 4: w[i] = i & 1 ? (long)fz_below(1000001) : (long)fz_below(3); break;
    case 5: w[i] = gen_ptr(); break;
    default: w[i] = gen_int(); break;
    }
  }
  if (fz_below(4) == 0) {
    const char *s = FZ_PICK(paths);
    strncpy((char *)zone, s, 511);
  }
}

/* Calls a worker running as root leaves out: they change the machine for everyone. */
static int machine_wide(long n) {
  switch (n) {
  case 51: case 55: case 85: case 88: case 122: case 140: case 159: case 163: case 167: return 1;
  default: return 0;
  }
}

/* A process or group the campaign cannot do without. */
static int guarded(long id) {
  long a = id < 0 ? -id : id;
  return a == 1 || a == env.master || a == env.above || a == env.mpgrp;
}

struct fcase {
  long n;      /* the number given to the trap (0: the indirect call) */
  long a[6];
  int skip;    /* left out (a machine-wide call, as root) */
};

/* Keep a worker running as root from stopping the campaign. */
static void protect(struct fcase *c) {
  if (!env.root) return;
  long n = c->n, *a = c->a;
  if (n == 0) { /* the indirect call: the real number comes first */
    n = a[0];
    a++;
  }
  if (machine_wide(n)) c->skip = 1;
  if (n == 37 && (guarded(a[0]) || (a[0] == -1 && env.master != 1))) a[0] = env.self; /* kill */
  if (n == 146 && guarded(a[0])) a[0] = env.self;                                      /* killpg */
  if ((n == 82 || n == 185) && guarded(a[1])) a[1] = 0;                                /* setpgrp, setpgid */
}

/* The calls of the table the kernel has (not ENOSYS), by index. */
static unsigned char have[NTYPED];
static unsigned nhave;

static void make_case(const struct fz_args *fa, unsigned k, struct fcase *c) {
  const char *kinds = "";
  int untyped = k % 4 == 0;
  if (untyped) {
    /* round r of the untyped cases: 0..300 in the order i * mul + add mod 301 */
    unsigned r = k / 4 / NCALLS, i = k / 4 % NCALLS, mul;
    fz_case(fa->seed ^ 0x5ca1ab1eu, r);
    do mul = 1 + fz_below(NCALLS - 1);
    while (mul % 7 == 0 || mul % 43 == 0);
    unsigned add = fz_below(NCALLS);
    c->n = (long)((i * mul + add) % NCALLS);
    fz_case(fa->seed, k);
  } else {
    fz_case(fa->seed, k);
    unsigned j = fz_below(NTYPED);
    if (nhave > 0 && fz_below(10) > 0) /* the j-th call the kernel has */
      for (unsigned i = 0, seen = 0, want = fz_below(nhave); i < NTYPED; i++)
        if (have[i] && seen++ == want) j = i;
    c->n = calls[j].n;
    kinds = calls[j].kinds;
  }
  for (int i = 0; i < 6; i++) {
    char kind = *kinds ? *kinds++ : 'i';
    if (fz_below(7) == 0 || untyped) kind = "ifpbndsmwucoa"[fz_below(13)];
    c->a[i] = gen(kind);
  }
  if (fz_below(8) == 0) { /* through the indirect call */
    for (int i = 5; i > 0; i--) c->a[i] = c->a[i - 1];
    c->a[0] = c->n;
    c->n = 0;
  }
  c->skip = 0;
  protect(c);
  fill_in();
}

struct res {
  long d0, d1, failed;
};

/* Make the call with `trap #0`: the number, a return-address slot (where
 * sigreturn takes its argument) and six arguments on the stack. If it comes
 * back in another process (the child of fork or vfork, which may share
 * this one's memory), that process exits at once. */
static void __attribute__((noinline)) fuzzcall(long n, const long *w, long me, struct res *out) {
  __asm__ volatile(
      "move.l 24(%[w]),-(%%sp)\n\t"
      "move.l 20(%[w]),-(%%sp)\n\t"
      "move.l 16(%[w]),-(%%sp)\n\t"
      "move.l 12(%[w]),-(%%sp)\n\t"
      "move.l 8(%[w]),-(%%sp)\n\t"
      "move.l 4(%[w]),-(%%sp)\n\t"
      "move.l (%[w]),-(%%sp)\n\t"
      "move.l %[n],-(%%sp)\n\t"
      "moveq #0,%%d1\n\t"
      "trap #0\n\t"
      "scs %%d4\n\t"
      "move.l %%d0,%%d2\n\t"
      "move.l %%d1,%%d3\n\t"
      "pea 20\n\t" /* getpid: still this process? */
      "trap #0\n\t"
      "cmp.l %[me],%%d0\n\t"
      "beq.s 1f\n\t"
      "clr.l -(%%sp)\n\t" /* no: exit(0) */
      "clr.l -(%%sp)\n\t"
      "pea 1\n\t"
      "trap #0\n"
      "0:\tbra.s 0b\n"
      "1:\tlea 28(%%sp),%%sp\n\t"
      "move.l %%d2,(%[o])\n\t"
      "move.l %%d3,4(%[o])\n\t"
      "extb.l %%d4\n\t"
      "move.l %%d4,8(%[o])"
      :
      : [w] "a"(w), [n] "d"(n), [me] "d"(me), [o] "a"(out)
      : "d0", "d1", "d2", "d3", "d4", "a0", "a1", "cc", "memory");
}

/* A worker's reports. */
#define REP_START 0x53544152L
#define REP_OK 0x4f4b2020L
#define REP_ERR 0x45525220L
#define REP_SKIP 0x534b4950L
#define REP_WRONG 0x57524f4eL

/* Is d0 a wrong answer from a call that succeeded? Results that must be a
 * descriptor, a count no larger than the one asked for, an offset an off_t
 * holds, a mask, or a known constant. */
static int wrong_answer(const struct fcase *c, long d0) {
  long n = c->n;
  const long *a = c->a;
  if (n == 0) {
    n = a[0];
    a++;
  }
  switch (n) {
  case 3:   /* read */
  case 4:   /* write */
  case 58:  /* readlink */
  case 156: /* getdirentries */
    return d0 < 0 || d0 > a[2];
  case 5:  /* open */
  case 8:  /* creat */
  case 41: /* dup */
    return d0 < 0 || d0 >= 64;
  case 90: return d0 != a[1]; /* dup2 */
  case 19: return d0 < 0;     /* lseek */
  case 60: return d0 < 0 || d0 > 0777; /* umask */
  case 64: return d0 != 8192; /* getpagesize */
  case 89: return d0 != 64;   /* getdtablesize */
  case 20: return d0 != env.self; /* getpid */
  default: return 0;
  }
}

static void report(long what, long k, long d0, long d1) {
  long r[4] = {what, k, d0, d1};
  if (write(CHAN, r, sizeof(r)) != sizeof(r)) _exit(LOST_CHAN);
}

static void worker(const struct fz_args *fa, unsigned from, unsigned end) {
  env.self = getpid();
  setpgrp(0, env.self);
  for (int fd = 0; fd < 64; fd++)
    if (fd != CHAN) close(fd);
  chdir(SCRATCH);
  /* 0-2 /dev/null, 3 a file, 4 the directory, 5-6 a pipe, 7 the console, 8 a file it may not write,
   * 9 a file of 2 GB */
  open("/dev/null", O_RDONLY);
  open("/dev/null", O_WRONLY);
  dup(1);
  open("a", O_RDWR | O_CREAT, 0666);
  open(".", O_RDONLY);
  int p[2];
  pipe(p);
  open("/dev/console", O_RDWR);
  open("/etc/motd", O_RDONLY);
  open("big", O_RDWR);
  fz_drop_root(env.drop);
  for (unsigned k = from; k < end; k++) {
    struct fcase c;
    make_case(fa, k, &c);
    report(REP_START, k, c.n, 0);
    if (c.skip) {
      report(REP_SKIP, k, 0, 0);
      continue;
    }
    long w[7];
    w[0] = c.n == 139 ? c.a[0] : 0;
    for (int i = 0; i < 6; i++) w[i + 1] = c.a[i];
    struct res r;
    fuzzcall(c.n, w, env.self, &r);
    report(r.failed ? REP_ERR : wrong_answer(&c, r.d0) ? REP_WRONG : REP_OK, k, r.d0, r.d1);
  }
  _exit(0);
}

/* ---------------------------------------------------------------- the campaign */

static struct {
  unsigned done, ok, err, skipped, ended, hung, wrong, workers, stalls, garbage, unkillable, forkfail;
  unsigned errs[100], sigs[NSIG], exits;
} tally;

enum { O_OK, O_ERR, O_SKIP, O_ENDED, O_HUNG, O_WRONG };

static void outcome(const struct fz_args *fa, unsigned k, int kind, long v, int st) {
  tally.done++;
  switch (kind) {
  case O_OK: tally.ok++; break;
  case O_ERR:
    tally.err++;
    if (v >= 0 && v < 100) tally.errs[v]++;
    break;
  case O_SKIP: tally.skipped++; break;
  case O_WRONG: tally.wrong++; break;
  case O_ENDED:
    tally.ended++;
    if (st != -1 && WIFSIGNALED(st)) tally.sigs[WTERMSIG(st)]++;
    else tally.exits++;
    break;
  default: tally.hung++; break;
  }
  if (!fa->verbose && !(kind == O_HUNG && st == -1) && kind != O_WRONG) return;
  struct fcase c;
  make_case(fa, k, &c);
  printf("%u %ld(%lx,%lx,%lx,%lx,%lx,%lx) ", k, c.n, c.a[0], c.a[1], c.a[2], c.a[3], c.a[4], c.a[5]);
  switch (kind) {
  case O_OK: printf("= %lx\n", v); break;
  case O_ERR: printf("E%ld\n", v); break;
  case O_SKIP: printf("left out\n"); break;
  case O_WRONG: printf("= %lx, a wrong answer\n", v); break;
  case O_ENDED: printf("ended the worker: %s\n", fz_status(st)); break;
  default: printf("hung, killed: %s\n", fz_status(st)); break;
  }
  fflush(stdout);
}

/* Watch worker w until it ends or is killed; *next is the case to go on with. */
static void monitor(const struct fz_args *fa, pid_t w, int rfd, unsigned *next, unsigned end) {
  long cur = -1;
  for (;;) {
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(rfd, &rd);
    struct timeval tv = {0, CASE_MS * 1000L};
    int n = select(rfd + 1, &rd, NULL, NULL, &tv);
    if (n < 0 && errno == EINTR) continue;
    long rec[4];
    int got = n > 0 ? read(rfd, rec, sizeof(rec)) : -1;
    if (got <= 0) { /* hung (a timeout), or gone (end of file) */
      int st = fz_kill(w, DIE_MS);
      if (st == -1) {
        tally.unkillable++;
        printf("worker %d, case %ld: did not die within %d ms of SIGKILL\n", w, cur, DIE_MS);
      }
      if (cur < 0) {
        if (!(got == 0 && *next == end)) tally.stalls++; /* between two cases, not at the end */
      } else {
        outcome(fa, cur, got < 0 ? O_HUNG : O_ENDED, 0, st);
        *next = cur + 1;
      }
      return;
    }
    int good = got == sizeof(rec);
    if (good && rec[0] == REP_START && cur < 0 && rec[1] == (long)*next)
      cur = rec[1];
    else if (good && cur >= 0 && rec[1] == cur &&
             (rec[0] == REP_OK || rec[0] == REP_ERR || rec[0] == REP_SKIP || rec[0] == REP_WRONG)) {
      outcome(fa, cur,
              rec[0] == REP_OK    ? O_OK
              : rec[0] == REP_ERR ? O_ERR
              : rec[0] == REP_WRONG ? O_WRONG
                                    : O_SKIP,
              rec[2], 0);
      *next = cur + 1;
      cur = -1;
    } else { /* a worker gone astray (a sigreturn into the middle of things) */
      tally.garbage++;
      int st = fz_kill(w, DIE_MS);
      if (st == -1) tally.unkillable++;
      if (cur >= 0) {
        outcome(fa, cur, O_ENDED, 0, st);
        *next = cur + 1;
      }
      return;
    }
  }
}

/* The files the cases name, made again for each worker if they are gone. */
static void scratch(void) {
  if (env.root && access("/tmp", F_OK) < 0) mkdir("/tmp", 01777); /* a root worker moved it away */
  mkdir(SCRATCH, 0777);
  chmod(SCRATCH, 0777);
  if (access(SCRATCH "/a", F_OK) < 0) {
    int fd = open(SCRATCH "/a", O_WRONLY | O_CREAT, 0666);
    write(fd, "the file a\n", 11);
    close(fd);
  }
  if (access(SCRATCH "/b", F_OK) < 0) mkdir(SCRATCH "/b", 0777);
  if (access(SCRATCH "/b/c", F_OK) < 0) close(open(SCRATCH "/b/c", O_WRONLY | O_CREAT, 0666));
  if (access(SCRATCH "/ro", F_OK) < 0) close(open(SCRATCH "/ro", O_WRONLY | O_CREAT, 0444));
  if (access(SCRATCH "/big", F_OK) < 0) { /* as large as an off_t allows, all holes but its last byte */
    int fd = open(SCRATCH "/big", O_WRONLY | O_CREAT, 0777);
    lseek(fd, 0x7ffffffeL, SEEK_SET);
    write(fd, "x", 1);
    close(fd);
  }
  symlink("a", SCRATCH "/l");
  symlink("loop", SCRATCH "/loop");
  symlink("b", SCRATCH "/d");
}

/* Which calls of the table does the kernel have? Each is made once, with
 * arguments that name nothing (as robust does), in a child of its own as
 * a worker would be; an answer other than ENOSYS, or none (the child
 * exited, hung or died), means it is there. Machine-wide calls a root
 * worker leaves out are not tried. */
static void probe(void) {
  for (unsigned j = 0; j < NTYPED; j++) {
    if (env.root && machine_wide(calls[j].n)) continue;
    int p[2];
    if (pipe(p) < 0) return;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      close(p[0]);
      fz_drop_root(env.drop);
      long g = 0x7ead0000L + calls[j].n * 16;
      int r = syscall(calls[j].n, g + 1, g + 2, g + 3, g + 4, g + 5, g + 6);
      char c = r == -1 && errno == ENOSYS ? 'N' : 'Y';
      write(p[1], &c, 1);
      _exit(0);
    }
    close(p[1]);
    char c = 'Y';
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    struct timeval tv = {0, CASE_MS * 1000L};
    if (pid > 0 && select(p[0] + 1, &rd, NULL, NULL, &tv) == 1) read(p[0], &c, 1);
    close(p[0]);
    if (pid > 0) fz_kill(pid, DIE_MS);
    have[j] = pid > 0 && c != 'N';
    nhave += have[j];
  }
}

static int final_checks(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(7);
  int st = pid > 0 ? fz_reap(pid, DIE_MS) : -1;
  CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 7, "afterwards fork and wait work (%s)", fz_status(st));
  int p[2];
  char buf[8] = "";
  CHECK(pipe(p) == 0 && write(p[1], "ok", 2) == 2 && read(p[0], buf, 2) == 2 && memcmp(buf, "ok", 2) == 0,
        "a pipe works");
  close(p[0]);
  close(p[1]);
  /* in / if it may: a root worker may have renamed /tmp away, as root may */
  const char *path = getuid() == 0 ? "/sysfuzz.done" : "/tmp/sysfuzz.done";
  errno = 0;
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0 && write(fd, "done", 4) == 4 && lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, 4) == 4 &&
            memcmp(buf, "done", 4) == 0 && close(fd) == 0 && unlink(path) == 0,
        "a file can be written, read and removed (%s; errno %d)", path, errno);
  return 0;
}

int main(int argc, char **argv) {
  struct fz_args fa;
  fz_parse(argc, argv, &fa, 300);
  printf("sysfuzz: seed %u, %u cases from %u\n", fa.seed, fa.count, fa.first);
  fflush(stdout);
  setup_memory();
  env.master = getpid();
  env.above = getppid();
  env.mpgrp = getpgrp();
  static const int quiet[] = {SIGHUP, SIGINT,  SIGQUIT, SIGPIPE,   SIGALRM, SIGTERM, SIGURG,  SIGTSTP, SIGTTIN,
                              SIGTTOU, SIGIO, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH, SIGUSR1, SIGUSR2};
  for (unsigned i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++) signal(quiet[i], SIG_IGN);
  env.drop = fz_can_drop_root();
  env.root = !env.drop && getuid() == 0;
  struct sgttyb sg;
  int lw = 0, have_tty = ioctl(1, TIOCGETP, &sg) == 0 && ioctl(1, TIOCLGET, &lw) == 0;
  probe();
  struct fz_capacity before;
  fz_measure(&before);
  printf("sysfuzz: workers run as %s; the kernel has %u of the %u calls in the table\n",
         env.drop ? "uid 4242" : env.root ? "root" : "this user", nhave, NTYPED);
  fflush(stdout);
  unsigned next = fa.first, end = fa.first + fa.count, tries = 0, last = ~0u;
  while (next < end) {
    if (next == last && ++tries >= 3) { /* three workers died before this case began: leave it */
      outcome(&fa, next, O_ENDED, 0, -1);
      next++;
    }
    if (next != last) tries = 0;
    last = next;
    if (next >= end) break;
    scratch();
    int p[2];
    if (pipe(p) < 0) break;
    fflush(stdout);
    pid_t w = fork();
    if (w == 0) {
      close(p[0]);
      if (p[1] != CHAN) {
        dup2(p[1], CHAN);
        close(p[1]);
      }
      worker(&fa, next, end);
    }
    close(p[1]);
    if (w < 0) {
      close(p[0]);
      fz_kill(0, DIE_MS);
      if (++tally.forkfail > 20) break;
      continue;
    }
    tally.workers++;
    env.self = w;
    monitor(&fa, w, p[0], &next, end);
    close(p[0]);
  }
  fz_kill(0, DIE_MS);
  if (have_tty) {
    ioctl(1, TIOCSETN, &sg);
    ioctl(1, TIOCLSET, &lw);
    int pg = getpgrp();
    ioctl(1, TIOCSPGRP, &pg);
  }
  printf("sysfuzz: seed %u, cases %u-%u: %u done, %u returned (%u ok, %u errors, %u wrong), %u left out, %u "
         "ended the worker, %u hung; %u workers\n",
         fa.seed, fa.first, end - 1, tally.done, tally.ok + tally.err + tally.wrong, tally.ok, tally.err, tally.wrong,
         tally.skipped,
         tally.ended, tally.hung, tally.workers);
  printf("sysfuzz: errors");
  for (int e = 0; e < 100; e++)
    if (tally.errs[e]) printf(" %d:%u", e, tally.errs[e]);
  printf("; signals");
  for (int s = 0; s < NSIG; s++)
    if (tally.sigs[s]) printf(" %d:%u", s, tally.sigs[s]);
  printf("; exits %u; stalls %u, strays %u\n", tally.exits, tally.stalls, tally.garbage);
  CHECK(tally.done == fa.count, "all %u cases made (%u)", fa.count, tally.done);
  CHECK(tally.wrong == 0, "no call succeeded with an impossible result (%u did)", tally.wrong);
  CHECK(tally.unkillable == 0, "every process died of SIGKILL (%u did not)", tally.unkillable);
  CHECK(tally.forkfail <= 20, "workers could be started (%u forks failed)", tally.forkfail);
  final_checks();
  fz_same_capacity("sysfuzz", &before);
  return DONE("sysfuzz");
}
