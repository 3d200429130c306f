/* The RPC library on one machine: XDR against known bytes, record
 * marking, the call and reply messages, and a server of its own (a
 * child process, over UDP and TCP on lo0) called every way a client can
 * and every way a client can go wrong — versions, procedures, garbage
 * arguments, bad credentials, time-outs with their doubling waits, the
 * reply cache, batching, large messages — and the port mapper, callrpc,
 * registerrpc and the error messages.
 *
 * Run by itself, it gives lo0 its address and starts the port mapper. */
#include <errno.h>
#include <rpc/pmap_clnt.h>
#include <rpc/rpc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "rpctest.h"

/* ---- XDR against known bytes ---- */

static int bytes_are(const char *buf, const unsigned char *want, int n) {
  return memcmp(buf, want, n) == 0;
}

static void test_xdr_primitives(void) {
  char buf[256];
  XDR x;
  int i = -1;
  u_int u = 0x12345678;
  short sh = -2;
  char c = 'A';
  bool_t b = TRUE;
  enum_t e = 5;
  char op[5] = {'h', 'e', 'l', 'l', 'o'};
  char *str = "hi";
  static const unsigned char want[] = {0xff, 0xff, 0xff, 0xff, 0x12, 0x34, 0x56, 0x78, 0xff, 0xff, 0xff, 0xfe,
                                       0,    0,    0,    0x41, 0,    0,    0,    1,    0,    0,    0,    5,
                                       'h',  'e',  'l',  'l',  'o',  0,    0,    0,    0,    0,    0,    2,
                                       'h',  'i',  0,    0};
  memset(buf, 0x55, sizeof(buf));
  xdrmem_create(&x, buf, sizeof(buf), XDR_ENCODE);
  CHECK(xdr_int(&x, &i) && xdr_u_int(&x, &u) && xdr_short(&x, &sh) && xdr_char(&x, &c) && xdr_bool(&x, &b) &&
            xdr_enum(&x, &e) && xdr_opaque(&x, op, 5) && xdr_string(&x, &str, 10),
        "encoding int, u_int, short, char, bool, enum, opaque, string");
  CHECK(XDR_GETPOS(&x) == sizeof(want) && bytes_are(buf, want, sizeof(want)),
        "... gives the bytes of RFC 1014 (%u bytes, big-endian, padded with zeros)", XDR_GETPOS(&x));

  int i2;
  u_int u2;
  short sh2;
  char c2, op2[5], *str2 = NULL;
  bool_t b2;
  enum_t e2;
  xdrmem_create(&x, buf, sizeof(want), XDR_DECODE);
  CHECK(xdr_int(&x, &i2) && xdr_u_int(&x, &u2) && xdr_short(&x, &sh2) && xdr_char(&x, &c2) && xdr_bool(&x, &b2) &&
            xdr_enum(&x, &e2) && xdr_opaque(&x, op2, 5) && xdr_string(&x, &str2, 10),
        "decoding them back");
  CHECK(i2 == -1 && u2 == 0x12345678 && sh2 == -2 && c2 == 'A' && b2 == TRUE && e2 == 5 &&
            memcmp(op2, "hello", 5) == 0 && str2 != NULL && strcmp(str2, "hi") == 0,
        "... to the same values (a short's sign kept, the string allocated and ended)");
  CHECK(!xdr_int(&x, &i2), "reading past the end of the buffer fails");
  xdr_free((xdrproc_t)xdr_wrapstring, (char *)&str2);
  CHECK(str2 == NULL, "xdr_free frees the decoded string and clears the pointer");

  /* Limits. */
  xdrmem_create(&x, buf, sizeof(buf), XDR_ENCODE);
  char *long_str = "longer than five";
  CHECK(!xdr_string(&x, &long_str, 5), "a string longer than its maximum is not encoded");
  static const unsigned char len100[] = {0, 0, 0, 100, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'};
  str2 = NULL;
  xdrmem_create(&x, (caddr_t)len100, sizeof(len100), XDR_DECODE);
  CHECK(!xdr_string(&x, &str2, 1000), "a string whose length runs past the data is not decoded");
  xdr_free((xdrproc_t)xdr_wrapstring, (char *)&str2);
  static const unsigned char huge[] = {0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 1};
  int *arr = NULL;
  u_int n;
  xdrmem_create(&x, (caddr_t)huge, sizeof(huge), XDR_DECODE);
  CHECK(!xdr_array(&x, (caddr_t *)&arr, &n, 1000, sizeof(int), xdr_int) && arr == NULL,
        "an array count over its maximum is refused before anything is allocated");
  static const unsigned char allones[] = {0xff, 0xff, 0xff, 0xff};
  str2 = NULL;
  xdrmem_create(&x, (caddr_t)allones, sizeof(allones), XDR_DECODE);
  CHECK(!xdr_wrapstring(&x, &str2) && str2 == NULL, "a string of length 0xffffffff is refused");

  /* Arrays, vectors, pointers, unions. */
  int v[3] = {1, 2, 3}, *vp = v, v2[3];
  u_int vn = 3;
  static const unsigned char arr_bytes[] = {0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3};
  xdrmem_create(&x, buf, sizeof(buf), XDR_ENCODE);
  CHECK(xdr_array(&x, (caddr_t *)&vp, &vn, 10, sizeof(int), xdr_int) && XDR_GETPOS(&x) == 16 &&
            bytes_are(buf, arr_bytes, 16),
        "a counted array: the count, then each element");
  xdrmem_create(&x, buf + 4, 12, XDR_DECODE);
  CHECK(xdr_vector(&x, (char *)v2, 3, sizeof(int), xdr_int) && v2[0] == 1 && v2[2] == 3,
        "a fixed array has no count");
}

/* A list, as xdr_pointer carries it. */
struct node {
  int value;
  struct node *next;
};

static bool_t xdr_node(XDR *xdrs, struct node *nd) {
  return xdr_int(xdrs, &nd->value) && xdr_pointer(xdrs, (char **)&nd->next, sizeof(struct node), xdr_node);
}

/* A union: 1 is an int, 2 a string. */
struct choice {
  enum_t which;
  union {
    int i;
    char *s;
  } u;
};

static bool_t xdr_str32(XDR *xdrs, char **s) {
  return xdr_string(xdrs, s, 32);
}

static struct xdr_discrim choice_arms[] = {{1, xdr_int}, {2, xdr_str32}, {0, NULL}};

static void test_xdr_structures(void) {
  char buf[128];
  XDR x;
  struct node c = {3, NULL}, b = {2, &c}, a = {1, &b}, *head = &a, *back = NULL;
  static const unsigned char list[] = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2,
                                       0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0};
  xdrmem_create(&x, buf, sizeof(buf), XDR_ENCODE);
  CHECK(xdr_pointer(&x, (char **)&head, sizeof(struct node), xdr_node) && XDR_GETPOS(&x) == sizeof(list) &&
            memcmp(buf, list, sizeof(list)) == 0,
        "a linked list: TRUE before each node, FALSE at the end");
  xdrmem_create(&x, buf, sizeof(list), XDR_DECODE);
  CHECK(xdr_pointer(&x, (char **)&back, sizeof(struct node), xdr_node) && back != NULL && back->value == 1 &&
            back->next != NULL && back->next->next != NULL && back->next->next->value == 3 &&
            back->next->next->next == NULL,
        "... decoded into three new nodes");
  xdr_free((xdrproc_t)xdr_node, (char *)back);
  free(back);

  struct choice ch = {2, {0}}, ch2;
  ch.u.s = "arm";
  xdrmem_create(&x, buf, sizeof(buf), XDR_ENCODE);
  CHECK(xdr_union(&x, &ch.which, (char *)&ch.u, choice_arms, NULL) && XDR_GETPOS(&x) == 12,
        "a union: the discriminant, then its arm");
  memset(&ch2, 0, sizeof(ch2));
  xdrmem_create(&x, buf, 12, XDR_DECODE);
  CHECK(xdr_union(&x, &ch2.which, (char *)&ch2.u, choice_arms, NULL) && ch2.which == 2 &&
            strcmp(ch2.u.s, "arm") == 0,
        "... and back");
  free(ch2.u.s);
  static const unsigned char bad[] = {0, 0, 0, 9, 0, 0, 0, 0};
  xdrmem_create(&x, (caddr_t)bad, sizeof(bad), XDR_DECODE);
  CHECK(!xdr_union(&x, &ch2.which, (char *)&ch2.u, choice_arms, NULL),
        "a discriminant with no arm and no default fails");

  long l = 7;
  xdrmem_create(&x, buf, sizeof(buf), XDR_ENCODE);
  CHECK(xdr_long(&x, &l) && xdr_long(&x, &l) && XDR_SETPOS(&x, 4) && XDR_GETPOS(&x) == 4 && !XDR_SETPOS(&x, 200),
        "XDR_SETPOS moves within the buffer, not past it");
}

