/* sys/sun3lab.h - sun3lab-specific system calls (not in SunOS 4).
 *
 *   220 getloadavg(long *avg, int n): up to 3 load averages (1, 5, 15 min),
 *       fixed point with FSCALE (1.0 = 2048); returns how many it filled.
 *   221 procinfo(struct procinfo *buf, int maxcount): one record per process,
 *       returns how many it filled.
 *   222 mntinfo(struct mntinfo *buf, int maxcount): one record per mounted
 *       file system, the root first; returns how many it filled.
 *   223 netinfo(int what, void *buf, int size): the network's counters,
 *       sockets, routes and TCP trace (below).
 *   224 statinfo(struct statinfo *buf, int size): the kernel's statistics
 *       since boot (below), for rstatd; returns the struct's size.
 *   225 vmmeter(struct vmmeter *buf, int size): the paging counters and
 *       free-memory figures (below), for vmstat; returns the struct's size.
 * Process migration (docs/migration.md):
 *   200 pm_migrate(int pid, unsigned long host): migrate process pid (0: the
 *       caller) to the machine at Internet address host (network order).
 *   201 pmrcv(int s): become the process a source sends on socket s (migd).
 *   202 pminfo(struct pminfo *buf, int maxcount): one record per migrated
 *       process on this machine; returns how many it filled.
 *   203 pmjoin(void): this machine joins the pool (migd, super-user): its
 *       pids come from its own range from now on; returns the range's first.
 * migrate(host) (libc) is pm_migrate(0, the address of host by name). */
#ifndef _SYS_SUN3LAB_H
#define _SYS_SUN3LAB_H

#define FSHIFT 11
#define FSCALE (1 << FSHIFT)

struct procinfo {          /* 128 bytes, 68020 alignment */
  long pi_pid;             /*   0 */
  long pi_ppid;            /*   4 */
  long pi_pgrp;            /*   8 */
  long pi_uid;             /*  12: real uid */
  char pi_stat;            /*  16: 'R' runnable, 'S' sleeping, 'D' sleeping uninterruptibly,
                                   'T' stopped, 'Z' zombie, 'I' being created */
  char pi_pad[3];
  long pi_pri;             /*  20: sleep priority when asleep, else user priority */
  long pi_nice;            /*  24 */
  long pi_utime_ms;        /*  28 */
  long pi_stime_ms;        /*  32 */
  long pi_rss_pages;       /*  36 */
  long pi_start_sec;       /*  40: gettimeofday seconds when it started */
  char pi_comm[16];        /*  44: NUL-terminated */
  long pi_tty;             /*  60: controlling terminal's device number, -1 for none */
  long pi_flag;            /*  64: PI_SSYS, PI_SVFORK, PI_SSUGID */
  long pi_size_pages;      /*  68: virtual size: text + data + stack */
  long pi_tsize_pages;     /*  72: text */
  long pi_minflt;          /*  76: page faults (over the process's life, across exec) */
  long pi_cow;             /*  80: copy-on-write copies */
  long pi_ctxsteal;        /*  84: MMU contexts taken from it */
  long pi_pmegsteal;       /*  88: PMEGs taken from it */
  long pi_nvcsw;           /*  92: voluntary context switches */
  long pi_nivcsw;          /*  96: involuntary context switches */
  char pi_wmesg[8];        /* 100: what it sleeps for, NUL-terminated */
  long pi_cpu;             /* 108: recent CPU use (p_cpu) */
  long pi_spare[4];        /* 112 */
};

#define PI_SSYS 0x2        /* a system process (the swapper) */
#define PI_SVFORK 0x1000   /* a vfork child running in its parent's memory */
#define PI_SSUGID 0x100    /* its ids changed (set-id exec, setuid...): no core dumps */

_Static_assert(sizeof(struct procinfo) == 128, "struct procinfo is 128 bytes");

