/* ls [-ald1] [name...]: list directory contents, sorted by name.
 * -a: include names starting with '.'; -l: long format (mode, links, owner,
 * size, date); -d: list directories themselves; -1: one name per line.
 * Without -l, names are printed in columns when the output is a terminal. */
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int opt_a, opt_l, opt_d, opt_1;
static int rc;

struct entry {
  char *name;  /* as shown */
  char *path;  /* for stat */
  struct stat st;
};

static int by_name(const void *a, const void *b) {
  return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static const char *owner(int uid) {
  static int cached_uid = -1;
  static char name[16];
  if (uid != cached_uid) {
    struct passwd *pw = getpwuid(uid);
    if (pw != NULL) snprintf(name, sizeof(name), "%s", pw->pw_name);
    else snprintf(name, sizeof(name), "%d", uid);
    cached_uid = uid;
  }
  return name;
}

static void mode_string(int m, char *s) {
  int t = m & S_IFMT;
  s[0] = t == S_IFDIR ? 'd' : t == S_IFCHR ? 'c' : t == S_IFBLK ? 'b' : t == S_IFLNK ? 'l' : t == S_IFSOCK ? 's'
         : t == S_IFIFO ? 'p' : '-';
  const char *rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; i++) s[1 + i] = (m & (0400 >> i)) ? rwx[i] : '-';
  if (m & S_ISUID) s[3] = s[3] == 'x' ? 's' : 'S';
  if (m & S_ISGID) s[6] = s[6] == 'x' ? 's' : 'S';
  if (m & S_ISVTX) s[9] = s[9] == 'x' ? 't' : 'T';
  s[10] = 0;
}

static void long_line(struct entry *e, time_t now) {
  char mode[12];
  char date[32];
  mode_string(e->st.st_mode, mode);
  time_t t = e->st.st_mtime;
  const char *fmt = (t > now - 182L * 86400 && t < now + 3600) ? "%b %e %H:%M" : "%b %e  %Y";
  strftime(date, sizeof(date), fmt, localtime(&t));
  printf("%s %2d %-8s ", mode, e->st.st_nlink, owner(e->st.st_uid));
  if (S_ISCHR(e->st.st_mode) || S_ISBLK(e->st.st_mode)) {
    printf("%3d, %3d", major(e->st.st_rdev), minor(e->st.st_rdev));
  } else {
    printf("%8ld", (long)e->st.st_size);
  }
  printf(" %s %s", date, e->name);
  if (S_ISLNK(e->st.st_mode)) {
    char target[MAXPATHLEN];
    int n = readlink(e->path, target, sizeof(target) - 1);
    if (n >= 0) {
      target[n] = 0;
      printf(" -> %s", target);
    }
  }
  putchar('\n');
}

static void print_list(struct entry *v, int n, int total) {
  if (n == 0) return;
  qsort(v, (size_t)n, sizeof(struct entry), by_name);
  if (opt_l) {
    time_t now = time(NULL);
    if (total) {
      long blocks = 0;
      for (int i = 0; i < n; i++) blocks += v[i].st.st_blocks;
      printf("total %ld\n", blocks / 2);
    }
    for (int i = 0; i < n; i++) long_line(&v[i], now);
    return;
  }
  if (opt_1 || !isatty(1)) {
    for (int i = 0; i < n; i++) puts(v[i].name);
    return;
  }
  int width = 0;
  for (int i = 0; i < n; i++) {
    int len = (int)strlen(v[i].name);
    if (len > width) width = len;
  }
  width += 2;
  int cols = 80 / width;
  if (cols < 1) cols = 1;
  int rows = (n + cols - 1) / cols;
  for (int r = 0; r < rows; r++) {
    for (int c = 0; c < cols; c++) {
      int i = c * rows + r;
      if (i >= n) break;
      if (c + 1 < cols && i + rows < n) printf("%-*s", width, v[i].name);
      else fputs(v[i].name, stdout);
    }
    putchar('\n');
  }
}

static void free_list(struct entry *v, int n) {
  for (int i = 0; i < n; i++) {
    free(v[i].name);
    free(v[i].path);
  }
  free(v);
}

static int add(struct entry **v, int *n, int *cap, const char *name, const char *path) {
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 32;
    struct entry *nv = realloc(*v, (size_t)*cap * sizeof(struct entry));
    if (nv == NULL) return -1;
    *v = nv;
  }
  struct entry *e = &(*v)[*n];
  e->name = strdup(name);
  e->path = strdup(path);
  if (e->name == NULL || e->path == NULL) return -1;
  if (lstat(path, &e->st) < 0) {
    fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
    free(e->name);
    free(e->path);
    rc = 1;
    return 0;
  }
  (*n)++;
  return 0;
}

static void list_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL) {
    fprintf(stderr, "ls: %s: %s\n", dir, strerror(errno));
    rc = 1;
    return;
  }
  struct entry *v = NULL;
  int n = 0, cap = 0;
  struct dirent *e;
  char path[MAXPATHLEN + MAXNAMLEN + 2];
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' && !opt_a) continue;
    if (opt_l) snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    else path[0] = 0;
    if (opt_l) {
      if (add(&v, &n, &cap, e->d_name, path) < 0) break;
    } else {
      /* names only: no stat needed */
      if (n == cap) {
        cap = cap ? cap * 2 : 32;
        struct entry *nv = realloc(v, (size_t)cap * sizeof(struct entry));
        if (nv == NULL) break;
        v = nv;
      }
      v[n].name = strdup(e->d_name);
      v[n].path = NULL;
      if (v[n].name == NULL) break;
      n++;
    }
  }
  closedir(d);
  print_list(v, n, 1);
  free_list(v, n);
}

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    for (char *p = argv[i] + 1; *p; p++) {
      switch (*p) {
      case 'a': opt_a = 1; break;
      case 'l': opt_l = 1; break;
      case 'd': opt_d = 1; break;
      case '1': opt_1 = 1; break;
      default:
        fprintf(stderr, "usage: ls [-ald1] [name...]\n");
        return 1;
      }
    }
  }
  if (i >= argc) {
    if (opt_d) {
      struct entry *v = NULL;
      int n = 0, cap = 0;
      add(&v, &n, &cap, ".", ".");
      print_list(v, n, 0);
      free_list(v, n);
    } else {
      list_dir(".");
    }
    return rc;
  }
  /* files first, then each directory with a heading if there are several names */
  struct entry *files = NULL;
  int nf = 0, capf = 0;
  struct entry *dirs = NULL;
  int nd = 0, capd = 0;
  for (; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) < 0 && lstat(argv[i], &st) < 0) {
      fprintf(stderr, "ls: %s: %s\n", argv[i], strerror(errno));
      rc = 1;
      continue;
    }
    if (S_ISDIR(st.st_mode) && !opt_d) add(&dirs, &nd, &capd, argv[i], argv[i]);
    else add(&files, &nf, &capf, argv[i], argv[i]);
  }
  print_list(files, nf, 0);
  if (nd > 1) qsort(dirs, (size_t)nd, sizeof(struct entry), by_name);
  for (int k = 0; k < nd; k++) {
    if (nf > 0 || nd > 1) printf("%s%s:\n", (nf > 0 || k > 0) ? "\n" : "", dirs[k].name);
    list_dir(dirs[k].path);
  }
  free_list(files, nf);
  free_list(dirs, nd);
  return rc;
}
