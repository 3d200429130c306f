/* opendir/readdir/closedir on getdirentries(2). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIRBLKSIZ 1024

DIR *opendir(const char *name) {
  struct stat st;
  int fd = open(name, O_RDONLY, 0);
  if (fd < 0) return NULL;
  if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode)) {
    close(fd);
    errno = ENOTDIR;
    return NULL;
  }
  DIR *d = malloc(sizeof(DIR));
  char *buf = malloc(DIRBLKSIZ);
  if (d == NULL || buf == NULL) {
    free(d);
    free(buf);
    close(fd);
    errno = ENOMEM;
    return NULL;
  }
  d->dd_fd = fd;
  d->dd_loc = 0;
  d->dd_size = 0;
  d->dd_bbase = 0;
  d->dd_buf = buf;
  d->dd_bsize = DIRBLKSIZ;
  return d;
}

struct dirent *readdir(DIR *d) {
  for (;;) {
    if (d->dd_loc >= d->dd_size) {
      int n = getdirentries(d->dd_fd, d->dd_buf, d->dd_bsize, &d->dd_bbase);
      if (n <= 0) return NULL;
      d->dd_size = n;
      d->dd_loc = 0;
    }
    struct dirent *e = (struct dirent *)(d->dd_buf + d->dd_loc);
    /* a record that would not fit, or a zero length, ends this buffer */
    if (e->d_reclen == 0 || e->d_reclen > d->dd_size - d->dd_loc) {
      d->dd_loc = d->dd_size;
      continue;
    }
    d->dd_loc += e->d_reclen;
    if (e->d_fileno == 0) continue; /* unused slot */
    return e;
  }
}

void rewinddir(DIR *d) {
  lseek(d->dd_fd, 0, SEEK_SET);
  d->dd_loc = 0;
  d->dd_size = 0;
}

int closedir(DIR *d) {
  int r = close(d->dd_fd);
  free(d->dd_buf);
  free(d);
  return r;
}
