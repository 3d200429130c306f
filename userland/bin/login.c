/* login - sign on, as 4.3BSD's login does it.
 *
 *   login [-p] [name]      asks for the name (unless given) and the password
 *   login [-p] -f name     no password: for the super-user only (init's
 *                          automatic login, getty's and rlogind's use)
 *   -p                     keep the environment (TERM, PATH...) instead of
 *                          starting a fresh one
 *   -h host                the remote host of a network login (super-user only)
 *
 * The password is read without echo; after three wrong tries login exits
 * (init then starts getty again). An unknown name is asked for a password
 * too, and refused the same way. Then login gives the terminal to the user,
 * takes the user's groups (initgroups), gid and uid, sets HOME, SHELL,
 * USER, LOGNAME, PATH and TERM, goes to the home directory (or / if it
 * cannot), prints /etc/motd unless ~/.hushlogin exists, and executes the
 * shell as "-sh" (the dash tells a shell it is a login shell). It is
 * installed set-user-id root so that anyone can `exec login` to change
 * user; -f checks the real user id, so only root may skip the password. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "account.h"

#define TRIES 3
#define TIMEOUT 60 /* seconds to type a name and password */

static void timedout(int sig) {
  (void)sig;
  fprintf(stderr, "\nLogin timed out after %d seconds\n", TIMEOUT);
  exit(1);
}

/* Asks "login: " until a name is typed; NULL at end of file. */
static char *ask_name(void) {
  static char name[64];
  for (;;) {
    printf("login: ");
    fflush(stdout);
    if (fgets(name, sizeof(name), stdin) == NULL) return NULL;
    name[strcspn(name, "\r\n")] = 0;
    if (name[0] != 0) return name;
  }
}

static void motd(void) {
  char buf[512];
  int n;
  if (access(".hushlogin", F_OK) == 0) return;
  int fd = open("/etc/motd", O_RDONLY, 0);
  if (fd < 0) return;
  fflush(stdout);
  while ((n = read(fd, buf, sizeof(buf))) > 0) write(1, buf, (size_t)n);
  close(fd);
}

static int usage(void) {
  fprintf(stderr, "usage: login [-p] [-h host] [name]\n       login [-p] -f name\n");
  return 1;
}

int main(int argc, char **argv) {
  int fflag = 0, pflag = 0, c;
  const char *host = NULL;
  signal(SIGQUIT, SIG_IGN);
  signal(SIGINT, SIG_IGN);
  signal(SIGALRM, timedout);
  alarm(TIMEOUT);
  while ((c = getopt(argc, argv, "fph:")) != -1) {
    if (c == 'f') fflag = 1;
    else if (c == 'p') pflag = 1;
    else if (c == 'h') host = optarg;
    else return usage();
  }
  if (optind < argc - 1 || (fflag && optind == argc)) return usage();
  if ((fflag || host != NULL) && getuid() != 0) {
    fprintf(stderr, "login: -%c is for the super-user only\n", fflag ? 'f' : 'h');
    return 1;
  }
  char *name = optind < argc ? argv[optind] : NULL;

  struct passwd *pw;
  for (int tries = 0;;) {
    if (name == NULL && (name = ask_name()) == NULL) return 0;
    pw = getpwnam(name);
    if (fflag) {
      if (pw != NULL) break;
      fprintf(stderr, "login: %s: no such user\n", name);
      return 1;
    }
    if (pw != NULL && pw->pw_passwd[0] == 0) break; /* no password */
    if (password_ok(pw, getpass("Password:"))) break;
    printf("Login incorrect\n");
    if (++tries >= TRIES) return 1;
    name = NULL;
  }
  alarm(0);
  signal(SIGALRM, SIG_DFL);

  pw = keep_passwd(pw);

  /* The terminal becomes the user's, readable by the user only (others may write: talk, write). */
  char *tty = ttyname(0);
  if (tty != NULL) {
    chown(tty, pw->pw_uid, pw->pw_gid);
    chmod(tty, 0622);
  }
  if (become("login", pw) < 0) return 1;
  if (chdir(pw->pw_dir) < 0) {
    printf("No directory %s! Logging in with home=/\n", pw->pw_dir);
    if (chdir("/") < 0) return 1;
    pw->pw_dir = "/";
  }
  if (pflag) {
    setenv("HOME", pw->pw_dir, 1);
    setenv("SHELL", pw->pw_shell, 1);
    setenv("USER", pw->pw_name, 1);
    setenv("LOGNAME", pw->pw_name, 1);
    setenv("PATH", pw->pw_uid == 0 ? ROOT_PATH : USER_PATH, 0);
    setenv("TERM", "sun", 0);
  } else {
    login_environment(pw);
  }
  motd();

  /* argv[0] is "-" and the shell's last name component */
  char arg0[64];
  const char *base = strrchr(pw->pw_shell, '/');
  snprintf(arg0, sizeof(arg0), "-%s", base != NULL ? base + 1 : pw->pw_shell);
  signal(SIGQUIT, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  exec_shell("login", pw->pw_shell, arg0, NULL);
  return 1;
}
