/* What went wrong with a call, in words (SunOS 4's clnt_perror.c): the
 * status's message, and what the error adds to it (the Unix error, the
 * versions, the authentication problem). */
#include <rpc/rpc.h>
#include <stdio.h>
#include <string.h>

/* Why the last client create failed (clnt.h). */
struct rpc_createerr rpc_createerr;

static char buf[512];

static const struct {
  enum clnt_stat stat;
  char *message;
} rpc_errlist[] = {
  {RPC_SUCCESS, "RPC: Success"},
  {RPC_CANTENCODEARGS, "RPC: Can't encode arguments"},
  {RPC_CANTDECODERES, "RPC: Can't decode result"},
  {RPC_CANTSEND, "RPC: Unable to send"},
  {RPC_CANTRECV, "RPC: Unable to receive"},
  {RPC_TIMEDOUT, "RPC: Timed out"},
  {RPC_VERSMISMATCH, "RPC: Incompatible versions of RPC"},
  {RPC_AUTHERROR, "RPC: Authentication error"},
  {RPC_PROGUNAVAIL, "RPC: Program unavailable"},
  {RPC_PROGVERSMISMATCH, "RPC: Program/version mismatch"},
  {RPC_PROCUNAVAIL, "RPC: Procedure unavailable"},
  {RPC_CANTDECODEARGS, "RPC: Server can't decode arguments"},
  {RPC_SYSTEMERROR, "RPC: Remote system error"},
  {RPC_UNKNOWNHOST, "RPC: Unknown host"},
  {RPC_UNKNOWNPROTO, "RPC: Unknown protocol"},
  {RPC_PMAPFAILURE, "RPC: Port mapper failure"},
  {RPC_PROGNOTREGISTERED, "RPC: Program not registered"},
  {RPC_FAILED, "RPC: Failed (unspecified error)"},
};

static const char *auth_errlist[] = {
  "Authentication OK",          "Invalid client credential", "Server rejected credential",
  "Invalid client verifier",    "Server rejected verifier",  "Client credential too weak",
  "Invalid server verifier",    "Failed (unspecified error)",
};

char *clnt_sperrno(enum clnt_stat stat) {
  for (unsigned i = 0; i < sizeof(rpc_errlist) / sizeof(rpc_errlist[0]); i++)
    if (rpc_errlist[i].stat == stat) return rpc_errlist[i].message;
  return "RPC: (unknown error code)";
}

void clnt_perrno(enum clnt_stat num) {
  fprintf(stderr, "%s", clnt_sperrno(num));
}

/* "s: message; detail\n" for the last call of clnt. */
char *clnt_sperror(CLIENT *clnt, char *s) {
  struct rpc_err e;
  int n;
  CLNT_GETERR(clnt, &e);
  n = sprintf(buf, "%.300s: %s", s, clnt_sperrno(e.re_status));
  switch (e.re_status) {
  case RPC_SUCCESS:
  case RPC_CANTENCODEARGS:
  case RPC_CANTDECODERES:
  case RPC_TIMEDOUT:
  case RPC_PROGUNAVAIL:
  case RPC_PROCUNAVAIL:
  case RPC_CANTDECODEARGS:
  case RPC_SYSTEMERROR:
  case RPC_UNKNOWNHOST:
  case RPC_UNKNOWNPROTO:
  case RPC_PMAPFAILURE:
  case RPC_PROGNOTREGISTERED:
  case RPC_FAILED:
    break;
  case RPC_CANTSEND:
  case RPC_CANTRECV:
    n += sprintf(buf + n, "; errno = %s", strerror(e.re_errno));
    break;
  case RPC_VERSMISMATCH:
  case RPC_PROGVERSMISMATCH:
    n += sprintf(buf + n, "; low version = %lu, high version = %lu", e.re_vers.low, e.re_vers.high);
    break;
  case RPC_AUTHERROR:
    if ((unsigned)e.re_why < sizeof(auth_errlist) / sizeof(auth_errlist[0]))
      n += sprintf(buf + n, "; why = %s", auth_errlist[e.re_why]);
    else
      n += sprintf(buf + n, "; why = (unknown authentication error - %d)", (int)e.re_why);
    break;
  default:
    n += sprintf(buf + n, "; s1 = %ld, s2 = %ld", e.re_lb.s1, e.re_lb.s2);
    break;
  }
  sprintf(buf + n, "\n");
  return buf;
}

void clnt_perror(CLIENT *clnt, char *s) {
  fprintf(stderr, "%s", clnt_sperror(clnt, s));
}

/* Why the last clnt_create (or clntudp_create, clnttcp_create, pmap_getport) failed. */
char *clnt_spcreateerror(char *s) {
  int n = sprintf(buf, "%.300s: %s", s, clnt_sperrno(rpc_createerr.cf_stat));
  switch (rpc_createerr.cf_stat) {
  case RPC_PMAPFAILURE:
    n += sprintf(buf + n, " - %s", clnt_sperrno(rpc_createerr.cf_error.re_status));
    break;
  case RPC_SYSTEMERROR:
    n += sprintf(buf + n, " - %s", strerror(rpc_createerr.cf_error.re_errno));
    break;
  default:
    break;
  }
  sprintf(buf + n, "\n");
  return buf;
}

void clnt_pcreateerror(char *s) {
  fprintf(stderr, "%s", clnt_spcreateerror(s));
}
