/* setmntent, getmntent, addmntent, hasmntopt, endmntent: reading and
 * writing the file system table (/etc/fstab), as SunOS 4's libc does. */
#include <ctype.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct mntent ent;
static char line[512];

FILE *setmntent(const char *file, const char *mode) { return fopen(file, mode); }

int endmntent(FILE *f) {
  if (f != NULL) fclose(f);
  return 1;
}

/* The next blank-separated field of *sp, NUL-terminated in place; NULL at the end of the line. */
static char *field(char **sp) {
  char *s = *sp;
  while (*s != 0 && isspace((unsigned char)*s)) s++;
  if (*s == 0) return NULL;
  char *start = s;
  while (*s != 0 && !isspace((unsigned char)*s)) s++;
  if (*s != 0) *s++ = 0;
  *sp = s;
  return start;
}

/* The next entry, skipping comments, blank lines and lines with fewer
 * than four fields; NULL at the end of the file. The entry is overwritten
 * by the next call. */
struct mntent *getmntent(FILE *f) {
  while (fgets(line, sizeof(line), f) != NULL) {
    size_t n = strlen(line);
    if (n > 0 && line[n - 1] != '\n' && !feof(f)) {
      int c; /* a line too long: drop the rest of it */
      while ((c = getc(f)) != EOF && c != '\n') continue;
    }
    char *s = line;
    char *fsname = field(&s);
    if (fsname == NULL || fsname[0] == '#') continue;
    char *dir = field(&s);
    char *type = field(&s);
    char *opts = field(&s);
    if (opts == NULL) continue;
    char *freq = field(&s);
    char *passno = freq != NULL ? field(&s) : NULL;
    ent.mnt_fsname = fsname;
    ent.mnt_dir = dir;
    ent.mnt_type = type;
    ent.mnt_opts = opts;
    ent.mnt_freq = freq != NULL ? atoi(freq) : 0;
    ent.mnt_passno = passno != NULL ? atoi(passno) : 0;
    return &ent;
  }
  return NULL;
}

int addmntent(FILE *f, const struct mntent *mnt) {
  if (fprintf(f, "%s %s %s %s %d %d\n", mnt->mnt_fsname, mnt->mnt_dir, mnt->mnt_type, mnt->mnt_opts,
              mnt->mnt_freq, mnt->mnt_passno) < 0)
    return 1;
  return fflush(f) == 0 ? 0 : 1;
}

/* Whether option opt is in the entry's comma-separated options: where it starts, or NULL. */
char *hasmntopt(const struct mntent *mnt, const char *opt) {
  size_t len = strlen(opt);
  char *p = mnt->mnt_opts;
  while (p != NULL && *p != 0) {
    char *comma = strchr(p, ',');
    size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
    if (n >= len && strncmp(p, opt, len) == 0 && (n == len || p[len] == '=')) return p;
    p = comma != NULL ? comma + 1 : NULL;
  }
  return NULL;
}
