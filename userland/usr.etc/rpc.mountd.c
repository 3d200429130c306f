/* rpc.mountd - the NFS mount daemon (SunOS 4's /usr/etc/rpc.mountd;
 * RFC 1094 Appendix A): MOUNT program 100005, version 1, over UDP and TCP.
 *
 * An NFS client mounting host:/dir asks host's mountd for the file handle
 * of dir (MNT); the kernel's NFS code does the rest with the handle.
 * mountd decides who gets one, from /etc/exports, read again for every
 * request so that an edit counts at once:
 *
 *   # directory   options
 *   /home         -access=sun1:sun2,root=sun1
 *   /usr/local    -ro
 *   /export/tmp   sun3 sun4          (the old form: the hosts that may mount it)
 *
 * Options (after a '-', separated by commas): ro (read-only for everyone),
 * rw=host:host (read-only but for these), access=host:host (only these may
 * mount; without it, everyone may), root=host:host (their root is root;
 * everyone else's is anon), anon=uid (the uid a request from root or
 * without credentials gets; -2, nobody, if not given; -1 refuses them),
 * secure (accepted, but there is no AUTH_DES: it changes nothing).
 *
 * A host may mount an exported directory or a directory under it on the
 * same file system, named after symbolic links are followed (so a link
 * cannot lead out of the export). The answer is 0 and the handle (from
 * getfh(2)), or the Unix error: ENOENT, ENOTDIR, EACCES (not exported to
 * that host). Who has mounted what is kept in /etc/rmtab ("host:dir"
 * lines), which survives a restart; DUMP lists it, UMNT and UMNTALL take
 * lines out, EXPORT lists the exports with their access lists.
 *
 * ro, rw=, root=, access= and anon= are for the NFS server in the kernel
 * to apply to each request; mountd hands it the table with exportfs(2)
 * (export_to_kernel()). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <nfs/export.h>
#include <rpc/pmap_clnt.h>
#include <rpc/rpc.h>
#include <rpcsvc/mount.h>
#include <stdio.h>
#include <string.h>
#include <sys/param.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "rpcdaemon.h"

#define EXPORTS "/etc/exports"
#define RMTAB "/etc/rmtab"
#define RMTAB_NEW "/etc/rmtab.new"
#define MAXHOSTS 32
#define ANON_NOBODY (-2)

/* One line of /etc/exports. */
struct exportline {
  char *dir;
  bool_t ro;
  char *access[MAXHOSTS]; /* may mount; none listed: everyone */
  int naccess;
  char *rw[MAXHOSTS];     /* rw=: read-only except for these */
  int nrw;
  bool_t rw_list;
  char *root[MAXHOSTS];   /* root=: root stays root */
  int nroot;
  long anon;
  struct exportline *next;
};

static struct exportline *exports;
static char *exports_text; /* the file as it was last parsed */

/* One line of /etc/rmtab: a host that mounted a directory. */
struct rmtab {
  char *host;
  char *path;
  struct rmtab *next;
};
static struct rmtab *rmtab;

/* ---- the kernel's export table ----------------------------------------
 *
 * As SunOS 4 does, the export table is handed to the kernel with
 * exportfs(2) each time it is read anew (docs/nfs.md), so that the NFS
 * server refuses handles from directories no longer exported, keeps a
 * read-only export read-only, and maps root and unknown users (root=,
 * anon=); a directory that left the file is unexported. mountd itself
 * decides who may mount what (may_mount below). */
#define MAXEXPORTS 64
static char *in_kernel[MAXEXPORTS]; /* what the kernel has now */
static int nin_kernel;

/* The addresses of a list of host names (a name that does not resolve is left out). */
static struct exaddrlist addrs_of(char **names, int n, struct sockaddr_in *vec) {
  struct exaddrlist l = {0, vec};
  for (int i = 0; i < n; i++) {
    struct hostent *h = gethostbyname(names[i]);
    if (h == NULL) {
      fprintf(stderr, "mountd: %s: unknown host in %s\n", names[i], EXPORTS);
      continue;
    }
    memset(&vec[l.naddrs], 0, sizeof(vec[0]));
    vec[l.naddrs].sin_family = AF_INET;
    memcpy(&vec[l.naddrs].sin_addr, h->h_addr, sizeof(vec[0].sin_addr));
    l.naddrs++;
  }
  return l;
}

