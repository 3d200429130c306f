/* showmount - who has mounted what from an NFS server (SunOS 4's
 * /usr/etc/showmount), from its mountd over TCP:
 *
 *   showmount [host]       the hosts that have mounted from host (this one by default)
 *   showmount -a [host]    each mount, as host:directory
 *   showmount -d [host]    the directories mounted
 *   showmount -e [host]    what host exports, and to whom
 *
 * The lists are mountd's /etc/rmtab: clients that went away without
 * unmounting stay in it. */
#include <rpc/rpc.h>
#include <rpcsvc/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct timeval total = {25, 0};

static int strp_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Print the strings sorted, each once. */
static void print_sorted(char **v, int n) {
  qsort(v, n, sizeof(char *), strp_cmp);
  for (int i = 0; i < n; i++)
    if (i == 0 || strcmp(v[i], v[i - 1]) != 0) printf("%s\n", v[i]);
}

static int show_exports(CLIENT *cl, char *host) {
  struct exports *ex = NULL;
  enum clnt_stat stat = clnt_call(cl, MOUNTPROC_EXPORT, xdr_void, NULL, xdr_exports, &ex, total);
  if (stat != RPC_SUCCESS) {
    clnt_perror(cl, host);
    return 1;
  }
  printf("export list for %s:\n", host);
  for (struct exports *e = ex; e != NULL; e = e->ex_next) {
    printf("%-20s ", e->ex_name);
    if (e->ex_groups == NULL) printf("(everyone)");
    for (struct groups *g = e->ex_groups; g != NULL; g = g->g_next)
      printf("%s%s", g->g_name, g->g_next != NULL ? "," : "");
    printf("\n");
  }
  clnt_freeres(cl, xdr_exports, &ex);
  return 0;
}

static int show_mounts(CLIENT *cl, char *host, int all, int dirs) {
  struct mountlist *ml = NULL;
  char **v;
  int n = 0;
  enum clnt_stat stat = clnt_call(cl, MOUNTPROC_DUMP, xdr_void, NULL, xdr_mountlist, &ml, total);
  if (stat != RPC_SUCCESS) {
    clnt_perror(cl, host);
    return 1;
  }
  for (struct mountlist *m = ml; m != NULL; m = m->ml_nxt) n++;
  v = malloc((n ? n : 1) * sizeof(char *));
  n = 0;
  for (struct mountlist *m = ml; m != NULL && v != NULL; m = m->ml_nxt) {
    if (all) {
      char *s = malloc(strlen(m->ml_name) + strlen(m->ml_path) + 2);
      if (s == NULL) continue;
      sprintf(s, "%s:%s", m->ml_name, m->ml_path);
      v[n++] = s;
    } else {
      v[n++] = dirs ? m->ml_path : m->ml_name;
    }
  }
  if (all)
    printf("All mount points on %s:\n", host);
  else if (dirs)
    printf("Directories on %s:\n", host);
  else
    printf("Hosts on %s:\n", host);
  if (v != NULL) print_sorted(v, n);
  clnt_freeres(cl, xdr_mountlist, &ml);
  return 0;
}

int main(int argc, char **argv) {
  int c, all = 0, dirs = 0, exp = 0, rc;
  char host[256];
  CLIENT *cl;
  while ((c = getopt(argc, argv, "ade")) != -1) {
    switch (c) {
    case 'a':
      all = 1;
      break;
    case 'd':
      dirs = 1;
      break;
    case 'e':
      exp = 1;
      break;
    default:
      fprintf(stderr, "Usage: showmount [-a] [-d] [-e] [host]\n");
      return 1;
    }
  }
  if (optind < argc - 1) {
    fprintf(stderr, "Usage: showmount [-a] [-d] [-e] [host]\n");
    return 1;
  }
  if (optind == argc - 1) {
    strncpy(host, argv[optind], sizeof(host) - 1);
    host[sizeof(host) - 1] = 0;
  } else if (gethostname(host, sizeof(host)) < 0) {
    perror("showmount: gethostname");
    return 1;
  }
  cl = clnt_create(host, MOUNTPROG, MOUNTVERS, "tcp");
  if (cl == NULL) {
    clnt_pcreateerror(host);
    return 1;
  }
  cl->cl_auth = authunix_create_default();
  rc = exp ? show_exports(cl, host) : show_mounts(cl, host, all, dirs);
  auth_destroy(cl->cl_auth);
  clnt_destroy(cl);
  return rc;
}
