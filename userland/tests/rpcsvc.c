/* The RPC services of this machine and the kernel calls they stand on:
 * mountd (MNT, DUMP, UMNT, UMNTALL, EXPORT; /etc/exports and /etc/rmtab),
 * getfh(2) and the layout of its handles, statinfo(2), rstatd (versions
 * 2, 3 and 4, HAVEDISK) against statinfo and getloadavg, and the port
 * mapper's CALLIT.
 *
 *   rpcsvc                  the tests, on this machine (the daemons are
 *                           started if they are not running); /etc/exports
 *                           is replaced while they run, and put back
 *   rpcsvc -m host path     one MNT of path at host's mountd: prints the
 *                           status (0 or an errno) and the handle */
#include <errno.h>
#include <fcntl.h>
#include <rpc/pmap_clnt.h>
#include <rpc/pmap_rmt.h>
#include <rpc/rpc.h>
#include <rpcsvc/mount.h>
#include <rpcsvc/rstat.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sun3lab.h>
#include <unistd.h>

#include "check.h"
#include "rpctest.h"

static struct timeval total = {20, 0};

static u_long word(fhandle_t *fh, int at) {
  u_long w;
  memcpy(&w, fh->fh_data + at, 4);
  return ntohl(w);
}

static void print_handle(fhandle_t *fh) {
  for (int i = 0; i < NFS_FHSIZE; i++) printf("%02x%s", fh->fh_data[i] & 0xff, i % 4 == 3 && i < 31 ? " " : "");
  printf("\n");
}

/* One MNT: the status (the handle in *fh). */
static int mnt(CLIENT *cl, char *path, fhandle_t *fh) {
  struct fhstatus fhs;
  memset(&fhs, 0, sizeof(fhs));
  if (clnt_call(cl, MOUNTPROC_MOUNT, xdr_path, &path, xdr_fhstatus, &fhs, total) != RPC_SUCCESS) {
    clnt_perror(cl, "rpcsvc: MNT");
    return -1;
  }
  if (fhs.fhs_status == 0 && fh != NULL) *fh = fhs.fhs_fh;
  return fhs.fhs_status;
}

static int mount_once(char *host, char *path) {
  CLIENT *cl = clnt_create(host, MOUNTPROG, MOUNTVERS, "udp");
  fhandle_t fh;
  int st;
  if (cl == NULL) {
    clnt_pcreateerror(host);
    return 1;
  }
  cl->cl_auth = authunix_create_default();
  st = mnt(cl, path, &fh);
  printf("rpcsvc: MNT %s:%s: status %d\n", host, path, st);
  if (st == 0) print_handle(&fh);
  return st == 0 ? 0 : 1;
}

static void write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  write(fd, text, strlen(text));
  close(fd);
}

static char *read_all(const char *path) {
  static char buf[4096];
  int fd = open(path, O_RDONLY), n = 0;
  if (fd >= 0) {
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
  }
  buf[n > 0 ? n : 0] = 0;
  return buf;
}

static int count_mounts(CLIENT *cl, const char *host, const char *path) {
  struct mountlist *ml = NULL;
  int n = 0;
  if (clnt_call(cl, MOUNTPROC_DUMP, xdr_void, NULL, xdr_mountlist, &ml, total) != RPC_SUCCESS) return -1;
  for (struct mountlist *m = ml; m != NULL; m = m->ml_nxt)
    if (strcmp(m->ml_name, host) == 0 && (path == NULL || strcmp(m->ml_path, path) == 0)) n++;
  xdr_free(xdr_mountlist, (char *)&ml);
  return n;
}