static void export_to_kernel(struct exportline *list) {
  static struct sockaddr_in roots[MAXHOSTS], writers[MAXHOSTS], access[MAXHOSTS];
  char *now[MAXEXPORTS];
  int nnow = 0;
  for (struct exportline *ex = list; ex != NULL && nnow < MAXEXPORTS; ex = ex->next) {
    struct export kex;
    memset(&kex, 0, sizeof(kex));
    kex.ex_flags = ex->ro ? EX_RDONLY : ex->rw_list ? EX_RDMOSTLY : 0;
    kex.ex_anon = ex->anon;
    kex.ex_auth = AUTH_UNIX;
    kex.ex_rootaddrs = addrs_of(ex->root, ex->nroot, roots);
    kex.ex_writeaddrs = addrs_of(ex->rw, ex->nrw, writers);
    kex.ex_accessaddrs = addrs_of(ex->access, ex->naccess, access);
    if (exportfs(ex->dir, &kex) < 0) fprintf(stderr, "mountd: exportfs %s: %s\n", ex->dir, strerror(errno));
    else now[nnow++] = strdup(ex->dir);
  }
  for (int i = 0; i < nin_kernel; i++) {
    int kept = 0;
    for (int j = 0; j < nnow && !kept; j++) kept = strcmp(in_kernel[i], now[j]) == 0;
    if (!kept) exportfs(in_kernel[i], NULL);
    free(in_kernel[i]);
  }
  memcpy(in_kernel, now, nnow * sizeof(now[0]));
  nin_kernel = nnow;
}

static void free_export(struct exportline *ex) {
  free(ex->dir);
  for (int i = 0; i < ex->naccess; i++) free(ex->access[i]);
  for (int i = 0; i < ex->nrw; i++) free(ex->rw[i]);
  for (int i = 0; i < ex->nroot; i++) free(ex->root[i]);
  free(ex);
}

static void free_exports(void) {
  while (exports != NULL) {
    struct exportline *ex = exports;
    exports = ex->next;
    free_export(ex);
  }
}

/* Add the hosts of "h1:h2:..." to a list. */
static bool_t add_hosts(char *list, char **to, int *n) {
  for (char *h = strtok(list, ":"); h != NULL; h = strtok(NULL, ":")) {
    if (*n >= MAXHOSTS) return FALSE;
    to[(*n)++] = strdup(h);
  }
  return TRUE;
}

/* The options after the '-'; FALSE (and why, in *why) if one is wrong. */
static bool_t parse_options(struct exportline *ex, char *opts, char **why) {
  char *save, *opt;
  for (opt = opts; opt != NULL && *opt != 0; opt = save) {
    char *value;
    save = strchr(opt, ',');
    if (save != NULL) *save++ = 0;
    value = strchr(opt, '=');
    if (value != NULL) *value++ = 0;
    if (strcmp(opt, "ro") == 0 && value == NULL) {
      ex->ro = TRUE;
    } else if (strcmp(opt, "rw") == 0) {
      ex->rw_list = value != NULL;
      if (value != NULL && !add_hosts(value, ex->rw, &ex->nrw)) goto toomany;
    } else if (strcmp(opt, "access") == 0 && value != NULL) {
      if (!add_hosts(value, ex->access, &ex->naccess)) goto toomany;
    } else if (strcmp(opt, "root") == 0 && value != NULL) {
      if (!add_hosts(value, ex->root, &ex->nroot)) goto toomany;
    } else if (strcmp(opt, "anon") == 0 && value != NULL) {
      char *end;
      ex->anon = strtol(value, &end, 10);
      if (*value == 0 || *end != 0) {
        *why = "anon= needs a number";
        return FALSE;
      }
    } else if (strcmp(opt, "secure") == 0 && value == NULL) {
      /* No AUTH_DES here: nothing to do. */
    } else {
      *why = "unknown option";
      return FALSE;
    }
  }
  return TRUE;
toomany:
  *why = "too many hosts";
  return FALSE;
}

