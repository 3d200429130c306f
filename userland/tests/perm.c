/* The permission checks of the kernel, as a table (docs/users.md).
 *
 * perm starts as root. For each row of the table below it makes the
 * row's fixtures under /tmp/perm — a directory t (owned by root), a
 * directory t/d and an object t/d/f, each with the owner, group and mode
 * the row gives — then forks a child that takes the row's credentials
 * (real, effective and saved uid, gids and groups) and tries the
 * operation; the child's exit status is the errno it got (0: allowed).
 * perm compares it with the row's expected result and, where the row
 * says, what the operation left behind (a file's mode, owner and group;
 * a process's ids or niceness). A refused operation must also leave the
 * file as it was.
 *
 * Every refusal has its allowed row (the same operation with the
 * credentials or the mode that make it legal), so that a check that is
 * too strict fails as surely as one that is too lax; perm checks that
 * the table has them. Rows cover files (read, write, execute, search on
 * every directory of a path, create, remove, rename, sticky directories,
 * chmod, chown, the set-id bits), exec of set-user-id and set-group-id
 * programs and the saved ids, the credential calls, signals, priorities,
 * the super-user's calls (sethostname, settimeofday, mknod, chroot) and
 * the per-user process limit — and that root still may.
 *
 * perm runs a copy of itself as the set-user-id program of some rows:
 * with a first argument starting with "-" it is that helper (helper()).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/param.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define SELF "/tests/perm"
#define BASE "/tmp/perm"
#define T BASE "/t"
#define D T "/d"
#define F D "/f"
#define G D "/g" /* an extra file: owned by the row's user (OP_RENAME_OVER), or an interpreter */
#define N D "/n" /* a name the operation makes */
#define H D "/h" /* where OP_RENAME moves f */
#define UP T "/h" /* where OP_RENAME_UP moves f */

/* Users and groups (numbers only: the kernel knows no names). */
enum { ROOT = 0, ALICE = 100, BOB = 101, CAROL = 102 };
enum { WHEEL = 0, USERS = 10, STAFF = 20, OTHER = 30 };
#define MAXUPRC 25 /* CHILD_MAX */

/* Credentials a row may run with. */
struct cred {
  const char *name;
  int ruid, euid, suid; /* suid must be ruid or euid (see become()) */
  int rgid, egid;
  int ngroups;
  int groups[NGROUPS];
};

enum { C_ROOT, C_ALICE, C_BOB, C_CAROL, C_ALICE_AS_BOB, C_CAROL_SAVED_ALICE, C_BOB_AS_ALICE };
static const struct cred creds[] = {
    [C_ROOT] = {"root", ROOT, ROOT, ROOT, WHEEL, WHEEL, 1, {WHEEL}},
    [C_ALICE] = {"alice", ALICE, ALICE, ALICE, USERS, USERS, 2, {USERS, STAFF}},
    [C_BOB] = {"bob", BOB, BOB, BOB, USERS, USERS, 1, {USERS}},
    [C_CAROL] = {"carol", CAROL, CAROL, CAROL, STAFF, STAFF, 1, {STAFF}},
    /* alice running bob's set-user-id program */
    [C_ALICE_AS_BOB] = {"alice(euid bob)", ALICE, BOB, BOB, USERS, USERS, 2, {USERS, STAFF}},
    /* carol's process whose saved uid is alice's */
    [C_CAROL_SAVED_ALICE] = {"carol(saved alice)", CAROL, CAROL, ALICE, STAFF, STAFF, 1, {STAFF}},
    /* bob running alice's set-user-id program */
    [C_BOB_AS_ALICE] = {"bob(euid alice)", BOB, ALICE, ALICE, USERS, USERS, 1, {USERS}},
};

/* The operations. "after" is what the row checks once the operation is
 * done: for files (mode, uid, gid) of f (or n, for the ones that make
 * it); for the id calls (-, real id, effective id); -1 skips a check. */
enum {
  OP_OPEN_R,     /* open(f, O_RDONLY) */
  OP_OPEN_W,     /* open(f, O_WRONLY) */
  OP_EXEC,       /* execve(f), a copy of /bin/true */
  OP_STAT,       /* stat(f): search permission on t and d */
  OP_ACCESS,     /* access(f, arg), with the real ids */
  OP_CREATE,     /* open(n, O_CREAT|O_EXCL, arg) */
  OP_MKDIR,      /* mkdir(n, arg) */
  OP_MKNOD,      /* mknod(n, arg, arg2) */
  OP_UNLINK,     /* unlink(f) */
  OP_RMDIR,      /* rmdir(f) */
  OP_RENAME,     /* rename(f, d/h) */
  OP_RENAME_OVER, /* rename(d/g, f): replace f */
  OP_RENAME_UP,  /* rename(f, t/h): a directory to a new parent */
  OP_CHMOD,      /* chmod(f, arg) */
  OP_FCHMOD,     /* fchmod(open(f), arg) */
  OP_CHOWN,      /* chown(f, arg, arg2) */
  OP_FCHOWN,     /* fchown(open(f), arg, arg2) */
  OP_WRITE,      /* write a byte to f */
  OP_FCHDIR,     /* fchdir(open(f)), then "." must be f */
  OP_CHROOT,     /* chroot(d), then "/f" must be d/f and "/.." stay "/" */
  OP_KILL,       /* kill(a process with creds[arg], arg2) */
  OP_KILL_DESC,  /* the same, to a child of the caller */
  OP_SETPRIO,    /* setpriority(a process with creds[arg], arg2) */
  OP_PRIO_USER,  /* setpriority(PRIO_USER, creds[arg]'s uid, arg2), with a process of that user */
  OP_NICE_SELF,  /* setpriority(self, 10), then arg */
  OP_SETHOSTNAME, /* sethostname(the name it has) */
  OP_SETTIME,    /* settimeofday(an hour on), then back */
  OP_MOUNT,      /* mount -o remount / (read-write, as it is) */
  OP_UNMOUNT,    /* unmount(d), which nothing is mounted on */
  OP_REBOOT,     /* reboot(arg) */
  OP_SETUID,     /* setuid(arg) */
  OP_SETUID_BACK, /* setuid(arg), then seteuid(arg2): the result of seteuid */
  OP_SETEUID,    /* seteuid(arg) */
  OP_SETREUID,   /* setreuid(arg, arg2) */
  OP_SETGID,     /* setgid(arg) */
  OP_SETEGID,    /* setegid(arg) */
  OP_SETREGID,   /* setregid(arg, arg2) */
  OP_SETGROUPS,  /* setgroups(arg, {30, 31, ...}) */
  OP_GETGROUPS,  /* getgroups(arg, buf): after = (-, the count, -) */
  OP_FORK,       /* fork arg processes: after = (-, how many before EAGAIN, -) */
  OP_EXEC_SETID, /* run f, a copy of perm, as the helper named by arg */
  OP_CORE,       /* run f, a copy of perm, to die of SIGQUIT in d (arg 1: after seteuid(getuid())): 0 if it dumps core */
  NOPS
};
static const char *const opnames[NOPS] = {
    "open r", "open w", "exec", "stat", "access", "creat", "mkdir", "mknod", "unlink", "rmdir",
    "rename", "rename over", "rename dir up", "chmod", "fchmod", "chown", "fchown", "write", "fchdir",
    "chroot", "kill", "kill child", "setpriority", "setpriority user", "nice self", "sethostname",
    "settimeofday", "mount", "unmount", "reboot", "setuid", "setuid+seteuid", "seteuid", "setreuid", "setgid", "setegid", "setregid",
    "setgroups", "getgroups", "fork", "exec set-id", "core"};

/* What f is. */
enum { FT_NONE, FT_FILE, FT_DIR, FT_PROG, FT_SELF, FT_SCRIPT, FT_SCRIPT_G };
/* FT_SCRIPT: a "#!" script run by perm; FT_SCRIPT_G: one run by g, a copy of
 * perm owned by bob and set-user-id (f's owner and mode are the script's). */

