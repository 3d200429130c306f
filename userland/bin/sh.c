/* sh - a small Bourne-style shell for sun3lab.
 *
 *   sh                 interactive if the input is a terminal ("# " prompt for root)
 *   sh -c COMMAND [NAME [ARGS...]]
 *   sh SCRIPT [ARGS...]
 *
 * Commands: words with '...' and "..." quoting and backslash escapes, $NAME,
 * ${NAME}, $?, $$, $#, $0-$9, $*, $@, `command` (its output, trailing
 * newlines removed, in place; also inside "..."); comments from an unquoted '#';
 * separators ; & && || and newline; pipelines with |; redirections < > >>
 * N< N> N>> N>&M; NAME=value alone (sets a variable) or before a command
 * (for that command only). Variables live in the environment.
 * Built-ins (`help` lists them): cd, exit, export, unset, exec, wait, set, jobs, fg, bg, kill, time, history, help,
 * ulimit [-HS] [-c|-d|-s|-t] [n|unlimited] (core file KB, data KB, stack KB,
 * CPU seconds; -c without -H/-S sets both limits).
 * A simple command (no NAME=value, not a built-in) is started with vfork:
 * the child borrows the shell's memory until it execs, so nothing is copied;
 * anything else uses fork.
 * Job control when interactive: each pipeline is a process group, the
 * terminal is handed to the foreground one (TIOCSPGRP), `cmd &` prints
 * "[n] pid", a stopped job (WUNTRACED) can be resumed with fg/bg (SIGCONT
 * to the group), `kill [-SIG] %n` signals a job, and a background job that
 * stops or ends is reported before the next prompt ("[1]+ Stopped sleep 5",
 * "[1]  Done sleep 5"), as csh and ksh do. The shell ignores SIGTTOU (and
 * SIGTSTP, SIGTTIN) before it takes the terminal, so that the kernel lets
 * it change the terminal's foreground group from the background. ^C ends
 * the `wait` built-in. Every piece tolerates a kernel without it (ENOSYS).
 * Lines typed at a terminal are edited by the shell (lineedit.h): history
 * with the arrow keys or ^P/^N, tab completing file and command names.
 * Not supported: control structures (if/while/for/case), functions,
 * $(command), globbing, field splitting of expansions. */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "killopts.h"

#define MAXARGS 256
#define MAXREDIR 16
#define MAXASSIGN 32
#define MAXPIPE 32

static int status;       /* $? */
static int interactive;
static char **posv;      /* $0, $1, ... */
static int posc;
static int script_fd = -1;
static int jobctl;       /* interactive with process groups */
static pid_t shell_pgrp;

#ifndef TIOCSPGRP
#define TIOCSPGRP 0x80047476
#endif
#ifndef TIOCGPGRP
#define TIOCGPGRP 0x40047477
#endif

/* ---- jobs ---- */

#define MAXJOBS 20
#define J_RUNNING 1
#define J_STOPPED 2
#define J_DONE 3

struct job {
  int state;              /* 0: free slot */
  pid_t pgrp;
  pid_t pids[32];
  int alive[32];          /* 1 running, 2 stopped, 0 gone */
  int npids;
  int status;             /* of the last process */
  int notified;           /* its current state has been reported (Stopped) */
  char text[80];
};
static struct job jobs[MAXJOBS + 1]; /* [1..MAXJOBS] */
static int cur_job;                  /* the most recent job, for fg/bg without %n */

static void give_terminal(pid_t pgrp) {
  if (jobctl) ioctl(0, TIOCSPGRP, &pgrp); /* ENOTTY/ENOSYS: no job control on this terminal */
}

static void job_update(struct job *j) {
  int running = 0, stopped = 0;
  for (int i = 0; i < j->npids; i++) {
    if (j->alive[i] == 1) running++;
    if (j->alive[i] == 2) stopped++;
  }
  j->state = running ? J_RUNNING : stopped ? J_STOPPED : J_DONE;
}

/* Records a wait status for pid in whatever job has it; returns the job or NULL. */
static struct job *job_note(pid_t pid, int st) {
  for (int n = 1; n <= MAXJOBS; n++) {
    struct job *j = &jobs[n];
    if (j->state == 0) continue;
    for (int i = 0; i < j->npids; i++) {
      if (j->pids[i] != pid) continue;
      if (WIFSTOPPED(st)) j->alive[i] = 2;
      else {
        j->alive[i] = 0;
        if (i == j->npids - 1) j->status = st;
      }
      int before = j->state;
      job_update(j);
      if (j->state != before) j->notified = 0; /* something new to tell */
      return j;
    }
  }
  return NULL;
}

/* How a job stands: Running, Stopped, or how it ended (Done, Done(1), Terminated, ...). */
static const char *state_name(struct job *j) {
  static char text[48];
  if (j->state == J_RUNNING) return "Running";
  if (j->state == J_STOPPED) return "Stopped";
  int st = j->status;
  if (WIFSIGNALED(st)) {
    int sig = WTERMSIG(st);
    const char *name = sig < NSIG ? sys_siglist[sig] : NULL;
    if (name) snprintf(text, sizeof(text), "%s%s", name, WCOREDUMP(st) ? " (core dumped)" : "");
    else snprintf(text, sizeof(text), "Signal %d", sig);
    return text;
  }
  if (WIFEXITED(st) && WEXITSTATUS(st) != 0) {
    snprintf(text, sizeof(text), "Done(%d)", WEXITSTATUS(st));
    return text;
  }
  return "Done";
}

static void job_print(int n) {
  fprintf(stderr, "[%d]%c %-8s %s\n", n, n == cur_job ? '+' : ' ', state_name(&jobs[n]), jobs[n].text);
  jobs[n].notified = 1;
}

/* Collects finished and stopped background processes without blocking;
 * with `report`, tells about the jobs that have ended or stopped since the
 * last time (before a prompt, and before fg/bg). */
