/* init - process 1 for sun3lab.
 * Opens /dev/console as descriptors 0, 1 and 2 if they are not open, runs
 * /etc/rc with /bin/sh (if both exist), shows /etc/motd, then keeps a shell on
 * the console: when it exits, a new one is started. Every orphaned process
 * that exits is reaped here. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static char *const shell_env[] = {"HOME=/", "PATH=/bin:/usr/bin:/sbin:/usr/sbin", "USER=root", "SHELL=/bin/sh",
                                  "TERM=sun", NULL};

static void console(void) {
  if (fcntl(0, F_GETFL) >= 0 && fcntl(1, F_GETFL) >= 0 && fcntl(2, F_GETFL) >= 0) return;
  for (int fd = 0; fd < 3; fd++) close(fd);
  int fd = open("/dev/console", O_RDWR, 0);
  if (fd < 0) return; /* nowhere to talk: carry on silently */
  if (fd != 0) {
    dup2(fd, 0);
    close(fd);
  }
  dup2(0, 1);
  dup2(0, 2);
}

static void say(const char *s) { write(2, s, strlen(s)); }

/* Waits for pid, reaping any other child on the way; returns its status. */
static int wait_for(pid_t pid) {
  int st;
  for (;;) {
    pid_t r = wait(&st);
    if (r == pid) return st;
    if (r < 0 && errno != EINTR) return -1;
  }
}

static pid_t spawn(const char *path, char *const argv[]) {
  pid_t pid = fork();
  if (pid == 0) {
    execve(path, argv, shell_env);
    say("init: cannot run ");
    say(path);
    say("\n");
    _exit(127);
  }
  if (pid < 0) say("init: fork failed\n");
  return pid;
}

static void show_motd(void) {
  char buf[512];
  int fd = open("/etc/motd", O_RDONLY, 0);
  if (fd < 0) return;
  int n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) write(1, buf, (size_t)n);
  close(fd);
}

static void pause_seconds(int s) {
  struct timeval tv;
  tv.tv_sec = s;
  tv.tv_usec = 0;
  select(0, NULL, NULL, NULL, &tv);
}

int main(void) {
  console();
  if (access("/bin/sh", X_OK) == 0 && access("/etc/rc", R_OK) == 0) {
    char *const rc[] = {"sh", "/etc/rc", NULL};
    pid_t pid = spawn("/bin/sh", rc);
    if (pid > 0) wait_for(pid);
  }
  show_motd();
  int quick = 0;
  for (;;) {
    char *const sh[] = {"-sh", NULL};
    struct timeval start, end;
    gettimeofday(&start, NULL);
    pid_t pid = spawn("/bin/sh", sh);
    if (pid < 0) {
      pause_seconds(5);
      continue;
    }
    wait_for(pid);
    gettimeofday(&end, NULL);
    /* a shell that dies at once, again and again, is not respawned in a tight loop */
    if (end.tv_sec - start.tv_sec < 2) {
      if (++quick >= 5) {
        say("init: shell exiting too quickly, waiting 30 seconds\n");
        pause_seconds(30);
        quick = 0;
      }
    } else {
      quick = 0;
    }
  }
}
