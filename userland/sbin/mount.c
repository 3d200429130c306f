/* mount - mount file systems, or say what is mounted (SunOS 4's mount(8),
 * for the types "4.2", a local disk, and "nfs", a directory of another
 * machine).
 *
 *   mount                                       list what is mounted
 *   mount [-r] [-t TYPE] [-o OPTS] SPECIAL DIR  mount SPECIAL on the directory DIR
 *   mount [-r] [-o OPTS] SPECIAL|DIR            the same for the entry of /etc/fstab that names it
 *   mount -a                                    every entry of /etc/fstab that is not mounted yet
 *   mount -o remount[,ro] DIR                   change the options of what is mounted on DIR
 *
 * SPECIAL is a block device for 4.2, host:/path for nfs (a SPECIAL of that
 * form is nfs without -t). Options (-o, separated by commas, and the
 * fourth field of /etc/fstab): rw (the default), ro (or -r), nosuid, suid,
 * grpid, remount, and noauto (mount -a leaves the entry alone); for nfs
 * also hard (the default) or soft, intr, bg or fg (the default), timeo=N
 * (tenths of a second), retrans=N, rsize=N, wsize=N, port=N, retry=N,
 * acregmin= acregmax= acdirmin= acdirmax= actimeo=N (seconds), noac.
 * /etc/fstab has one file system a line: special, directory, type,
 * options, dump frequency, fsck pass; a line starting with # is a comment.
 *
 * An nfs mount asks the server's mountd (found through its port mapper)
 * for the directory's file handle, then hands it to the kernel. With bg,
 * a server that does not answer sends the mount into the background,
 * where it goes on trying, so that a machine's boot does not wait for its
 * file server; mount -a skips an nfs entry whose server is this machine
 * (the lab's machines share one /etc/fstab: docs/nfs.md).
 *
 * What is mounted comes from the kernel (mntinfo, sys/sun3lab.h): SunOS
 * kept an /etc/mtab file for it, which could go stale; the kernel's table
 * cannot. The super-user mounts; anyone may list. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <rpc/pmap_clnt.h>
#include <rpc/pmap_prot.h>
#include <rpc/rpc.h>
#include <rpcsvc/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/param.h>
#include <sys/socket.h>
#include <sys/sun3lab.h>
#include <unistd.h>

#define MAXMNT 32
#define FSTAB "/etc/fstab"

struct fsent {
  char spec[64];
  char dir[256];
  char type[16];
  char opts[128];
};

static struct mntinfo mounted[MAXMNT];
static int nmounted;

/* The NFS options of one mount. */
struct nfsopts {
  struct nfs_args args;
  int bg;
  int port;
  int retry;
};
static struct nfsopts nfs;
/* Trying again in the background: a server still not responding is not said again. */
static int quiet;

static void usage(void) {
  fprintf(stderr, "usage: mount [-r] [-t type] [-o options] [special] [dir]\n       mount -a\n");
  exit(2);
}

/* Copies at most size - 1 bytes of the next blank-separated field of *s. */
static void field(char **s, char *out, size_t size) {
  char *p = *s;
  size_t n = 0;
  while (*p == ' ' || *p == '\t') p++;
  while (*p && *p != ' ' && *p != '\t' && *p != '\n') {
    if (n + 1 < size) out[n++] = *p;
    p++;
  }
  out[n] = 0;
  *s = p;
}

/* The next entry of /etc/fstab; 0 at its end. */
static int fstab_next(FILE *f, struct fsent *e) {
  char line[512];
  while (fgets(line, sizeof(line), f) != NULL) {
    char *s = line;
    field(&s, e->spec, sizeof(e->spec));
    if (e->spec[0] == 0 || e->spec[0] == '#') continue;
    field(&s, e->dir, sizeof(e->dir));
    field(&s, e->type, sizeof(e->type));
    field(&s, e->opts, sizeof(e->opts));
    return 1;
  }
  return 0;
}