static void reap_jobs(int report) {
  int st;
  pid_t pid;
  while ((pid = wait4(-1, &st, WNOHANG | (jobctl ? WUNTRACED : 0), NULL)) > 0) job_note(pid, st);
  for (int n = 1; n <= MAXJOBS; n++) {
    if (jobs[n].state == J_STOPPED && !jobs[n].notified && report) job_print(n);
    if (jobs[n].state == J_DONE) {
      if (report) job_print(n);
      jobs[n].state = 0;
      if (cur_job == n) cur_job = 0;
    }
  }
  if (cur_job == 0) {
    for (int n = MAXJOBS; n >= 1; n--) {
      if (jobs[n].state != 0) {
        cur_job = n;
        break;
      }
    }
  }
}

static int job_add(pid_t pgrp, pid_t *pids, int n, const char *text, int state) {
  for (int k = 1; k <= MAXJOBS; k++) {
    if (jobs[k].state != 0) continue;
    struct job *j = &jobs[k];
    memset(j, 0, sizeof(*j));
    j->pgrp = pgrp;
    j->npids = n > 32 ? 32 : n;
    for (int i = 0; i < j->npids; i++) {
      j->pids[i] = pids[i];
      j->alive[i] = state == J_STOPPED ? 2 : 1;
    }
    j->state = state;
    strncpy(j->text, text, sizeof(j->text) - 1);
    cur_job = k;
    return k;
  }
  return 0;
}

/* ---- growable strings ---- */

struct buf {
  char *s;
  size_t len;
  size_t cap;
};

static void die_nomem(void) {
  write(2, "sh: out of memory\n", 18);
  exit(2);
}

static void badd(struct buf *b, char c) {
  if (b->len + 2 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 64;
    char *s = realloc(b->s, cap);
    if (s == NULL) die_nomem();
    b->s = s;
    b->cap = cap;
  }
  b->s[b->len++] = c;
  b->s[b->len] = 0;
}

static void badds(struct buf *b, const char *s) {
  while (*s) badd(b, *s++);
}

/* Makes sure b->s is a string, even when nothing was added. */
static void bterm(struct buf *b) {
  if (b->s == NULL) {
    badd(b, 'x');
    b->len = 0;
    b->s[0] = 0;
  }
}

static char *bfinish(struct buf *b) {
  bterm(b);
  char *s = b->s;
  b->s = NULL;
  b->len = b->cap = 0;
  return s;
}

/* ---- tokens ---- */

enum { T_WORD, T_SEMI, T_AMP, T_AND, T_OR, T_PIPE, T_REDIR };

struct token {
  int type;
  char *text;   /* T_WORD: the raw word (quotes still in); T_REDIR: the target or NULL */
  int fd;       /* T_REDIR: the descriptor redirected */
  int mode;     /* T_REDIR: '<', '>', 'a' (>>), 'd' (>&M, target is M) */
};

struct tokens {
  struct token *v;
  int n;
  int cap;
};

static void tpush(struct tokens *t, int type, char *text, int fd, int mode) {
  if (t->n == t->cap) {
    int cap = t->cap ? t->cap * 2 : 32;
    struct token *v = realloc(t->v, (size_t)cap * sizeof(struct token));
    if (v == NULL) die_nomem();
    t->v = v;
    t->cap = cap;
  }
  t->v[t->n].type = type;
  t->v[t->n].text = text;
  t->v[t->n].fd = fd;
  t->v[t->n].mode = mode;
  t->n++;
}

static void tfree(struct tokens *t) {
  for (int i = 0; i < t->n; i++) free(t->v[i].text);
  free(t->v);
  t->v = NULL;
  t->n = t->cap = 0;
}

static int is_blank(int c) { return c == ' ' || c == '\t'; }
static int is_meta(int c) { return c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '\n'; }

#include "lineedit.h"

/* Splits s into tokens. Returns 0, 1 if the input ends inside a quote or
 * after a backslash (more input needed), or -1 on a syntax error. */
static int tokenize(const char *s, struct tokens *t) {
  for (;;) {
    while (is_blank(*s)) s++;
    if (*s == 0) return 0;
    if (*s == '#') {
      while (*s && *s != '\n') s++;
      continue;
    }
    if (*s == '\n' || *s == ';') {
      tpush(t, T_SEMI, NULL, 0, 0);
      s++;
      continue;
    }
    if (*s == '&') {
      if (s[1] == '&') {
        tpush(t, T_AND, NULL, 0, 0);
        s += 2;
      } else {
        tpush(t, T_AMP, NULL, 0, 0);
        s++;
      }
      continue;
    }
    if (*s == '|') {
      if (s[1] == '|') {
        tpush(t, T_OR, NULL, 0, 0);
        s += 2;
      } else {
        tpush(t, T_PIPE, NULL, 0, 0);
        s++;
      }
      continue;
    }
    if (*s == '<' || *s == '>' || (*s >= '0' && *s <= '9' && (s[1] == '<' || s[1] == '>'))) {
      int fd = -1;
      if (*s >= '0' && *s <= '9') fd = *s++ - '0';
      int mode;
      if (*s == '<') {
        mode = '<';
        s++;
        if (fd < 0) fd = 0;
      } else if (s[1] == '>') {
        mode = 'a';
        s += 2;
        if (fd < 0) fd = 1;
      } else if (s[1] == '&') {
        mode = 'd';
        s += 2;
        if (fd < 0) fd = 1;
      } else {
        mode = '>';
        s++;
        if (fd < 0) fd = 1;
      }
      tpush(t, T_REDIR, NULL, fd, mode);
      continue;
    }
    /* a word: find its end, checking the quotes */
    const char *start = s;
    while (*s && !is_blank(*s) && !is_meta(*s)) {
      if (*s == '\\') {
        if (s[1] == 0) return 1;
        s += 2;
      } else if (*s == '\'') {
        const char *q = strchr(s + 1, '\'');
        if (q == NULL) return 1;
        s = q + 1;
      } else if (*s == '"' || *s == '`') {
        char q = *s++;
        while (*s && *s != q) {
          if (*s == '\\' && s[1]) s++;
          s++;
        }
        if (*s == 0) return 1;
        s++;
      } else {
        s++;
      }
    }
    size_t n = (size_t)(s - start);
    char *w = malloc(n + 1);
    if (w == NULL) die_nomem();
    memcpy(w, start, n);
    w[n] = 0;
    tpush(t, T_WORD, w, 0, 0);
  }
}

/* ---- expansion ---- */

