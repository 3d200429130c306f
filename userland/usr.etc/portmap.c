/* portmap - the RPC port mapper (SunOS 4's /usr/etc/portmap; RFC 1057
 * Appendix A): program 100000, version 2, on UDP and TCP port 111.
 *
 * RPC servers take whatever port they are given and tell the port
 * mapper (pmap_set); clients ask it where a program is (pmap_getport).
 * /etc/rc starts it before any other RPC daemon. It keeps the map in
 * memory: what it answers to each procedure is in rpc/pmap_prot.h.
 *
 *   SET, UNSET  only from this machine (127.0.0.1 or one of its
 *               interfaces' addresses), and a reserved port (below 1024)
 *               only from a caller on a reserved port, that is, the
 *               super-user; otherwise the answer is FALSE.
 *   GETPORT     the port of (program, version, protocol); if that version
 *               is not registered but another is, that one's port, so
 *               that the client learns from the server which versions it
 *               has (PROG_MISMATCH); 0 if the program is not here.
 *   CALLIT      calls a UDP service of this machine for the caller, in a
 *               child process so that a slow service cannot hold the port
 *               mapper, with the caller's AUTH_UNIX credentials; answers
 *               only if the call succeeded (what broadcasts rely on). Over
 *               UDP only.
 */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <rpc/pmap_prot.h>
#include <rpc/rpc.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include "rpcdaemon.h"

#define IPPORT_RESERVED 1024

static struct pmaplist *pmaplist;
static SVCXPRT *udp_xprt;

/* The mapping for (prog, vers, prot), or, if that version is not here,
 * another version of prog on prot; null if prog is not here on prot. */
static struct pmaplist *find_service(u_long prog, u_long vers, u_long prot) {
  struct pmaplist *hit = NULL;
  for (struct pmaplist *pml = pmaplist; pml != NULL; pml = pml->pml_next) {
    if (pml->pml_map.pm_prog != prog || pml->pml_map.pm_prot != prot) continue;
    hit = pml;
    if (pml->pml_map.pm_vers == vers) break;
  }
  return hit;
}

/* A new mapping goes at the end: DUMP lists them in the order they came. */
static bool_t add_mapping(u_long prog, u_long vers, u_long prot, u_long port) {
  struct pmaplist *pml = malloc(sizeof(*pml)), **tail = &pmaplist;
  if (pml == NULL) return FALSE;
  pml->pml_map.pm_prog = prog;
  pml->pml_map.pm_vers = vers;
  pml->pml_map.pm_prot = prot;
  pml->pml_map.pm_port = port;
  pml->pml_next = NULL;
  while (*tail != NULL) tail = &(*tail)->pml_next;
  *tail = pml;
  return TRUE;
}

/* Did the call come from this machine? The loopback network, or the
 * address of one of its interfaces (looked up now: they may change). */
static bool_t from_local(SVCXPRT *xprt) {
  u_long addr = ntohl(svc_getcaller(xprt)->sin_addr.s_addr);
  char buf[16 * sizeof(struct ifreq)];
  struct ifconf ifc;
  bool_t local = FALSE;
  int s;
  if ((addr >> 24) == 127) return TRUE;
  s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s < 0) return FALSE;
  ifc.ifc_len = sizeof(buf);
  ifc.ifc_buf = buf;
  if (ioctl(s, SIOCGIFCONF, &ifc) == 0) {
    for (int i = 0; i < ifc.ifc_len / (int)sizeof(struct ifreq) && !local; i++) {
      struct sockaddr_in *sin = (struct sockaddr_in *)&ifc.ifc_req[i].ifr_addr;
      local = sin->sin_family == AF_INET && ntohl(sin->sin_addr.s_addr) == addr;
    }
  }
  close(s);
  return local;
}

static bool_t reserved_caller(SVCXPRT *xprt) {
  return ntohs(svc_getcaller(xprt)->sin_port) < IPPORT_RESERVED;
}

