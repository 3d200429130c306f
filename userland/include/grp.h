/* grp.h - sun3lab libc: the group file, /etc/group.
 * One group a line, four fields separated by colons:
 *   name:password:gid:member,member,...
 * A user's primary group is the gid in /etc/passwd; the groups that list
 * the user as a member are added by initgroups(3) at login (up to NGROUPS). */
#ifndef _GRP_H
#define _GRP_H
#include <sys/types.h>
struct group {
  char *gr_name;
  char *gr_passwd;
  int gr_gid;
  char **gr_mem; /* the members' names, ending with NULL */
};
struct group *getgrent(void);
struct group *getgrgid(int gid);
struct group *getgrnam(const char *name);
int setgrent(void);
void endgrent(void);
/* The group access list of `name`: basegid first, then every group of
 * /etc/group that lists the name, each once, at most *ngroups of them. Sets
 * *ngroups to the number stored; returns 0, or -1 if there were more. */
int getgrouplist(const char *name, int basegid, int *groups, int *ngroups);
/* Set the process's group access list to getgrouplist's (super-user only). */
int initgroups(const char *name, int basegid);
#endif