static int name_char(int c, int first) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
}

static void add_number(struct buf *b, long v) {
  char tmp[16];
  snprintf(tmp, sizeof(tmp), "%ld", v);
  badds(b, tmp);
}

/* Expands the $ at *pp (which points just past the '$'), appending to b. */
static const char *expand_dollar(const char *p, struct buf *b) {
  char name[128];
  int n = 0;
  if (*p == '?') {
    add_number(b, status);
    return p + 1;
  }
  if (*p == '$') {
    add_number(b, getpid());
    return p + 1;
  }
  if (*p == '#') {
    add_number(b, posc > 0 ? posc - 1 : 0);
    return p + 1;
  }
  if (*p >= '0' && *p <= '9') {
    int i = *p - '0';
    if (i < posc) badds(b, posv[i]);
    return p + 1;
  }
  if (*p == '*' || *p == '@') {
    for (int i = 1; i < posc; i++) {
      if (i > 1) badd(b, ' ');
      badds(b, posv[i]);
    }
    return p + 1;
  }
  if (*p == '{') {
    const char *q = p + 1;
    while (*q && *q != '}' && n < (int)sizeof(name) - 1) name[n++] = *q++;
    name[n] = 0;
    if (*q != '}') {
      badd(b, '$');
      return p;
    }
    const char *v = getenv(name);
    if (v != NULL) badds(b, v);
    return q + 1;
  }
  if (!name_char((unsigned char)*p, 1)) {
    badd(b, '$');
    return p;
  }
  while (name_char((unsigned char)*p, 0) && n < (int)sizeof(name) - 1) name[n++] = *p++;
  name[n] = 0;
  const char *v = getenv(name);
  if (v != NULL) badds(b, v);
  return p;
}

static void cmdsubst(const char *text, struct buf *b);

/* `command`, p just past the opening backquote: runs it and adds its
 * output to b; returns what follows the closing backquote. Inside, a
 * backslash quotes ` \ and $. */
static const char *backquote(const char *p, struct buf *b) {
  struct buf cmd = {NULL, 0, 0};
  while (*p && *p != '`') {
    if (*p == '\\' && (p[1] == '`' || p[1] == '\\' || p[1] == '$')) p++;
    badd(&cmd, *p++);
  }
  if (*p) p++;
  char *text = bfinish(&cmd);
  cmdsubst(text, b);
  free(text);
  return p;
}

/* Removes quotes and backslashes and expands variables and commands. *quoted
 * is set if the word had any quoting (so that an empty result still counts). */
static char *expand(const char *w, int *quoted) {
  struct buf b = {NULL, 0, 0};
  *quoted = 0;
  const char *p = w;
  while (*p) {
    if (*p == '\\') {
      *quoted = 1;
      if (p[1] == '\n') {
        p += 2;
        continue;
      }
      if (p[1]) badd(&b, p[1]);
      p += p[1] ? 2 : 1;
    } else if (*p == '\'') {
      *quoted = 1;
      p++;
      while (*p && *p != '\'') badd(&b, *p++);
      if (*p) p++;
    } else if (*p == '"') {
      *quoted = 1;
      p++;
      while (*p && *p != '"') {
        if (*p == '\\' && (p[1] == '$' || p[1] == '`' || p[1] == '"' || p[1] == '\\' || p[1] == '\n')) {
          if (p[1] != '\n') badd(&b, p[1]);
          p += 2;
        } else if (*p == '$') {
          p = expand_dollar(p + 1, &b);
        } else if (*p == '`') {
          p = backquote(p + 1, &b);
        } else {
          badd(&b, *p++);
        }
      }
      if (*p) p++;
    } else if (*p == '$') {
      p = expand_dollar(p + 1, &b);
    } else if (*p == '`') {
      p = backquote(p + 1, &b);
    } else {
      badd(&b, *p++);
    }
  }
  return bfinish(&b);
}

/* ---- commands ---- */

struct redir {
  int fd;
  int mode;
  char *target; /* expanded */
};

struct cmd {
  char *argv[MAXARGS + 1];
  int argc;
  char *assign[MAXASSIGN];
  int nassign;
  struct redir redir[MAXREDIR];
  int nredir;
};

static void cmd_free(struct cmd *c) {
  for (int i = 0; i < c->argc; i++) free(c->argv[i]);
  for (int i = 0; i < c->nassign; i++) free(c->assign[i]);
  for (int i = 0; i < c->nredir; i++) free(c->redir[i].target);
  c->argc = c->nassign = c->nredir = 0;
}

static int is_assignment(const char *raw) {
  if (!name_char((unsigned char)raw[0], 1)) return 0;
  const char *p = raw + 1;
  while (name_char((unsigned char)*p, 0)) p++;
  return *p == '=';
}

/* Builds a command from tokens [from, to). Returns -1 on a syntax error. */
static int build_cmd(struct tokens *t, int from, int to, struct cmd *c) {
  c->argc = c->nassign = c->nredir = 0;
  for (int i = from; i < to; i++) {
    struct token *k = &t->v[i];
    if (k->type == T_REDIR) {
      if (i + 1 >= to || t->v[i + 1].type != T_WORD) {
        fprintf(stderr, "sh: syntax error: redirection without a file\n");
        return -1;
      }
      if (c->nredir >= MAXREDIR) {
        fprintf(stderr, "sh: too many redirections\n");
        return -1;
      }
      int q;
      struct redir *r = &c->redir[c->nredir++];
      r->fd = k->fd;
      r->mode = k->mode;
      r->target = expand(t->v[++i].text, &q);
      continue;
    }
    if (c->argc == 0 && is_assignment(k->text) && c->nassign < MAXASSIGN) {
      int q;
      c->assign[c->nassign++] = expand(k->text, &q);
      continue;
    }
    int quoted;
    char *w = expand(k->text, &quoted);
    if (w[0] == 0 && !quoted) {
      free(w);
      continue;
    }
    if (c->argc >= MAXARGS) {
      free(w);
      fprintf(stderr, "sh: too many arguments\n");
      return -1;
    }
    c->argv[c->argc++] = w;
  }
  c->argv[c->argc] = NULL;
  return 0;
}