/* ---- record marking ---- */

static int fds[2];

static int rd(caddr_t h, caddr_t buf, int n) {
  (void)h;
  return read(fds[0], buf, n);
}

static int wr(caddr_t h, caddr_t buf, int n) {
  (void)h;
  return write(fds[1], buf, n);
}

static void test_xdrrec(void) {
  XDR out, in;
  long v = 7, w;
  char raw[64], big[1000], *bigp = big, *back = NULL;
  u_int biglen = sizeof(big);
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) < 0) {
    CHECK(0, "socketpair: %s", strerror(errno));
    return;
  }
  xdrrec_create(&out, 200, 200, NULL, rd, wr);
  xdrrec_create(&in, 200, 200, NULL, rd, wr);
  out.x_op = XDR_ENCODE;
  in.x_op = XDR_DECODE;
  CHECK(xdr_long(&out, &v) && xdrrec_endofrecord(&out, TRUE), "a record of one long");
  CHECK(read(fds[0], raw, sizeof(raw)) == 8 && (unsigned char)raw[0] == 0x80 && raw[3] == 4 && raw[7] == 7,
        "... is sent as a last fragment of 4 bytes: 80 00 00 04 00 00 00 07");

  for (int i = 0; i < (int)sizeof(big); i++) big[i] = (char)i;
  CHECK(xdr_long(&out, &v) && xdr_bytes(&out, &bigp, &biglen, 2000) && xdrrec_endofrecord(&out, TRUE) &&
            xdr_long(&out, &v) && xdrrec_endofrecord(&out, TRUE),
        "a record of 1008 bytes through a 200-byte buffer (six fragments), then another");
  CHECK(xdrrec_skiprecord(&in) && xdr_long(&in, &w) && w == 7 && xdr_bytes(&in, &back, &biglen, 2000) &&
            biglen == 1000 && memcmp(back, big, 1000) == 0,
        "... is read back whole across its fragments");
  CHECK(!xdr_long(&in, &w), "... and reading past its end fails, though more records follow");
  CHECK(xdrrec_skiprecord(&in) && xdr_long(&in, &w) && w == 7 && xdrrec_eof(&in),
        "the next record is there; then nothing is buffered (xdrrec_eof)");
  free(back);
  XDR_DESTROY(&out);
  XDR_DESTROY(&in);
  close(fds[0]);
  close(fds[1]);
}

