/* rpcsvc/rstat.h - sun3lab libc: the remote statistics protocol
 * (program 100001; SunOS 4's <rpcsvc/rstat.h>), what rstatd answers and
 * rup and perfmeter ask: a machine's CPU time in its four states, disk
 * transfers, paging, interrupts, packets, context switches, load
 * averages, and when it booted. Every count is a total since boot; a
 * rate is the difference of two answers.
 *
 *   version 2 (RSTATVERS_SWTCH): statsswtch
 *   version 3 (RSTATVERS_TIME):  statstime, with the machine's time of day
 *   version 4 (RSTATVERS_VAR):   statsvar, with counted CPU states and disks
 * each with RSTATPROC_STATS (1) -> the statistics and RSTATPROC_HAVEDISK
 * (2) -> whether the machine has a disk.
 *
 * The structs list their fields in the order they travel. */
#ifndef _RPCSVC_RSTAT_H
#define _RPCSVC_RSTAT_H

#include <rpc/rpc.h>

#define RSTATPROG ((u_long)100001)
#define RSTATVERS_SWTCH ((u_long)2)
#define RSTATVERS_TIME ((u_long)3)
#define RSTATVERS_VAR ((u_long)4)
#define RSTATVERS RSTATVERS_TIME
#define RSTATPROC_STATS ((u_long)1)
#define RSTATPROC_HAVEDISK ((u_long)2)

#define RSTAT_CPUSTATES 4  /* user, nice, system, idle */
#define RSTAT_DK_NDRIVE 4
#define RSTAT_CPU_USER 0
#define RSTAT_CPU_NICE 1
#define RSTAT_CPU_SYS 2
#define RSTAT_CPU_IDLE 3
/* avenrun is fixed point: 1.0 is 256 (SunOS's FSCALE). */
#define RSTAT_FSHIFT 8
#define RSTAT_FSCALE (1 << RSTAT_FSHIFT)

struct statsswtch {            /* version 2 */
  int cp_time[RSTAT_CPUSTATES];  /* clock ticks in each CPU state */
  int dk_xfer[RSTAT_DK_NDRIVE];  /* transfers, per disk */
  u_int v_pgpgin;                /* pages paged in */
  u_int v_pgpgout;               /* pages paged out */
  u_int v_pswpin;                /* pages swapped in */
  u_int v_pswpout;               /* pages swapped out */
  u_int v_intr;                  /* device interrupts */
  int if_ipackets;               /* packets in, over every interface */
  int if_ierrors;
  int if_oerrors;
  int if_collisions;
  u_int v_swtch;                 /* context switches */
  long avenrun[3];               /* 1, 5 and 15-minute load averages (RSTAT_FSCALE) */
  struct timeval boottime;
  int if_opackets;               /* packets out */
};

struct statstime {             /* version 3 */
  int cp_time[RSTAT_CPUSTATES];
  int dk_xfer[RSTAT_DK_NDRIVE];
  u_int v_pgpgin;
  u_int v_pgpgout;
  u_int v_pswpin;
  u_int v_pswpout;
  u_int v_intr;
  int if_ipackets;
  int if_ierrors;
  int if_oerrors;
  int if_collisions;
  u_int v_swtch;
  long avenrun[3];
  struct timeval boottime;
  struct timeval curtime;        /* the machine's time of day */
  int if_opackets;
};

struct statsvar {              /* version 4 */
  struct {
    u_int cp_time_len;
    int *cp_time_val;
  } cp_time;                     /* as many CPU states as the machine counts */
  struct {
    u_int dk_xfer_len;
    int *dk_xfer_val;
  } dk_xfer;                     /* as many disks as it has */
  u_int v_pgpgin;
  u_int v_pgpgout;
  u_int v_pswpin;
  u_int v_pswpout;
  u_int v_intr;
  int if_ipackets;
  int if_ierrors;
  int if_opackets;
  int if_oerrors;
  int if_collisions;
  u_int v_swtch;
  long avenrun[3];
  struct timeval boottime;
  struct timeval curtime;
};

bool_t xdr_timeval(XDR *xdrs, struct timeval *tv);
bool_t xdr_statsswtch(XDR *xdrs, struct statsswtch *s);
bool_t xdr_statstime(XDR *xdrs, struct statstime *s);
bool_t xdr_statsvar(XDR *xdrs, struct statsvar *s);

/* Ask host's rstatd (version 3), with callrpc: 0, or the enum clnt_stat of the failed call. */
int rstat(char *host, struct statstime *statp);
/* Whether host has a disk: 1, 0, or -1 if it could not be asked. */
int havedisk(char *host);

#endif
