/* perfmeter - a machine's performance, sample by sample (SunOS's
 * perfmeter drew these as dials and strip charts; this one prints them,
 * as vmstat does), from its rstatd (version 4):
 *
 *   perfmeter [-s secs] [-c count] [host]
 *
 *    cpu  pkts  page  swap  intr  disk cntxt  load colls  errs
 *    100     4     0     0   104     0    12  3.00     0     0
 *
 * Every secs (2) seconds, count times (for ever without -c), the rates
 * of that interval: cpu, the percentage of CPU time not idle; pkts,
 * packets in and out a second; page, pages in and out; swap, pages
 * swapped; intr, interrupts; disk, disk transfers; cntxt, context
 * switches; load, the 1-minute load average; colls, collisions; errs,
 * input and output errors. host is this machine by default. */
#include <rpc/rpc.h>
#include <rpcsvc/rstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sample {
  struct statsvar s;
  int cp[RSTAT_CPUSTATES];
  long disk;
};

static bool_t get(CLIENT *cl, char *host, struct sample *out) {
  struct timeval total = {25, 0};
  struct statsvar s;
  memset(&s, 0, sizeof(s));
  if (clnt_call(cl, RSTATPROC_STATS, xdr_void, NULL, xdr_statsvar, &s, total) != RPC_SUCCESS) {
    clnt_perror(cl, host);
    return FALSE;
  }
  out->s = s;
  memset(out->cp, 0, sizeof(out->cp));
  for (u_int i = 0; i < s.cp_time.cp_time_len && i < RSTAT_CPUSTATES; i++) out->cp[i] = s.cp_time.cp_time_val[i];
  out->disk = 0;
  for (u_int i = 0; i < s.dk_xfer.dk_xfer_len; i++) out->disk += s.dk_xfer.dk_xfer_val[i];
  xdr_free(xdr_statsvar, (char *)&s);
  out->s.cp_time.cp_time_val = NULL;
  out->s.dk_xfer.dk_xfer_val = NULL;
  return TRUE;
}

int main(int argc, char **argv) {
  int c, secs = 2;
  long count = -1;
  char host[256];
  CLIENT *cl;
  struct sample a, b;
  while ((c = getopt(argc, argv, "s:c:")) != -1) {
    switch (c) {
    case 's':
      secs = atoi(optarg);
      break;
    case 'c':
      count = atol(optarg);
      break;
    default:
      goto usage;
    }
  }
  if (secs <= 0 || optind < argc - 1) goto usage;
  if (optind == argc - 1) {
    strncpy(host, argv[optind], sizeof(host) - 1);
    host[sizeof(host) - 1] = 0;
  } else {
    strcpy(host, "localhost");
  }
  cl = clnt_create(host, RSTATPROG, RSTATVERS_VAR, "udp");
  if (cl == NULL) {
    clnt_pcreateerror(host);
    return 1;
  }
  if (!get(cl, host, &a)) return 1;
  printf("  cpu  pkts  page  swap  intr  disk cntxt  load colls  errs\n");
  for (long n = 0; count < 0 || n < count; n++) {
    long ms, busy, all, load;
    sleep(secs);
    if (!get(cl, host, &b)) return 1;
    ms = (b.s.curtime.tv_sec - a.s.curtime.tv_sec) * 1000 + (b.s.curtime.tv_usec - a.s.curtime.tv_usec) / 1000;
    if (ms <= 0) ms = 1;
#define RATE(x) ((long)((x) * 1000L / ms))
    busy = (b.cp[RSTAT_CPU_USER] - a.cp[RSTAT_CPU_USER]) + (b.cp[RSTAT_CPU_NICE] - a.cp[RSTAT_CPU_NICE]) +
           (b.cp[RSTAT_CPU_SYS] - a.cp[RSTAT_CPU_SYS]);
    all = busy + (b.cp[RSTAT_CPU_IDLE] - a.cp[RSTAT_CPU_IDLE]);
    load = b.s.avenrun[0];
    printf("%5ld %5ld %5ld %5ld %5ld %5ld %5ld %2ld.%02ld %5ld %5ld\n", all > 0 ? busy * 100 / all : 0,
           RATE((b.s.if_ipackets - a.s.if_ipackets) + (b.s.if_opackets - a.s.if_opackets)),
           RATE((long)(b.s.v_pgpgin - a.s.v_pgpgin) + (long)(b.s.v_pgpgout - a.s.v_pgpgout)),
           RATE((long)(b.s.v_pswpin - a.s.v_pswpin) + (long)(b.s.v_pswpout - a.s.v_pswpout)),
           RATE((long)(b.s.v_intr - a.s.v_intr)), RATE(b.disk - a.disk), RATE((long)(b.s.v_swtch - a.s.v_swtch)),
           load / RSTAT_FSCALE, (load % RSTAT_FSCALE) * 100 / RSTAT_FSCALE,
           RATE(b.s.if_collisions - a.s.if_collisions),
           RATE((b.s.if_ierrors - a.s.if_ierrors) + (b.s.if_oerrors - a.s.if_oerrors)));
    fflush(stdout);
    a = b;
  }
  clnt_destroy(cl);
  return 0;
usage:
  fprintf(stderr, "Usage: perfmeter [-s secs] [-c count] [host]\n");
  return 1;
}