/* Helpers (OP_EXEC_SETID's arg). */
enum { H_IDS = 1, H_DROP, H_ROOT, H_NOSETID };

/* Results other than errno values. */
#define WRONG 200  /* allowed, but the result was not the expected one */
#define NOCORE 201 /* no core file */

struct row {
  const char *what;
  int op, who;
  int t_mode;
  int d_uid, d_gid, d_mode;
  int f_type, f_uid, f_gid, f_mode;
  int arg, arg2;
  int expect;
  int after_mode, after_uid, after_gid;
};

#define DIRS(tm, du, dg, dm) tm, du, dg, dm
#define OBJ(ty, u, g, m) ty, u, g, m
#define PLAIN DIRS(0755, ROOT, WHEEL, 0755)    /* t and d as root's 0755 */
#define OPEN DIRS(0755, ROOT, WHEEL, 0777)     /* d writable by all */
#define STICKY DIRS(0755, ROOT, WHEEL, 01777)  /* d like /tmp */
#define NOF OBJ(FT_NONE, 0, 0, 0)
#define AFTER(m, u, g) m, u, g
#define ANY AFTER(-1, -1, -1)

static const struct row rows[] = {
    /* Reading and writing: the owner's bits for the owner, the group's for
     * its members (effective or supplementary group), the others' for
     * everyone else, even when another class would allow more. */
    {"owner may read r--------", OP_OPEN_R, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0400), 0, 0, 0, ANY},
    {"owner's bits, not the group's", OP_OPEN_R, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0044), 0, 0, EACCES, ANY},
    {"member by supplementary group", OP_OPEN_R, C_ALICE, PLAIN, OBJ(FT_FILE, BOB, STAFF, 0040), 0, 0, 0, ANY},
    {"not in the group", OP_OPEN_R, C_BOB, PLAIN, OBJ(FT_FILE, CAROL, STAFF, 0040), 0, 0, EACCES, ANY},
    {"member by effective group", OP_OPEN_R, C_CAROL, PLAIN, OBJ(FT_FILE, BOB, STAFF, 0040), 0, 0, 0, ANY},
    {"others may read r--r--r--", OP_OPEN_R, C_BOB, PLAIN, OBJ(FT_FILE, ALICE, OTHER, 0004), 0, 0, 0, ANY},
    {"others may not read rw-r-----", OP_OPEN_R, C_BOB, PLAIN, OBJ(FT_FILE, ALICE, OTHER, 0640), 0, 0, EACCES, ANY},
    {"root reads ---------", OP_OPEN_R, C_ROOT, PLAIN, OBJ(FT_FILE, BOB, OTHER, 0000), 0, 0, 0, ANY},
    {"directory without r", OP_OPEN_R, C_ALICE, PLAIN, OBJ(FT_DIR, ALICE, USERS, 0300), 0, 0, EACCES, ANY},
    {"directory with r", OP_OPEN_R, C_ALICE, PLAIN, OBJ(FT_DIR, ALICE, USERS, 0500), 0, 0, 0, ANY},
    {"owner may write -w-------", OP_OPEN_W, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0200), 0, 0, 0, ANY},
    {"owner may not write r--------", OP_OPEN_W, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0400), 0, 0, EACCES, ANY},
    {"group may write ----w----", OP_OPEN_W, C_ALICE, PLAIN, OBJ(FT_FILE, BOB, STAFF, 0020), 0, 0, 0, ANY},
    {"others may not write rw-r--r--", OP_OPEN_W, C_BOB, PLAIN, OBJ(FT_FILE, ALICE, OTHER, 0644), 0, 0, EACCES, ANY},
    {"root writes r--r--r--", OP_OPEN_W, C_ROOT, PLAIN, OBJ(FT_FILE, BOB, OTHER, 0444), 0, 0, 0, ANY},

    /* Execute: an x bit of the caller's class; root needs some x bit. */
    {"owner runs rwx------", OP_EXEC, C_ALICE, PLAIN, OBJ(FT_PROG, ALICE, USERS, 0700), 0, 0, 0, ANY},
    {"owner may not run rw-------", OP_EXEC, C_ALICE, PLAIN, OBJ(FT_PROG, ALICE, USERS, 0600), 0, 0, EACCES, ANY},
    {"others run rwx-----x", OP_EXEC, C_BOB, PLAIN, OBJ(FT_PROG, ALICE, OTHER, 0701), 0, 0, 0, ANY},
    {"others may not run rwx--x---", OP_EXEC, C_BOB, PLAIN, OBJ(FT_PROG, ALICE, OTHER, 0710), 0, 0, EACCES, ANY},
    {"root may not run rw-------", OP_EXEC, C_ROOT, PLAIN, OBJ(FT_PROG, BOB, USERS, 0600), 0, 0, EACCES, ANY},
    {"root runs --x------", OP_EXEC, C_ROOT, PLAIN, OBJ(FT_PROG, BOB, USERS, 0100), 0, 0, 0, ANY},

    /* Search permission on every directory of the path. */
    {"t not searchable", OP_STAT, C_ALICE, DIRS(0700, ROOT, WHEEL, 0755), OBJ(FT_FILE, ALICE, USERS, 0644), 0, 0, EACCES, ANY},
    {"t searchable --x", OP_STAT, C_ALICE, DIRS(0711, ROOT, WHEEL, 0755), OBJ(FT_FILE, ALICE, USERS, 0644), 0, 0, 0, ANY},
    {"own d without x", OP_STAT, C_ALICE, DIRS(0755, ALICE, USERS, 0600), OBJ(FT_FILE, ALICE, USERS, 0644), 0, 0, EACCES, ANY},
    {"own d with x only", OP_STAT, C_ALICE, DIRS(0755, ALICE, USERS, 0100), OBJ(FT_FILE, ALICE, USERS, 0644), 0, 0, 0, ANY},
    {"d searchable by its group only", OP_STAT, C_BOB, DIRS(0755, ALICE, STAFF, 0710), OBJ(FT_FILE, ALICE, USERS, 0644), 0, 0, EACCES, ANY},
    {"d searched by its group", OP_STAT, C_CAROL, DIRS(0755, ALICE, STAFF, 0710), OBJ(FT_FILE, ALICE, USERS, 0644), 0, 0, 0, ANY},
    {"root searches ---------", OP_STAT, C_ROOT, DIRS(0000, BOB, USERS, 0000), OBJ(FT_FILE, BOB, USERS, 0000), 0, 0, 0, ANY},
    {"read: search denied on t", OP_OPEN_R, C_ALICE, DIRS(0700, ROOT, WHEEL, 0755), OBJ(FT_FILE, ALICE, USERS, 0644), 0, 0, EACCES, ANY},
    {"exec: search denied on d", OP_EXEC, C_ALICE, DIRS(0755, ALICE, USERS, 0600), OBJ(FT_PROG, ALICE, USERS, 0755), 0, 0, EACCES, ANY},

    /* access() checks with the real ids, open() with the effective ones. */
    {"access: real alice may not", OP_ACCESS, C_ALICE_AS_BOB, PLAIN, OBJ(FT_FILE, BOB, USERS, 0400), R_OK, 0, EACCES, ANY},
    {"access: real alice may", OP_ACCESS, C_ALICE_AS_BOB, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0400), R_OK, 0, 0, ANY},
    {"open: effective bob may", OP_OPEN_R, C_ALICE_AS_BOB, PLAIN, OBJ(FT_FILE, BOB, USERS, 0400), 0, 0, 0, ANY},
    {"open: effective bob may not", OP_OPEN_R, C_ALICE_AS_BOB, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0400), 0, 0, EACCES, ANY},
    {"access X_OK rw-r--r--", OP_ACCESS, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), X_OK, 0, EACCES, ANY},
    {"access W_OK -w-------", OP_ACCESS, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0200), W_OK, 0, 0, ANY},
    {"root access X_OK rw-r--r--", OP_ACCESS, C_ROOT, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), X_OK, 0, EACCES, ANY},
    {"root access R_OK|X_OK ------r-x", OP_ACCESS, C_ROOT, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0005), R_OK | X_OK, 0, 0, ANY},

    /* Making a name needs write and search permission in the directory.
     * A new file gets the effective uid, the effective gid (SunOS; the
     * directory's group in a set-group-id directory or on a file system
     * mounted grpid) and mode & ~umask (022); set-group-id only if its
     * maker is in the group it gets. */
    {"creat in root's 0755", OP_CREATE, C_ALICE, DIRS(0755, ROOT, USERS, 0755), NOF, 0666, 0, EACCES, ANY},
    {"creat in group-writable d", OP_CREATE, C_ALICE, DIRS(0755, ROOT, STAFF, 0775), NOF, 0666, 0, 0, AFTER(0644, ALICE, USERS)},
    {"creat in set-group-id d", OP_CREATE, C_ALICE, DIRS(0755, ROOT, STAFF, 02777), NOF, 0666, 0, 0, AFTER(0644, ALICE, STAFF)},
    {"creat in own d without w", OP_CREATE, C_ALICE, DIRS(0755, ALICE, USERS, 0555), NOF, 0666, 0, EACCES, ANY},
    {"creat in own d -wx------", OP_CREATE, C_ALICE, DIRS(0755, ALICE, USERS, 0300), NOF, 0666, 0, 0, AFTER(0644, ALICE, USERS)},
    {"creat in own d rw- (no x)", OP_CREATE, C_ALICE, DIRS(0755, ALICE, USERS, 0600), NOF, 0666, 0, EACCES, ANY},
    {"creat 02666 in another group's set-gid d", OP_CREATE, C_ALICE, DIRS(0755, ROOT, OTHER, 02777), NOF, 02666, 0, 0, AFTER(0644, ALICE, OTHER)},
    {"creat 02666 in own group's set-gid d", OP_CREATE, C_ALICE, DIRS(0755, ROOT, STAFF, 02777), NOF, 02666, 0, 0, AFTER(02644, ALICE, STAFF)},
    {"root creats in bob's r-x------", OP_CREATE, C_ROOT, DIRS(0755, BOB, USERS, 0500), NOF, 0666, 0, 0, AFTER(0644, ROOT, WHEEL)},
    {"mkdir in root's 0755", OP_MKDIR, C_ALICE, DIRS(0755, ROOT, USERS, 0755), NOF, 0777, 0, EACCES, ANY},
    {"mkdir in 0777", OP_MKDIR, C_ALICE, DIRS(0755, ROOT, OTHER, 0777), NOF, 0777, 0, 0, AFTER(0755, ALICE, USERS)},

    /* Removing a name: write permission in the directory, whatever the
     * file; in a sticky directory only the file's owner, the directory's
     * owner or root. */
    {"unlink in root's 0755", OP_UNLINK, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), 0, 0, EACCES, ANY},
    {"unlink bob's --------- in 0777", OP_UNLINK, C_ALICE, OPEN, OBJ(FT_FILE, BOB, USERS, 0000), 0, 0, 0, ANY},
    {"unlink bob's file in 01777", OP_UNLINK, C_ALICE, STICKY, OBJ(FT_FILE, BOB, USERS, 0666), 0, 0, EPERM, ANY},
    {"unlink own file in 01777", OP_UNLINK, C_ALICE, STICKY, OBJ(FT_FILE, ALICE, USERS, 0644), 0, 0, 0, ANY},
    {"unlink in own 01777 d", OP_UNLINK, C_ALICE, DIRS(0755, ALICE, USERS, 01777), OBJ(FT_FILE, BOB, USERS, 0644), 0, 0, 0, ANY},
    {"root unlinks in 01777", OP_UNLINK, C_ROOT, STICKY, OBJ(FT_FILE, BOB, USERS, 0644), 0, 0, 0, ANY},
    {"rmdir in root's 0755", OP_RMDIR, C_ALICE, PLAIN, OBJ(FT_DIR, ALICE, USERS, 0755), 0, 0, EACCES, ANY},
    {"rmdir bob's dir in 01777", OP_RMDIR, C_ALICE, STICKY, OBJ(FT_DIR, BOB, USERS, 0777), 0, 0, EPERM, ANY},
    {"rmdir own dir in 01777", OP_RMDIR, C_ALICE, STICKY, OBJ(FT_DIR, ALICE, USERS, 0755), 0, 0, 0, ANY},
    {"root rmdirs in 01777", OP_RMDIR, C_ROOT, STICKY, OBJ(FT_DIR, BOB, USERS, 0755), 0, 0, 0, ANY},

    /* Renaming: the same, for the name moved and for a name replaced; a
     * directory moved to another parent must be writable (its ".."). */
    {"rename in root's 0755", OP_RENAME, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), 0, 0, EACCES, ANY},
    {"rename bob's file in 01777", OP_RENAME, C_ALICE, STICKY, OBJ(FT_FILE, BOB, USERS, 0666), 0, 0, EPERM, ANY},
    {"rename own file in 01777", OP_RENAME, C_ALICE, STICKY, OBJ(FT_FILE, ALICE, USERS, 0644), 0, 0, 0, ANY},
    {"rename in own 01777 d", OP_RENAME, C_ALICE, DIRS(0755, ALICE, USERS, 01777), OBJ(FT_FILE, BOB, USERS, 0644), 0, 0, 0, ANY},
    {"root renames in 01777", OP_RENAME, C_ROOT, STICKY, OBJ(FT_FILE, BOB, USERS, 0644), 0, 0, 0, ANY},
    {"rename over bob's file in 01777", OP_RENAME_OVER, C_ALICE, STICKY, OBJ(FT_FILE, BOB, USERS, 0666), 0, 0, EPERM, ANY},
    {"rename over own file in 01777", OP_RENAME_OVER, C_ALICE, STICKY, OBJ(FT_FILE, ALICE, USERS, 0644), 0, 0, 0, ANY},
    {"rename over in own 01777 d", OP_RENAME_OVER, C_ALICE, DIRS(0755, ALICE, USERS, 01777), OBJ(FT_FILE, BOB, USERS, 0644), 0, 0, 0, ANY},
    {"root renames over in 01777", OP_RENAME_OVER, C_ROOT, STICKY, OBJ(FT_FILE, BOB, USERS, 0644), 0, 0, 0, ANY},
    {"move bob's rwxr-xr-x dir up", OP_RENAME_UP, C_ALICE, DIRS(0777, ROOT, WHEEL, 0777), OBJ(FT_DIR, BOB, USERS, 0755), 0, 0, EACCES, ANY},
    {"move own dir up", OP_RENAME_UP, C_ALICE, DIRS(0777, ROOT, WHEEL, 0777), OBJ(FT_DIR, ALICE, USERS, 0755), 0, 0, 0, ANY},
    {"move bob's rwxrwxrwx dir up", OP_RENAME_UP, C_ALICE, DIRS(0777, ROOT, WHEEL, 0777), OBJ(FT_DIR, BOB, USERS, 0777), 0, 0, 0, ANY},
    {"root moves bob's dir up", OP_RENAME_UP, C_ROOT, DIRS(0755, ROOT, WHEEL, 0755), OBJ(FT_DIR, BOB, USERS, 0755), 0, 0, 0, ANY},

    /* chmod: the owner or root. Others' bits it may not set are dropped:
     * the sticky bit on a plain file, set-group-id outside one's groups. */
    {"chmod bob's file", OP_CHMOD, C_ALICE, PLAIN, OBJ(FT_FILE, BOB, USERS, 0644), 0600, 0, EPERM, ANY},
    {"chmod own file", OP_CHMOD, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), 0600, 0, 0, AFTER(0600, ALICE, USERS)},
    {"chmod g+s, another group", OP_CHMOD, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, OTHER, 0644), 02755, 0, 0, AFTER(0755, ALICE, OTHER)},
    {"chmod g+s, own group", OP_CHMOD, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, STAFF, 0644), 02755, 0, 0, AFTER(02755, ALICE, STAFF)},
    {"chmod u+s own file", OP_CHMOD, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0755), 04755, 0, 0, AFTER(04755, ALICE, USERS)},
    {"chmod +t plain file", OP_CHMOD, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), 01644, 0, 0, AFTER(0644, ALICE, USERS)},
    {"chmod +t own dir", OP_CHMOD, C_ALICE, PLAIN, OBJ(FT_DIR, ALICE, USERS, 0755), 01777, 0, 0, AFTER(01777, ALICE, USERS)},
    {"root chmods 07755", OP_CHMOD, C_ROOT, PLAIN, OBJ(FT_FILE, BOB, OTHER, 0644), 07755, 0, 0, AFTER(07755, BOB, OTHER)},
    {"fchmod bob's file", OP_FCHMOD, C_ALICE, PLAIN, OBJ(FT_FILE, BOB, USERS, 0644), 0600, 0, EPERM, ANY},
    {"fchmod own file", OP_FCHMOD, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), 0444, 0, 0, AFTER(0444, ALICE, USERS)},

    /* chown: only root gives a file away; the owner may change its group
     * to one of his; a change by anyone else clears the set-id bits. */
    {"give own file to bob", OP_CHOWN, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), BOB, -1, EPERM, ANY},
    {"chown own file to own uid", OP_CHOWN, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), ALICE, -1, 0, AFTER(0644, ALICE, USERS)},
    {"chgrp own file to own group", OP_CHOWN, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), -1, STAFF, 0, AFTER(0644, ALICE, STAFF)},
    {"chgrp own file to another group", OP_CHOWN, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), -1, OTHER, EPERM, ANY},
    {"chgrp bob's file", OP_CHOWN, C_ALICE, PLAIN, OBJ(FT_FILE, BOB, USERS, 0644), -1, STAFF, EPERM, ANY},
    {"chgrp clears set-id bits", OP_CHOWN, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 06755), -1, STAFF, 0, AFTER(0755, ALICE, STAFF)},
    {"root chowns, set-id bits kept", OP_CHOWN, C_ROOT, PLAIN, OBJ(FT_FILE, ALICE, USERS, 06755), BOB, OTHER, 0, AFTER(06755, BOB, OTHER)},
    {"root chowns to uid 70000", OP_CHOWN, C_ROOT, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), 70000, -1, EINVAL, ANY},
    {"fchown bob's file", OP_FCHOWN, C_ALICE, PLAIN, OBJ(FT_FILE, BOB, USERS, 0644), -1, USERS, EPERM, ANY},
    {"fchown own file to own group", OP_FCHOWN, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), -1, STAFF, 0, AFTER(0644, ALICE, STAFF)},

    /* A write by anyone but root clears set-user-id and set-group-id. */
    {"write to bob's rwsrw-rw-", OP_WRITE, C_ALICE, PLAIN, OBJ(FT_FILE, BOB, USERS, 04666), 0, 0, 0, AFTER(0666, BOB, USERS)},
    {"write to own rwsrwSrw-", OP_WRITE, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 06766), 0, 0, 0, AFTER(0766, ALICE, USERS)},
    {"root writes rwsrw-rw-", OP_WRITE, C_ROOT, PLAIN, OBJ(FT_FILE, BOB, USERS, 04666), 0, 0, 0, AFTER(04666, BOB, USERS)},
    {"write to bob's rwsr--r--", OP_WRITE, C_ALICE, PLAIN, OBJ(FT_FILE, BOB, USERS, 04644), 0, 0, EACCES, ANY},

    /* Directories by descriptor and the root directory. */
    {"fchdir to rw------- dir", OP_FCHDIR, C_ALICE, PLAIN, OBJ(FT_DIR, ALICE, USERS, 0600), 0, 0, EACCES, ANY},
    {"fchdir to r-x------ dir", OP_FCHDIR, C_ALICE, PLAIN, OBJ(FT_DIR, ALICE, USERS, 0500), 0, 0, 0, ANY},
    {"root fchdirs to r-------- dir", OP_FCHDIR, C_ROOT, PLAIN, OBJ(FT_DIR, BOB, USERS, 0400), 0, 0, 0, ANY},
    {"chroot", OP_CHROOT, C_ALICE, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), 0, 0, EPERM, ANY},
    {"root chroots", OP_CHROOT, C_ROOT, PLAIN, OBJ(FT_FILE, ALICE, USERS, 0644), 0, 0, 0, ANY},

    /* Special files: devices only root, FIFOs anyone who may make a file. */
    {"mknod a device", OP_MKNOD, C_ALICE, OPEN, NOF, S_IFCHR | 0666, makedev(3, 2), EPERM, ANY},
    {"root mknods a device", OP_MKNOD, C_ROOT, OPEN, NOF, S_IFCHR | 0666, makedev(3, 2), 0, AFTER(S_IFCHR | 0644, ROOT, WHEEL)},
    {"mknod a plain file", OP_MKNOD, C_ALICE, OPEN, NOF, S_IFREG | 0666, 0, EPERM, ANY},
    {"root mknods a plain file", OP_MKNOD, C_ROOT, OPEN, NOF, S_IFREG | 0666, 0, 0, AFTER(S_IFREG | 0644, ROOT, WHEEL)},
    {"mknod a FIFO", OP_MKNOD, C_ALICE, OPEN, NOF, S_IFIFO | 0666, 0, 0, AFTER(S_IFIFO | 0644, ALICE, USERS)},
    {"mknod a FIFO in root's 0755", OP_MKNOD, C_ALICE, PLAIN, NOF, S_IFIFO | 0666, 0, EACCES, ANY},
    {"root mknods a directory", OP_MKNOD, C_ROOT, OPEN, NOF, S_IFDIR | 0755, 0, EINVAL, ANY},

    /* Signals: the sender's real or effective uid must be the target's
     * real or saved uid; SIGCONT may go to any descendant; root may. */
    {"kill bob's process", OP_KILL, C_ALICE, PLAIN, NOF, C_BOB, 0, EPERM, ANY},
    {"kill own process", OP_KILL, C_ALICE, PLAIN, NOF, C_ALICE, 0, 0, ANY},
    {"kill: target's saved uid", OP_KILL, C_ALICE, PLAIN, NOF, C_CAROL_SAVED_ALICE, 0, 0, ANY},
    {"kill: owner of a set-uid process", OP_KILL, C_ALICE, PLAIN, NOF, C_BOB_AS_ALICE, 0, 0, ANY},
    {"kill: user of a set-uid process", OP_KILL, C_BOB, PLAIN, NOF, C_BOB_AS_ALICE, 0, 0, ANY},
    {"kill: sender's effective uid", OP_KILL, C_ALICE_AS_BOB, PLAIN, NOF, C_BOB, 0, 0, ANY},
    {"kill: neither of sender's uids", OP_KILL, C_ALICE_AS_BOB, PLAIN, NOF, C_CAROL, 0, EPERM, ANY},
    {"SIGTERM bob's process", OP_KILL, C_ALICE, PLAIN, NOF, C_BOB, SIGTERM, EPERM, ANY},
    {"SIGTERM own process", OP_KILL, C_ALICE, PLAIN, NOF, C_ALICE, SIGTERM, 0, ANY},
    {"root SIGTERMs bob's process", OP_KILL, C_ROOT, PLAIN, NOF, C_BOB, SIGTERM, 0, ANY},
    {"SIGCONT bob's child", OP_KILL_DESC, C_ALICE, PLAIN, NOF, C_BOB, SIGCONT, 0, ANY},
    {"SIGTERM bob's child", OP_KILL_DESC, C_ALICE, PLAIN, NOF, C_BOB, SIGTERM, EPERM, ANY},

    /* Priorities: only one's own processes, and only nicer. */
    {"renice bob's process", OP_SETPRIO, C_ALICE, PLAIN, NOF, C_BOB, 5, EPERM, ANY},
    {"renice own process", OP_SETPRIO, C_ALICE, PLAIN, NOF, C_ALICE, 5, 0, ANY},
    {"renice own process to -1", OP_SETPRIO, C_ALICE, PLAIN, NOF, C_ALICE, -1, EACCES, ANY},
    {"root renices bob's to -5", OP_SETPRIO, C_ROOT, PLAIN, NOF, C_BOB, -5, 0, ANY},
    {"renice user bob", OP_PRIO_USER, C_ALICE, PLAIN, NOF, C_BOB, 5, EPERM, ANY},
    {"renice own user", OP_PRIO_USER, C_BOB, PLAIN, NOF, C_BOB, 5, 0, ANY},
    {"root renices user bob", OP_PRIO_USER, C_ROOT, PLAIN, NOF, C_BOB, -3, 0, ANY},
    {"nice 10, then 5", OP_NICE_SELF, C_ALICE, PLAIN, NOF, 5, 0, EACCES, ANY},
    {"nice 10, then 15", OP_NICE_SELF, C_ALICE, PLAIN, NOF, 15, 0, 0, ANY},
    {"root: nice 10, then -10", OP_NICE_SELF, C_ROOT, PLAIN, NOF, -10, 0, 0, ANY},

    /* The super-user's calls. */
    {"sethostname", OP_SETHOSTNAME, C_ALICE, PLAIN, NOF, 0, 0, EPERM, ANY},
    {"root sethostname", OP_SETHOSTNAME, C_ROOT, PLAIN, NOF, 0, 0, 0, ANY},
    {"settimeofday", OP_SETTIME, C_ALICE, PLAIN, NOF, 0, 0, EPERM, ANY},
    {"root settimeofday", OP_SETTIME, C_ROOT, PLAIN, NOF, 0, 0, 0, ANY},
    /* root's rows get past the check and then do nothing (the remount of a
     * read-write root as read-write) or fail for another reason: nothing is
     * mounted on d (EINVAL), a reboot flag SunOS does not know (EINVAL). */
    {"mount -o remount /", OP_MOUNT, C_ALICE, PLAIN, NOF, 0, 0, EPERM, ANY},
    {"root mount -o remount /", OP_MOUNT, C_ROOT, PLAIN, NOF, 0, 0, 0, ANY},
    {"unmount d", OP_UNMOUNT, C_ALICE, PLAIN, NOF, 0, 0, EPERM, ANY},
    {"root unmount d, not a mount point", OP_UNMOUNT, C_ROOT, PLAIN, NOF, 0, 0, EINVAL, ANY},
    {"reboot(RB_HALT)", OP_REBOOT, C_ALICE, PLAIN, NOF, RB_HALT, 0, EPERM, ANY},
    {"root reboot(an unknown flag)", OP_REBOOT, C_ROOT, PLAIN, NOF, 0x40000000, 0, EINVAL, ANY},

    /* The credential calls; after = (-, real, effective). */
    {"setuid(bob)", OP_SETUID, C_ALICE, PLAIN, NOF, BOB, 0, EPERM, ANY},
    {"setuid(alice)", OP_SETUID, C_ALICE, PLAIN, NOF, ALICE, 0, 0, AFTER(-1, ALICE, ALICE)},
    {"setuid(saved alice)", OP_SETUID, C_CAROL_SAVED_ALICE, PLAIN, NOF, ALICE, 0, 0, AFTER(-1, CAROL, ALICE)},
    {"root setuid(alice)", OP_SETUID, C_ROOT, PLAIN, NOF, ALICE, 0, 0, AFTER(-1, ALICE, ALICE)},
    {"root: setuid(alice), seteuid(root)", OP_SETUID_BACK, C_ROOT, PLAIN, NOF, ALICE, ROOT, EPERM, ANY},
    {"set-uid: setuid(real), seteuid(saved)", OP_SETUID_BACK, C_ALICE_AS_BOB, PLAIN, NOF, ALICE, BOB, 0, AFTER(-1, ALICE, BOB)},
    {"seteuid(bob)", OP_SETEUID, C_ALICE, PLAIN, NOF, BOB, 0, EPERM, ANY},
    {"set-uid: seteuid(real)", OP_SETEUID, C_ALICE_AS_BOB, PLAIN, NOF, ALICE, 0, 0, AFTER(-1, ALICE, ALICE)},
    {"setreuid(-1, bob)", OP_SETREUID, C_ALICE, PLAIN, NOF, -1, BOB, EPERM, ANY},
    {"set-uid: swap real and effective", OP_SETREUID, C_ALICE_AS_BOB, PLAIN, NOF, BOB, ALICE, 0, AFTER(-1, BOB, ALICE)},
    {"setreuid(bob, -1)", OP_SETREUID, C_ALICE, PLAIN, NOF, BOB, -1, EPERM, ANY},
    {"set-uid: real to effective", OP_SETREUID, C_ALICE_AS_BOB, PLAIN, NOF, BOB, -1, 0, AFTER(-1, BOB, BOB)},
    {"root setreuid(bob, carol)", OP_SETREUID, C_ROOT, PLAIN, NOF, BOB, CAROL, 0, AFTER(-1, BOB, CAROL)},
    {"root setreuid(70000, -1)", OP_SETREUID, C_ROOT, PLAIN, NOF, 70000, -1, EINVAL, ANY},
    {"setgid(other)", OP_SETGID, C_ALICE, PLAIN, NOF, OTHER, 0, EPERM, ANY},
    {"setgid(users)", OP_SETGID, C_ALICE, PLAIN, NOF, USERS, 0, 0, AFTER(-1, USERS, USERS)},
    {"root setgid(other)", OP_SETGID, C_ROOT, PLAIN, NOF, OTHER, 0, 0, AFTER(-1, OTHER, OTHER)},
    {"setegid(staff), a supplementary group", OP_SETEGID, C_ALICE, PLAIN, NOF, STAFF, 0, EPERM, ANY},
    {"root setegid(other)", OP_SETEGID, C_ROOT, PLAIN, NOF, OTHER, 0, 0, AFTER(-1, WHEEL, OTHER)},
    {"setregid(-1, other)", OP_SETREGID, C_ALICE, PLAIN, NOF, -1, OTHER, EPERM, ANY},
    {"setregid(users, users)", OP_SETREGID, C_ALICE, PLAIN, NOF, USERS, USERS, 0, AFTER(-1, USERS, USERS)},
    {"setgroups", OP_SETGROUPS, C_ALICE, PLAIN, NOF, 1, 0, EPERM, ANY},
    {"root setgroups, 2 groups", OP_SETGROUPS, C_ROOT, PLAIN, NOF, 2, 0, 0, ANY},
    {"root setgroups, NGROUPS", OP_SETGROUPS, C_ROOT, PLAIN, NOF, NGROUPS, 0, 0, ANY},
    {"root setgroups, NGROUPS + 1", OP_SETGROUPS, C_ROOT, PLAIN, NOF, NGROUPS + 1, 0, EINVAL, ANY},
    {"getgroups into 1 for 2", OP_GETGROUPS, C_ALICE, PLAIN, NOF, 1, 0, EINVAL, ANY},
    {"getgroups into NGROUPS", OP_GETGROUPS, C_ALICE, PLAIN, NOF, NGROUPS, 0, 0, AFTER(-1, 2, -1)},
    {"getgroups(0): the count", OP_GETGROUPS, C_ALICE, PLAIN, NOF, 0, 0, 0, AFTER(-1, 2, -1)},

    /* Processes per user: MAXUPRC, counting the caller; not for root. */
    {"fork 40", OP_FORK, C_ALICE, PLAIN, NOF, 40, 0, EAGAIN, AFTER(-1, MAXUPRC - 1, -1)},
    {"fork MAXUPRC - 1", OP_FORK, C_ALICE, PLAIN, NOF, MAXUPRC - 1, 0, 0, AFTER(-1, MAXUPRC - 1, -1)},
    {"root forks 40", OP_FORK, C_ROOT, PLAIN, NOF, 40, 0, 0, AFTER(-1, 40, -1)},

    /* Set-id programs (a copy of perm as f; its helper checks the ids):
     * after = (-, effective uid, effective gid) for H_IDS. */
    {"bob's set-uid program: drop and regain", OP_EXEC_SETID, C_ALICE, PLAIN, OBJ(FT_SELF, BOB, USERS, 04755), H_DROP, 0, 0, ANY},
    {"root's set-uid program: setuid drops all", OP_EXEC_SETID, C_ALICE, PLAIN, OBJ(FT_SELF, ROOT, WHEEL, 04755), H_ROOT, 0, 0, ANY},
    {"set-gid program", OP_EXEC_SETID, C_ALICE, PLAIN, OBJ(FT_SELF, BOB, OTHER, 02755), H_IDS, 0, 0, AFTER(-1, ALICE, OTHER)},
    {"no set-id bits", OP_EXEC_SETID, C_ALICE, PLAIN, OBJ(FT_SELF, BOB, OTHER, 0755), H_IDS, 0, 0, AFTER(-1, ALICE, USERS)},
    {"root runs bob's set-uid program", OP_EXEC_SETID, C_ROOT, PLAIN, OBJ(FT_SELF, BOB, OTHER, 06755), H_IDS, 0, 0, AFTER(-1, BOB, OTHER)},
    {"set-uid #! script: not honoured", OP_EXEC_SETID, C_ALICE, PLAIN, OBJ(FT_SCRIPT, BOB, OTHER, 06755), H_NOSETID, 0, 0, ANY},
    {"#! script, set-uid interpreter: not honoured", OP_EXEC_SETID, C_ALICE, PLAIN, OBJ(FT_SCRIPT_G, ALICE, USERS, 0755), H_NOSETID, 0, 0, ANY},
    {"core of bob's set-uid program", OP_CORE, C_ALICE, OPEN, OBJ(FT_SELF, BOB, USERS, 04755), 0, 0, NOCORE, ANY},
    {"core of it after seteuid(real)", OP_CORE, C_ALICE, OPEN, OBJ(FT_SELF, BOB, USERS, 04755), 1, 0, NOCORE, ANY},
    {"core of own program", OP_CORE, C_ALICE, OPEN, OBJ(FT_SELF, ALICE, USERS, 0755), 0, 0, 0, ANY},
    {"core of own set-uid program", OP_CORE, C_ALICE, OPEN, OBJ(FT_SELF, ALICE, USERS, 04755), 0, 0, 0, ANY},
};
#define NROWS ((int)(sizeof(rows) / sizeof(rows[0])))