/* Applies the redirections; returns -1 (with a message) on failure. */
static int apply_redirs(struct cmd *c) {
  for (int i = 0; i < c->nredir; i++) {
    struct redir *r = &c->redir[i];
    int fd;
    if (r->mode == 'd') {
      char *end;
      long m = strtol(r->target, &end, 10);
      if (*end != 0 || end == r->target) {
        fprintf(stderr, "sh: %s: bad file descriptor\n", r->target);
        return -1;
      }
      if (dup2((int)m, r->fd) < 0) {
        fprintf(stderr, "sh: %ld: %s\n", m, strerror(errno));
        return -1;
      }
      continue;
    }
    if (r->mode == '<') fd = open(r->target, O_RDONLY, 0);
    else if (r->mode == 'a') fd = open(r->target, O_WRONLY | O_CREAT | O_APPEND, 0666);
    else fd = open(r->target, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) {
      fprintf(stderr, "sh: %s: %s\n", r->target, strerror(errno));
      return -1;
    }
    if (fd != r->fd) {
      if (dup2(fd, r->fd) < 0) {
        fprintf(stderr, "sh: %s: %s\n", r->target, strerror(errno));
        close(fd);
        return -1;
      }
      close(fd);
    }
  }
  return 0;
}

static void set_assignments(struct cmd *c) {
  for (int i = 0; i < c->nassign; i++) {
    char *eq = strchr(c->assign[i], '=');
    *eq = 0;
    setenv(c->assign[i], eq + 1, 1);
    *eq = '=';
  }
}

static int status_of(int st) {
  if (WIFEXITED(st)) return WEXITSTATUS(st);
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  return 128 + WSTOPSIG(st);
}

/* A command killed by a signal (not ^C or a broken pipe): say which, and whether it left a core. */
static void report_signal(int st) {
  if (WIFSIGNALED(st) && WTERMSIG(st) != SIGINT && WTERMSIG(st) != SIGPIPE) {
    int sig = WTERMSIG(st);
    if (sig < NSIG) fputs(sys_siglist[sig], stderr);
    else fprintf(stderr, "Signal %d", sig);
    fprintf(stderr, "%s\n", WCOREDUMP(st) ? " (core dumped)" : "");
  }
}

static int wait_for(pid_t pid) {
  int st;
  for (;;) {
    pid_t r = waitpid(pid, &st, 0);
    if (r == pid) break;
    if (r < 0 && errno != EINTR) return 127;
  }
  report_signal(st);
  return status_of(st);
}

/* Waits for the foreground job: returns its status, or 128+sig if it stopped
 * (it then stays in the job table as Stopped). */
static int wait_job(int n) {
  struct job *j = &jobs[n];
  int st = 0;
  while (j->state == J_RUNNING) {
    pid_t r = wait4(-1, &st, jobctl ? WUNTRACED : 0, NULL);
    if (r < 0) {
      if (errno == EINTR) continue;
      j->state = J_DONE; /* ECHILD: nothing left to wait for */
      break;
    }
    job_note(r, st);
  }
  give_terminal(shell_pgrp);
  if (j->state == J_STOPPED) {
    fputc('\n', stderr);
    job_print(n);
    return 128 + SIGTSTP;
  }
  st = j->status;
  j->state = 0;
  if (cur_job == n) cur_job = 0;
  reap_jobs(0);
  report_signal(st);
  return status_of(st);
}

/* The job a word names: %n, or %%, %+ or % for the current job; 0 if none. */
static int job_spec(const char *a) {
  if (*a == '%') a++;
  int n = *a == 0 || strcmp(a, "%") == 0 || strcmp(a, "+") == 0 ? cur_job : atoi(a);
  return n >= 1 && n <= MAXJOBS && jobs[n].state != 0 ? n : 0;
}

static int find_job(int argc, char **argv, const char *who) {
  int n = job_spec(argc > 1 ? argv[1] : "%");
  if (n == 0) fprintf(stderr, "sh: %s: no such job\n", who);
  return n;
}

/* Sends sig to every process of a job: to its process group, or one by one
 * without job control. */
static int signal_job(struct job *j, int sig) {
  if (jobctl && killpg(j->pgrp, sig) == 0) return 0;
  int r = -1;
  for (int i = 0; i < j->npids; i++)
    if (j->alive[i] && kill(j->pids[i], sig) == 0) r = 0;
  return r;
}

static void continue_job(struct job *j) {
  signal_job(j, SIGCONT);
  for (int i = 0; i < j->npids; i++)
    if (j->alive[i] == 2) j->alive[i] = 1;
  job_update(j);
  j->notified = 0;
}

/* kill [-SIG | -s SIG] %n|pid...   kill -l
 * SIG is a name (TERM, SIGTERM, term) or a number. A stopped job that is
 * sent a signal other than SIGKILL or SIGCONT is continued too, so that it
 * can act on it (csh does the same). */
static int kill_builtin(int argc, char **argv) {
  int sig;
  int i = kill_options("sh: kill", "%job|pid", argc, argv, &sig);
  if (i <= 0) return i == 0 ? 0 : 2;
  int rc = 0;
  for (; i < argc; i++) {
    if (argv[i][0] == '%') {
      int n = job_spec(argv[i]);
      if (n == 0) {
        fprintf(stderr, "sh: kill: %s: no such job\n", argv[i]);
        rc = 1;
        continue;
      }
      struct job *j = &jobs[n];
      if (signal_job(j, sig) < 0) {
        fprintf(stderr, "sh: kill: %s: %s\n", argv[i], strerror(errno));
        rc = 1;
      } else if (j->state == J_STOPPED && sig != SIGKILL && sig != SIGCONT && sig != SIGSTOP &&
                 sig != SIGTSTP && sig != SIGTTIN && sig != SIGTTOU && sig != 0) {
        continue_job(j);
      }
      continue;
    }
    char *end;
    long pid = strtol(argv[i], &end, 10);
    if (*end != 0 || argv[i][0] == 0) {
      fprintf(stderr, "sh: kill: %s: not a process id or job\n", argv[i]);
      rc = 1;
    } else if (kill((pid_t)pid, sig) < 0) {
      fprintf(stderr, "sh: kill: %ld: %s\n", pid, strerror(errno));
      rc = 1;
    }
  }
  return rc;
}

