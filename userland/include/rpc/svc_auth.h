/* rpc/svc_auth.h - sun3lab libc: the server's check of a call's
 * credentials (SunOS 4's <rpc/svc_auth.h>). */
#ifndef _RPC_SVC_AUTH_H
#define _RPC_SVC_AUTH_H

#include <rpc/svc.h>

/* Check rqst's credentials against msg's; AUTH_OK or why not. Sets
 * rqst->rq_cred, rq_clntcred, and the verifier the reply will carry. */
enum auth_stat _authenticate(struct svc_req *rqst, struct rpc_msg *msg);

#endif
