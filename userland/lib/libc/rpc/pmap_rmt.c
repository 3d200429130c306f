/* Indirect calls through the port mapper, and broadcast RPC (SunOS 4's
 * pmap_rmt.c).
 *
 * CALLIT asks a port mapper to call a local UDP service for us, and it
 * answers with the service's port and the results — but only if the
 * call succeeded. So a CALLIT sent to a network's broadcast address
 * reaches every machine's port mapper, and only those with the service
 * answer: clnt_broadcast, which rup and rpcinfo -b use. It sends the
 * call to every broadcast address of this machine's interfaces, hands
 * every reply to eachresult, and sends again after 4, 6, 8, 10, 12 and
 * 14 seconds (every machine answers every time: eachresult sees
 * duplicates). */
#include <errno.h>
#include <net/if.h>
#include <rpc/pmap_clnt.h>
#include <rpc/pmap_rmt.h>
#include <rpc/rpc.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "rpc_private.h"

#define MAX_BROADCAST_SIZE 1400 /* a call in one Ethernet frame */
#define MAXNETS 16

/* The arguments: program, version, procedure, then the call's
 * arguments as a counted string, the count filled in once they are encoded. */
bool_t xdr_rmtcall_args(XDR *xdrs, struct rmtcallargs *cap) {
  u_int lenpos, argpos, endpos;
  if (!xdr_u_long(xdrs, &cap->prog) || !xdr_u_long(xdrs, &cap->vers) || !xdr_u_long(xdrs, &cap->proc))
    return FALSE;
  lenpos = XDR_GETPOS(xdrs);
  if (!xdr_u_long(xdrs, &cap->arglen)) return FALSE;
  argpos = XDR_GETPOS(xdrs);
  if (!(*cap->xdr_args)(xdrs, cap->args_ptr)) return FALSE;
  endpos = XDR_GETPOS(xdrs);
  cap->arglen = (u_long)(endpos - argpos);
  if (!XDR_SETPOS(xdrs, lenpos) || !xdr_u_long(xdrs, &cap->arglen)) return FALSE;
  return XDR_SETPOS(xdrs, endpos);
}

/* The results: the service's port, the results' length, the results. */
bool_t xdr_rmtcallres(XDR *xdrs, struct rmtcallres *crp) {
  caddr_t port_ptr = (caddr_t)crp->port_ptr;
  if (!xdr_reference(xdrs, &port_ptr, sizeof(u_long), (xdrproc_t)xdr_u_long) ||
      !xdr_u_long(xdrs, &crp->resultslen))
    return FALSE;
  crp->port_ptr = (u_long *)port_ptr;
  return (*crp->xdr_results)(xdrs, crp->results_ptr);
}

static struct timeval timeout = {3, 0};

/* CALLIT's arguments and results for a call of prog, vers and proc. */
static void callit(struct rmtcallargs *a, struct rmtcallres *r, u_long prog, u_long vers, u_long proc,
                   xdrproc_t xargs, caddr_t argsp, xdrproc_t xres, caddr_t resp, u_long *port_ptr) {
  a->prog = prog;
  a->vers = vers;
  a->proc = proc;
  a->arglen = 0;
  a->args_ptr = argsp;
  a->xdr_args = xargs;
  r->port_ptr = port_ptr;
  r->results_ptr = resp;
  r->xdr_results = xres;
}

enum clnt_stat pmap_rmtcall(struct sockaddr_in *addr, u_long prog, u_long vers, u_long proc, xdrproc_t xdrargs,
                            caddr_t argsp, xdrproc_t xdrres, caddr_t resp, struct timeval tout,
                            u_long *port_ptr) {
  int sock = RPC_ANYSOCK;
  CLIENT *client;
  struct rmtcallargs a;
  struct rmtcallres r;
  enum clnt_stat stat = RPC_FAILED;
  addr->sin_port = htons(PMAPPORT);
  client = clntudp_create(addr, PMAPPROG, PMAPVERS, timeout, &sock);
  if (client != NULL) {
    callit(&a, &r, prog, vers, proc, xdrargs, argsp, xdrres, resp, port_ptr);
    stat = CLNT_CALL(client, PMAPPROC_CALLIT, (xdrproc_t)xdr_rmtcall_args, &a, (xdrproc_t)xdr_rmtcallres, &r,
                     tout);
    CLNT_DESTROY(client);
  }
  addr->sin_port = 0;
  return stat;
}

/* The broadcast addresses of the interfaces that are up and can broadcast. */
static int getbroadcastnets(struct in_addr *addrs, int sock) {
  struct ifreq ifs[MAXNETS];
  int n = _rpc_interfaces(sock, ifs, MAXNETS, IFF_UP | IFF_BROADCAST, 0), nets = 0;
  if (n < 0) perror("broadcast: ioctl (get interface configuration)");
  for (int i = 0; i < n; i++) {
    struct sockaddr_in sin;
    if (ioctl(sock, SIOCGIFBRDADDR, &ifs[i]) < 0) continue;
    memcpy(&sin, &ifs[i].ifr_broadaddr, sizeof(sin));
    addrs[nets++] = sin.sin_addr;
  }
  return nets;
}