/* ---- built-ins ---- */

static int is_builtin(const char *name) {
  return strcmp(name, "cd") == 0 || strcmp(name, "exit") == 0 || strcmp(name, "export") == 0 ||
         strcmp(name, "unset") == 0 || strcmp(name, "exec") == 0 || strcmp(name, "wait") == 0 ||
         strcmp(name, "set") == 0 || strcmp(name, "jobs") == 0 || strcmp(name, "fg") == 0 ||
         strcmp(name, "bg") == 0 || strcmp(name, "ulimit") == 0 || strcmp(name, "kill") == 0 ||
         strcmp(name, "help") == 0 || strcmp(name, "history") == 0;
}

/* help: the built-ins, one line each. */
static const char *const builtin_help[] = {
    "cd [DIR]              change the current directory (default $HOME)",
    "exit [N]              leave the shell with status N (default $?)",
    "export NAME=VALUE...  set variables in the environment of later commands",
    "unset NAME...         remove variables",
    "exec CMD [ARGS...]    replace the shell with CMD",
    "wait [%N|PID]         wait for background jobs (^C stops waiting)",
    "set                   print the variables",
    "jobs                  list the jobs: running, stopped, done",
    "fg [%N], bg [%N]      continue a job in the foreground, in the background",
    "kill [-SIG] %N|PID    send a signal (default TERM) to a job or a process",
    "time CMD              run CMD and print its real, user and system time",
    "ulimit [-HS] [-c|-d|-s|-t] [N]   print or set a resource limit",
    "history               the lines typed so far (up, down, ^P, ^N recall them)",
    "help                  this list",
    NULL,
};

static void help(void) {
  printf("sh built-in commands (the rest are programs in /bin: ls /bin):\n");
  for (int i = 0; builtin_help[i] != NULL; i++) printf("  %s\n", builtin_help[i]);
  printf("Editing: erase, ^W, ^U; left/right, ^A, ^E; up/down or ^P/^N for history; tab completes names.\n");
}

/* ulimit [-HS] [-c|-d|-s|-t] [n|unlimited]: print or set a resource limit
 * (sizes in KB, CPU time in seconds); -H the hard limit, -S the soft one
 * (the soft one is printed; both are set unless one is named). */
static int ulimit(int argc, char **argv) {
  int res = RLIMIT_FSIZE, hard = 0, soft = 0, unit = 1024;
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != 0; i++) {
    for (char *o = argv[i] + 1; *o; o++) {
      switch (*o) {
      case 'H': hard = 1; break;
      case 'S': soft = 1; break;
      case 'c': res = RLIMIT_CORE; unit = 1024; break;
      case 'd': res = RLIMIT_DATA; unit = 1024; break;
      case 's': res = RLIMIT_STACK; unit = 1024; break;
      case 'f': res = RLIMIT_FSIZE; unit = 1024; break;
      case 't': res = RLIMIT_CPU; unit = 1; break;
      default:
        fprintf(stderr, "usage: ulimit [-HS] [-c|-d|-f|-s|-t] [n|unlimited]\n");
        return 2;
      }
    }
  }
  struct rlimit rl;
  if (getrlimit(res, &rl) < 0) {
    fprintf(stderr, "sh: ulimit: %s\n", strerror(errno));
    return 1;
  }
  if (i >= argc) {
    long v = hard ? rl.rlim_max : rl.rlim_cur;
    if (v == RLIM_INFINITY) printf("unlimited\n");
    else printf("%ld\n", v / unit);
    fflush(stdout);
    return 0;
  }
  long v;
  if (strcmp(argv[i], "unlimited") == 0) v = RLIM_INFINITY;
  else {
    char *end;
    v = strtol(argv[i], &end, 10);
    if (*end != 0 || end == argv[i] || v < 0) {
      fprintf(stderr, "sh: ulimit: %s: bad number\n", argv[i]);
      return 1;
    }
    v = v >= RLIM_INFINITY / unit ? RLIM_INFINITY : v * unit;
  }
  if (!soft || hard) rl.rlim_max = v;
  if (!hard || soft) rl.rlim_cur = v;
  if (rl.rlim_cur > rl.rlim_max) rl.rlim_cur = rl.rlim_max;
  if (setrlimit(res, &rl) < 0) {
    fprintf(stderr, "sh: ulimit: %s\n", strerror(errno));
    return 1;
  }
  return 0;
}

static void exec_command(struct cmd *c);

