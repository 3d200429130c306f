/* passwd - change a password, as in 4.3BSD.
 *
 *   passwd [name]
 *
 * Without a name, your own. Anyone but the super-user must type the old
 * password first, and may change only their own. The new one is typed
 * twice; one shorter than 6 characters (4 if it mixes case, digits or
 * punctuation) is refused twice, then taken if you insist.
 *
 * /etc/passwd is never left half-written: the new file is written as
 * /etc/ptmp, created with O_EXCL (so it is also the lock: a second passwd
 * at the same time finds it there and gives up), flushed to the disk with
 * fsync, and only then renamed over /etc/passwd, which names the old file
 * or the new one at every instant. If anything fails, /etc/ptmp is removed
 * and /etc/passwd is as it was. passwd is installed set-user-id root. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include "account.h"

#define PASSWD "/etc/passwd"
#define PTMP "/etc/ptmp"

static char name[64];

/* A salt of two characters from the time and the process id. */
static void new_salt(char salt[3]) {
  static const char chars[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  struct timeval tv;
  gettimeofday(&tv, NULL);
  unsigned long v = (unsigned long)tv.tv_sec ^ (unsigned long)tv.tv_usec ^ ((unsigned long)getpid() * 9);
  salt[0] = chars[v & 077];
  salt[1] = chars[(v >> 6) & 077];
  salt[2] = 0;
}

/* Too easy to guess: short, or short and all lower case. */
static int weak(const char *pw) {
  int mixed = 0;
  for (const char *p = pw; *p != 0; p++)
    if (!islower((unsigned char)*p)) mixed = 1;
  size_t n = strlen(pw);
  return n < 4 || (n < 6 && !mixed);
}

/* Copies /etc/passwd to /etc/ptmp (open on `fd`) with the password field of
 * `name` replaced by `hash`. 0, or -1 with errno set (ENOENT: no such user). */
static int write_ptmp(int fd, const char *hash) {
  FILE *in = fopen(PASSWD, "r");
  FILE *out = fdopen(fd, "w");
  if (in == NULL || out == NULL) return -1;
  char line[BUFSIZ];
  size_t len = strlen(name);
  int found = 0, start = 1;
  while (fgets(line, sizeof(line), in) != NULL) {
    /* only the start of a line can be the user's; the rest of a long line is copied as it is */
    if (start && strncmp(line, name, len) == 0 && line[len] == ':' && !found) {
      char *pass = line + len + 1;
      char *rest = strchr(pass, ':');
      if (rest != NULL) {
        fprintf(out, "%s:%s%s", name, hash, rest);
        found = 1;
      } else {
        fputs(line, out);
      }
    } else {
      fputs(line, out);
    }
    start = strchr(line, '\n') != NULL;
  }
  int readerr = ferror(in);
  fclose(in);
  if (fflush(out) != 0 || readerr) return -1;
  if (!found) {
    errno = ENOENT;
    return -1;
  }
  /* durable before it gets the name */
  if (fsync(fd) < 0) return -1;
  return fclose(out) == 0 ? 0 : -1;
}

int main(int argc, char **argv) {
  if (argc > 2) {
    fprintf(stderr, "usage: passwd [name]\n");
    return 1;
  }
  int uid = getuid();
  struct passwd *pw = argc == 2 ? getpwnam(argv[1]) : getpwuid(uid);
  if (pw == NULL) {
    if (argc == 2) fprintf(stderr, "passwd: %s: unknown user\n", argv[1]);
    else fprintf(stderr, "passwd: you (user id %d) are not in %s\n", uid, PASSWD);
    return 1;
  }
  pw = keep_passwd(pw);
  snprintf(name, sizeof(name), "%s", pw->pw_name);
  if (uid != 0 && uid != pw->pw_uid) {
    fprintf(stderr, "passwd: permission denied: only root may change %s's password\n", name);
    return 1;
  }
  printf("Changing password for %s\n", name);
  if (uid != 0 && pw->pw_passwd[0] != 0 && !password_ok(pw, getpass("Old password:"))) {
    fprintf(stderr, "Sorry.\n");
    return 1;
  }

  char typed[16];
  for (int insist = 0;; insist++) {
    snprintf(typed, sizeof(typed), "%s", getpass("New password:"));
    if (typed[0] == 0) {
      printf("Password unchanged.\n");
      return 1;
    }
    if (insist < 2 && weak(typed)) {
      printf("Please use a longer password.\n");
      continue;
    }
    if (strcmp(typed, getpass("Retype new password:")) != 0) {
      printf("Mismatch - password unchanged.\n");
      return 1;
    }
    break;
  }
  char salt[3];
  new_salt(salt);
  char hash[14];
  snprintf(hash, sizeof(hash), "%s", crypt(typed, salt));
  memset(typed, 0, sizeof(typed));

  /* From here on nothing may stop us half-way but a crash. */
  signal(SIGHUP, SIG_IGN);
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  signal(SIGTSTP, SIG_IGN);
  umask(022);
  int fd = open(PTMP, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0) {
    if (errno == EEXIST) fprintf(stderr, "passwd: %s exists: the password file is busy, try again later\n", PTMP);
    else fprintf(stderr, "passwd: %s: %s\n", PTMP, strerror(errno));
    return 1;
  }
  if (write_ptmp(fd, hash) < 0) {
    int e = errno;
    unlink(PTMP);
    if (e == ENOENT) fprintf(stderr, "passwd: %s is no longer in %s; nothing changed\n", name, PASSWD);
    else fprintf(stderr, "passwd: cannot write %s: %s; %s unchanged\n", PTMP, strerror(e), PASSWD);
    return 1;
  }
  if (rename(PTMP, PASSWD) < 0) {
    fprintf(stderr, "passwd: cannot rename %s to %s: %s; %s unchanged\n", PTMP, PASSWD, strerror(errno), PASSWD);
    unlink(PTMP);
    return 1;
  }
  return 0;
}
