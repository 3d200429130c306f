/* rpc.rstatd - the kernel's statistics for other machines (SunOS 4's
 * /usr/etc/rpc.rstatd): RSTAT program 100001, versions 2, 3 and 4, over
 * UDP, for rup and perfmeter. /etc/rc starts it on every machine.
 *
 * Every answer is read from the kernel at that moment with statinfo(2)
 * (sun3lab's call 224: what SunOS's rstatd read from /dev/kmem): CPU
 * time in its four states, disk transfers, pages in, interrupts, packets
 * and their errors and collisions, context switches, the load averages
 * and the boot time. The load averages travel with 256 as 1.0 (SunOS's
 * FSCALE), the kernel keeps them with 2048. */
#include <rpc/pmap_clnt.h>
#include <rpc/rpc.h>
#include <rpcsvc/rstat.h>
#include <stdio.h>
#include <string.h>
#include <sys/sun3lab.h>
#include "rpcdaemon.h"

static struct statinfo si;

/* The kernel's fixed point (FSCALE, 2048) in the protocol's (256), rounded. */
static long avenrun(int i) {
  return (si.si_avenrun[i] * RSTAT_FSCALE + FSCALE / 2) / FSCALE;
}

static bool_t update(void) {
  memset(&si, 0, sizeof(si));
  return statinfo(&si, sizeof(si)) >= 0;
}

/* The fields every version has, by name: they are the same in each struct. */
#define FILL(s)                                        \
  do {                                                 \
    (s)->v_pgpgin = si.si_pgpgin;                      \
    (s)->v_pgpgout = si.si_pgpgout;                    \
    (s)->v_pswpin = si.si_pswpin;                      \
    (s)->v_pswpout = si.si_pswpout;                    \
    (s)->v_intr = si.si_intr;                          \
    (s)->if_ipackets = si.si_ipackets;                 \
    (s)->if_ierrors = si.si_ierrors;                   \
    (s)->if_opackets = si.si_opackets;                 \
    (s)->if_oerrors = si.si_oerrors;                   \
    (s)->if_collisions = si.si_collisions;             \
    (s)->v_swtch = si.si_swtch;                        \
    for (int i = 0; i < 3; i++) (s)->avenrun[i] = avenrun(i); \
    (s)->boottime.tv_sec = si.si_boottime.tv_sec;      \
    (s)->boottime.tv_usec = si.si_boottime.tv_usec;    \
  } while (0)

/* Versions 2 and 3 have four CPU states and four disks. */
#define FILL_FIXED(s)                                              \
  do {                                                             \
    for (int i = 0; i < RSTAT_CPUSTATES; i++) (s)->cp_time[i] = si.si_cp_time[i]; \
    for (int i = 0; i < RSTAT_DK_NDRIVE; i++) (s)->dk_xfer[i] = si.si_dk_xfer[i]; \
  } while (0)

static void stats_swtch(struct statsswtch *s) {
  FILL_FIXED(s);
  FILL(s);
}

/* Version 3 adds the time of day. */
static void stats_time(struct statstime *s) {
  FILL_FIXED(s);
  FILL(s);
  s->curtime.tv_sec = si.si_curtime.tv_sec;
  s->curtime.tv_usec = si.si_curtime.tv_usec;
}

/* Version 4 counts its CPU states and its disks: as many as the machine has. */
static void stats_var(struct statsvar *s, int *cp, int *dk) {
  for (int i = 0; i < RSTAT_CPUSTATES; i++) cp[i] = si.si_cp_time[i];
  for (int i = 0; i < RSTAT_DK_NDRIVE; i++) dk[i] = si.si_dk_xfer[i];
  s->cp_time.cp_time_len = RSTAT_CPUSTATES;
  s->cp_time.cp_time_val = cp;
  s->dk_xfer.dk_xfer_len = si.si_ndisk < RSTAT_DK_NDRIVE ? si.si_ndisk : RSTAT_DK_NDRIVE;
  s->dk_xfer.dk_xfer_val = dk;
  FILL(s);
  s->curtime.tv_sec = si.si_curtime.tv_sec;
  s->curtime.tv_usec = si.si_curtime.tv_usec;
}

static void rstat_prog(struct svc_req *rq, SVCXPRT *xprt) {
  union {
    struct statsswtch swtch;
    struct statstime time;
    struct statsvar var;
  } u;
  int cp[RSTAT_CPUSTATES], dk[RSTAT_DK_NDRIVE];
  long have;

  switch (rq->rq_proc) {
  case NULLPROC:
    svc_sendreply(xprt, xdr_void, NULL);
    return;
  case RSTATPROC_STATS:
    if (!update()) {
      svcerr_systemerr(xprt);
      return;
    }
    if (rq->rq_vers == RSTATVERS_SWTCH) {
      stats_swtch(&u.swtch);
      svc_sendreply(xprt, xdr_statsswtch, (caddr_t)&u.swtch);
    } else if (rq->rq_vers == RSTATVERS_TIME) {
      stats_time(&u.time);
      svc_sendreply(xprt, xdr_statstime, (caddr_t)&u.time);
    } else {
      stats_var(&u.var, cp, dk);
      svc_sendreply(xprt, xdr_statsvar, (caddr_t)&u.var);
    }
    return;
  case RSTATPROC_HAVEDISK:
    if (!update()) {
      svcerr_systemerr(xprt);
      return;
    }
    have = si.si_ndisk > 0;
    svc_sendreply(xprt, xdr_long, (caddr_t)&have);
    return;
  default:
    svcerr_noproc(xprt);
    return;
  }
}

int main(int argc, char **argv) {
  SVCXPRT *udp;
  bool_t debug = argc > 1 && strcmp(argv[1], "-d") == 0;
  u_long vers;
  if (!update()) {
    perror("rstatd: statinfo");
    return 1;
  }
  udp = svcudp_create(RPC_ANYSOCK);
  if (udp == NULL) {
    fprintf(stderr, "rstatd: couldn't create an RPC server\n");
    return 1;
  }
  for (vers = RSTATVERS_SWTCH; vers <= RSTATVERS_VAR; vers++) {
    pmap_unset(RSTATPROG, vers);
    if (!svc_register(udp, RSTATPROG, vers, rstat_prog, IPPROTO_UDP)) {
      fprintf(stderr, "rstatd: couldn't register RSTATPROG version %lu\n", vers);
      return 1;
    }
  }
  if (!debug) rpc_daemon("rstatd");
  svc_run();
  fprintf(stderr, "rstatd: svc_run returned\n");
  return 1;
}