/* ------------------------------------------------------------------ names */

static const char *ename(int e) {
  static char buf[16];
  switch (e) {
  case 0: return "allowed";
  case EPERM: return "EPERM";
  case ENOENT: return "ENOENT";
  case ESRCH: return "ESRCH";
  case EINTR: return "EINTR";
  case ENXIO: return "ENXIO";
  case EAGAIN: return "EAGAIN";
  case EACCES: return "EACCES";
  case EEXIST: return "EEXIST";
  case ENOTDIR: return "ENOTDIR";
  case EISDIR: return "EISDIR";
  case EINVAL: return "EINVAL";
  case WRONG: return "a wrong result";
  case NOCORE: return "no core";
  }
  snprintf(buf, sizeof(buf), "%d", e);
  return buf;
}

/* ------------------------------------------------------------------ fixtures */

/* Remove path and everything under it (as root). */
static void rm_rf(const char *path) {
  struct stat sb;
  if (lstat(path, &sb) < 0) return;
  if (S_ISDIR(sb.st_mode)) {
    chmod(path, 0700);
    DIR *dp = opendir(path);
    struct dirent *e;
    char sub[MAXPATHLEN];
    while (dp && (e = readdir(dp)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
      rm_rf(sub);
    }
    if (dp) closedir(dp);
    rmdir(path);
  } else {
    unlink(path);
  }
}

static int copy_file(const char *from, const char *to) {
  char buf[4096];
  int in = open(from, O_RDONLY);
  int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int n, ok = in >= 0 && out >= 0;
  while (ok && (n = read(in, buf, sizeof(buf))) > 0) ok = write(out, buf, n) == n;
  if (in >= 0) close(in);
  if (out >= 0) close(out);
  return ok ? 0 : -1;
}

static int put_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return -1;
  int ok = write(fd, text, strlen(text)) == (int)strlen(text);
  close(fd);
  return ok ? 0 : -1;
}

