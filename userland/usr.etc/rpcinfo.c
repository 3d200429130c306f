/* rpcinfo - ask the port mapper and RPC servers (SunOS 4's
 * /usr/etc/rpcinfo).
 *
 *   rpcinfo -p [host]               the programs registered with host's port mapper
 *   rpcinfo [-n port] -u host prog [vers]   call procedure 0 of prog over UDP
 *   rpcinfo [-n port] -t host prog [vers]   ... over TCP
 *   rpcinfo -b prog vers            broadcast procedure 0; list who answers
 *   rpcinfo -d prog vers            unregister prog and vers here (super-user)
 *
 * prog is a number or a name from /etc/rpc. Without vers, -u and -t call
 * every version the server has: they first call version 0, which no
 * server has, and the PROG_MISMATCH answer says which versions it has.
 * The exit status is 0 if everything asked for answered, 1 otherwise. */
#include <netdb.h>
#include <rpc/pmap_clnt.h>
#include <rpc/pmap_prot.h>
#include <rpc/rpc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

static void usage(void) {
  fprintf(stderr, "Usage: rpcinfo [ -n portnum ] -u host prognum [ versnum ]\n");
  fprintf(stderr, "       rpcinfo [ -n portnum ] -t host prognum [ versnum ]\n");
  fprintf(stderr, "       rpcinfo -p [ host ]\n");
  fprintf(stderr, "       rpcinfo -b prognum versnum\n");
  fprintf(stderr, "       rpcinfo -d prognum versnum\n");
  exit(1);
}

static u_long getprognum(char *arg) {
  char *end;
  u_long n = strtoul(arg, &end, 10);
  if (*arg != 0 && *end == 0) return n;
  struct rpcent *rpc = getrpcbyname(arg);
  if (rpc == NULL) {
    fprintf(stderr, "rpcinfo: %s is unknown service\n", arg);
    exit(1);
  }
  return (u_long)rpc->r_number;
}

static u_long getvers(char *arg) {
  char *end;
  u_long n = strtoul(arg, &end, 10);
  if (*arg == 0 || *end != 0) {
    fprintf(stderr, "rpcinfo: %s is not a version number\n", arg);
    exit(1);
  }
  return n;
}

static void get_inet_address(struct sockaddr_in *addr, char *host) {
  memset(addr, 0, sizeof(*addr));
  addr->sin_family = AF_INET;
  addr->sin_addr.s_addr = inet_addr(host);
  if (addr->sin_addr.s_addr == INADDR_NONE) {
    struct hostent *h = gethostbyname(host);
    if (h == NULL) {
      fprintf(stderr, "rpcinfo: %s is unknown host\n", host);
      exit(1);
    }
    memcpy(&addr->sin_addr, h->h_addr, sizeof(addr->sin_addr));
  }
}

static struct timeval tottimeout = {10, 0};

/* A client for prog and vers at addr (port 0: ask the port mapper), over UDP or TCP. */
static CLIENT *client_for(struct sockaddr_in *addr, u_short port, u_long prog, u_long vers, int tcp) {
  struct timeval wait = {5, 0};
  int sock = RPC_ANYSOCK;
  addr->sin_port = htons(port);
  return tcp ? clnttcp_create(addr, prog, vers, &sock, 0, 0) : clntudp_create(addr, prog, vers, wait, &sock);
}

/* Print how the null call of prog and vers went; 0 if it answered. */
static int pstatus(CLIENT *client, u_long prog, u_long vers) {
  struct rpc_err err;
  clnt_geterr(client, &err);
  if (err.re_status != RPC_SUCCESS) {
    clnt_perror(client, "rpcinfo");
    printf("program %lu version %lu is not available\n", prog, vers);
    return 1;
  }
  printf("program %lu version %lu ready and waiting\n", prog, vers);
  return 0;
}

/* -u and -t. */
static int ping(int argc, char **argv, u_short port, int tcp) {
  struct sockaddr_in addr;
  CLIENT *client;
  u_long prog, vers, low, high;
  struct rpc_err err;
  int failed = 0;

  if (argc != 2 && argc != 3) usage();
  prog = getprognum(argv[1]);
  get_inet_address(&addr, argv[0]);
  if (argc == 3) {
    vers = getvers(argv[2]);
    client = client_for(&addr, port, prog, vers, tcp);
    if (client == NULL) {
      clnt_pcreateerror("rpcinfo");
      printf("program %lu version %lu is not available\n", prog, vers);
      return 1;
    }
    clnt_call(client, NULLPROC, xdr_void, NULL, xdr_void, NULL, tottimeout);
    failed = pstatus(client, prog, vers);
    clnt_destroy(client);
    return failed;
  }
  /* Every version: version 0 first, to learn which there are. */
  client = client_for(&addr, port, prog, 0, tcp);
  if (client == NULL) {
    clnt_pcreateerror("rpcinfo");
    printf("program %lu is not available\n", prog);
    return 1;
  }
  clnt_call(client, NULLPROC, xdr_void, NULL, xdr_void, NULL, tottimeout);
  clnt_geterr(client, &err);
  clnt_destroy(client);
  if (err.re_status == RPC_PROGVERSMISMATCH) {
    low = err.re_vers.low;
    high = err.re_vers.high;
  } else if (err.re_status == RPC_SUCCESS) {
    /* A server that has a version 0. */
    low = high = 0;
  } else {
    fprintf(stderr, "rpcinfo: %s", clnt_sperrno(err.re_status));
    fprintf(stderr, "\n");
    printf("program %lu is not available\n", prog);
    return 1;
  }
  for (vers = low; vers <= high; vers++) {
    addr.sin_port = 0;
    client = client_for(&addr, port, prog, vers, tcp);
    if (client == NULL) {
      clnt_pcreateerror("rpcinfo");
      printf("program %lu version %lu is not available\n", prog, vers);
      failed = 1;
      continue;
    }
    clnt_call(client, NULLPROC, xdr_void, NULL, xdr_void, NULL, tottimeout);
    failed |= pstatus(client, prog, vers);
    clnt_destroy(client);
  }
  return failed;
}