static void pmap_setproc(SVCXPRT *xprt) {
  struct pmap reg;
  struct pmaplist *fnd;
  bool_t ans = FALSE;
  if (!svc_getargs(xprt, xdr_pmap, &reg)) {
    svcerr_decode(xprt);
    return;
  }
  if (!from_local(xprt) || (reg.pm_port < IPPORT_RESERVED && !reserved_caller(xprt)) || reg.pm_port > 0xffff ||
      (reg.pm_prot != IPPROTO_UDP && reg.pm_prot != IPPROTO_TCP)) {
    ans = FALSE;
  } else {
    fnd = find_service(reg.pm_prog, reg.pm_vers, reg.pm_prot);
    if (fnd != NULL && fnd->pml_map.pm_vers == reg.pm_vers)
      ans = fnd->pml_map.pm_port == reg.pm_port; /* taken, unless it is the same */
    else
      ans = add_mapping(reg.pm_prog, reg.pm_vers, reg.pm_prot, reg.pm_port);
  }
  svc_sendreply(xprt, xdr_bool, (caddr_t)&ans);
}

static void pmap_unsetproc(SVCXPRT *xprt) {
  struct pmap reg;
  bool_t ans = FALSE;
  if (!svc_getargs(xprt, xdr_pmap, &reg)) {
    svcerr_decode(xprt);
    return;
  }
  if (from_local(xprt)) {
    /* Every protocol's mapping of that program and version. */
    struct pmaplist **pp = &pmaplist;
    while (*pp != NULL) {
      struct pmaplist *pml = *pp;
      if (pml->pml_map.pm_prog == reg.pm_prog && pml->pml_map.pm_vers == reg.pm_vers &&
          !(pml->pml_map.pm_prog == PMAPPROG && pml->pml_map.pm_port == PMAPPORT)) {
        *pp = pml->pml_next;
        free(pml);
        ans = TRUE;
      } else {
        pp = &pml->pml_next;
      }
    }
  }
  svc_sendreply(xprt, xdr_bool, (caddr_t)&ans);
}

static void pmap_getportproc(SVCXPRT *xprt) {
  struct pmap reg;
  struct pmaplist *fnd;
  u_long port;
  if (!svc_getargs(xprt, xdr_pmap, &reg)) {
    svcerr_decode(xprt);
    return;
  }
  fnd = find_service(reg.pm_prog, reg.pm_vers, reg.pm_prot);
  port = fnd != NULL ? fnd->pml_map.pm_port : 0;
  svc_sendreply(xprt, xdr_u_long, (caddr_t)&port);
}

/* CALLIT's arguments and results: the carried arguments and results are
 * opaque bytes here, the XDR the caller and the service made of them. */
struct encap {
  u_int len;
  char *bytes;
};

struct callit {
  u_long prog, vers, proc, port;
  struct encap args;
  struct encap res;
};

static bool_t xdr_callit_args(XDR *xdrs, struct callit *c) {
  return xdr_u_long(xdrs, &c->prog) && xdr_u_long(xdrs, &c->vers) && xdr_u_long(xdrs, &c->proc) &&
         xdr_bytes(xdrs, &c->args.bytes, &c->args.len, UDPMSGSIZE);
}

/* The carried arguments go out as they came: already XDR. */
static bool_t xdr_raw_args(XDR *xdrs, struct callit *c) {
  return XDR_PUTBYTES(xdrs, c->args.bytes, c->args.len);
}

/* The service's results are whatever is left of its reply. */
static bool_t xdr_raw_results(XDR *xdrs, struct callit *c) {
  static char buf[UDPMSGSIZE];
  u_int n = 0;
  while (n + BYTES_PER_XDR_UNIT <= sizeof(buf) && XDR_GETBYTES(xdrs, buf + n, BYTES_PER_XDR_UNIT))
    n += BYTES_PER_XDR_UNIT;
  c->res.bytes = buf;
  c->res.len = n;
  return TRUE;
}

static bool_t xdr_callit_results(XDR *xdrs, struct callit *c) {
  return xdr_u_long(xdrs, &c->port) && xdr_bytes(xdrs, &c->res.bytes, &c->res.len, UDPMSGSIZE);
}