/* ---- the server ---- */

#define TESTPROG ((u_long)0x20000077)
#define P_ECHO 1
#define P_WHO 2
#define P_SUM 3
#define P_ADD 4
#define P_GET 5
#define P_NOREPLY 6
#define P_NOREPLIES 7

struct who {
  int flavor, uid, gid;
  u_int ngids;
  char *machine;
};

static bool_t xdr_who(XDR *xdrs, struct who *w) {
  return xdr_int(xdrs, &w->flavor) && xdr_int(xdrs, &w->uid) && xdr_int(xdrs, &w->gid) &&
         xdr_u_int(xdrs, &w->ngids) && xdr_string(xdrs, &w->machine, MAX_MACHINE_NAME);
}

struct ints {
  u_int n;
  int *v;
};

static bool_t xdr_ints(XDR *xdrs, struct ints *a) {
  return xdr_array(xdrs, (caddr_t *)&a->v, &a->n, 10000, sizeof(int), xdr_int);
}

static long counter, noreplies;

static void dispatch(struct svc_req *rq, SVCXPRT *xprt) {
  char *s = NULL;
  struct who w;
  struct ints a = {0, NULL};
  long sum;
  switch (rq->rq_proc) {
  case NULLPROC:
    svc_sendreply(xprt, xdr_void, NULL);
    return;
  case P_ECHO:
    if (!svc_getargs(xprt, xdr_wrapstring, &s)) {
      svcerr_decode(xprt);
      return;
    }
    svc_sendreply(xprt, xdr_wrapstring, (caddr_t)&s);
    svc_freeargs(xprt, xdr_wrapstring, &s);
    return;
  case P_WHO:
    memset(&w, 0, sizeof(w));
    w.flavor = rq->rq_cred.oa_flavor;
    w.machine = "";
    if (w.flavor == AUTH_UNIX) {
      struct authunix_parms *au = (struct authunix_parms *)rq->rq_clntcred;
      w.uid = au->aup_uid;
      w.gid = au->aup_gid;
      w.ngids = au->aup_len;
      w.machine = au->aup_machname;
    }
    svc_sendreply(xprt, xdr_who, (caddr_t)&w);
    return;
  case P_SUM:
    if (!svc_getargs(xprt, xdr_ints, &a)) {
      svcerr_decode(xprt);
      return;
    }
    sum = 0;
    for (u_int i = 0; i < a.n; i++) sum += a.v[i];
    svc_sendreply(xprt, xdr_long, (caddr_t)&sum);
    svc_freeargs(xprt, xdr_ints, &a);
    return;
  case P_ADD:
    counter++;
    svc_sendreply(xprt, xdr_long, (caddr_t)&counter);
    return;
  case P_GET:
    svc_sendreply(xprt, xdr_long, (caddr_t)&counter);
    return;
  case P_NOREPLY:
    noreplies++;
    return;
  case P_NOREPLIES:
    svc_sendreply(xprt, xdr_long, (caddr_t)&noreplies);
    return;
  default:
    svcerr_noproc(xprt);
  }
}