/* Give path its owner, group and mode (as root: chown first, which keeps the set-id bits for root). */
static int own(const char *path, int uid, int gid, int mode) {
  return chown(path, uid, gid) < 0 || chmod(path, mode) < 0 ? -1 : 0;
}

/* Make the row's t, t/d and t/d/f (and t/d/g for OP_RENAME_OVER). */
static int make_fixture(const struct row *r) {
  rm_rf(T);
  if (mkdir(T, 0700) < 0 || mkdir(D, 0700) < 0) return -1;
  int ok = 0;
  switch (r->f_type) {
  case FT_NONE: break;
  case FT_FILE: ok = put_file(F, "data\n"); break;
  case FT_DIR: ok = mkdir(F, 0700); break;
  case FT_PROG: ok = copy_file("/bin/true", F); break;
  case FT_SELF: ok = copy_file(SELF, F); break;
  case FT_SCRIPT: ok = put_file(F, "#!" SELF " -nosetid\n"); break;
  case FT_SCRIPT_G:
    ok = put_file(F, "#!" G " -nosetid\n") < 0 || copy_file(SELF, G) < 0 || own(G, BOB, USERS, 04755) < 0 ? -1 : 0;
    break;
  }
  if (ok < 0) return -1;
  if (r->f_type != FT_NONE && own(F, r->f_uid, r->f_gid, r->f_mode) < 0) return -1;
  if (r->op == OP_RENAME_OVER &&
      (put_file(G, "mine\n") < 0 || own(G, creds[r->who].euid, creds[r->who].egid, 0644) < 0))
    return -1;
  if (own(D, r->d_uid, r->d_gid, r->d_mode) < 0) return -1;
  return own(T, ROOT, WHEEL, r->t_mode);
}