static void test_mountd(void) {
  char saved[2048];
  CLIENT *cl;
  fhandle_t fh, fh2;
  struct stat st;
  int fd, rc;
  strcpy(saved, read_all("/etc/exports"));
  write_file("/etc/exports",
             "# a test's exports\n"
             "/home\t-anon=0\n"
             "/usr  -ro,\\\n"
             "      access=sun7:sun6\n"
             "/nonexistent\n"
             "/bin -bogus\n");
  cl = clnt_create("localhost", MOUNTPROG, MOUNTVERS, "tcp");
  CHECK(cl != NULL, "a TCP client for mountd");
  if (cl == NULL) return;
  cl->cl_auth = authunix_create_default();

  CHECK(mnt(cl, "/home", &fh) == 0, "MNT /home (exported to everyone): 0 and a handle");
  stat("/home", &st);
  CHECK(word(&fh, 0) == (u_long)(u_short)st.st_dev && word(&fh, 4) == 1 && word(&fh, 8) == 0x000a0000 &&
            word(&fh, 12) == st.st_ino && word(&fh, 20) == 0x000a0000 && word(&fh, 24) == st.st_ino &&
            word(&fh, 16) == word(&fh, 28) && word(&fh, 16) != 0,
        "... the handle: fsid (device %lu, type 1), fid length 10, inode %lu and its generation, twice",
        word(&fh, 0), word(&fh, 12));
  fd = open("/home", O_RDONLY);
  CHECK(getfh(fd, &fh2) == 0 && memcmp(&fh, &fh2, sizeof(fh)) == 0, "... the same as getfh(2) gives");
  close(fd);
  CHECK(mnt(cl, "/home/alice", &fh2) == 0 && word(&fh2, 12) != word(&fh, 12),
        "MNT /home/alice (below an export): its own handle");
  CHECK(mnt(cl, "/nonexistent", NULL) == ENOENT, "MNT of a directory that is not there: ENOENT");
  CHECK(mnt(cl, "/etc/passwd", NULL) == ENOTDIR, "MNT of a file: ENOTDIR");
  CHECK(mnt(cl, "/etc", NULL) == EACCES, "MNT of a directory not exported: EACCES");
  CHECK(mnt(cl, "/usr", NULL) == EACCES, "MNT of /usr, exported to sun7 and sun6 only: EACCES");
  CHECK(mnt(cl, "/bin", NULL) == EACCES, "an export with an unknown option is not exported");
  symlink("/etc", "/home/alice/rpcsvc-out");
  CHECK(mnt(cl, "/home/alice/rpcsvc-out", NULL) == EACCES,
        "MNT of a symbolic link under /home that leads to /etc: EACCES");
  unlink("/home/alice/rpcsvc-out");

  CHECK(count_mounts(cl, "localhost", "/home") == 1 && count_mounts(cl, "localhost", "/home/alice") == 1,
        "DUMP: localhost has /home and /home/alice mounted");
  CHECK(strstr(read_all("/etc/rmtab"), "localhost:/home\n") != NULL, "... as /etc/rmtab says");
  rc = clnt_call(cl, MOUNTPROC_UMNT, xdr_path, &(char *){"/home"}, xdr_void, NULL, total);
  CHECK(rc == RPC_SUCCESS && count_mounts(cl, "localhost", "/home") == 0 &&
            count_mounts(cl, "localhost", "/home/alice") == 1,
        "UMNT /home takes that one out");
  rc = clnt_call(cl, MOUNTPROC_UMNTALL, xdr_void, NULL, xdr_void, NULL, total);
  CHECK(rc == RPC_SUCCESS && count_mounts(cl, "localhost", NULL) == 0 &&
            strstr(read_all("/etc/rmtab"), "localhost:") == NULL,
        "UMNTALL takes out all of localhost's, in /etc/rmtab too");

  struct exports *ex = NULL;
  rc = clnt_call(cl, MOUNTPROC_EXPORT, xdr_void, NULL, xdr_exports, &ex, total);
  CHECK(rc == RPC_SUCCESS && ex != NULL && strcmp(ex->ex_name, "/home") == 0 && ex->ex_groups == NULL &&
            ex->ex_next != NULL && strcmp(ex->ex_next->ex_name, "/usr") == 0 && ex->ex_next->ex_groups != NULL &&
            strcmp(ex->ex_next->ex_groups->g_name, "sun7") == 0 &&
            strcmp(ex->ex_next->ex_groups->g_next->g_name, "sun6") == 0 && ex->ex_next->ex_next == NULL,
        "EXPORT: /home to everyone, /usr to sun7 and sun6 (the continued line), nothing else");
  xdr_free(xdr_exports, (char *)&ex);
  clnt_destroy(cl);
  write_file("/etc/exports", saved);
}