static int builtin(struct cmd *c) {
  char **argv = c->argv;
  if (strcmp(argv[0], "cd") == 0) {
    const char *dir = c->argc > 1 ? argv[1] : getenv("HOME");
    if (dir == NULL) dir = "/";
    if (chdir(dir) < 0) {
      fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
      return 1;
    }
    return 0;
  }
  if (strcmp(argv[0], "exit") == 0) {
    int code = c->argc > 1 ? atoi(argv[1]) : status;
    fflush(stdout);
    exit(code & 0377);
  }
  if (strcmp(argv[0], "export") == 0) {
    for (int i = 1; i < c->argc; i++) {
      char *eq = strchr(argv[i], '=');
      if (eq != NULL) {
        *eq = 0;
        setenv(argv[i], eq + 1, 1);
        *eq = '=';
      }
    }
    return 0;
  }
  if (strcmp(argv[0], "unset") == 0) {
    for (int i = 1; i < c->argc; i++) unsetenv(argv[i]);
    return 0;
  }
  if (strcmp(argv[0], "set") == 0) {
    for (char **e = environ; e != NULL && *e != NULL; e++) printf("%s\n", *e);
    fflush(stdout);
    return 0;
  }
  if (strcmp(argv[0], "wait") == 0) {
    /* Until every child has ended (ECHILD), or an interrupt (^C: EINTR,
     * status 128 + SIGINT) — the jobs still running stay in the table. */
    int st, r = 0;
    for (;;) {
      pid_t pid = wait(&st);
      if (pid > 0) {
        job_note(pid, st);
        continue;
      }
      if (errno == EINTR) r = 128 + SIGINT;
      break;
    }
    for (int n = 1; n <= MAXJOBS; n++)
      if (jobs[n].state == J_DONE) jobs[n].state = 0; /* waited for: nothing to report */
    if (cur_job != 0 && jobs[cur_job].state == 0) cur_job = 0;
    reap_jobs(0);
    return r;
  }
  if (strcmp(argv[0], "kill") == 0) {
    int r = kill_builtin(c->argc, argv);
    fflush(stdout);
    return r;
  }
  if (strcmp(argv[0], "ulimit") == 0) return ulimit(c->argc, argv);
  if (strcmp(argv[0], "help") == 0) {
    help();
    return 0;
  }
  if (strcmp(argv[0], "history") == 0) {
    hist_print();
    return 0;
  }
  if (strcmp(argv[0], "jobs") == 0) {
    reap_jobs(0);
    for (int n = 1; n <= MAXJOBS; n++) {
      if (jobs[n].state == 0) continue;
      job_print(n);
      if (jobs[n].state == J_DONE) jobs[n].state = 0;
    }
    if (cur_job != 0 && jobs[cur_job].state == 0) cur_job = 0;
    return 0;
  }
  if (strcmp(argv[0], "fg") == 0) {
    reap_jobs(1);
    int n = find_job(c->argc, argv, "fg");
    if (n == 0) return 1;
    fprintf(stderr, "%s\n", jobs[n].text);
    give_terminal(jobs[n].pgrp);
    continue_job(&jobs[n]);
    return wait_job(n);
  }
  if (strcmp(argv[0], "bg") == 0) {
    reap_jobs(1);
    int n = find_job(c->argc, argv, "bg");
    if (n == 0) return 1;
    continue_job(&jobs[n]);
    fprintf(stderr, "[%d] %s &\n", n, jobs[n].text);
    return 0;
  }
  if (strcmp(argv[0], "exec") == 0) {
    if (c->argc == 1) return 0; /* redirections only: already applied */
    fflush(stdout);
    for (int i = 0; i < c->argc; i++) c->argv[i] = c->argv[i + 1];
    c->argc--;
    set_assignments(c);
    exec_command(c);
    exit(127);
  }
  return 1;
}

/* In a child: runs the command, never returns. */
static void exec_command(struct cmd *c) {
  if (script_fd >= 0) close(script_fd);
  execvp(c->argv[0], c->argv);
  int e = errno;
  fprintf(stderr, "sh: %s: %s\n", c->argv[0], e == ENOENT ? "not found" : strerror(e));
  fflush(stderr);
  _exit(e == ENOENT ? 127 : 126);
}

/* Runs a built-in in the shell itself, with its redirections undone after. */
static int run_builtin_here(struct cmd *c) {
  int saved[10];
  int r;
  for (int i = 0; i < 10; i++) saved[i] = -1;
  if (strcmp(c->argv[0], "exec") != 0) {
    for (int i = 0; i < c->nredir; i++) {
      int fd = c->redir[i].fd;
      if (fd < 10 && saved[fd] < 0) {
        saved[fd] = fcntl(fd, F_DUPFD, 10);
        if (saved[fd] < 0) saved[fd] = -2; /* was closed */
      }
    }
  }
  fflush(stdout);
  if (apply_redirs(c) < 0) r = 1;
  else r = builtin(c);
  fflush(stdout);
  fflush(stderr);
  for (int fd = 0; fd < 10; fd++) {
    if (saved[fd] == -2) {
      close(fd);
    } else if (saved[fd] >= 0) {
      dup2(saved[fd], fd);
      close(saved[fd]);
    }
  }
  return r;
}

static int run_pipeline(struct cmd *cmds, int n, int background);

/* In the child of a pipeline stage: join the job's process group, restore
 * the signals the shell changed, connect the pipes and redirections, and run
 * the command. `borrowed`: the child came from vfork and runs in the shell's
 * memory, so it must not change anything the shell keeps there — it leaves
 * the caught SIGINT alone (exec sets it back to the default by itself), and
 * only ever runs a simple command (no assignments, not a built-in). */
static void __attribute__((noreturn, noinline))
run_child(struct cmd *c, pid_t pgrp, int background, int in_fd, int p0, int p1, int borrowed) {
  if (jobctl) {
    pid_t me = getpid();
    setpgrp(0, pgrp ? pgrp : me);
    if (!background) give_terminal(pgrp ? pgrp : me);
    /* ignored by the shell: the shell never looks at these handlers again */
    signal(SIGTSTP, SIG_DFL);
    signal(SIGTTIN, SIG_DFL);
    signal(SIGTTOU, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
  }
  if (interactive && !borrowed) signal(SIGINT, SIG_DFL);
  if (in_fd >= 0) {
    dup2(in_fd, 0);
    close(in_fd);
  } else if (background) {
    int nul = open("/dev/null", O_RDONLY, 0);
    if (nul >= 0 && nul != 0) {
      dup2(nul, 0);
      close(nul);
    }
  }
  if (p1 >= 0) {
    dup2(p1, 1);
    close(p1);
    close(p0);
  }
  if (apply_redirs(c) < 0) _exit(1);
  set_assignments(c);
  if (c->argc == 0) _exit(0);
  if (is_builtin(c->argv[0])) {
    int r = builtin(c);
    fflush(stdout);
    _exit(r);
  }
  exec_command(c);
  _exit(127);
}

static long tv_ms(struct timeval *a) { return a->tv_sec * 1000 + a->tv_usec / 1000; }

static void print_secs(const char *name, long ms) {
  if (ms < 0) ms = 0;
  fprintf(stderr, "%s %ld.%02ld\n", name, ms / 1000, (ms % 1000) / 10);
}

/* time COMMAND: runs it and prints real, user and sys seconds on stderr. */
static int run_timed(struct cmd *cmds, int n, int background) {
  struct cmd *c = &cmds[0];
  char *word = c->argv[0];
  struct timeval t0, t1;
  struct rusage c0, c1, s0, s1;
  int r = 0;
  memset(&c0, 0, sizeof(c0));
  memset(&s0, 0, sizeof(s0));
  gettimeofday(&t0, NULL);
  getrusage(RUSAGE_CHILDREN, &c0);
  getrusage(RUSAGE_SELF, &s0);
  c1 = c0;
  s1 = s0;
  for (int i = 0; i < c->argc; i++) c->argv[i] = c->argv[i + 1];
  c->argc--;
  if (c->argc > 0 || n > 1) r = run_pipeline(cmds, n, background);
  for (int i = c->argc + 1; i > 0; i--) c->argv[i] = c->argv[i - 1];
  c->argv[0] = word;
  c->argc++;
  gettimeofday(&t1, NULL);
  getrusage(RUSAGE_CHILDREN, &c1);
  getrusage(RUSAGE_SELF, &s1);
  long user = tv_ms(&c1.ru_utime) - tv_ms(&c0.ru_utime) + tv_ms(&s1.ru_utime) - tv_ms(&s0.ru_utime);
  long sys = tv_ms(&c1.ru_stime) - tv_ms(&c0.ru_stime) + tv_ms(&s1.ru_stime) - tv_ms(&s0.ru_stime);
  fflush(stdout);
  print_secs("real", tv_ms(&t1) - tv_ms(&t0));
  print_secs("user", user);
  print_secs("sys ", sys);
  return r;
}

static void job_text(struct cmd *cmds, int n, char *out, size_t size) {
  size_t len = 0;
  out[0] = 0;
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < cmds[i].argc; k++) {
      const char *w = cmds[i].argv[k];
      if (len + strlen(w) + 4 >= size) return;
      if (len > 0) out[len++] = ' ';
      strcpy(out + len, w);
      len += strlen(w);
    }
    if (i + 1 < n && len + 3 < size) {
      strcpy(out + len, " |");
      len += 2;
    }
  }
}