struct mntinfo {           /* 336 bytes */
  char mi_fsname[64];      /*   0: the special file it was mounted from, NUL-terminated */
  char mi_dir[256];        /*  64: where it is mounted */
  char mi_type[8];         /* 320: "4.2" */
  long mi_flags;           /* 328: M_RDONLY, M_NOSUID, M_GRPID (sys/mount.h), as they are now */
  long mi_dev;             /* 332: the block device (statfs's f_fsid.val[0]) */
};

_Static_assert(sizeof(struct mntinfo) == 336, "struct mntinfo is 336 bytes");

/* 223 netinfo(what, buf, size): what netstat read from /dev/kmem on SunOS.
 * Copies at most `size` bytes of the answer to buf (nothing if buf is 0) and
 * returns the whole answer's size in bytes. */
#define NI_IPSTAT 1    /* struct ipstat (netinet/ip_var.h) */
#define NI_ICMPSTAT 2  /* struct icmpstat (netinet/icmp_var.h) */
#define NI_UDPSTAT 3   /* struct udpstat (netinet/udp_var.h) */
#define NI_TCPSTAT 4   /* struct tcpstat (netinet/tcp_var.h) */
#define NI_SOCKETS 5   /* a struct sockinfo per socket; Unix-domain ones with their path after */
#define NI_ROUTES 6    /* a struct rtinfo per route (net/route.h) */
#define NI_TCPDEBUG 7  /* struct tcpdebug records: TCP's trace of SO_DEBUG sockets */

struct sockinfo {          /* 48 bytes; 156 for AF_UNIX (si_path follows) */
  long si_family;          /*   0: AF_INET or AF_UNIX */
  long si_type;            /*   4: SOCK_STREAM, SOCK_DGRAM, SOCK_RAW */
  long si_protocol;        /*   8: IPPROTO_TCP, IPPROTO_UDP, a raw socket's protocol; 0 */
  long si_tcpstate;        /*  12: TCPS_* (netinet/tcp_fsm.h), -1 if not TCP */
  unsigned long si_laddr;  /*  16: local address and port */
  long si_lport;           /*  20 */
  unsigned long si_faddr;  /*  24: foreign address and port */
  long si_fport;           /*  28 */
  long si_rcvcc;           /*  32: bytes in the receive buffer (Recv-Q) */
  long si_sndcc;           /*  36: bytes in the send buffer (Send-Q) */
  long si_options;         /*  40: SO_* options */
  long si_state;           /*  44: socket state */
};

struct sockinfo_un {       /* 156 bytes */
  struct sockinfo su_info;
  char su_path[108];       /* the name it is bound to, NUL-terminated ("" if none) */
};

struct tcpdebug {          /* 76 bytes */
  long td_time;            /* ms since boot */
  long td_act;             /* TA_INPUT 0, TA_OUTPUT 1, TA_USER 2, TA_RESPOND 3, TA_DROP 4 */
  long td_ostate, td_state;
  unsigned long td_laddr;
  long td_lport;
  unsigned long td_faddr;
  long td_fport;
  unsigned long td_snd_una, td_snd_nxt, td_snd_max, td_rcv_nxt;
  long td_snd_wnd, td_snd_cwnd;
  unsigned long td_seq, td_ack; /* the segment's */
  long td_len, td_flags;
  long td_req;             /* a user request's PRU_ number */
};

_Static_assert(sizeof(struct sockinfo) == 48, "struct sockinfo is 48 bytes");
_Static_assert(sizeof(struct sockinfo_un) == 156, "struct sockinfo_un is 156 bytes");
_Static_assert(sizeof(struct tcpdebug) == 76, "struct tcpdebug is 76 bytes");

/* pm_stat values */
#define PM_HOME 0     /* at its home machine */
#define PM_AWAY 1     /* on another machine */
#define PM_LEAVING 2  /* frozen at the source */
#define PM_ARRIVING 3 /* received, frozen until the source commits */

#define MIGD_PORT 1789