static void test_getfh(void) {
  fhandle_t fh;
  int p[2], st = -1;
  pid_t pid;
  pipe(p);
  CHECK(getfh(p[0], &fh) < 0 && errno == EINVAL, "getfh of a pipe: EINVAL");
  CHECK(getfh(99, &fh) < 0 && errno == EBADF, "getfh of a descriptor not open: EBADF");
  pid = fork();
  if (pid == 0) {
    setuid(100);
    _exit(getfh(p[0], &fh) < 0 && errno == EPERM ? 0 : 1);
  }
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "getfh by a user: EPERM");
  close(p[0]);
  close(p[1]);
  /* A file removed and its inode given out again: a new generation. */
  int fd = open("/tmp/rpcsvc-gen", O_CREAT | O_WRONLY, 0644);
  fhandle_t a, b;
  struct stat sa, sb;
  getfh(fd, &a);
  fstat(fd, &sa);
  close(fd);
  unlink("/tmp/rpcsvc-gen");
  fd = open("/tmp/rpcsvc-gen", O_CREAT | O_WRONLY, 0644);
  getfh(fd, &b);
  fstat(fd, &sb);
  close(fd);
  unlink("/tmp/rpcsvc-gen");
  CHECK(sa.st_ino != sb.st_ino || word(&a, 16) != word(&b, 16),
        "a file made again where one was removed: another inode, or the same with a new generation (%lu/%lu, "
        "%lu/%lu)",
        (u_long)sa.st_ino, word(&a, 16), (u_long)sb.st_ino, word(&b, 16));
}