static u_short server_udp_port;

static pid_t start_server(void) {
  SVCXPRT *udp, *tcp;
  struct sockaddr_in sin = localhost_addr();
  pid_t pid;
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    udp = svcudp_create(RPC_ANYSOCK);
    tcp = svctcp_create(RPC_ANYSOCK, 0, 0);
    if (udp == NULL || tcp == NULL || !svcudp_enablecache(udp, 16)) _exit(2);
    for (u_long v = 1; v <= 3; v += 2)
      if (!svc_register(udp, TESTPROG, v, dispatch, IPPROTO_UDP) ||
          !svc_register(tcp, TESTPROG, v, dispatch, IPPROTO_TCP))
        _exit(3);
    svc_run();
    _exit(4);
  }
  for (int i = 0; i < 100 && (server_udp_port = pmap_getport(&sin, TESTPROG, 1, IPPROTO_UDP)) == 0; i++) {
    msleep(50);
    sin = localhost_addr();
  }
  return pid;
}

/* A client to the test program, version vers, over proto. */
static CLIENT *client(u_long vers, char *proto) {
  CLIENT *cl = clnt_create("localhost", TESTPROG, vers, proto);
  if (cl == NULL) {
    clnt_pcreateerror("rpc");
    return NULL;
  }
  return cl;
}

static struct timeval tv(long ms) {
  struct timeval t;
  t.tv_sec = ms / 1000;
  t.tv_usec = ms % 1000 * 1000;
  return t;
}