/* The fstab entry whose special file or directory is `name`. */
static int fstab_find(const char *name, struct fsent *e) {
  FILE *f = fopen(FSTAB, "r");
  int found = 0;
  if (f == NULL) return 0;
  while (!found && fstab_next(f, e)) found = strcmp(e->spec, name) == 0 || strcmp(e->dir, name) == 0;
  fclose(f);
  return found;
}

/* An NFS option (into nfs): 1 if it is one, 0 if not, -1 (after a message) for a bad value. */
static int nfs_option(const char *o) {
  static const struct {
    const char *name;
    int flag;
    int offset;
  } num[] = {
      {"timeo", NFSMNT_TIMEO, __builtin_offsetof(struct nfs_args, timeo)},
      {"retrans", NFSMNT_RETRANS, __builtin_offsetof(struct nfs_args, retrans)},
      {"rsize", NFSMNT_RSIZE, __builtin_offsetof(struct nfs_args, rsize)},
      {"wsize", NFSMNT_WSIZE, __builtin_offsetof(struct nfs_args, wsize)},
      {"acregmin", NFSMNT_ACREGMIN, __builtin_offsetof(struct nfs_args, acregmin)},
      {"acregmax", NFSMNT_ACREGMAX, __builtin_offsetof(struct nfs_args, acregmax)},
      {"acdirmin", NFSMNT_ACDIRMIN, __builtin_offsetof(struct nfs_args, acdirmin)},
      {"acdirmax", NFSMNT_ACDIRMAX, __builtin_offsetof(struct nfs_args, acdirmax)},
  };
  const char *eq = strchr(o, '=');
  struct nfs_args *a = &nfs.args;
  if (strcmp(o, "soft") == 0) a->flags |= NFSMNT_SOFT;
  else if (strcmp(o, "hard") == 0) a->flags &= ~NFSMNT_SOFT;
  else if (strcmp(o, "intr") == 0) a->flags |= NFSMNT_INT;
  else if (strcmp(o, "nointr") == 0) a->flags &= ~NFSMNT_INT;
  else if (strcmp(o, "noac") == 0) a->flags |= NFSMNT_NOAC;
  else if (strcmp(o, "bg") == 0) nfs.bg = 1;
  else if (strcmp(o, "fg") == 0) nfs.bg = 0;
  else if (eq == NULL) return 0;
  else {
    size_t len = eq - o;
    char *end;
    long v = strtol(eq + 1, &end, 10);
    if (eq[1] == 0 || *end != 0 || v <= 0) {
      fprintf(stderr, "mount: bad value in option %s\n", o);
      return -1;
    }
    if (len == 4 && strncmp(o, "port", 4) == 0) nfs.port = v;
    else if (len == 5 && strncmp(o, "retry", 5) == 0) nfs.retry = v;
    else if (len == 7 && strncmp(o, "actimeo", 7) == 0) {
      a->acregmin = a->acregmax = a->acdirmin = a->acdirmax = v;
      a->flags |= NFSMNT_ACREGMIN | NFSMNT_ACREGMAX | NFSMNT_ACDIRMIN | NFSMNT_ACDIRMAX;
    } else {
      unsigned i;
      for (i = 0; i < sizeof(num) / sizeof(num[0]); i++)
        if (strlen(num[i].name) == len && strncmp(o, num[i].name, len) == 0) break;
      if (i == sizeof(num) / sizeof(num[0])) return 0;
      *(int *)((char *)a + num[i].offset) = v;
      a->flags |= num[i].flag;
    }
  }
  return 1;
}

/* Applies a comma-separated list of options to *flags (and, for nfs, to
 * nfs); -1 (after a message) for one it does not know. */
