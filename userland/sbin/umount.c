/* umount - unmount file systems (SunOS 4's umount(8)).
 *
 *   umount DIR|SPECIAL ...   unmount what is mounted on DIR, or from SPECIAL
 *   umount -a                everything but the root, the last mounted first
 *
 * A file system in use (an open file, someone's current directory,
 * something mounted on one of its directories) stays mounted: "Device
 * busy". Only the super-user unmounts. After an nfs file system is
 * unmounted, its server's mountd is told (UMNT), so that showmount there
 * no longer lists this machine. */
#include <errno.h>
#include <netdb.h>
#include <rpc/rpc.h>
#include <rpcsvc/mount.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/sun3lab.h>

#define MAXMNT 32

static struct mntinfo mounted[MAXMNT];
static int nmounted;

/* Tell the server of host:/path that this machine no longer has it mounted (no answer is waited for long). */
static void tell_mountd(const char *spec) {
  char host[MNTNAMLEN + 1], *path;
  const char *colon = strchr(spec, ':');
  struct timeval total = {5, 0};
  CLIENT *cl;
  if (colon == NULL || (size_t)(colon - spec) > MNTNAMLEN) return;
  memcpy(host, spec, colon - spec);
  host[colon - spec] = 0;
  path = (char *)colon + 1;
  cl = clnt_create(host, MOUNTPROG, MOUNTVERS, "udp");
  if (cl == NULL) return;
  cl->cl_auth = authunix_create_default();
  clnt_call(cl, MOUNTPROC_UMNT, xdr_path, (caddr_t)&path, xdr_void, NULL, total);
  auth_destroy(cl->cl_auth);
  clnt_destroy(cl);
}

static int do_unmount(const char *name) {
  const char *dir = name, *spec = NULL;
  int nfs = 0;
  for (int i = 0; i < nmounted; i++)
    if (strcmp(mounted[i].mi_fsname, name) == 0 || strcmp(mounted[i].mi_dir, name) == 0) {
      dir = mounted[i].mi_dir;
      spec = mounted[i].mi_fsname;
      nfs = strcmp(mounted[i].mi_type, "nfs") == 0;
    }
  if (unmount(dir) == 0) {
    if (nfs) tell_mountd(spec);
    return 0;
  }
  fprintf(stderr, "umount: %s: %s\n", name, errno == EINVAL ? "not mounted" : strerror(errno));
  return 1;
}

int main(int argc, char **argv) {
  int status = 0;
  nmounted = mntinfo(mounted, MAXMNT);
  if (nmounted < 0) {
    fprintf(stderr, "umount: cannot read the mount table: %s\n", strerror(errno));
    return 1;
  }
  if (argc == 2 && strcmp(argv[1], "-a") == 0) {
    for (int i = nmounted - 1; i > 0; i--) status |= do_unmount(mounted[i].mi_dir);
    return status;
  }
  if (argc < 2 || argv[1][0] == '-') {
    fprintf(stderr, "usage: umount dir|special ...\n       umount -a\n");
    return 2;
  }
  for (int i = 1; i < argc; i++) status |= do_unmount(argv[i]);
  return status;
}