static void test_calls(char *proto) {
  CLIENT *cl = client(1, proto);
  char *hello = "hello", *back = NULL;
  struct ints a;
  int v[10];
  long sum = 0;
  struct who w;
  char host[64];
  struct rpc_err err;
  if (cl == NULL) {
    CHECK(0, "%s: a client", proto);
    return;
  }
  CHECK(clnt_call(cl, NULLPROC, xdr_void, NULL, xdr_void, NULL, tv(10000)) == RPC_SUCCESS, "%s: the null call",
        proto);
  CHECK(clnt_call(cl, P_ECHO, xdr_wrapstring, &hello, xdr_wrapstring, &back, tv(10000)) == RPC_SUCCESS && back &&
            strcmp(back, "hello") == 0,
        "%s: a string there and back", proto);
  clnt_freeres(cl, xdr_wrapstring, &back);
  CHECK(back == NULL, "%s: clnt_freeres frees the results", proto);
  for (int i = 0; i < 10; i++) v[i] = i + 1;
  a.n = 10;
  a.v = v;
  CHECK(clnt_call(cl, P_SUM, xdr_ints, &a, xdr_long, &sum, tv(10000)) == RPC_SUCCESS && sum == 55,
        "%s: an array of ten ints summed (%ld)", proto, sum);

  /* Credentials: AUTH_NULL, then the caller's AUTH_UNIX. */
  memset(&w, 0, sizeof(w));
  CHECK(clnt_call(cl, P_WHO, xdr_void, NULL, xdr_who, &w, tv(10000)) == RPC_SUCCESS && w.flavor == AUTH_NULL,
        "%s: the server sees AUTH_NULL by default", proto);
  clnt_freeres(cl, xdr_who, &w);
  cl->cl_auth = authunix_create_default();
  gethostname(host, sizeof(host));
  memset(&w, 0, sizeof(w));
  CHECK(clnt_call(cl, P_WHO, xdr_void, NULL, xdr_who, &w, tv(10000)) == RPC_SUCCESS && w.flavor == AUTH_UNIX &&
            w.uid == (int)geteuid() && w.gid == (int)getegid() && strcmp(w.machine, host) == 0,
        "%s: AUTH_UNIX: the server sees uid %d, gid %d, machine %s", proto, w.uid, w.gid, w.machine);
  clnt_freeres(cl, xdr_who, &w);

  /* A credential that does not decode, one the server never gave, a flavor
   * it has not: sent by a handle that cannot refresh them. */
  AUTH *mine = cl->cl_auth, liar;
  struct opaque_auth bad;
  char garbage[20] = {0, 0, 0, 1, 0, 0, 0x10, 0}; /* a machine name of 4096 bytes */
  bad.oa_flavor = AUTH_UNIX;
  bad.oa_base = garbage;
  bad.oa_length = sizeof(garbage);
  liar = *authnone_create();
  liar.ah_cred = bad;
  cl->cl_auth = &liar;
  CHECK(clnt_call(cl, NULLPROC, xdr_void, NULL, xdr_void, NULL, tv(10000)) == RPC_AUTHERROR &&
            (clnt_geterr(cl, &err), err.re_why == AUTH_BADCRED),
        "%s: a broken AUTH_UNIX credential: RPC_AUTHERROR, AUTH_BADCRED", proto);
  liar.ah_cred.oa_flavor = AUTH_SHORT;
  CHECK(clnt_call(cl, NULLPROC, xdr_void, NULL, xdr_void, NULL, tv(10000)) == RPC_AUTHERROR &&
            (clnt_geterr(cl, &err), err.re_why == AUTH_REJECTEDCRED),
        "%s: AUTH_SHORT, which this server never hands out: AUTH_REJECTEDCRED", proto);
  liar.ah_cred.oa_flavor = 99;
  CHECK(clnt_call(cl, NULLPROC, xdr_void, NULL, xdr_void, NULL, tv(10000)) == RPC_AUTHERROR &&
            (clnt_geterr(cl, &err), err.re_why == AUTH_BADCRED),
        "%s: an unknown flavor: AUTH_BADCRED", proto);
  auth_destroy(mine);
  cl->cl_auth = authnone_create();

  /* Procedure, garbage arguments. */
  CHECK(clnt_call(cl, 99, xdr_void, NULL, xdr_void, NULL, tv(10000)) == RPC_PROCUNAVAIL,
        "%s: an unknown procedure: RPC_PROCUNAVAIL", proto);
  int huge = 0x7fffffff;
  CHECK(clnt_call(cl, P_ECHO, xdr_int, &huge, xdr_wrapstring, &back, tv(10000)) == RPC_CANTDECODEARGS,
        "%s: arguments the server cannot decode: RPC_CANTDECODEARGS", proto);

  /* Large: 6000 bytes each way. */
  char *big = malloc(6001);
  for (int i = 0; i < 6000; i++) big[i] = 'a' + i % 26;
  big[6000] = 0;
  back = NULL;
  CHECK(clnt_call(cl, P_ECHO, xdr_wrapstring, &big, xdr_wrapstring, &back, tv(20000)) == RPC_SUCCESS && back &&
            strcmp(back, big) == 0,
        "%s: 6000 bytes there and back", proto);
  clnt_freeres(cl, xdr_wrapstring, &back);
  free(big);
  clnt_destroy(cl);

  /* Versions. */
  cl = client(3, proto);
  CHECK(cl != NULL && clnt_call(cl, NULLPROC, xdr_void, NULL, xdr_void, NULL, tv(10000)) == RPC_SUCCESS,
        "%s: version 3 answers too", proto);
  if (cl) clnt_destroy(cl);
  struct sockaddr_in sin = localhost_addr();
  int sock = RPC_ANYSOCK;
  sin.sin_port = htons(pmap_getport(&sin, TESTPROG, 1, strcmp(proto, "tcp") == 0 ? IPPROTO_TCP : IPPROTO_UDP));
  cl = strcmp(proto, "tcp") == 0 ? clnttcp_create(&sin, TESTPROG, 2, &sock, 0, 0)
                                 : clntudp_create(&sin, TESTPROG, 2, tv(1000), &sock);
  CHECK(cl != NULL && clnt_call(cl, NULLPROC, xdr_void, NULL, xdr_void, NULL, tv(10000)) == RPC_PROGVERSMISMATCH &&
            (clnt_geterr(cl, &err), err.re_vers.low == 1 && err.re_vers.high == 3),
        "%s: version 2, which it has not: RPC_PROGVERSMISMATCH, versions 1 to 3", proto);
  if (cl) clnt_destroy(cl);
  sock = RPC_ANYSOCK;
  cl = strcmp(proto, "tcp") == 0 ? clnttcp_create(&sin, TESTPROG + 1, 1, &sock, 0, 0)
                                 : clntudp_create(&sin, TESTPROG + 1, 1, tv(1000), &sock);
  CHECK(cl != NULL && clnt_call(cl, NULLPROC, xdr_void, NULL, xdr_void, NULL, tv(10000)) == RPC_PROGUNAVAIL,
        "%s: another program at the same port: RPC_PROGUNAVAIL", proto);
  if (cl) clnt_destroy(cl);
}