static void pmap_callitproc(struct svc_req *rq, SVCXPRT *xprt) {
  struct callit c;
  struct pmaplist *pml;
  struct sockaddr_in me;
  struct timeval wait = {1, 0}, total = {5, 0};
  int sock = RPC_ANYSOCK;
  CLIENT *client;

  memset(&c, 0, sizeof(c));
  if (!svc_getargs(xprt, xdr_callit_args, &c)) {
    svcerr_decode(xprt);
    return;
  }
  /* Only a service of this exact version on UDP; no answer otherwise. */
  if (xprt != udp_xprt || (pml = find_service(c.prog, c.vers, IPPROTO_UDP)) == NULL ||
      pml->pml_map.pm_vers != c.vers || c.prog == PMAPPROG) {
    svc_freeargs(xprt, xdr_callit_args, &c);
    return;
  }
  c.port = pml->pml_map.pm_port;
  if (fork() != 0) {
    svc_freeargs(xprt, xdr_callit_args, &c);
    return;
  }
  /* The child makes the call and answers, then goes. */
  memset(&me, 0, sizeof(me));
  me.sin_family = AF_INET;
  me.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  me.sin_port = htons((u_short)c.port);
  client = clntudp_create(&me, c.prog, c.vers, wait, &sock);
  if (client == NULL) _exit(1);
  if (rq->rq_cred.oa_flavor == AUTH_UNIX) {
    struct authunix_parms *au = (struct authunix_parms *)rq->rq_clntcred;
    AUTH *auth = authunix_create(au->aup_machname, au->aup_uid, au->aup_gid, (int)au->aup_len, au->aup_gids);
    if (auth != NULL) {
      auth_destroy(client->cl_auth);
      client->cl_auth = auth;
    }
  }
  if (clnt_call(client, c.proc, xdr_raw_args, &c, xdr_raw_results, &c, total) == RPC_SUCCESS)
    svc_sendreply(xprt, xdr_callit_results, (caddr_t)&c);
  _exit(0);
}

static void reg_service(struct svc_req *rq, SVCXPRT *xprt) {
  switch (rq->rq_proc) {
  case PMAPPROC_NULL:
    svc_sendreply(xprt, xdr_void, NULL);
    break;
  case PMAPPROC_SET:
    pmap_setproc(xprt);
    break;
  case PMAPPROC_UNSET:
    pmap_unsetproc(xprt);
    break;
  case PMAPPROC_GETPORT:
    pmap_getportproc(xprt);
    break;
  case PMAPPROC_DUMP:
    svc_sendreply(xprt, xdr_pmaplist, (caddr_t)&pmaplist);
    break;
  case PMAPPROC_CALLIT:
    pmap_callitproc(rq, xprt);
    break;
  default:
    svcerr_noproc(xprt);
    break;
  }
}

/* CALLIT's children, when they are done. */
static void reap(int sig) {
  int status;
  (void)sig;
  while (wait3(&status, WNOHANG, NULL) > 0) {
  }
}

/* A socket of the given type bound to the port mapper's port. */
static int pmap_socket(int type, int proto) {
  struct sockaddr_in addr;
  int on = 1;
  int s = socket(AF_INET, type, proto);
  if (s < 0) {
    perror("portmap: cannot create socket");
    exit(1);
  }
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_port = htons(PMAPPORT);
  if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
    perror(type == SOCK_DGRAM ? "portmap: cannot bind udp" : "portmap: cannot bind tcp");
    exit(1);
  }
  return s;
}

int main(int argc, char **argv) {
  SVCXPRT *tcp_xprt;
  bool_t debug = argc > 1 && strcmp(argv[1], "-d") == 0;

  udp_xprt = svcudp_create(pmap_socket(SOCK_DGRAM, IPPROTO_UDP));
  tcp_xprt = svctcp_create(pmap_socket(SOCK_STREAM, IPPROTO_TCP), RPCSMALLMSGSIZE, RPCSMALLMSGSIZE);
  if (udp_xprt == NULL || tcp_xprt == NULL) {
    fprintf(stderr, "portmap: couldn't do svc create\n");
    exit(1);
  }
  /* The port mapper maps itself. */
  add_mapping(PMAPPROG, PMAPVERS, IPPROTO_TCP, PMAPPORT);
  add_mapping(PMAPPROG, PMAPVERS, IPPROTO_UDP, PMAPPORT);
  svc_register(udp_xprt, PMAPPROG, PMAPVERS, reg_service, 0);
  svc_register(tcp_xprt, PMAPPROG, PMAPVERS, reg_service, 0);
  if (!debug) rpc_daemon("portmap");
  signal(SIGCHLD, reap);
  svc_run();
  fprintf(stderr, "portmap: svc_run returned\n");
  return 1;
}