/* One line: the directory, then options or (the old form) hosts. */
static struct exportline *parse_line(char *line, char **why) {
  char *words[MAXHOSTS + 8];
  int n = 0;
  struct exportline *ex;
  struct stat st;
  for (char *w = strtok(line, " \t"); w != NULL; w = strtok(NULL, " \t")) {
    if (n == (int)(sizeof(words) / sizeof(words[0]))) {
      *why = "too many words";
      return NULL;
    }
    words[n++] = w;
  }
  ex = calloc(1, sizeof(*ex));
  if (ex == NULL) {
    *why = "out of memory";
    return NULL;
  }
  ex->anon = ANON_NOBODY;
  ex->dir = strdup(words[0]);
  if (ex->dir[0] != '/') {
    *why = "not a full path name";
    goto bad;
  }
  if (stat(ex->dir, &st) < 0 || (st.st_mode & S_IFMT) != S_IFDIR) {
    *why = "not a directory";
    goto bad;
  }
  for (int i = 1; i < n; i++) {
    if (words[i][0] == '-') {
      if (!parse_options(ex, words[i] + 1, why)) goto bad;
    } else if (ex->naccess < MAXHOSTS) {
      ex->access[ex->naccess++] = strdup(words[i]);
    } else {
      *why = "too many hosts";
      goto bad;
    }
  }
  return ex;
bad:
  free_export(ex);
  return NULL;
}

/* The whole file, or null if there is none. */
static char *read_file(const char *path) {
  FILE *f = fopen(path, "r");
  char *text = NULL;
  size_t len = 0, room = 0;
  int c;
  if (f == NULL) return NULL;
  while ((c = getc(f)) != EOF) {
    if (len + 2 > room) {
      char *more = realloc(text, room = room ? room * 2 : 512);
      if (more == NULL) break;
      text = more;
    }
    text[len++] = (char)c;
  }
  fclose(f);
  if (text == NULL) text = strdup("");
  else text[len] = 0;
  return text;
}

/* Read /etc/exports again, if it has changed; say what is wrong with it when it does. */
static void load_exports(void) {
  char *text = read_file(EXPORTS);
  struct exportline **tail;
  int lineno = 0;
  if (text == NULL) text = strdup("");
  if (exports_text != NULL && strcmp(text, exports_text) == 0) {
    free(text);
    return;
  }
  free(exports_text);
  exports_text = text;
  free_exports();
  tail = &exports;
  char *copy = strdup(text);
  for (char *line = copy, *next; line != NULL && *line != 0; line = next) {
    char *why = NULL;
    next = strchr(line, '\n');
    if (next != NULL) *next++ = 0;
    lineno++;
    /* A backslash at the end joins the next line; after a comma (options
     * going on) the next line's leading blanks go, so that the options
     * stay one word. */
    while (next != NULL && strlen(line) > 0 && line[strlen(line) - 1] == '\\') {
      char *more = next;
      size_t n = strlen(line) - 1;
      line[n] = ' ';
      next = strchr(more, '\n');
      if (next != NULL) *next++ = 0;
      lineno++;
      if (n > 0 && line[n - 1] == ',') {
        line[n] = 0;
        more += strspn(more, " \t");
      }
      memmove(line + strlen(line), more, strlen(more) + 1);
    }
    char *hash = strchr(line, '#');
    if (hash != NULL) *hash = 0;
    if (strspn(line, " \t") == strlen(line)) continue;
    struct exportline *ex = parse_line(line, &why);
    if (ex == NULL) {
      fprintf(stderr, "mountd: %s line %d: %s\n", EXPORTS, lineno, why);
      continue;
    }
    *tail = ex;
    tail = &ex->next;
  }
  free(copy);
  export_to_kernel(exports);
}

/* Is the caller one of the hosts (names from /etc/hosts, or addresses)? */
static bool_t host_in_list(struct sockaddr_in *caller, char **list, int n) {
  for (int i = 0; i < n; i++) {
    u_long a = inet_addr(list[i]);
    if (a != INADDR_NONE) {
      if (a == caller->sin_addr.s_addr) return TRUE;
      continue;
    }
    struct hostent *h = gethostbyname(list[i]);
    if (h == NULL) continue;
    for (char **ap = h->h_addr_list; *ap != NULL; ap++)
      if (memcmp(*ap, &caller->sin_addr, sizeof(caller->sin_addr)) == 0) return TRUE;
  }
  return FALSE;
}