/* UDP: the time-out and its doubling waits; the reply cache. */
static void test_udp_timing(void) {
  CLIENT *cl = client(1, "udp");
  long before, after, count = 0, n1 = 0, n2 = 0;
  struct timeval retry = tv(1000);
  if (cl == NULL) return;
  clnt_control(cl, CLSET_RETRY_TIMEOUT, &retry);
  clnt_call(cl, P_NOREPLIES, xdr_void, NULL, xdr_long, &n1, tv(10000));
  before = now_ms();
  CHECK(clnt_call(cl, P_NOREPLY, xdr_void, NULL, xdr_void, NULL, tv(8000)) == RPC_TIMEDOUT,
        "a call that gets no reply: RPC_TIMEDOUT");
  after = now_ms();
  CHECK(after - before >= 8000 && after - before < 8500, "... after the 8 seconds it was given (%ld ms)",
        after - before);
  clnt_call(cl, P_NOREPLIES, xdr_void, NULL, xdr_long, &n2, tv(10000));
  CHECK(n2 - n1 == 4, "... sent 4 times: at 0, 1, 3 and 7 seconds, the wait doubling (%ld)", n2 - n1);
  clnt_destroy(cl);

  /* The same datagram twice: one P_ADD, the same reply twice. */
  char call[128], r1[128], r2[128];
  XDR x;
  struct rpc_msg msg;
  u_long proc = P_ADD;
  AUTH *none = authnone_create();
  struct sockaddr_in sin = localhost_addr();
  int s = socket(AF_INET, SOCK_DGRAM, 0), len, l1, l2;
  sin.sin_port = htons(server_udp_port);
  msg.rm_xid = 0x12345678;
  msg.rm_call.cb_prog = TESTPROG;
  msg.rm_call.cb_vers = 1;
  xdrmem_create(&x, call, sizeof(call), XDR_ENCODE);
  xdr_callhdr(&x, &msg);
  xdr_u_long(&x, &proc);
  AUTH_MARSHALL(none, &x);
  len = XDR_GETPOS(&x);
  cl = client(1, "udp");
  clnt_call(cl, P_GET, xdr_void, NULL, xdr_long, &n1, tv(10000));
  sendto(s, call, len, 0, (struct sockaddr *)&sin, sizeof(sin));
  l1 = recv(s, r1, sizeof(r1), 0);
  sendto(s, call, len, 0, (struct sockaddr *)&sin, sizeof(sin));
  l2 = recv(s, r2, sizeof(r2), 0);
  clnt_call(cl, P_GET, xdr_void, NULL, xdr_long, &count, tv(10000));
  CHECK(l1 > 0 && l1 == l2 && memcmp(r1, r2, l1) == 0, "a call sent twice (the same xid) gets the same reply twice");
  CHECK(count == n1 + 1, "... and is done once: the server keeps its replies (svcudp_enablecache)");

  /* RPC version 3: MSG_DENIED, RPC_MISMATCH, versions 2 to 2. */
  ((u_long *)call)[2] = htonl(3);
  sendto(s, call, len, 0, (struct sockaddr *)&sin, sizeof(sin));
  l1 = recv(s, r1, sizeof(r1), 0);
  u_long *r = (u_long *)r1;
  CHECK(l1 == 24 && ntohl(r[0]) == 0x12345678 && ntohl(r[1]) == REPLY && ntohl(r[2]) == MSG_DENIED &&
            ntohl(r[3]) == RPC_MISMATCH && ntohl(r[4]) == 2 && ntohl(r[5]) == 2,
        "a call of RPC version 3: MSG_DENIED, RPC_MISMATCH, versions 2 to 2");
  /* Not a call at all: no answer. */
  int on = 1;
  ioctl(s, FIONBIO, &on);
  ((u_long *)call)[1] = htonl(REPLY);
  sendto(s, call, len, 0, (struct sockaddr *)&sin, sizeof(sin));
  CHECK(clnt_call(cl, NULLPROC, xdr_void, NULL, xdr_void, NULL, tv(10000)) == RPC_SUCCESS &&
            recvfrom(s, r1, sizeof(r1), MSG_PEEK, NULL, NULL) < 0 && errno == EWOULDBLOCK,
        "a reply sent to a server gets no answer, and the server goes on");
  clnt_destroy(cl);
  close(s);
}