static void test_statinfo(void) {
  struct statinfo a, b;
  long avg[3];
  long ticks;
  CHECK(statinfo(&a, sizeof(a)) == (int)sizeof(a), "statinfo returns the size of struct statinfo");
  CHECK(statinfo(&b, 8) == (int)sizeof(b) && statinfo(NULL, 0) == (int)sizeof(b),
        "... whatever size is asked for, and copies no more");
  ticks = a.si_cp_time[CP_USER] + a.si_cp_time[CP_NICE] + a.si_cp_time[CP_SYS] + a.si_cp_time[CP_IDLE];
  long up_ms = (a.si_curtime.tv_sec - a.si_boottime.tv_sec) * 1000 + (a.si_curtime.tv_usec - a.si_boottime.tv_usec) / 1000;
  CHECK(a.si_hz == 100 && ticks > 0 && ticks * 10 <= up_ms + 20 && ticks * 10 >= up_ms - 1000,
        "the four CPU states add up to the time since boot (%ld ticks, %ld ms)", ticks, up_ms);
  CHECK(a.si_ndisk >= 1 && a.si_dk_xfer[0] > 0 && a.si_pgpgin > 0 && a.si_pgpgout == 0 && a.si_pswpin == 0 &&
            a.si_swtch > 0 && a.si_intr > 0 && a.si_syscall > 0 && a.si_trap >= a.si_syscall + a.si_intr,
        "disks, transfers, pages in (%ld), none out, switches, interrupts, calls and traps", a.si_pgpgin);
  int fd = open("/tmp/rpcsvc-disk", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  write(fd, &a, sizeof(a));
  fsync(fd);
  close(fd);
  unlink("/tmp/rpcsvc-disk");
  statinfo(&b, sizeof(b));
  CHECK(b.si_dk_xfer[0] > a.si_dk_xfer[0], "an fsync is disk transfers (%ld -> %ld)", a.si_dk_xfer[0],
        b.si_dk_xfer[0]);
  getloadavg(avg, 3);
  CHECK(b.si_avenrun[0] == avg[0] && b.si_avenrun[2] == avg[2], "the load averages are getloadavg's");
}

static void test_rstatd(void) {
  struct statsswtch s2;
  struct statstime s3;
  struct statsvar s4;
  struct statinfo si;
  long have = -1;
  CLIENT *cl;
  memset(&s4, 0, sizeof(s4));
  for (u_long v = RSTATVERS_SWTCH; v <= RSTATVERS_VAR; v++) {
    cl = clnt_create("localhost", RSTATPROG, v, "udp");
    if (cl == NULL) {
      CHECK(0, "rstatd version %lu", v);
      continue;
    }
    enum clnt_stat r = v == 2   ? clnt_call(cl, RSTATPROC_STATS, xdr_void, NULL, xdr_statsswtch, &s2, total)
                       : v == 3 ? clnt_call(cl, RSTATPROC_STATS, xdr_void, NULL, xdr_statstime, &s3, total)
                                : clnt_call(cl, RSTATPROC_STATS, xdr_void, NULL, xdr_statsvar, &s4, total);
    CHECK(r == RPC_SUCCESS, "rstatd version %lu answers", v);
    if (v == 3) CHECK(clnt_call(cl, RSTATPROC_HAVEDISK, xdr_void, NULL, xdr_long, &have, total) == RPC_SUCCESS &&
                          have == 1,
                      "HAVEDISK: yes");
    clnt_destroy(cl);
  }
  statinfo(&si, sizeof(si));
  CHECK(s3.boottime.tv_sec == si.si_boottime.tv_sec && s2.boottime.tv_sec == si.si_boottime.tv_sec &&
            s4.boottime.tv_sec == si.si_boottime.tv_sec,
        "every version's boot time is the kernel's");
  CHECK(s3.curtime.tv_sec <= si.si_curtime.tv_sec && s3.curtime.tv_sec >= si.si_curtime.tv_sec - 2,
        "version 3's time of day is the kernel's");
  CHECK(s2.cp_time[RSTAT_CPU_IDLE] <= s3.cp_time[RSTAT_CPU_IDLE] &&
            s3.cp_time[RSTAT_CPU_IDLE] <= s4.cp_time.cp_time_val[RSTAT_CPU_IDLE] &&
            s4.cp_time.cp_time_val[RSTAT_CPU_IDLE] <= si.si_cp_time[CP_IDLE] && s3.v_swtch <= si.si_swtch &&
            s3.if_ipackets <= si.si_ipackets && s3.if_opackets > 0 && s3.v_intr <= si.si_intr,
        "the counters are the kernel's, and go up from one answer to the next");
  CHECK(s4.cp_time.cp_time_len == 4 && s4.dk_xfer.dk_xfer_len == (u_int)si.si_ndisk,
        "version 4: four CPU states, as many disks as the machine has (%u)", s4.dk_xfer.dk_xfer_len);
  CHECK(s3.avenrun[0] == (si.si_avenrun[0] * 256 + 1024) / 2048,
        "the load average travels with 256 for 1.0 (%ld for the kernel's %ld)", s3.avenrun[0], si.si_avenrun[0]);
  xdr_free(xdr_statsvar, (char *)&s4);

  /* CALLIT: the port mapper calls rstatd for us, and says its port. */
  struct sockaddr_in sin = localhost_addr();
  u_long port = 0;
  memset(&s3, 0, sizeof(s3));
  struct timeval t = {10, 0};
  CHECK(pmap_rmtcall(&sin, RSTATPROG, RSTATVERS_TIME, RSTATPROC_STATS, xdr_void, NULL, xdr_statstime, (caddr_t)&s3,
                     t, &port) == RPC_SUCCESS &&
            s3.boottime.tv_sec == si.si_boottime.tv_sec,
        "CALLIT through the port mapper reaches rstatd");
  sin = localhost_addr();
  CHECK(port == pmap_getport(&sin, RSTATPROG, RSTATVERS_TIME, IPPROTO_UDP), "... and gives its port (%lu)", port);
  sin = localhost_addr();
  t.tv_sec = 3;
  CHECK(pmap_rmtcall(&sin, RSTATPROG, 9, RSTATPROC_STATS, xdr_void, NULL, xdr_statstime, (caddr_t)&s3, t, &port) ==
            RPC_TIMEDOUT,
        "CALLIT of a version that is not there: no answer at all");
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "-m") == 0) return mount_once(argv[2], argv[3]);
  not_process_1();
  rpc_machine();
  test_mountd();
  test_getfh();
  test_statinfo();
  test_rstatd();
  return DONE("rpcsvc");
}