/* The caller's name: its /etc/hosts name, else its address. */
static char *client_name(SVCXPRT *xprt) {
  static char name[MNTNAMLEN + 1];
  struct sockaddr_in *sin = svc_getcaller(xprt);
  struct hostent *h = gethostbyaddr((char *)&sin->sin_addr, sizeof(sin->sin_addr), AF_INET);
  strncpy(name, h != NULL ? h->h_name : inet_ntoa(sin->sin_addr), MNTNAMLEN);
  name[MNTNAMLEN] = 0;
  return name;
}

/* Is dir (a real path) the exported directory d or below it? */
static bool_t under(const char *dir, const char *d) {
  size_t n = strlen(d);
  if (n == 1) return TRUE; /* "/" */
  return strncmp(dir, d, n) == 0 && (dir[n] == 0 || dir[n] == '/');
}

/* Who may mount path: 0 and the real path in real, or the error. */
static int may_mount(SVCXPRT *xprt, char *path, char *real) {
  struct stat st, est;
  int err = 0;
  if (stat(path, &st) < 0) return errno;
  if ((st.st_mode & S_IFMT) != S_IFDIR) return ENOTDIR;
  /* The real name: where symbolic links and ".." lead. */
  if (chdir(path) < 0) return errno;
  if (getcwd(real, MAXPATHLEN) == NULL) err = errno;
  chdir("/");
  if (err != 0) return err;
  for (struct exportline *ex = exports; ex != NULL; ex = ex->next) {
    if (!under(real, ex->dir) || stat(ex->dir, &est) < 0 || est.st_dev != st.st_dev) continue;
    if (ex->naccess == 0 || host_in_list(svc_getcaller(xprt), ex->access, ex->naccess)) return 0;
  }
  return EACCES;
}

static void save_rmtab(void) {
  FILE *f = fopen(RMTAB_NEW, "w");
  if (f == NULL) return;
  for (struct rmtab *r = rmtab; r != NULL; r = r->next) fprintf(f, "%s:%s\n", r->host, r->path);
  if (fclose(f) == 0) rename(RMTAB_NEW, RMTAB);
}

static void load_rmtab(void) {
  FILE *f = fopen(RMTAB, "r");
  char line[MNTNAMLEN + MNTPATHLEN + 4];
  struct rmtab **tail = &rmtab;
  if (f == NULL) return;
  while (fgets(line, sizeof(line), f) != NULL) {
    char *colon = strchr(line, ':'), *nl = strchr(line, '\n');
    struct rmtab *r;
    if (nl != NULL) *nl = 0;
    if (line[0] == '#' || colon == NULL || (r = malloc(sizeof(*r))) == NULL) continue;
    *colon = 0;
    r->host = strdup(line);
    r->path = strdup(colon + 1);
    r->next = NULL;
    *tail = r;
    tail = &r->next;
  }
  fclose(f);
}

/* Forget host's mounts (of path, or all of them if path is null). */
static void rmtab_remove(const char *host, const char *path) {
  struct rmtab **rp = &rmtab;
  bool_t changed = FALSE;
  while (*rp != NULL) {
    struct rmtab *r = *rp;
    if (strcmp(r->host, host) == 0 && (path == NULL || strcmp(r->path, path) == 0)) {
      *rp = r->next;
      free(r->host);
      free(r->path);
      free(r);
      changed = TRUE;
    } else {
      rp = &r->next;
    }
  }
  if (changed) save_rmtab();
}

static void rmtab_add(const char *host, const char *path) {
  struct rmtab *r, **tail = &rmtab;
  for (r = rmtab; r != NULL; tail = &r->next, r = r->next)
    if (strcmp(r->host, host) == 0 && strcmp(r->path, path) == 0) return;
  r = malloc(sizeof(*r));
  if (r == NULL) return;
  r->host = strdup(host);
  r->path = strdup(path);
  r->next = NULL;
  *tail = r;
  save_rmtab();
}

static void mnt(SVCXPRT *xprt) {
  char *path = NULL, real[MAXPATHLEN];
  struct fhstatus fhs;
  if (!svc_getargs(xprt, xdr_path, &path)) {
    svcerr_decode(xprt);
    return;
  }
  load_exports();
  memset(&fhs, 0, sizeof(fhs));
  fhs.fhs_status = may_mount(xprt, path, real);
  if (fhs.fhs_status == 0) {
    int fd = open(real, O_RDONLY, 0);
    if (fd < 0 || getfh(fd, &fhs.fhs_fh) < 0) fhs.fhs_status = errno;
    if (fd >= 0) close(fd);
  }
  if (!svc_sendreply(xprt, xdr_fhstatus, (caddr_t)&fhs)) fprintf(stderr, "mountd: can't reply to MNT\n");
  if (fhs.fhs_status == 0) rmtab_add(client_name(xprt), path);
  svc_freeargs(xprt, xdr_path, &path);
}

