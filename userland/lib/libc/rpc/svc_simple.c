/* registerrpc (SunOS 4's svc_simple.c): a server procedure in one call.
 * Every procedure registered this way shares one UDP transport; the
 * library decodes the arguments with inproc, calls the procedure with a
 * pointer to them, and sends back what it returns (a pointer to the
 * results, or null for no reply) with outproc. Start serving with
 * svc_run(). */
#include <rpc/pmap_clnt.h>
#include <rpc/rpc.h>
#include <stdio.h>
#include <string.h>

struct proglst {
  char *(*p_progname)();
  u_long p_prognum, p_versnum, p_procnum;
  xdrproc_t p_inproc, p_outproc;
  struct proglst *p_next;
};

static struct proglst *proglst;
static SVCXPRT *transp;

/* The largest arguments a registered procedure may take. */
#define ARGSIZE 1024

static void universal(struct svc_req *rq, SVCXPRT *xprt) {
  static char args[ARGSIZE];
  struct proglst *pl;
  char *result;
  if (rq->rq_proc == NULLPROC) {
    svc_sendreply(xprt, (xdrproc_t)xdr_void, NULL);
    return;
  }
  for (pl = proglst; pl != NULL; pl = pl->p_next) {
    if (pl->p_prognum != rq->rq_prog || pl->p_versnum != rq->rq_vers || pl->p_procnum != rq->rq_proc) continue;
    memset(args, 0, sizeof(args));
    if (!svc_getargs(xprt, pl->p_inproc, args)) {
      svcerr_decode(xprt);
      return;
    }
    result = (*pl->p_progname)(args);
    if (result != NULL && !svc_sendreply(xprt, pl->p_outproc, result))
      fprintf(stderr, "registerrpc: trouble replying to program %lu\n", pl->p_prognum);
    svc_freeargs(xprt, pl->p_inproc, args);
    return;
  }
  svcerr_noproc(xprt);
}

int registerrpc(u_long prognum, u_long versnum, u_long procnum, char *(*progname)(), xdrproc_t inproc,
                xdrproc_t outproc) {
  struct proglst *pl;
  if (procnum == NULLPROC) {
    fprintf(stderr, "registerrpc: can't reassign procedure number %d\n", (int)NULLPROC);
    return -1;
  }
  if (transp == NULL) {
    transp = svcudp_create(RPC_ANYSOCK);
    if (transp == NULL) {
      fprintf(stderr, "registerrpc: couldn't create an rpc server\n");
      return -1;
    }
  }
  (void)pmap_unset(prognum, versnum);
  if (!svc_register(transp, prognum, versnum, universal, IPPROTO_UDP)) {
    fprintf(stderr, "registerrpc: couldn't register program %lu version %lu\n", prognum, versnum);
    return -1;
  }
  pl = mem_alloc(sizeof(*pl));
  if (pl == NULL) {
    fprintf(stderr, "registerrpc: out of memory\n");
    return -1;
  }
  pl->p_progname = progname;
  pl->p_prognum = prognum;
  pl->p_versnum = versnum;
  pl->p_procnum = procnum;
  pl->p_inproc = inproc;
  pl->p_outproc = outproc;
  pl->p_next = proglst;
  proglst = pl;
  return 0;
}