/* ------------------------------------------------------------------ credentials */

/* Take on credentials c (called as root): groups, gids, then uids. The
 * saved uid comes from the rule that setreuid(r, e) saves e, and that a
 * later seteuid to the real uid leaves it. */
static int become(const struct cred *c) {
  int groups[NGROUPS];
  for (int i = 0; i < c->ngroups; i++) groups[i] = c->groups[i];
  if (setgroups(c->ngroups, groups) < 0) return -1;
  if (setregid(c->rgid, c->egid) < 0) return -1;
  if (setreuid(c->ruid, c->suid) < 0) return -1;
  if (c->euid != c->suid && setreuid(-1, c->euid) < 0) return -1;
  return getuid() == c->ruid && geteuid() == c->euid && getgid() == c->rgid && getegid() == c->egid ? 0 : -1;
}

/* A process with credentials c that waits until *wfd is closed: for
 * kill and setpriority to aim at. */
static pid_t sleeper(int cred, int *wfd) {
  int p[2];
  if (pipe(p) < 0) return -1;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char c;
    close(p[1]);
    if (become(&creds[cred]) < 0) _exit(1);
    read(p[0], &c, 1);
    _exit(0);
  }
  close(p[0]);
  *wfd = p[1];
  return pid;
}

/* Let a sleeper go; its wait status. */
static int end_sleeper(pid_t pid, int wfd) {
  int st = 0;
  close(wfd);
  waitpid(pid, &st, 0);
  return st;
}

