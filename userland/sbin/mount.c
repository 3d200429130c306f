/* mount - mount file systems, or say what is mounted (SunOS 4's mount(8),
 * for the one file system type there is, "4.2").
 *
 *   mount                              list what is mounted
 *   mount [-r] [-o OPTS] SPECIAL DIR   mount the block device SPECIAL on the directory DIR
 *   mount [-r] [-o OPTS] SPECIAL|DIR   the same for the entry of /etc/fstab that names it
 *   mount -a                           every 4.2 entry of /etc/fstab that is not mounted yet
 *   mount -o remount[,ro] DIR          change the options of what is mounted on DIR
 *
 * Options (-o, separated by commas, and the fourth field of /etc/fstab):
 * rw (the default), ro (or -r), nosuid, suid, grpid, remount, and noauto
 * (mount -a leaves the entry alone). /etc/fstab has one file system a
 * line: special, directory, type, options, dump frequency, fsck pass; a
 * line starting with # is a comment.
 *
 * What is mounted comes from the kernel (mntinfo, sys/sun3lab.h): SunOS
 * kept an /etc/mtab file for it, which could go stale; the kernel's table
 * cannot. The super-user mounts; anyone may list. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/param.h>
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

static void usage(void) {
  fprintf(stderr, "usage: mount [-r] [-o options] [special] [dir]\n       mount -a\n");
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

/* Applies a comma-separated list of options to *flags; -1 (after a message) for one it does not know. */
static int options(const char *opts, int *flags, int *noauto) {
  char buf[128];
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
    else if (strcmp(o, "defaults") != 0) {
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

static int do_mount(const char *spec, const char *dir, int flags) {
  struct ufs_args args;
  char buf[MAXPATHLEN];
  args.fspec = (char *)spec;
  if (mount("4.2", absolute(dir, buf, sizeof(buf)), flags | M_NEWTYPE, &args) < 0) {
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

/* mount -a: the 4.2 entries of /etc/fstab, but those marked noauto and those mounted already. */
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
    if (strcmp(e.type, "4.2") != 0 || options(e.opts, &fl, &noauto) < 0 || noauto) continue;
    if (mounted_as(e.dir) != NULL || mounted_as(e.spec) != NULL) continue;
    status |= do_mount(e.spec, e.dir, fl & ~M_REMOUNT);
  }
  fclose(f);
  return status;
}

int main(int argc, char **argv) {
  int all = 0, rdonly = 0, flags = 0, noauto = 0, c;
  const char *opts = NULL;
  while ((c = getopt(argc, argv, "aro:")) != -1) {
    if (c == 'a') all = 1;
    else if (c == 'r') rdonly = 1;
    else if (c == 'o') opts = optarg;
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
  int cmdline = 0;
  if (opts != NULL && options(opts, &cmdline, &noauto) < 0) return 2;

  const char *spec, *dir;
  struct fsent e;
  struct mntinfo *m;
  if (argc == 2) {
    spec = argv[0];
    dir = argv[1];
  } else if (fstab_find(argv[0], &e)) {
    if (options(e.opts, &flags, &noauto) < 0) return 2;
    spec = e.spec;
    dir = e.dir;
  } else if ((cmdline & M_REMOUNT) && (m = mounted_as(argv[0])) != NULL) {
    spec = m->mi_fsname;
    dir = m->mi_dir;
  } else {
    fprintf(stderr, "mount: %s not found in %s\n", argv[0], FSTAB);
    return 1;
  }
  /* the command line's options override the entry's */
  if (opts != NULL) options(opts, &flags, &noauto);
  if (rdonly) flags |= M_RDONLY;
  return do_mount(spec, dir, flags);
}
