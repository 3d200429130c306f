/* fsck - file system consistency check and interactive repair (4.3BSD's
 * fsck, for sun3lab's file system).
 *
 *   fsck [-p | -n | -y] [-f] [device ...]
 *
 * Without a device, the file systems of /etc/fstab (type 4.2, pass
 * number > 0, in the order of their pass numbers), or /dev/rsd0a if there
 * is no /etc/fstab.
 *
 *   -p  preen, as /etc/rc does at boot: a file system marked clean is
 *       skipped; otherwise only what a crash leaves behind is repaired
 *       (unreferenced inodes, link counts too high, free maps and counts,
 *       block counts), and anything else stops fsck with "UNEXPECTED
 *       INCONSISTENCY; RUN fsck MANUALLY." and exit status 8
 *   -n  answer no to every question; the device is opened read-only
 *   -y  answer yes to every question: whatever cannot be saved is cleared
 *   -f  check a file system even if it is marked clean (with -p)
 *
 * Without -n or -y, fsck asks on the terminal. A file system checked
 * without anything left unrepaired is marked clean.
 *
 * Exit status: 0 all is well; 4 the mounted root file system was changed
 * (reboot at once, without sync: "reboot -n"); 8 something was left
 * unrepaired or could not be checked; 12 interrupted.
 *
 * For the tests, FSCK_STOP_AFTER_WRITES=n kills fsck before its n+1st
 * block write: what it leaves must still be repairable. */
#include <mntent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsck.h"

char *cdevname;
int fsfd = -1, fswritable;
long devblocks;
struct fs sblock;
int sbfixed, wasclean;
int preen, nflag, yflag, fflag;
int hotroot, fsmodified, sbmodified, resolved;
ino_t maxino;
unsigned char *statemap;
long *lncntp;
unsigned char *blockmap;
struct inoinfo *inpsort;
long inplast;
unsigned long *duplist;
long ndup;
ino_t lfdir;

extern long n_files, n_blks, n_free;
extern long stopafter;

static void usage(void) {
  fprintf(stderr, "usage: fsck [-p | -n | -y] [-f] [device ...]\n");
  exit(8);
}

static void catchint(int sig) {
  (void)sig;
  exit(12);
}

/* Finish: the superblock's counts, and the clean mark if nothing is left to repair. */
static void ckfini(void) {
  int markclean = 0;
  if (!fswritable) return;
  if (resolved && sblock.fs_clean != FS_CLEAN) {
    sblock.fs_clean = FS_CLEAN;
    markclean = 1;
  }
  if (sbfixed || markclean) sbwrite();
  sbmodified = sbfixed;
  fsync(fsfd);
  if (markclean && !preen) printf("\n***** FILE SYSTEM MARKED CLEAN *****\n");
}

/* Check one file system (the name blockcheck gave). Returns the exit status it calls for. */
static int checkfs(char *name) {
  int r;
  cdevname = name;
  fsmodified = sbmodified = sbfixed = 0;
  resolved = 1;
  r = setup(name);
  if (r == 0) return 8;
  if (r == 2) {
    pwarn("FILESYSTEM CLEAN; SKIPPING CHECKS\n");
    return 0;
  }
  if (!preen) printf("** Phase 1 - Check Blocks and Sizes\n");
  pass1();
  if (ndup > 0) {
    if (!preen) printf("** Phase 1b - Rescan For More DUPS\n");
    pass1b();
  }
  if (!preen) printf("** Phase 2 - Check Pathnames\n");
  pass2();
  if (!preen) printf("** Phase 3 - Check Connectivity\n");
  pass3();
  if (!preen) printf("** Phase 4 - Check Reference Counts\n");
  pass4();
  if (!preen) printf("** Phase 5 - Check Free Maps\n");
  pass5();
  pwarn("%ld files, %ld used, %ld free\n", n_files, n_blks, n_free);
  ckfini();
  if (!preen && (fsmodified || sbmodified)) {
    printf("\n***** FILE SYSTEM WAS MODIFIED *****\n");
    if (hotroot && fsmodified) printf("\n***** REBOOT UNIX *****\n");
  }
  freemaps();
  close(fsfd);
  fsfd = -1;
  /* The running kernel holds the root's inodes and maps in core: it must not write them back. */
  if (hotroot && fsmodified) return 4;
  return resolved ? 0 : 8;
}

/* blockcheck, then checkfs; exits at once with 4 when the root was changed. */
static int check(const char *arg) {
  char *name = blockcheck(arg);
  if (name == NULL) return 8;
  int r = checkfs(name);
  free(name);
  if (r == 4) exit(4);
  return r;
}

/* The file systems of /etc/fstab in the order of their pass numbers; /dev/rsd0a without it. */
static int checkfstab(void) {
  FILE *f = setmntent(MNTTAB, "r");
  struct mntent *m;
  int status = 0, pass, more;
  if (f == NULL) return check("/dev/rsd0a");
  for (pass = 1, more = 1; more; pass++) {
    more = 0;
    rewind(f);
    while ((m = getmntent(f)) != NULL) {
      if (m->mnt_type == NULL || strcmp(m->mnt_type, MNTTYPE_42) != 0 || m->mnt_passno <= 0) continue;
      if (hasmntopt(m, MNTOPT_RW) == NULL && hasmntopt(m, MNTOPT_RO) == NULL) continue;
      if (m->mnt_passno > pass) more = 1;
      if (m->mnt_passno != pass) continue;
      char *name = strcpy(emalloc(strlen(m->mnt_fsname) + 1), m->mnt_fsname);
      int r = check(name);
      free(name);
      if (r != 0) status = 8;
    }
  }
  endmntent(f);
  return status;
}

int main(int argc, char **argv) {
  int c, status = 0;
  setlinebuf(stdout);
  while ((c = getopt(argc, argv, "pnNyYf")) != -1) {
    switch (c) {
    case 'p':
      preen = 1;
      break;
    case 'n':
    case 'N':
      nflag = 1;
      yflag = 0;
      break;
    case 'y':
    case 'Y':
      yflag = 1;
      nflag = 0;
      break;
    case 'f':
      fflag = 1;
      break;
    default:
      usage();
    }
  }
  if (preen && (nflag || yflag)) usage();
  if (getenv("FSCK_STOP_AFTER_WRITES") != NULL) stopafter = atol(getenv("FSCK_STOP_AFTER_WRITES"));
  if (signal(SIGINT, SIG_IGN) != SIG_IGN) signal(SIGINT, catchint);
  if (optind >= argc) return checkfstab();
  for (; optind < argc; optind++)
    if (check(argv[optind]) != 0) status = 8;
  return status;
}