static void umnt(SVCXPRT *xprt) {
  char *path = NULL;
  if (!svc_getargs(xprt, xdr_path, &path)) {
    svcerr_decode(xprt);
    return;
  }
  svc_sendreply(xprt, xdr_void, NULL);
  rmtab_remove(client_name(xprt), path);
  svc_freeargs(xprt, xdr_path, &path);
}

static void dump(SVCXPRT *xprt) {
  struct mountlist *head = NULL, **tail = &head;
  for (struct rmtab *r = rmtab; r != NULL; r = r->next) {
    struct mountlist *ml = malloc(sizeof(*ml));
    if (ml == NULL) break;
    ml->ml_name = r->host;
    ml->ml_path = r->path;
    ml->ml_nxt = NULL;
    *tail = ml;
    tail = &ml->ml_nxt;
  }
  svc_sendreply(xprt, xdr_mountlist, (caddr_t)&head);
  while (head != NULL) {
    struct mountlist *ml = head;
    head = ml->ml_nxt;
    free(ml);
  }
}

static void export(SVCXPRT *xprt) {
  struct exports *head = NULL, **tail = &head;
  load_exports();
  for (struct exportline *ex = exports; ex != NULL; ex = ex->next) {
    struct exports *e = malloc(sizeof(*e));
    struct groups **gtail;
    if (e == NULL) break;
    e->ex_name = ex->dir;
    e->ex_groups = NULL;
    e->ex_next = NULL;
    gtail = &e->ex_groups;
    for (int i = 0; i < ex->naccess; i++) {
      struct groups *g = malloc(sizeof(*g));
      if (g == NULL) break;
      g->g_name = ex->access[i];
      g->g_next = NULL;
      *gtail = g;
      gtail = &g->g_next;
    }
    *tail = e;
    tail = &e->ex_next;
  }
  svc_sendreply(xprt, xdr_exports, (caddr_t)&head);
  while (head != NULL) {
    struct exports *e = head;
    head = e->ex_next;
    while (e->ex_groups != NULL) {
      struct groups *g = e->ex_groups;
      e->ex_groups = g->g_next;
      free(g);
    }
    free(e);
  }
}

static void mount_prog(struct svc_req *rq, SVCXPRT *xprt) {
  switch (rq->rq_proc) {
  case NULLPROC:
    svc_sendreply(xprt, xdr_void, NULL);
    break;
  case MOUNTPROC_MOUNT:
    mnt(xprt);
    break;
  case MOUNTPROC_DUMP:
    dump(xprt);
    break;
  case MOUNTPROC_UMNT:
    umnt(xprt);
    break;
  case MOUNTPROC_UMNTALL:
    svc_sendreply(xprt, xdr_void, NULL);
    rmtab_remove(client_name(xprt), NULL);
    break;
  case MOUNTPROC_EXPORT:
  case MOUNTPROC_EXPORTALL:
    export(xprt);
    break;
  default:
    svcerr_noproc(xprt);
    break;
  }
}

int main(int argc, char **argv) {
  SVCXPRT *udp, *tcp;
  bool_t debug = argc > 1 && strcmp(argv[1], "-d") == 0;
  load_exports();
  load_rmtab();
  udp = svcudp_create(RPC_ANYSOCK);
  tcp = svctcp_create(RPC_ANYSOCK, 0, 0);
  if (udp == NULL || tcp == NULL) {
    fprintf(stderr, "mountd: couldn't create an RPC server\n");
    return 1;
  }
  pmap_unset(MOUNTPROG, MOUNTVERS);
  if (!svc_register(udp, MOUNTPROG, MOUNTVERS, mount_prog, IPPROTO_UDP) ||
      !svc_register(tcp, MOUNTPROG, MOUNTVERS, mount_prog, IPPROTO_TCP)) {
    fprintf(stderr, "mountd: couldn't register MOUNTPROG\n");
    return 1;
  }
  if (!debug) rpc_daemon("mountd");
  svc_run();
  fprintf(stderr, "mountd: svc_run returned\n");
  return 1;
}