static int options(const char *opts, int *flags, int *noauto, int isnfs) {
  char buf[128];
  int r;
  strncpy(buf, opts, sizeof(buf) - 1);
  buf[sizeof(buf) - 1] = 0;
  for (char *o = strtok(buf, ","); o != NULL; o = strtok(NULL, ",")) {
    if (strcmp(o, "rw") == 0) *flags &= ~M_RDONLY;
    else if (strcmp(o, "ro") == 0) *flags |= M_RDONLY;
    else if (strcmp(o, "nosuid") == 0) *flags |= M_NOSUID;
    else if (strcmp(o, "suid") == 0) *flags &= ~M_NOSUID;
    else if (strcmp(o, "grpid") == 0) *flags |= M_GRPID;
    else if (strcmp(o, "remount") == 0) *flags |= M_REMOUNT;
    else if (strcmp(o, "noauto") == 0) *noauto = 1;
    else if (isnfs && (r = nfs_option(o)) != 0) {
      if (r < 0) return -1;
    } else if (strcmp(o, "defaults") != 0) {
      fprintf(stderr, "mount: unknown option %s\n", o);
      return -1;
    }
  }
  return 0;
}

/* `dir` as an absolute path (the kernel keeps the name it is given). */
static const char *absolute(const char *dir, char *buf, size_t size) {
  char cwd[MAXPATHLEN];
  if (dir[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL) return dir;
  snprintf(buf, size, "%s%s%s", cwd, strcmp(cwd, "/") == 0 ? "" : "/", dir);
  return buf;
}

/* What is mounted with `name` as its directory or special file, or NULL. */
static struct mntinfo *mounted_as(const char *name) {
  for (int i = 0; i < nmounted; i++)
    if (strcmp(mounted[i].mi_dir, name) == 0 || strcmp(mounted[i].mi_fsname, name) == 0) return &mounted[i];
  return NULL;
}

/* How one try at an NFS mount went. */
enum { NFS_DONE, NFS_FAILED, NFS_NORESPONSE };

/* The port of program prog on the machine at *sin, asked of its port
 * mapper with a short time-out (a boot must not wait a minute for a
 * server that is not there); 0 if it does not answer or has no such
 * program. */
static u_short getport(struct sockaddr_in *sin, u_long prog, u_long vers) {
  struct sockaddr_in pm = *sin;
  struct timeval wait = {1, 0}, total = {4, 0};
  struct pmap parms = {prog, vers, IPPROTO_UDP, 0};
  u_short port = 0;
  int sock = RPC_ANYSOCK;
  CLIENT *cl;
  pm.sin_port = htons(PMAPPORT);
  cl = clntudp_create(&pm, PMAPPROG, PMAPVERS, wait, &sock);
  if (cl == NULL) return 0;
  if (clnt_call(cl, PMAPPROC_GETPORT, xdr_pmap, (caddr_t)&parms, xdr_u_short, (caddr_t)&port, total) != RPC_SUCCESS)
    port = 0;
  clnt_destroy(cl);
  return port;
}

/* One try: the handle from the server's mountd, then mount(2). */
static int nfs_try(const char *spec, const char *host, char *path, const char *dir, int flags) {
  struct hostent *hp = gethostbyname(host);
  struct sockaddr_in sin;
  struct timeval wait = {1, 0}, total = {10, 0};
  struct fhstatus fhs;
  enum clnt_stat st;
  CLIENT *cl;
  int sock = RPC_ANYSOCK;
  if (hp == NULL) {
    fprintf(stderr, "mount: %s: unknown host %s\n", spec, host);
    return NFS_FAILED;
  }
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  memcpy(&sin.sin_addr, hp->h_addr, sizeof(sin.sin_addr));
  sin.sin_port = htons(getport(&sin, MOUNTPROG, MOUNTVERS));
  if (sin.sin_port == 0) {
    if (!quiet) fprintf(stderr, "mount: %s server not responding: port mapper failure\n", spec);
    return NFS_NORESPONSE;
  }
  cl = clntudp_create(&sin, MOUNTPROG, MOUNTVERS, wait, &sock);
  if (cl == NULL) {
    if (!quiet) fprintf(stderr, "mount: %s server not responding:%s\n", spec, clnt_spcreateerror(""));
    return NFS_NORESPONSE;
  }
  cl->cl_auth = authunix_create_default();
  st = clnt_call(cl, MOUNTPROC_MOUNT, xdr_path, (caddr_t)&path, xdr_fhstatus, (caddr_t)&fhs, total);
  auth_destroy(cl->cl_auth);
  if (st != RPC_SUCCESS) {
    if (!quiet) fprintf(stderr, "mount: %s server not responding:%s\n", spec, clnt_sperror(cl, ""));
    clnt_destroy(cl);
    return NFS_NORESPONSE;
  }
  clnt_destroy(cl);
  if (fhs.fhs_status != 0) {
    fprintf(stderr, "mount: access denied for %s: %s\n", spec, strerror(fhs.fhs_status));
    return NFS_FAILED;
  }
  /* NFS's port: the one given, or the port mapper's answer, or 2049. */
  sin.sin_port = htons(nfs.port ? nfs.port : getport(&sin, 100003, 2));
  if (sin.sin_port == 0) sin.sin_port = htons(2049);
  nfs.args.addr = &sin;
  nfs.args.fh = (unsigned char *)&fhs.fhs_fh;
  nfs.args.hostname = (char *)host;
  nfs.args.flags |= NFSMNT_HOSTNAME;
  nfs.args.fsname = (char *)spec;
  if (mount("nfs", dir, flags | M_NEWTYPE, &nfs.args) < 0) {
    int e = errno;
    fprintf(stderr, "mount: %s on %s: %s\n", spec, dir, strerror(e));
    return e == ETIMEDOUT ? NFS_NORESPONSE : NFS_FAILED;
  }
  return NFS_DONE;
}

/* Mount host:path on dir: tried `retry` times (fg: once; bg: 10000), in
 * the background after the first failure with bg. */
static int nfs_mount(const char *spec, const char *dir, int flags) {
  char host[MNTNAMLEN + 1], path[MNTPATHLEN + 1];
  const char *colon = strchr(spec, ':');
  int tries = nfs.retry ? nfs.retry : nfs.bg ? 10000 : 1, backgrounded = 0;
  if (colon == NULL || colon == spec || (size_t)(colon - spec) > MNTNAMLEN || colon[1] != '/' ||
      strlen(colon + 1) > MNTPATHLEN) {
    fprintf(stderr, "mount: %s: not host:/path\n", spec);
    return 1;
  }
  memcpy(host, spec, colon - spec);
  host[colon - spec] = 0;
  strcpy(path, colon + 1);
  for (int i = 0;; i++) {
    int r = nfs_try(spec, host, path, dir, flags);
    if (r == NFS_DONE) return 0;
    if (r == NFS_FAILED || i + 1 >= tries) return backgrounded ? 0 : 1;
    if (nfs.bg && !backgrounded) {
      pid_t pid = fork();
      if (pid < 0) return 1;
      if (pid > 0) {
        fprintf(stderr, "mount: backgrounding %s\n", spec);
        return 0;
      }
      backgrounded = quiet = 1;
    }
    sleep(i < 6 ? 5 << (i / 2) : 60);
  }
}

static int do_mount(const char *spec, const char *dir, const char *type, int flags) {
  struct ufs_args args;
  char buf[MAXPATHLEN];
  dir = absolute(dir, buf, sizeof(buf));
  if (strcmp(type, "nfs") == 0 && !(flags & M_REMOUNT)) return nfs_mount(spec, dir, flags);
  args.fspec = (char *)spec;
  if (mount(type, dir, flags | M_NEWTYPE, (flags & M_REMOUNT) && strcmp(type, "nfs") == 0 ? NULL : &args) < 0) {
    int e = errno;
    if (flags & M_REMOUNT) fprintf(stderr, "mount: remount of %s: %s\n", dir, strerror(e));
    else fprintf(stderr, "mount: %s on %s: %s\n", spec, dir, strerror(e));
    return 1;
  }
  return 0;
}

static int list(void) {
  for (int i = 0; i < nmounted; i++) {
    struct mntinfo *m = &mounted[i];
    printf("%s on %s type %s (%s%s%s)\n", m->mi_fsname, m->mi_dir, m->mi_type, m->mi_flags & M_RDONLY ? "ro" : "rw",
           m->mi_flags & M_NOSUID ? ",nosuid" : "", m->mi_flags & M_GRPID ? ",grpid" : "");
  }
  return 0;
}

/* Is host:/path served by this machine itself? */
static int local_server(const char *spec) {
  char me[MAXHOSTNAMELEN];
  const char *colon = strchr(spec, ':');
  if (colon == NULL || gethostname(me, sizeof(me)) < 0) return 0;
  return strlen(me) == (size_t)(colon - spec) && strncmp(me, spec, colon - spec) == 0;
}

/* mount -a: the 4.2 and nfs entries of /etc/fstab, but those marked
 * noauto, those mounted already and those this machine serves itself. */
static int mount_all(int flags) {
  FILE *f = fopen(FSTAB, "r");
  struct fsent e;
  int status = 0;
  if (f == NULL) {
    fprintf(stderr, "mount: cannot open %s: %s\n", FSTAB, strerror(errno));
    return 1;
  }
  while (fstab_next(f, &e)) {
    int fl = flags, noauto = 0;
    int isnfs = strcmp(e.type, "nfs") == 0;
    memset(&nfs, 0, sizeof(nfs));
    if ((!isnfs && strcmp(e.type, "4.2") != 0) || options(e.opts, &fl, &noauto, isnfs) < 0 || noauto) continue;
    if (mounted_as(e.dir) != NULL || mounted_as(e.spec) != NULL || (isnfs && local_server(e.spec))) continue;
    status |= do_mount(e.spec, e.dir, e.type, fl & ~M_REMOUNT);
  }
  fclose(f);
  return status;
}

int main(int argc, char **argv) {
  int all = 0, rdonly = 0, flags = 0, noauto = 0, c;
  const char *opts = NULL, *type = NULL;
  while ((c = getopt(argc, argv, "aro:t:")) != -1) {
    if (c == 'a') all = 1;
    else if (c == 'r') rdonly = 1;
    else if (c == 'o') opts = optarg;
    else if (c == 't') type = optarg;
    else usage();
  }
  argc -= optind;
  argv += optind;
  nmounted = mntinfo(mounted, MAXMNT);
  if (nmounted < 0) {
    fprintf(stderr, "mount: cannot read the mount table: %s\n", strerror(errno));
    return 1;
  }
  if (all) {
    if (argc != 0) usage();
    return mount_all(rdonly ? M_RDONLY : 0);
  }
  if (argc == 0) {
    if (opts != NULL || rdonly) usage();
    return list();
  }
  if (argc > 2) usage();
  if (type != NULL && strcmp(type, "4.2") != 0 && strcmp(type, "ufs") != 0 && strcmp(type, "nfs") != 0) {
    fprintf(stderr, "mount: unknown file system type %s\n", type);
    return 2;
  }
  int cmdline = 0;
  if (opts != NULL && options(opts, &cmdline, &noauto, 1) < 0) return 2;

  const char *spec, *dir;
  struct fsent e;
  struct mntinfo *m;
  memset(&nfs, 0, sizeof(nfs));
  if (argc == 2) {
    spec = argv[0];
    dir = argv[1];
    if (type == NULL) type = strchr(spec, ':') != NULL ? "nfs" : "4.2";
  } else if (fstab_find(argv[0], &e)) {
    if (type == NULL) type = e.type;
    if (options(e.opts, &flags, &noauto, strcmp(type, "nfs") == 0) < 0) return 2;
    spec = e.spec;
    dir = e.dir;
  } else if ((cmdline & M_REMOUNT) && (m = mounted_as(argv[0])) != NULL) {
    spec = m->mi_fsname;
    dir = m->mi_dir;
    if (type == NULL) type = m->mi_type;
  } else {
    fprintf(stderr, "mount: %s not found in %s\n", argv[0], FSTAB);
    return 1;
  }
  /* the command line's options override the entry's */
  if (opts != NULL && options(opts, &flags, &noauto, strcmp(type, "nfs") == 0) < 0) return 2;
  if (rdonly) flags |= M_RDONLY;
  return do_mount(spec, dir, type, flags);
}