static int run_pipeline(struct cmd *cmds, int n, int background) {
  if (cmds[0].argc > 0 && strcmp(cmds[0].argv[0], "time") == 0) return run_timed(cmds, n, background);
  if (n == 1 && !background) {
    struct cmd *c = &cmds[0];
    if (c->argc == 0) {
      /* assignments and redirections only */
      set_assignments(c);
      if (c->nredir == 0) return 0;
      /* create or check the files in a child, so that the shell's descriptors stay */
      pid_t pid = fork();
      if (pid == 0) _exit(apply_redirs(c) < 0 ? 1 : 0);
      if (pid < 0) return 1;
      return wait_for(pid);
    }
    if (is_builtin(c->argv[0])) return run_builtin_here(c);
  }
  pid_t pids[MAXPIPE];
  pid_t pgrp = 0;
  int in_fd = -1;
  fflush(stdout);
  fflush(stderr);
  for (int i = 0; i < n; i++) {
    int p[2] = {-1, -1};
    if (i + 1 < n && pipe(p) < 0) {
      fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
      if (in_fd >= 0) close(in_fd);
      n = i;
      break;
    }
    /* A simple command borrows the shell's memory until it execs (vfork). */
    struct cmd *c = &cmds[i];
    int simple = c->argc > 0 && c->nassign == 0 && !is_builtin(c->argv[0]);
    pid_t pid = simple ? vfork() : fork();
    if (pid < 0) {
      fprintf(stderr, "sh: fork: %s\n", strerror(errno));
      if (p[0] >= 0) close(p[0]), close(p[1]);
      if (in_fd >= 0) close(in_fd);
      n = i;
      break;
    }
    if (pid == 0) run_child(c, pgrp, background, in_fd, p[0], p[1], simple);
    pids[i] = pid;
    if (pgrp == 0) pgrp = pid;
    if (jobctl) setpgrp(pid, pgrp); /* both sides, whichever runs first */
    if (in_fd >= 0) close(in_fd);
    if (p[1] >= 0) close(p[1]);
    in_fd = p[0];
  }
  if (in_fd >= 0) close(in_fd);
  if (n == 0) return 1;
  char text[80];
  job_text(cmds, n, text, sizeof(text));
  if (background) {
    int k = job_add(pgrp, pids, n, text, J_RUNNING);
    if (interactive) fprintf(stderr, "[%d] %d\n", k, pids[n - 1]);
    return 0;
  }
  if (!jobctl) {
    int r = 0;
    for (int i = 0; i < n; i++) r = wait_for(pids[i]);
    return r;
  }
  int k = job_add(pgrp, pids, n, text, J_RUNNING);
  if (k == 0) {
    int r = 0;
    for (int i = 0; i < n; i++) r = wait_for(pids[i]);
    give_terminal(shell_pgrp);
    return r;
  }
  return wait_job(k);
}

/* Runs a tokenized list. */
static void run_tokens(struct tokens *t) {
  static struct cmd cmds[MAXPIPE];
  int i = 0;
  int connector = T_SEMI; /* what joined this pipeline to the previous one */
  while (i < t->n) {
    /* one pipeline: tokens up to ; & && || */
    int start = i;
    int ncmd = 0;
    int ok = 1;
    int end = i;
    while (end < t->n && t->v[end].type != T_SEMI && t->v[end].type != T_AMP && t->v[end].type != T_AND &&
           t->v[end].type != T_OR) {
      end++;
    }
    int next = end < t->n ? t->v[end].type : T_SEMI;
    int skip = (connector == T_AND && status != 0) || (connector == T_OR && status == 0);
    if (start == end) {
      if (next != T_SEMI || connector != T_SEMI) {
        fprintf(stderr, "sh: syntax error near %s\n", next == T_AMP ? "&" : next == T_AND ? "&&" : next == T_OR ? "||" : ";");
        status = 2;
        return;
      }
      i = end + 1;
      continue;
    }
    if (!skip) {
      int from = start;
      for (int k = start; k <= end && ok; k++) {
        if (k == end || t->v[k].type == T_PIPE) {
          if (k == from || ncmd >= MAXPIPE) {
            fprintf(stderr, "sh: syntax error near |\n");
            ok = 0;
            break;
          }
          if (build_cmd(t, from, k, &cmds[ncmd]) < 0) ok = 0;
          ncmd++;
          from = k + 1;
        }
      }
      if (ok) status = run_pipeline(cmds, ncmd, next == T_AMP);
      else status = 2;
      for (int k = 0; k < ncmd; k++) cmd_free(&cmds[k]);
      if (!ok) return;
    }
    connector = next == T_AMP ? T_SEMI : next;
    i = end + 1;
  }
}

/* ---- input ---- */

