/* The group file: getgrent and friends read /etc/group a line at a time;
 * getgrnam and getgrgid are linear searches. getgrouplist and initgroups
 * make a user's group access list from it at login (4.3BSD's initgroups). */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <unistd.h>
#include "dbfile.h"

#define MAXMEM 200 /* members listed per group; more are ignored */

static FILE *grf;
static struct group gr;
static char line[BUFSIZ];
static char *members[MAXMEM + 1];

int setgrent(void) { return __rewind_file(&grf, "/etc/group"); }
void endgrent(void) { __close_file(&grf); }

struct group *getgrent(void) {
  if (grf == NULL && !setgrent()) return NULL;
  while (__read_line(grf, line, sizeof(line))) {
    char *f[4];
    if (line[0] == '+' || line[0] == '-' || !__split_fields(line, ':', f, 4)) continue;
    gr.gr_name = f[0];
    gr.gr_passwd = f[1];
    gr.gr_gid = atoi(f[2]);
    int n = 0;
    for (char *m = f[3]; *m != 0 && n < MAXMEM;) {
      char *comma = strchr(m, ',');
      if (comma != NULL) *comma = 0;
      if (*m != 0) members[n++] = m;
      if (comma == NULL) break;
      m = comma + 1;
    }
    members[n] = NULL;
    gr.gr_mem = members;
    return &gr;
  }
  return NULL;
}

static struct group *search(const char *name, int gid) {
  struct group *g;
  setgrent();
  while ((g = getgrent()) != NULL)
    if (name != NULL ? strcmp(g->gr_name, name) == 0 : g->gr_gid == gid) break;
  endgrent();
  return g;
}

struct group *getgrgid(int gid) { return search(NULL, gid); }
struct group *getgrnam(const char *name) { return search(name, 0); }

int getgrouplist(const char *name, int basegid, int *groups, int *ngroups) {
  int max = *ngroups, n = 0, rc = 0;
  if (max > 0) groups[n++] = basegid;
  setgrent();
  struct group *g;
  while ((g = getgrent()) != NULL) {
    int member = 0, have = 0;
    for (char **m = g->gr_mem; *m != NULL; m++)
      if (strcmp(*m, name) == 0) member = 1;
    for (int i = 0; i < n; i++)
      if (groups[i] == g->gr_gid) have = 1;
    if (!member || have) continue;
    if (n < max) groups[n++] = g->gr_gid;
    else rc = -1;
  }
  endgrent();
  *ngroups = n;
  return rc;
}

int initgroups(const char *name, int basegid) {
  int groups[NGROUPS];
  int n = NGROUPS;
  getgrouplist(name, basegid, groups, &n); /* a list cut at NGROUPS is what 4.3BSD gives too */
  return setgroups(n, groups);
}