struct pminfo {                /* 64 bytes */
  long pm_pid;                 /*  0 */
  long pm_ppid;                /*  4: its parent on this machine */
  long pm_ruid;                /*  8 */
  unsigned long pm_home;       /* 12: Internet addresses, network order */
  unsigned long pm_source;     /* 16 */
  unsigned long pm_host;       /* 20 */
  unsigned long pm_uqmachine;  /* 24: uq-pid = (machine, creation time) */
  unsigned long pm_uqsec;      /* 28 */
  unsigned long pm_uqusec;     /* 32 */
  long pm_stat;                /* 36: PM_HOME ... */
  long pm_hops;                /* 40: migrations so far */
  char pm_comm[16];            /* 44 */
  unsigned long pm_flags;      /* 60: PMI_UNMOVABLE, and PMI_WHY */
};

/* pm_flags: the kernel's pre-check of the process's descriptors and
 * mappings at the call (the rules of migration that need no I/O). */
#define PMI_UNMOVABLE 0x1               /* pm_migrate would refuse it now */
#define PMI_WHY(f) (((f) >> 8) & 0xff)  /* why, when PMI_UNMOVABLE: */
#define PMU_PIPE 1                      /*   a pipe or FIFO */
#define PMU_SOCKET 2                    /*   a socket */
#define PMU_BLKDEV 3                    /*   a block device */
#define PMU_SHARED 4                    /*   a file entry shared with another process (fork) */
#define PMU_NONAME 5                    /*   a file with no lab-wide name, or removed */
#define PMU_LOCAL 6                     /*   a file of this machine's own disk, under no export */
#define PMU_MMAP 7                      /*   anonymous memory mapped shared with another process */

_Static_assert(sizeof(struct pminfo) == 64, "struct pminfo is 64 bytes");

int pm_migrate(int pid, unsigned long host);
int pmrcv(int s);
int pminfo(struct pminfo *buf, int maxcount);
int pmjoin(void);
int migrate(const char *host);

/* The global process table (docs/migration.md): 8 pages of slots, one
 * slot per process that migrated and per parent of one.
 *   204 getpmpage(page, buf, max): bring the page here, copy its slots;
 *       page -1: this machine's probable owner of each page (8 addresses).
 *   205 putpmpage(s): answer one table request on socket s (migd). */
#define NPMPAGE 8
#define PMPAGE_PORT 1790
#define PS_RUN 1  /* running on ps_host */
#define PS_ZOMB 2 /* exited; its status waits for its parent */
#define PSF_MIGRATED 1
#define PSF_ORPHAN 2

struct pmslot {               /* 64 bytes */
  long ps_pid;                /*  0 */
  long ps_ppid;               /*  4 */
  unsigned long ps_pphost;    /*  8: the parent's machine (0: orphan) */
  unsigned long ps_home;      /* 12 */
  unsigned long ps_source;    /* 16 */
  unsigned long ps_host;      /* 20: where it runs */
  unsigned long ps_uqmachine; /* 24 */
  unsigned long ps_uqsec;     /* 28 */
  unsigned long ps_uqusec;    /* 32 */
  long ps_stat;               /* 36: PS_RUN, PS_ZOMB */
  long ps_xstat;              /* 40: wait status of a zombie */
  long ps_hops;               /* 44 */
  long ps_flags;              /* 48: PSF_ */
  char ps_comm[12];           /* 52 */
};

_Static_assert(sizeof(struct pmslot) == 64, "struct pmslot is 64 bytes");

int getpmpage(int page, void *buf, int max);
int putpmpage(int s);
/* The thesis's calls (206-212): the ordinary ones under other numbers. */
int pm_open(const char *path, int flags, int mode);
int pm_creat(const char *path, int mode);
int pm_fork(void);
void pm_exit(int status);
int pm_wait(int *status);
int pm_getpid(void);
int pm_getppid(void);
/* 224 statinfo(buf, size): what SunOS's rstatd and vmstat read from
 * /dev/kmem. Copies at most `size` bytes of the struct to buf and returns
 * its whole size. Every count is a total since boot. */
#define CP_USER 0
#define CP_NICE 1
#define CP_SYS 2
#define CP_IDLE 3
#define CPUSTATES 4
#define DK_NDRIVE 4