/* -p: the port mapper's map, over TCP. */
static int pmapdump(int argc, char **argv) {
  struct sockaddr_in addr;
  struct pmaplist *head = NULL;
  struct timeval minute = {60, 0};
  int sock = RPC_ANYSOCK;
  CLIENT *client;

  if (argc > 1) usage();
  if (argc == 1) {
    get_inet_address(&addr, argv[0]);
  } else {
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  }
  addr.sin_port = htons(PMAPPORT);
  client = clnttcp_create(&addr, PMAPPROG, PMAPVERS, &sock, 50, 500);
  if (client == NULL) {
    clnt_pcreateerror("rpcinfo: can't contact portmapper");
    return 1;
  }
  if (clnt_call(client, PMAPPROC_DUMP, xdr_void, NULL, xdr_pmaplist, &head, minute) != RPC_SUCCESS) {
    clnt_perror(client, "rpcinfo: can't contact portmapper");
    clnt_destroy(client);
    return 1;
  }
  if (head == NULL) {
    printf("No remote programs registered.\n");
  } else {
    printf("   program vers proto   port\n");
    for (struct pmaplist *p = head; p != NULL; p = p->pml_next) {
      struct rpcent *rpc = getrpcbynumber((int)p->pml_map.pm_prog);
      printf("%10lu%5lu", p->pml_map.pm_prog, p->pml_map.pm_vers);
      if (p->pml_map.pm_prot == IPPROTO_UDP)
        printf("%6s", "udp");
      else if (p->pml_map.pm_prot == IPPROTO_TCP)
        printf("%6s", "tcp");
      else
        printf("%6lu", p->pml_map.pm_prot);
      printf("%7lu", p->pml_map.pm_port);
      if (rpc != NULL) printf("  %s", rpc->r_name);
      printf("\n");
    }
  }
  clnt_freeres(client, xdr_pmaplist, &head);
  clnt_destroy(client);
  return 0;
}

/* -b: every reply, as it comes (each machine once per resend). */
static bool_t reply_proc(caddr_t res, struct sockaddr_in *who) {
  struct hostent *h = gethostbyaddr((char *)&who->sin_addr, sizeof(who->sin_addr), AF_INET);
  (void)res;
  printf("%s %s\n", inet_ntoa(who->sin_addr), h != NULL ? h->h_name : "(unknown)");
  fflush(stdout);
  return FALSE;
}

static int brdcst(int argc, char **argv) {
  enum clnt_stat stat;
  if (argc != 2) usage();
  stat = clnt_broadcast(getprognum(argv[0]), getvers(argv[1]), NULLPROC, xdr_void, NULL, xdr_void, NULL,
                        reply_proc);
  if (stat != RPC_SUCCESS && stat != RPC_TIMEDOUT) {
    fprintf(stderr, "rpcinfo: broadcast failed: %s\n", clnt_sperrno(stat));
    return 1;
  }
  return 0;
}

/* -d: unregister. */
static int deletereg(int argc, char **argv) {
  if (argc != 2) usage();
  if (geteuid() != 0) {
    fprintf(stderr, "rpcinfo: sorry, you are not root\n");
    return 1;
  }
  if (!pmap_unset(getprognum(argv[0]), getvers(argv[1]))) {
    fprintf(stderr, "rpcinfo: Could not delete registration for prog %s version %s\n", argv[0], argv[1]);
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  int c, function = 0;
  u_short port = 0;
  while ((c = getopt(argc, argv, "ptubdn:")) != -1) {
    switch (c) {
    case 'p':
    case 't':
    case 'u':
    case 'b':
    case 'd':
      if (function != 0) usage();
      function = c;
      break;
    case 'n':
      port = (u_short)atoi(optarg);
      break;
    default:
      usage();
    }
  }
  argc -= optind;
  argv += optind;
  switch (function) {
  case 'p':
    return pmapdump(argc, argv);
  case 'u':
    return ping(argc, argv, port, 0);
  case 't':
    return ping(argc, argv, port, 1);
  case 'b':
    return brdcst(argc, argv);
  case 'd':
    return deletereg(argc, argv);
  default:
    usage();
  }
  return 1;
}