/* ------------------------------------------------------------------ the operations */

#define TRY(call) ((call) < 0 ? errno : 0)

static int same_file(const char *a, const char *b) {
  struct stat x, y;
  return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_ino == y.st_ino && x.st_dev == y.st_dev;
}

/* Did the id calls leave (real, effective) as the row says? */
static int ids_are(const struct row *r, int real, int eff) {
  return (r->after_uid < 0 || real == r->after_uid) && (r->after_gid < 0 || eff == r->after_gid);
}

/* Run f (a copy of perm, or a script for it) with argv; the child's wait status. */
static int run_prog(char *const argv[]) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    execv(F, argv);
    _exit(errno);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  return st;
}

/* The operation of row r, in a child that has taken on creds[r->who];
 * target is the process OP_KILL and OP_SETPRIO aim at. Returns the errno,
 * 0, or WRONG / NOCORE. */
static int operate(const struct row *r, pid_t target) {
  int fd, e, n;
  struct stat sb;
  switch (r->op) {
  case OP_OPEN_R:
  case OP_OPEN_W:
    fd = open(F, r->op == OP_OPEN_R ? O_RDONLY : O_WRONLY);
    return fd < 0 ? errno : (close(fd), 0);
  case OP_EXEC: {
    char *argv[] = {"true", NULL};
    execv(F, argv);
    return errno;
  }
  case OP_STAT: return TRY(stat(F, &sb));
  case OP_ACCESS: return TRY(access(F, r->arg));
  case OP_CREATE:
    fd = open(N, O_WRONLY | O_CREAT | O_EXCL, r->arg);
    return fd < 0 ? errno : (close(fd), 0);
  case OP_MKDIR: return TRY(mkdir(N, r->arg));
  case OP_MKNOD: return TRY(mknod(N, r->arg, r->arg2));
  case OP_UNLINK: return TRY(unlink(F));
  case OP_RMDIR: return TRY(rmdir(F));
  case OP_RENAME: return TRY(rename(F, H));
  case OP_RENAME_OVER: return TRY(rename(G, F));
  case OP_RENAME_UP: return TRY(rename(F, UP));
  case OP_CHMOD: return TRY(chmod(F, r->arg));
  case OP_CHOWN: return TRY(chown(F, r->arg, r->arg2));
  case OP_FCHMOD:
  case OP_FCHOWN:
    if ((fd = open(F, O_RDONLY)) < 0) return errno;
    e = TRY(r->op == OP_FCHMOD ? fchmod(fd, r->arg) : fchown(fd, r->arg, r->arg2));
    close(fd);
    return e;
  case OP_WRITE:
    if ((fd = open(F, O_WRONLY)) < 0) return errno;
    e = write(fd, "x", 1) == 1 ? 0 : errno;
    close(fd);
    return e;
  case OP_FCHDIR:
    if ((fd = open(F, O_RDONLY)) < 0) return errno;
    e = TRY(fchdir(fd));
    close(fd);
    return e ? e : same_file(".", F) ? 0 : WRONG;
  case OP_CHROOT: {
    struct stat f, top, up;
    if (stat(F, &f) < 0 || chroot(D) < 0) return errno;
    if (stat("/f", &sb) < 0 || stat("/", &top) < 0 || stat("/..", &up) < 0) return WRONG;
    return sb.st_ino == f.st_ino && up.st_ino == top.st_ino ? 0 : WRONG;
  }
  case OP_KILL:
  case OP_KILL_DESC: return TRY(kill(target, r->arg2));
  case OP_SETPRIO: return TRY(setpriority(PRIO_PROCESS, target, r->arg2));
  case OP_PRIO_USER: return TRY(setpriority(PRIO_USER, creds[r->arg].euid, r->arg2));
  case OP_NICE_SELF:
    if (setpriority(PRIO_PROCESS, 0, 10) < 0) return WRONG;
    if (setpriority(PRIO_PROCESS, 0, r->arg) < 0) return errno;
    return getpriority(PRIO_PROCESS, 0) == r->arg ? 0 : WRONG;
  case OP_SETHOSTNAME: {
    char name[MAXHOSTNAMELEN];
    gethostname(name, sizeof(name));
    return TRY(sethostname(name, strlen(name)));
  }
  case OP_MOUNT: {
    struct ufs_args args = {"/dev/sd0a"};
    return TRY(mount("4.2", "/", M_NEWTYPE | M_REMOUNT, &args));
  }
  case OP_UNMOUNT: return TRY(unmount(D));
  case OP_REBOOT: return TRY(reboot(r->arg));
  case OP_SETTIME: {
    struct timeval tv, now;
    gettimeofday(&tv, NULL);
    tv.tv_sec += 3600;
    if (settimeofday(&tv, NULL) < 0) return errno;
    gettimeofday(&now, NULL);
    e = now.tv_sec - tv.tv_sec;
    now.tv_sec -= 3600;
    settimeofday(&now, NULL);
    return e >= 0 && e <= 1 ? 0 : WRONG;
  }
  case OP_SETUID:
  case OP_SETEUID:
  case OP_SETREUID:
  case OP_SETUID_BACK:
    if (r->op == OP_SETUID || r->op == OP_SETUID_BACK) e = TRY(setuid(r->arg));
    else if (r->op == OP_SETEUID) e = TRY(seteuid(r->arg));
    else e = TRY(setreuid(r->arg, r->arg2));
    if (!e && r->op == OP_SETUID_BACK) e = TRY(seteuid(r->arg2));
    return e ? e : ids_are(r, getuid(), geteuid()) ? 0 : WRONG;
  case OP_SETGID:
  case OP_SETEGID:
  case OP_SETREGID:
    if (r->op == OP_SETGID) e = TRY(setgid(r->arg));
    else if (r->op == OP_SETEGID) e = TRY(setegid(r->arg));
    else e = TRY(setregid(r->arg, r->arg2));
    return e ? e : ids_are(r, getgid(), getegid()) ? 0 : WRONG;
  case OP_SETGROUPS: {
    int set[NGROUPS + 1], got[NGROUPS];
    for (int i = 0; i < r->arg; i++) set[i] = OTHER + i;
    if (setgroups(r->arg, set) < 0) return errno;
    n = getgroups(NGROUPS, got);
    if (n != r->arg) return WRONG;
    for (int i = 0; i < n; i++)
      if (got[i] != set[i]) return WRONG;
    return 0;
  }
  case OP_GETGROUPS: {
    int got[NGROUPS];
    n = getgroups(r->arg, r->arg ? got : NULL);
    if (n < 0) return errno;
    if (n != r->after_uid) return WRONG;
    return r->arg == 0 || (got[0] == USERS && got[1] == STAFF) ? 0 : WRONG;
  }
  case OP_FORK: {
    /* Children that wait for the pipe to close, then go. */
    int p[2];
    pid_t kids[64];
    if (pipe(p) < 0) return WRONG;
    e = 0;
    for (n = 0; n < r->arg; n++) {
      pid_t pid = fork();
      if (pid == 0) {
        char c;
        close(p[1]);
        read(p[0], &c, 1);
        _exit(0);
      }
      if (pid < 0) {
        e = errno;
        break;
      }
      kids[n] = pid;
    }
    close(p[1]);
    for (int i = 0; i < n; i++) waitpid(kids[i], NULL, 0);
    return n == r->after_uid ? e : WRONG;
  }
  case OP_EXEC_SETID: {
    char eu[16], eg[16], mode[16];
    snprintf(mode, sizeof(mode), "-%d", r->arg);
    snprintf(eu, sizeof(eu), "%d", r->after_uid);
    snprintf(eg, sizeof(eg), "%d", r->after_gid);
    char *argv[] = {"perm", mode, eu, eg, NULL};
    if (r->f_type == FT_SCRIPT || r->f_type == FT_SCRIPT_G) argv[1] = NULL; /* the script names its helper */
    int st = run_prog(argv);
    return WIFEXITED(st) ? WEXITSTATUS(st) : WRONG;
  }
  case OP_CORE: {
    char *argv[] = {"perm", r->arg ? "-dropcore" : "-core", NULL};
    if (chdir(D) < 0) return errno;
    int st = run_prog(argv);
    if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGQUIT) return WRONG;
    if (!WCOREDUMP(st)) return stat("core", &sb) == 0 ? WRONG : NOCORE;
    return stat("core", &sb) == 0 && sb.st_uid == geteuid() ? 0 : WRONG;
  }
  }
  return WRONG;
}