struct statinfo {          /* 128 bytes */
  long si_cp_time[CPUSTATES]; /*   0: clock ticks (si_hz a second) user, nice, system, idle */
  long si_dk_xfer[DK_NDRIVE]; /*  16: transfers (blocks read or written) of sd0-sd3 */
  long si_ndisk;           /*  32: how many disks the machine has */
  long si_pgpgin;          /*  36: pages read in (by exec from program files, from swap) */
  long si_pgpgout;         /*  40: pages written to swap */
  long si_pswpin;          /*  44: processes swapped in and */
  long si_pswpout;         /*  48: out */
  long si_intr;            /*  52: device interrupts (the clock's too) */
  long si_swtch;           /*  56: context switches */
  long si_trap;            /*  60: entries to the kernel */
  long si_syscall;         /*  64: system calls */
  long si_faults;          /*  68: page faults */
  long si_ipackets;        /*  72: packets in, over every interface (lo0 too) */
  long si_ierrors;         /*  76 */
  long si_opackets;        /*  80: packets out */
  long si_oerrors;         /*  84 */
  long si_collisions;      /*  88 */
  long si_avenrun[3];      /*  92: load averages, fixed point (FSCALE) */
  struct {
    long tv_sec, tv_usec;
  } si_boottime, si_curtime; /* 104, 112: when the kernel started; the time now */
  long si_hz;              /* 120: clock ticks a second (100) */
  long si_spare;           /* 124 */
};

_Static_assert(sizeof(struct statinfo) == 128, "struct statinfo is 128 bytes");

/* 225 vmmeter(buf, size): the virtual memory counters vmstat shows
 * (docs/vm.md). Copies at most `size` bytes and returns the whole size.
 * Counts are totals since boot; sizes are in pages of v_pagesize bytes. */
struct vmmeter {           /* 128 bytes */
  long v_faults;           /*   0: page faults */
  long v_zfod;             /*   4: pages zero-filled on first touch (demand-zero) */
  long v_cow;              /*   8: copy-on-write copies */
  long v_pgin;             /*  12: faults that read a page from swap or a mapped file */
  long v_pgpgin;           /*  16: pages read from swap or mapped files */
  long v_pgout;            /*  20: writes to swap or of mapped files' pages */
  long v_pgpgout;          /*  24: pages written to swap or mapped files */
  long v_rec;              /*  28: reclaims: faults on a freed page not yet reused */
  long v_scan;             /*  32: frames the page daemon's clock examined */
  long v_rev;              /*  36: revolutions of the clock */
  long v_dfree;            /*  40: frames the page daemon freed */
  long v_swpin;            /*  44: processes swapped in */
  long v_swpout;           /*  48: processes swapped out */
  long v_free;             /*  52: free frames now */
  long v_avefree;          /*  56: free frames, 5-second average */
  long v_physmem;          /*  60: frames for user processes */
  long v_lotsfree;         /*  64: the page daemon runs below this */
  long v_desfree;          /*  68: the swapper swaps below this */
  long v_minfree;          /*  72: allocations run the clock below this */
  long v_handspread;       /*  76: frames between the clock's hands */
  long v_swap;             /*  80: pages in the swap area (0: none) */
  long v_swapresv;         /*  84: pages of swap promised to processes */
  long v_swapused;         /*  88: swap pages holding a page now */
  long v_pagesize;         /*  92: bytes a page */
  long v_exfill;           /*  96: pages exec read from program files */
  long v_rq, v_bq, v_wq;   /* 100: processes runnable, blocked, runnable but swapped */
  long v_avm;              /* 112: pages of active processes' data and stack */
  long v_swtch;            /* 116: context switches */
  long v_intr;             /* 120: device interrupts */
  long v_syscall;          /* 124: system calls */
};

_Static_assert(sizeof(struct vmmeter) == 128, "struct vmmeter is 128 bytes");
int vmmeter(struct vmmeter *buf, int size);

int netinfo(int what, void *buf, int size);
int statinfo(struct statinfo *buf, int size);
int getloadavg(long *avg, int n);
int procinfo(struct procinfo *buf, int maxcount);
int mntinfo(struct mntinfo *buf, int maxcount);

#endif
