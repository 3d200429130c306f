/* Buffered streams. A stream is either reading (bytes between _rp and _rend
 * are buffered input) or writing (bytes between _buf and _wp wait to be
 * written), never both; switching direction flushes or discards. Output to a
 * terminal is line-buffered, stderr is unbuffered, everything else is fully
 * buffered. The buffers are BUFSIZ bytes; stdin's and stdout's are static,
 * as SunOS's _sibuf and _sobuf are, so that the first printf does not move
 * the break; other streams get theirs from malloc when first used. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stdio_impl.h"

FILE __iob[FOPEN_MAX] = {
    {0, _SRD | _SUSED, NULL, 0, NULL, NULL, NULL, -1, 0},
    {1, _SWR | _SUSED, NULL, 0, NULL, NULL, NULL, -1, 0},
    {2, _SWR | _SUSED | _SNBF, NULL, 0, NULL, NULL, NULL, -1, 0},
};

static unsigned char sibuf[BUFSIZ];
static unsigned char sobuf[BUFSIZ];

static int is_terminal(int fd) {
  struct stat st;
  if (isatty(fd)) return 1;
  return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode);
}

/* Give the stream its buffer and decide its buffering on first use. */
static void setup(FILE *f) {
  if (f->_buf != NULL) return;
  if (!(f->_flags & (_SNBF | _SLBF | _SFBF)) && is_terminal(f->_fd)) f->_flags |= _SLBF;
  if (!(f->_flags & _SNBF)) {
    if (f == stdin || f == stdout) {
      f->_buf = f == stdin ? sibuf : sobuf;
      f->_bufsize = BUFSIZ;
    } else if ((f->_buf = malloc(BUFSIZ)) != NULL) {
      f->_bufsize = BUFSIZ;
      f->_flags |= _SMYBUF;
    } else {
      f->_flags |= _SNBF;
    }
  }
  if (f->_buf == NULL) {
    f->_buf = &f->_ch;
    f->_bufsize = 1;
  }
  f->_rp = f->_rend = f->_wp = f->_buf;
}