enum clnt_stat clnt_broadcast(u_long prog, u_long vers, u_long proc, xdrproc_t xargs, caddr_t argsp,
                              xdrproc_t xresults, caddr_t resultsp, resultproc_t eachresult) {
  enum clnt_stat stat = RPC_TIMEDOUT;
  AUTH *unix_auth = authunix_create_default();
  XDR xdrs;
  int outlen, inlen, fromlen, nets, sock, on = 1;
  struct in_addr addrs[MAXNETS];
  struct sockaddr_in baddr, raddr;
  struct rmtcallargs a;
  struct rmtcallres r;
  struct rpc_msg msg;
  static char outbuf[MAX_BROADCAST_SIZE], inbuf[UDPMSGSIZE];
  u_long xid, port;
  long wait;

  if (unix_auth == NULL) return RPC_SYSTEMERROR;
  sock = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  if (sock < 0) {
    perror("Cannot create socket for broadcast rpc");
    stat = RPC_CANTSEND;
    goto done;
  }
  if (setsockopt(sock, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on)) < 0) {
    perror("Cannot set socket option SO_BROADCAST");
    stat = RPC_CANTSEND;
    goto done;
  }
  nets = getbroadcastnets(addrs, sock);
  memset(&baddr, 0, sizeof(baddr));
  baddr.sin_family = AF_INET;
  baddr.sin_port = htons(PMAPPORT);

  /* The call: a CALLIT, with our credentials. */
  msg.rm_xid = xid = _rpc_newxid();
  msg.rm_direction = CALL;
  msg.rm_call.cb_rpcvers = RPC_MSG_VERSION;
  msg.rm_call.cb_prog = PMAPPROG;
  msg.rm_call.cb_vers = PMAPVERS;
  msg.rm_call.cb_proc = PMAPPROC_CALLIT;
  msg.rm_call.cb_cred = unix_auth->ah_cred;
  msg.rm_call.cb_verf = unix_auth->ah_verf;
  callit(&a, &r, prog, vers, proc, xargs, argsp, xresults, resultsp, &port);
  xdrmem_create(&xdrs, outbuf, MAX_BROADCAST_SIZE, XDR_ENCODE);
  if (!xdr_callmsg(&xdrs, &msg) || !xdr_rmtcall_args(&xdrs, &a)) {
    stat = RPC_CANTENCODEARGS;
    goto done;
  }
  outlen = (int)XDR_GETPOS(&xdrs);

  for (wait = 4000; wait <= 14000; wait += 2000) {
    long until;
    for (int i = 0; i < nets; i++) {
      baddr.sin_addr = addrs[i];
      if (sendto(sock, outbuf, outlen, 0, (struct sockaddr *)&baddr, sizeof(baddr)) != outlen) {
        perror("Cannot send broadcast packet");
        stat = RPC_CANTSEND;
        goto done;
      }
    }
    if (eachresult == NULL) {
      stat = RPC_SUCCESS;
      goto done;
    }
    until = _rpc_now_ms() + wait;
    for (;;) {
      long left = until - _rpc_now_ms();
      int ready = left > 0 ? _rpc_waitfd(sock, left) : 0;
      bool_t finished = FALSE;
      if (ready == 0) break; /* send again */
      if (ready < 0) {
        perror("Broadcast select problem");
        stat = RPC_CANTRECV;
        goto done;
      }
      fromlen = sizeof(raddr);
      inlen = recvfrom(sock, inbuf, UDPMSGSIZE, 0, (struct sockaddr *)&raddr, &fromlen);
      if (inlen < 0) {
        if (errno == EINTR) continue;
        perror("Cannot receive reply to broadcast");
        stat = RPC_CANTRECV;
        goto done;
      }
      if (inlen < (int)sizeof(u_long)) continue;
      xdrmem_create(&xdrs, inbuf, (u_int)inlen, XDR_DECODE);
      _clnt_initreply(&msg, (caddr_t)&r, (xdrproc_t)xdr_rmtcallres);
      if (xdr_replymsg(&xdrs, &msg) && msg.rm_xid == xid && msg.rm_reply.rp_stat == MSG_ACCEPTED &&
          msg.acpted_rply.ar_stat == SUCCESS) {
        raddr.sin_port = htons((u_short)port);
        finished = (*eachresult)(resultsp, &raddr);
      }
      /* (A reply to someone else's call, or a failure, is dropped.) */
      _clnt_freeverf(&msg);
      xdr_free(xresults, resultsp);
      if (finished) {
        stat = RPC_SUCCESS;
        goto done;
      }
    }
  }
  stat = RPC_TIMEDOUT;
done:
  if (sock >= 0) close(sock);
  AUTH_DESTROY(unix_auth);
  return stat;
}