/* TCP: calls batched (no reply wanted) go with the next call that wants one. */
static void test_tcp_batch(void) {
  CLIENT *cl = client(1, "tcp");
  long before = 0, after = 0;
  if (cl == NULL) return;
  clnt_call(cl, P_GET, xdr_void, NULL, xdr_long, &before, tv(10000));
  for (int i = 0; i < 3; i++) clnt_call(cl, P_ADD, xdr_void, NULL, NULL, NULL, tv(0));
  CHECK(clnt_call(cl, P_GET, xdr_void, NULL, xdr_long, &after, tv(10000)) == RPC_SUCCESS && after == before + 3,
        "tcp: three batched calls, then one that waits: all four done (%ld -> %ld)", before, after);
  clnt_destroy(cl);
}

/* ---- the port mapper, the simple interfaces, the messages ---- */

static char *doubled(int *n) {
  static int r;
  r = *n * 2;
  return (char *)&r;
}

static void test_pmap_and_simple(pid_t server) {
  struct sockaddr_in sin = localhost_addr();
  struct pmaplist *maps = pmap_getmaps(&sin), *p;
  int seen = 0;
  for (p = maps; p != NULL; p = p->pml_next) {
    if (p->pml_map.pm_prog == PMAPPROG && p->pml_map.pm_port == PMAPPORT) seen |= 1;
    if (p->pml_map.pm_prog == TESTPROG && p->pml_map.pm_vers == 1 && p->pml_map.pm_prot == IPPROTO_UDP &&
        p->pml_map.pm_port == server_udp_port)
      seen |= 2;
    if (p->pml_map.pm_prog == TESTPROG && p->pml_map.pm_vers == 3 && p->pml_map.pm_prot == IPPROTO_TCP) seen |= 4;
  }
  CHECK(seen == 7, "pmap_getmaps: the port mapper itself and the test program's versions 1 and 3");
  xdr_free((xdrproc_t)xdr_pmaplist, (char *)&maps);
  CHECK(maps == NULL, "xdr_free frees the whole list");

  sin = localhost_addr();
  CHECK(pmap_getport(&sin, TESTPROG + 5, 1, IPPROTO_UDP) == 0 && rpc_createerr.cf_stat == RPC_PROGNOTREGISTERED,
        "pmap_getport of a program that is not there: 0, RPC_PROGNOTREGISTERED");
  sin = localhost_addr();
  CHECK(pmap_getport(&sin, TESTPROG, 2, IPPROTO_UDP) == server_udp_port,
        "pmap_getport of a version that is not there: the port of one that is");

  /* Registering: anyone may register an unreserved port; only a reserved port may register a reserved one. */
  int st = -1;
  pid_t pid = fork();
  if (pid == 0) {
    setuid(100);
    _exit((pmap_set(0x20000066, 1, IPPROTO_UDP, 700) ? 1 : 0) | (pmap_set(0x20000066, 1, IPPROTO_UDP, 5000) ? 0 : 2) |
          (pmap_unset(0x20000066, 1) ? 0 : 4));
  }
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
        "a user's program may register port 5000 and drop it, not register reserved port 700 (%x)", st);
  CHECK(pmap_set(0x20000066, 1, IPPROTO_UDP, 700) && !pmap_set(0x20000066, 1, IPPROTO_UDP, 701) &&
            pmap_set(0x20000066, 1, IPPROTO_UDP, 700) && pmap_unset(0x20000066, 1) && !pmap_unset(0x20000066, 1),
        "the super-user may; a mapping taken is refused, the same one accepted; unset once");

  /* callrpc, and a server made with registerrpc. */
  char *hi = "hi", *back = NULL;
  CHECK(callrpc("localhost", TESTPROG, 1, P_ECHO, xdr_wrapstring, (char *)&hi, xdr_wrapstring, (char *)&back) == 0 &&
            back && strcmp(back, "hi") == 0,
        "callrpc");
  CHECK(callrpc("nosuchhost", TESTPROG, 1, P_ECHO, xdr_wrapstring, (char *)&hi, xdr_wrapstring, (char *)&back) ==
            RPC_UNKNOWNHOST,
        "callrpc to a host /etc/hosts does not have: RPC_UNKNOWNHOST");
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    if (registerrpc(0x20000088, 1, 1, doubled, xdr_int, xdr_int) < 0) _exit(1);
    svc_run();
    _exit(2);
  }
  int in = 21, out = 0, r = -1;
  for (int i = 0; i < 100 && (r = callrpc("localhost", 0x20000088, 1, 1, xdr_int, (char *)&in, xdr_int,
                                          (char *)&out)) != 0;
       i++)
    msleep(50);
  CHECK(r == 0 && out == 42, "registerrpc: a procedure that doubles its argument (%d)", out);
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
  pmap_unset(0x20000088, 1);

  /* The messages. */
  CLIENT *cl = clnt_create("localhost", TESTPROG, 2, "udp");
  CHECK(cl != NULL, "a client for version 2 (the port mapper gives a port of another version)");
  if (cl != NULL) {
    clnt_call(cl, NULLPROC, xdr_void, NULL, xdr_void, NULL, tv(10000));
    CHECK(strcmp(clnt_sperror(cl, "x"), "x: RPC: Program/version mismatch; low version = 1, high version = 3\n") == 0,
          "clnt_sperror: the status, and the versions the server has");
    clnt_destroy(cl);
  }
  CHECK(clnt_create("nosuchhost", TESTPROG, 1, "udp") == NULL &&
            strcmp(clnt_spcreateerror("x"), "x: RPC: Unknown host\n") == 0,
        "clnt_create for an unknown host: \"RPC: Unknown host\"");
  CHECK(clnt_create("localhost", TESTPROG, 1, "xns") == NULL && rpc_createerr.cf_stat == RPC_UNKNOWNPROTO,
        "clnt_create for an unknown protocol: RPC_UNKNOWNPROTO");
  CHECK(clnt_create("localhost", TESTPROG + 5, 1, "tcp") == NULL &&
            strcmp(clnt_spcreateerror("x"), "x: RPC: Program not registered\n") == 0,
        "clnt_create for a program not registered: \"RPC: Program not registered\"");
  CHECK(strcmp(clnt_sperrno(RPC_TIMEDOUT), "RPC: Timed out") == 0, "clnt_sperrno");

  /* The server goes: the port mapper still has it, but nobody answers. */
  kill(server, SIGKILL);
  waitpid(server, NULL, 0);
  cl = clnt_create("localhost", TESTPROG, 1, "tcp");
  CHECK(cl == NULL && rpc_createerr.cf_stat == RPC_SYSTEMERROR && rpc_createerr.cf_error.re_errno == ECONNREFUSED,
        "clnt_create over TCP to a server that is gone: RPC_SYSTEMERROR, ECONNREFUSED");
  pmap_unset(TESTPROG, 1);
  pmap_unset(TESTPROG, 3);
}

int main(void) {
  pid_t server;
  not_process_1();
  test_xdr_primitives();
  test_xdr_structures();
  test_xdrrec();
  rpc_machine();
  server = start_server();
  CHECK(server > 0 && server_udp_port != 0, "the test server has registered (udp port %d)", server_udp_port);
  test_calls("udp");
  test_calls("tcp");
  test_udp_timing();
  test_tcp_batch();
  test_pmap_and_simple(server);
  return DONE("rpc");
}