/* The child of a row: take on the credentials, then operate. */
static int child(const struct row *r, pid_t target) {
  int wfd = -1;
  if (r->op == OP_KILL_DESC) target = sleeper(r->arg, &wfd); /* made before the caller changes its ids */
  if (become(&creds[r->who]) < 0) return WRONG;
  umask(022);
  int e = operate(r, target);
  if (wfd >= 0) end_sleeper(target, wfd);
  return e;
}

/* ------------------------------------------------------------------ checking what is left */

static int mode_is(const struct stat *sb, int mode) {
  return mode < 0 || (sb->st_mode & (mode > 07777 ? 0177777 : 07777)) == mode;
}

/* After the row's operation (by root): are f and n as they must be, and
 * the target process (its niceness, its wait status)? */
static int left_right(const struct row *r, int got, int target_nice, int target_status) {
  struct stat sb;
  int exists;
  switch (r->op) {
  case OP_CHMOD:
  case OP_FCHMOD:
  case OP_CHOWN:
  case OP_FCHOWN:
  case OP_WRITE:
    if (stat(F, &sb) < 0) return 0;
    if (got != 0) return mode_is(&sb, r->f_mode) && sb.st_uid == r->f_uid && sb.st_gid == r->f_gid;
    return mode_is(&sb, r->after_mode) && (r->after_uid < 0 || sb.st_uid == r->after_uid) &&
           (r->after_gid < 0 || sb.st_gid == r->after_gid);
  case OP_CREATE:
  case OP_MKDIR:
  case OP_MKNOD:
    exists = lstat(N, &sb) == 0;
    if (got != 0) return !exists;
    return exists && mode_is(&sb, r->after_mode) && (r->after_uid < 0 || sb.st_uid == r->after_uid) &&
           (r->after_gid < 0 || sb.st_gid == r->after_gid);
  case OP_UNLINK:
  case OP_RMDIR:
  case OP_RENAME:
  case OP_RENAME_UP:
    exists = lstat(F, &sb) == 0;
    return got != 0 ? exists : !exists;
  case OP_RENAME_OVER:
    /* f is now g's file (owned by the row's user), or still bob's */
    if (stat(F, &sb) < 0) return 0;
    return got != 0 ? sb.st_uid == r->f_uid : sb.st_uid == creds[r->who].euid && lstat(G, &sb) < 0;
  case OP_SETPRIO: return got != 0 ? target_nice == 0 : target_nice == r->arg2;
  case OP_KILL:
    if (r->arg2 == SIGTERM && got == 0) return WIFSIGNALED(target_status) && WTERMSIG(target_status) == SIGTERM;
    return WIFEXITED(target_status);
  }
  return 1;
}

