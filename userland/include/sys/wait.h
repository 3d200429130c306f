/* sys/wait.h - sun3lab libc. Status words as 4.3BSD:
 * exited: exit code << 8; killed: signal number (| 0200 if core dumped);
 * stopped: signal << 8 | 0177. */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <sys/types.h>

struct rusage;

#define WNOHANG 1
#define WUNTRACED 2

#define WIFSTOPPED(s) (((s) & 0377) == 0177)
#define WIFSIGNALED(s) (((s) & 0377) != 0177 && ((s) & 0177) != 0)
#define WIFEXITED(s) (((s) & 0377) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0377)
#define WTERMSIG(s) ((s) & 0177)
#define WSTOPSIG(s) (((s) >> 8) & 0377)
#define WCOREDUMP(s) (((s) & 0200) != 0)

pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait3(int *status, int options, struct rusage *ru);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);

#endif