struct input {
  int fd;
  int bytewise;      /* read one byte at a time (shared stdin) */
  int edit;          /* a terminal: lines are read with the line editor (lineedit.h) */
  char buf[1024];
  int pos;
  int len;
  const char *str;   /* -c: the whole text */
};

/* Reads a line (without the newline) into b; returns 0 at end of input. */
static int read_line(struct input *in, struct buf *b) {
  int any = 0;
  if (in->str != NULL) {
    if (*in->str == 0) return 0;
    while (*in->str && *in->str != '\n') badd(b, *in->str++);
    if (*in->str == '\n') in->str++;
    bterm(b);
    return 1;
  }
  if (in->edit) {
    struct buf l = {NULL, 0, 0};
    int r = edit_line(&l);
    if (r >= 0) {
      if (r) badds(b, l.s);
      bterm(b);
      free(l.s);
      return r;
    }
    free(l.s);
    in->edit = 0; /* the terminal will not do cbreak: read lines the ordinary way */
  }
  for (;;) {
    if (in->pos >= in->len) {
      int n = read(in->fd, in->buf, in->bytewise ? 1 : sizeof(in->buf));
      if (n < 0 && errno == EINTR) {
        if (interactive) {
          b->len = 0;
          return 1;
        }
        continue;
      }
      if (n <= 0) {
        if (any) break;
        return 0;
      }
      in->pos = 0;
      in->len = n;
    }
    char c = in->buf[in->pos++];
    any = 1;
    if (c == '\n') break;
    badd(b, c);
  }
  bterm(b);
  return 1;
}

static void prompt(const char *p) {
  if (!interactive) return;
  le_prompt = p;
  fputs(p, stderr);
  fflush(stderr);
}

static void on_interrupt(int sig) {
  (void)sig;
  write(2, "\n", 1);
}

static void reap(void) { reap_jobs(1); }

static int run_input(struct input *in) {
  struct buf line = {NULL, 0, 0};
  const char *ps1 = getenv("PS1");
  if (ps1 == NULL) ps1 = geteuid() == 0 ? "# " : "$ ";
  for (;;) {
    if (interactive) reap();
    prompt(ps1);
    line.len = 0;
    if (line.s) line.s[0] = 0;
    if (!read_line(in, &line)) break;
    for (;;) {
      struct tokens t = {NULL, 0, 0};
      int r = tokenize(line.s ? line.s : "", &t);
      if (r == 1) {
        /* unfinished quote or trailing backslash: join the next line */
        tfree(&t);
        badd(&line, '\n');
        prompt("> ");
        if (!read_line(in, &line)) {
          fprintf(stderr, "sh: unexpected end of input\n");
          status = 2;
          break;
        }
        continue;
      }
      run_tokens(&t);
      tfree(&t);
      break;
    }
  }
  free(line.s);
  if (interactive) write(2, "\n", 1);
  return status;
}

/* Command substitution: run `text` in a subshell whose output comes back
 * through a pipe, and add that output to b without its trailing newlines.
 * $? becomes the command's status. */
static void cmdsubst(const char *text, struct buf *b) {
  int p[2];
  fflush(stdout);
  fflush(stderr);
  if (pipe(p) < 0) {
    fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
    return;
  }
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "sh: fork: %s\n", strerror(errno));
    close(p[0]);
    close(p[1]);
    return;
  }
  if (pid == 0) {
    close(p[0]);
    if (p[1] != 1) {
      dup2(p[1], 1);
      close(p[1]);
    }
    if (interactive) signal(SIGINT, SIG_DFL);
    interactive = jobctl = 0;
    struct input in;
    memset(&in, 0, sizeof(in));
    in.str = text;
    int r = run_input(&in);
    fflush(stdout);
    _exit(r);
  }
  close(p[1]);
  size_t start = b->len;
  char tmp[256];
  for (;;) {
    int n = read(p[0], tmp, sizeof(tmp));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (int i = 0; i < n; i++) badd(b, tmp[i]);
  }
  close(p[0]);
  status = wait_for(pid);
  while (b->len > start && b->s[b->len - 1] == '\n') b->s[--b->len] = 0;
}

int main(int argc, char **argv) {
  struct input in;
  memset(&in, 0, sizeof(in));
  in.fd = 0;
  posv = argv;
  posc = argc;
  if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
    in.str = argv[2];
    posv = argv + 3;
    posc = argc - 3;
    if (posc == 0) {
      posv = argv;
      posc = 1;
    }
    return run_input(&in);
  }
  if (argc >= 2 && argv[1][0] != '-') {
    in.fd = open(argv[1], O_RDONLY, 0);
    if (in.fd < 0) {
      fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
      return 127;
    }
    script_fd = in.fd;
    fcntl(in.fd, F_SETFD, FD_CLOEXEC);
    posv = argv + 1;
    posc = argc - 1;
    return run_input(&in);
  }
  interactive = isatty(0) || (argc >= 2 && strcmp(argv[1], "-i") == 0);
  in.bytewise = !isatty(0);
  in.edit = interactive && isatty(0);
  if (interactive) {
    signal(SIGINT, on_interrupt);
    siginterrupt(SIGINT, 1); /* ^C ends the read of a line or a wait (EINTR): they must not start again */
    /* job control: our own process group owning the terminal; any failure
     * (ENOSYS, ENOTTY) leaves it off and the shell works as before. The
     * job-control signals are ignored first: in its new group the shell is
     * in the background until TIOCSPGRP, and the kernel stops a background
     * process that changes the terminal with SIGTTOU unless it ignores it. */
    shell_pgrp = getpid();
    if (isatty(0)) {
      signal(SIGTSTP, SIG_IGN);
      signal(SIGTTIN, SIG_IGN);
      signal(SIGTTOU, SIG_IGN);
      signal(SIGQUIT, SIG_IGN);
      if (setpgrp(0, shell_pgrp) == 0 && ioctl(0, TIOCSPGRP, &shell_pgrp) == 0) {
        jobctl = 1;
      } else {
        signal(SIGTSTP, SIG_DFL);
        signal(SIGTTIN, SIG_DFL);
        signal(SIGTTOU, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
      }
    }
  }
  return run_input(&in);
}