static int write_all(FILE *f, const unsigned char *p, size_t n) {
  while (n > 0) {
    int w = write(f->_fd, p, n);
    if (w <= 0) {
      if (w < 0 && errno == EINTR) continue;
      f->_flags |= _SERR;
      return EOF;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static int flush_one(FILE *f) {
  if (!(f->_flags & _SWRITING) || f->_buf == NULL) return 0;
  size_t n = (size_t)(f->_wp - f->_buf);
  f->_wp = f->_buf;
  if (n == 0) return 0;
  return write_all(f, f->_buf, n);
}

int fflush(FILE *f) {
  if (f == NULL) {
    int r = 0;
    for (int i = 0; i < FOPEN_MAX; i++) {
      if ((__iob[i]._flags & _SUSED) && flush_one(&__iob[i]) != 0) r = EOF;
    }
    return r;
  }
  return flush_one(f);
}

void __stdio_exit(void) { fflush(NULL); }

/* Make f a writing stream. */
static int to_writing(FILE *f) {
  if (f->_flags & _SWRITING) return 0;
  if (!(f->_flags & _SWR)) {
    f->_flags |= _SERR;
    errno = EBADF;
    return EOF;
  }
  setup(f);
  if (f->_flags & _SREADING) {
    /* give back what was read ahead */
    long ahead = (long)(f->_rend - f->_rp) + (f->_unget >= 0 ? 1 : 0);
    if (ahead > 0) lseek(f->_fd, -ahead, SEEK_CUR);
    f->_rp = f->_rend = f->_buf;
    f->_unget = -1;
    f->_flags &= ~_SREADING;
  }
  f->_wp = f->_buf;
  f->_flags |= _SWRITING;
  return 0;
}

/* Make f a reading stream. */
static int to_reading(FILE *f) {
  if (f->_flags & _SREADING) return 0;
  if (!(f->_flags & _SRD)) {
    f->_flags |= _SERR;
    errno = EBADF;
    return EOF;
  }
  setup(f);
  if (f->_flags & _SWRITING) {
    if (flush_one(f) != 0) return EOF;
    f->_flags &= ~_SWRITING;
  }
  f->_rp = f->_rend = f->_buf;
  f->_flags |= _SREADING;
  return 0;
}

/* Before reading: output waiting on terminals goes out (prompts). */
static void flush_terminals(void) {
  for (int i = 0; i < FOPEN_MAX; i++) {
    FILE *g = &__iob[i];
    if ((g->_flags & (_SUSED | _SWRITING)) == (_SUSED | _SWRITING) && (g->_flags & (_SLBF | _SNBF))) {
      flush_one(g);
    }
  }
}

/* Read more into the buffer; returns the number of bytes now buffered (0 at
 * EOF or on error, with the flag set). */
static int refill(FILE *f) {
  if (to_reading(f) != 0) return 0;
  if (f->_flags & _SEOF) return 0;
  flush_terminals();
  int n;
  do {
    n = read(f->_fd, f->_buf, f->_bufsize);
  } while (n < 0 && errno == EINTR);
  f->_rp = f->_buf;
  if (n <= 0) {
    f->_rend = f->_buf;
    f->_flags |= n == 0 ? _SEOF : _SERR;
    return 0;
  }
  f->_rend = f->_buf + n;
  return n;
}

int fgetc(FILE *f) {
  if (f->_unget >= 0 && (f->_flags & _SREADING)) {
    int c = f->_unget;
    f->_unget = -1;
    return c;
  }
  if ((f->_flags & _SREADING) && f->_rp < f->_rend) return *f->_rp++;
  if (refill(f) == 0) return EOF;
  return *f->_rp++;
}

int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

int ungetc(int c, FILE *f) {
  if (c == EOF || to_reading(f) != 0) return EOF;
  if (f->_rp > f->_buf && f->_unget < 0) {
    *--f->_rp = (unsigned char)c;
  } else if (f->_unget < 0) {
    f->_unget = (unsigned char)c;
  } else {
    return EOF;
  }
  f->_flags &= ~_SEOF;
  return (unsigned char)c;
}

int fputc(int c, FILE *f) {
  if (!(f->_flags & _SWRITING) && to_writing(f) != 0) return EOF;
  *f->_wp++ = (unsigned char)c;
  if (f->_wp >= f->_buf + f->_bufsize || (f->_flags & _SNBF) || ((f->_flags & _SLBF) && c == '\n')) {
    if (flush_one(f) != 0) return EOF;
  }
  return (unsigned char)c;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

size_t fwrite(const void *buf, size_t size, size_t n, FILE *f) {
  size_t total = size * n;
  const unsigned char *p = buf;
  size_t left = total;
  if (total == 0) return 0;
  if (to_writing(f) != 0) return 0;
  if (f->_flags & _SNBF) {
    if (flush_one(f) != 0 || write_all(f, p, total) != 0) return 0;
    return n;
  }
  while (left > 0) {
    size_t room = (size_t)(f->_buf + f->_bufsize - f->_wp);
    if (room == 0) {
      if (flush_one(f) != 0) return (total - left) / size;
      continue;
    }
    if (f->_wp == f->_buf && left >= (size_t)f->_bufsize) {
      /* big write with an empty buffer: straight through */
      size_t chunk = left - left % (size_t)f->_bufsize;
      if (write_all(f, p, chunk) != 0) return (total - left) / size;
      p += chunk;
      left -= chunk;
      continue;
    }
    size_t k = left < room ? left : room;
    memcpy(f->_wp, p, k);
    f->_wp += k;
    p += k;
    left -= k;
  }
  if ((f->_flags & _SLBF) && memchr(buf, '\n', total) != NULL) {
    if (flush_one(f) != 0) return 0;
  }
  return n;
}

size_t fread(void *buf, size_t size, size_t n, FILE *f) {
  size_t total = size * n;
  unsigned char *p = buf;
  size_t got = 0;
  if (total == 0) return 0;
  if (to_reading(f) != 0) return 0;
  if (f->_unget >= 0) {
    *p++ = (unsigned char)f->_unget;
    f->_unget = -1;
    got = 1;
  }
  while (got < total) {
    size_t have = (size_t)(f->_rend - f->_rp);
    if (have == 0) {
      if (total - got >= (size_t)f->_bufsize && !(f->_flags & _SEOF)) {
        flush_terminals();
        int r = read(f->_fd, p, total - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
          f->_flags |= r == 0 ? _SEOF : _SERR;
          break;
        }
        p += r;
        got += (size_t)r;
        continue;
      }
      if (refill(f) == 0) break;
      continue;
    }
    size_t k = total - got < have ? total - got : have;
    memcpy(p, f->_rp, k);
    f->_rp += k;
    p += k;
    got += k;
  }
  return got / size;
}

char *fgets(char *s, int n, FILE *f) {
  int i = 0;
  if (n <= 0) return NULL;
  while (i < n - 1) {
    int c = fgetc(f);
    if (c == EOF) break;
    s[i++] = (char)c;
    if (c == '\n') break;
  }
  if (i == 0) return NULL;
  s[i] = 0;
  return s;
}

char *gets(char *s) {
  int i = 0;
  int c;
  while ((c = fgetc(stdin)) != EOF && c != '\n') s[i++] = (char)c;
  if (c == EOF && i == 0) return NULL;
  s[i] = 0;
  return s;
}

int fputs(const char *s, FILE *f) {
  size_t n = strlen(s);
  return fwrite(s, 1, n, f) == n ? 0 : EOF;
}

int puts(const char *s) {
  if (fputs(s, stdout) == EOF) return EOF;
  return fputc('\n', stdout) == EOF ? EOF : 0;
}

static int parse_mode(const char *mode, int *oflags) {
  int f;
  int flags;
  switch (mode[0]) {
  case 'r':
    f = O_RDONLY;
    flags = _SRD;
    break;
  case 'w':
    f = O_WRONLY | O_CREAT | O_TRUNC;
    flags = _SWR;
    break;
  case 'a':
    f = O_WRONLY | O_CREAT | O_APPEND;
    flags = _SWR;
    break;
  default:
    errno = EINVAL;
    return -1;
  }
  for (const char *m = mode + 1; *m; m++) {
    if (*m == '+') {
      f = (f & ~O_ACCMODE) | O_RDWR;
      flags = _SRD | _SWR;
    }
  }
  *oflags = f;
  return flags;
}

static FILE *new_stream(int fd, int flags) {
  for (int i = 3; i < FOPEN_MAX; i++) {
    FILE *f = &__iob[i];
    if (!(f->_flags & _SUSED)) {
      memset(f, 0, sizeof(*f));
      f->_fd = fd;
      f->_flags = flags | _SUSED;
      f->_unget = -1;
      return f;
    }
  }
  errno = EMFILE;
  return NULL;
}

FILE *fopen(const char *path, const char *mode) {
  int oflags;
  int flags = parse_mode(mode, &oflags);
  if (flags < 0) return NULL;
  int fd = open(path, oflags, 0666);
  if (fd < 0) return NULL;
  FILE *f = new_stream(fd, flags);
  if (f == NULL) close(fd);
  return f;
}

FILE *fdopen(int fd, const char *mode) {
  int oflags;
  int flags = parse_mode(mode, &oflags);
  if (flags < 0) return NULL;
  return new_stream(fd, flags);
}

static void release(FILE *f) {
  if (f->_flags & _SMYBUF) free(f->_buf);
  f->_buf = NULL;
  f->_bufsize = 0;
  f->_rp = f->_rend = f->_wp = NULL;
  f->_unget = -1;
}

int fclose(FILE *f) {
  int r = 0;
  if (f == NULL || !(f->_flags & _SUSED)) return EOF;
  if (flush_one(f) != 0) r = EOF;
  if (close(f->_fd) < 0) r = EOF;
  release(f);
  f->_flags = 0;
  return r;
}

FILE *freopen(const char *path, const char *mode, FILE *f) {
  int oflags;
  int flags = parse_mode(mode, &oflags);
  if (flags < 0) return NULL;
  flush_one(f);
  int oldfd = f->_fd;
  close(oldfd);
  release(f);
  int fd = open(path, oflags, 0666);
  if (fd < 0) {
    f->_flags = 0;
    return NULL;
  }
  if (fd != oldfd && oldfd <= 2 && dup2(fd, oldfd) >= 0) {
    close(fd);
    fd = oldfd;
  }
  f->_fd = fd;
  f->_flags = flags | _SUSED;
  return f;
}

int fseek(FILE *f, long off, int whence) {
  if (f->_flags & _SWRITING) {
    if (flush_one(f) != 0) return -1;
  }
  if (whence == SEEK_CUR && (f->_flags & _SREADING)) {
    off -= (long)(f->_rend - f->_rp) + (f->_unget >= 0 ? 1 : 0);
  }
  if (lseek(f->_fd, off, whence) < 0) return -1;
  if (f->_buf != NULL) f->_rp = f->_rend = f->_wp = f->_buf;
  f->_unget = -1;
  f->_flags &= ~(_SEOF | _SREADING | _SWRITING);
  return 0;
}

long ftell(FILE *f) {
  long pos = lseek(f->_fd, 0, SEEK_CUR);
  if (pos < 0) return -1;
  if (f->_flags & _SREADING) pos -= (long)(f->_rend - f->_rp) + (f->_unget >= 0 ? 1 : 0);
  if (f->_flags & _SWRITING) pos += (long)(f->_wp - f->_buf);
  return pos;
}

void rewind(FILE *f) {
  fseek(f, 0, SEEK_SET);
  f->_flags &= ~_SERR;
}

int feof(FILE *f) { return (f->_flags & _SEOF) != 0; }
int ferror(FILE *f) { return (f->_flags & _SERR) != 0; }
void clearerr(FILE *f) { f->_flags &= ~(_SEOF | _SERR); }
int fileno(FILE *f) { return f->_fd; }

int setvbuf(FILE *f, char *buf, int mode, size_t size) {
  flush_one(f);
  release(f);
  f->_flags &= ~(_SNBF | _SLBF | _SFBF | _SREADING | _SWRITING);
  if (mode == _IONBF) {
    f->_flags |= _SNBF;
    return 0;
  }
  f->_flags |= mode == _IOLBF ? _SLBF : _SFBF;
  if (buf != NULL && size > 0) {
    f->_buf = (unsigned char *)buf;
    f->_bufsize = (int)size;
    f->_rp = f->_rend = f->_wp = f->_buf;
  }
  return 0;
}

void setbuf(FILE *f, char *buf) { setvbuf(f, buf, buf != NULL ? _IOFBF : _IONBF, BUFSIZ); }
void setbuffer(FILE *f, char *buf, int size) { setvbuf(f, buf, buf != NULL ? _IOFBF : _IONBF, (size_t)size); }
void setlinebuf(FILE *f) { setvbuf(f, NULL, _IOLBF, 0); }

/* The position as fgetpos keeps it: the offset ftell gives. */
int fgetpos(FILE *f, fpos_t *pos) {
  long at = ftell(f);
  if (at < 0) return -1;
  *pos = at;
  return 0;
}

int fsetpos(FILE *f, const fpos_t *pos) { return fseek(f, *pos, SEEK_SET); }

int remove(const char *path) {
  struct stat st;
  if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) return rmdir(path);
  return unlink(path);
}