/* ------------------------------------------------------------------ the table */

/* Run row i: fixtures, a child with the row's credentials, the checks. */
static void run_row(int i) {
  const struct row *r = &rows[i];
  if (make_fixture(r) < 0) {
    CHECK(0, "%d %s: %s: fixture (errno %d)", i + 1, opnames[r->op], r->what, errno);
    return;
  }
  int wfd = -1;
  pid_t target = 0;
  if (r->op == OP_KILL || r->op == OP_SETPRIO || r->op == OP_PRIO_USER) target = sleeper(r->arg, &wfd);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(child(r, target));
  int st = 0;
  waitpid(pid, &st, 0);
  int got = WIFEXITED(st) ? WEXITSTATUS(st) : 300 + WTERMSIG(st);
  int ok = got == r->expect;
  int nice = target ? getpriority(PRIO_PROCESS, target) : 0;
  int tst = wfd >= 0 ? end_sleeper(target, wfd) : 0;
  int left = ok && left_right(r, got, nice, tst);
  char want[32];
  snprintf(want, sizeof(want), "%s", ename(r->expect));
  CHECK(ok && left, "%d %s as %s: %s: %s%s%s%s", i + 1, opnames[r->op], creds[r->who].name, r->what, want,
        ok ? "" : ", got ", ok ? "" : ename(got), ok && !left ? ", but it left the wrong result" : "");
}

/* A refusal: the permission check said no. Any other result, an error
 * included, means the caller got past it. */
static int refused(int e) {
  return e == EPERM || e == EACCES;
}

/* Every refusal row has an allowed row of the same operation. */
static int paired(void) {
  for (int i = 0; i < NROWS; i++) {
    if (!refused(rows[i].expect)) continue;
    int found = 0;
    for (int j = 0; j < NROWS && !found; j++) found = rows[j].op == rows[i].op && !refused(rows[j].expect);
    if (!found) {
      printf("row %d (%s) has no allowed row\n", i + 1, rows[i].what);
      return 0;
    }
  }
  return 1;
}

/* ------------------------------------------------------------------ the set-id helper */

/* Runs as f, the copy of perm, with argv[1] = "-N" (H_*) and for H_IDS
 * the effective uid and gid it must have. Exit 0 if all is as it must be,
 * else WRONG + the step that failed. The caller is alice (uid ALICE, gid
 * USERS) unless said otherwise. */
static int helper(int argc, char **argv) {
  int h = atoi(argv[1] + 1);
  int r = getuid();
  if (strcmp(argv[1], "-core") == 0 || strcmp(argv[1], "-dropcore") == 0) {
    struct rlimit rl = {4 * 1024 * 1024, 4 * 1024 * 1024};
    /* -dropcore: step down to the real uid first; the ids have changed all the same */
    if (argv[1][1] == 'd' && (seteuid(r) < 0 || geteuid() != r)) return WRONG;
    setrlimit(RLIMIT_CORE, &rl);
    kill(getpid(), SIGQUIT);
    return WRONG;
  }
  if (strcmp(argv[1], "-nosetid") == 0) return geteuid() == getuid() && getegid() == getgid() ? 0 : WRONG;
  switch (h) {
  case H_IDS:
    if (argc < 4) return WRONG;
    return geteuid() == atoi(argv[2]) && getegid() == atoi(argv[3]) ? 0 : WRONG + 1;
  case H_DROP: /* bob's program run by alice */
    if (r != ALICE || geteuid() != BOB) return WRONG + 1;
    if (seteuid(ALICE) < 0 || geteuid() != ALICE) return WRONG + 2; /* step down ... */
    if (seteuid(BOB) < 0 || geteuid() != BOB) return WRONG + 3;     /* ... and up: the saved uid */
    if (setuid(ALICE) < 0 || geteuid() != ALICE || getuid() != ALICE) return WRONG + 4;
    if (setuid(BOB) < 0 || geteuid() != BOB) return WRONG + 5;      /* setuid: effective only */
    if (setreuid(ALICE, ALICE) < 0) return WRONG + 6;                /* sets the saved uid too */
    if (seteuid(BOB) == 0 || errno != EPERM || geteuid() != ALICE) return WRONG + 7;
    return 0;
  case H_ROOT: /* root's program run by alice */
    if (r != ALICE || geteuid() != ROOT) return WRONG + 1;
    if (seteuid(ALICE) < 0 || seteuid(ROOT) < 0 || geteuid() != ROOT) return WRONG + 2;
    if (setuid(ALICE) < 0 || getuid() != ALICE || geteuid() != ALICE) return WRONG + 3;
    if (seteuid(ROOT) == 0 || setuid(ROOT) == 0 || geteuid() != ALICE) return WRONG + 4;
    return 0;
  }
  return WRONG;
}

int main(int argc, char **argv) {
  if (argc > 1 && argv[1][0] == '-') return helper(argc, argv);
  if (geteuid() != 0) {
    printf("perm: must start as root\n");
    return 1;
  }
  CHECK(paired(), "every refusal row has an allowed row of the same operation");
  rm_rf(BASE);
  umask(0);
  if (mkdir(BASE, 0755) < 0) printf("perm: cannot make " BASE "\n");
  for (int i = 0; i < NROWS; i++) run_row(i);
  rm_rf(BASE);
  printf("perm: %d rows\n", NROWS);
  return DONE("perm");
}
