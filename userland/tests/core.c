/* Core dumps (4.3BSD, SunOS 4 format): a process killed by a signal whose
 * default leaves a core image writes ./core and its wait status has the
 * core bit; the file starts with struct core (magic 0x080456, the
 * registers, the a.out header, the signal, the sizes and the command name)
 * and holds the data segment and the stack. No core when RLIMIT_CORE is 0
 * or too small for the image, for SIGTERM, or when ./core has two links.
 *
 * "core segv" just dies of SIGSEGV (for trying it from the shell). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define CORE_MAGIC 0x080456
#define CORE_LEN 826 /* sizeof (struct core) on a Sun-3 */

/* A pattern in the data segment, to find in the core file. */
static char marker[32] = "sun3lab-core-marker-0123456789";

static unsigned long be32(const unsigned char *b) {
  return (unsigned long)b[0] << 24 | (unsigned long)b[1] << 16 | (unsigned long)b[2] << 8 | b[3];
}

static void segv(void) {
  volatile long addr = 0x10; /* below the text: not mapped */
  *(volatile int *)addr = 1;
}

static void set_core_limit(long n) {
  struct rlimit rl;
  getrlimit(RLIMIT_CORE, &rl);
  rl.rlim_cur = n;
  if (rl.rlim_max < n) rl.rlim_max = n;
  setrlimit(RLIMIT_CORE, &rl);
}

/* Fork a child that dies of `sig` (SIGSEGV by a bad store, else kill()); its wait status. */
static int die_of(int sig) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    if (sig == SIGSEGV) segv();
    kill(getpid(), sig);
    _exit(99);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  return st;
}

static long file_size(const char *path) {
  struct stat sb;
  return stat(path, &sb) < 0 ? -1 : (long)sb.st_size;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "segv") == 0) segv();

  mkdir("/tmp/coretest", 0755);
  if (chdir("/tmp/coretest") < 0) {
    CHECK(0, "chdir /tmp/coretest: %s", strerror(errno));
    return DONE("core");
  }
  unlink("core");

  /* RLIMIT_CORE 0 (the default): no core. */
  set_core_limit(0);
  int st = die_of(SIGSEGV);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && !WCOREDUMP(st) && file_size("core") < 0,
        "with RLIMIT_CORE 0 a SIGSEGV leaves no core (status %#x)", st);

  /* A generous limit: a core, and the core bit. */
  set_core_limit(4 * 1024 * 1024);
  st = die_of(SIGSEGV);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && WCOREDUMP(st), "SIGSEGV: core dumped (status %#x)", st);
  int fd = open("core", O_RDONLY, 0);
  static unsigned char hdr[CORE_LEN];
  int n = fd < 0 ? -1 : read(fd, hdr, CORE_LEN);
  CHECK(n == CORE_LEN, "./core has a %d-byte header (read %d)", CORE_LEN, n);
  CHECK(be32(hdr) == CORE_MAGIC && be32(hdr + 4) == CORE_LEN, "c_magic %#lx, c_len %lu", be32(hdr), be32(hdr + 4));
  CHECK(be32(hdr + 112) == SIGSEGV, "c_signo %lu", be32(hdr + 112));
  CHECK(strcmp((char *)hdr + 128, "core") == 0, "c_cmdname \"%s\"", (char *)hdr + 128);
  CHECK((be32(hdr + 80) & 0xffff) == 0413, "c_aouthdr is the ZMAGIC header (%#lx)", be32(hdr + 80));
  unsigned long tsize = be32(hdr + 116), dsize = be32(hdr + 120), ssize = be32(hdr + 124);
  CHECK(tsize > 0 && tsize % 8192 == 0 && dsize > 0 && ssize > 0, "sizes: text %lu, data %lu, stack %lu", tsize,
        dsize, ssize);
  unsigned long pc = be32(hdr + 76), sp = be32(hdr + 8 + 60);
  CHECK(pc >= 0x2000 && pc < 0x2000 + tsize, "c_regs: pc %#lx is in the text", pc);
  CHECK(sp >= 0x0E000000 - ssize && sp < 0x0E000000, "c_regs: sp %#lx is in the stack", sp);
  CHECK(file_size("core") == (long)(CORE_LEN + dsize + ssize), "the file is header + data + stack (%ld bytes)",
        file_size("core"));
  /* the marker, at its address relative to the start of data (0x20000 here) */
  unsigned long at = (unsigned long)marker - 0x20000;
  char found[32];
  memset(found, 0, sizeof(found));
  if (fd >= 0) {
    lseek(fd, CORE_LEN + at, SEEK_SET);
    read(fd, found, sizeof(found));
    close(fd);
  }
  CHECK(memcmp(found, marker, sizeof(marker)) == 0, "the data segment is in the core (\"%.20s\")", found);

  /* SIGQUIT leaves a core too; SIGTERM does not. */
  unlink("core");
  st = die_of(SIGQUIT);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGQUIT && WCOREDUMP(st) && file_size("core") > 0,
        "SIGQUIT: core dumped (status %#x)", st);
  unlink("core");
  st = die_of(SIGTERM);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM && !WCOREDUMP(st) && file_size("core") < 0,
        "SIGTERM: no core (status %#x)", st);

  /* A limit smaller than the image: no core at all (4.3BSD never cuts one short). */
  set_core_limit(4096);
  st = die_of(SIGSEGV);
  CHECK(!WCOREDUMP(st) && file_size("core") < 0, "RLIMIT_CORE 4096: no core (status %#x)", st);

  /* ./core with a second link is not written through. */
  set_core_limit(4 * 1024 * 1024);
  int x = creat("other", 0644);
  write(x, "keep", 4);
  close(x);
  link("other", "core");
  st = die_of(SIGSEGV);
  CHECK(!WCOREDUMP(st) && file_size("other") == 4, "a core with two links is left alone (status %#x)", st);
  unlink("core");
  unlink("other");
  chdir("/");
  rmdir("/tmp/coretest");
  return DONE("core");
}
