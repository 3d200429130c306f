/* stdio.h - sun3lab libc */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>

#ifndef _SSIZE_T_DEFINED
#define _SSIZE_T_DEFINED
typedef int ssize_t;
#endif

#define EOF (-1)
#define BUFSIZ 1024
#define FOPEN_MAX 20
#define FILENAME_MAX 1024
#define L_tmpnam 32   /* room for tmpnam's names */
#define TMP_MAX 17576  /* names tmpnam makes before it repeats (26 * 26 * 26) */
#define P_tmpdir "/tmp/"
#define L_ctermid 9    /* "/dev/tty" */
#define L_cuserid 9    /* a login name (8) and its NUL */

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2

typedef struct _iobuf {
  int _fd;
  int _flags;            /* _SRD, _SWR, ... (stdio.c) */
  unsigned char *_buf;   /* buffer, or &_ch when unbuffered */
  int _bufsize;
  unsigned char *_rp;    /* next byte to read */
  unsigned char *_rend;  /* end of the bytes read */
  unsigned char *_wp;    /* next byte to write */
  int _unget;            /* pushed-back byte, or -1 */
  unsigned char _ch;
} FILE;

extern FILE __iob[FOPEN_MAX];
#define stdin (&__iob[0])
#define stdout (&__iob[1])
#define stderr (&__iob[2])

typedef long fpos_t;

FILE *fopen(const char *path, const char *mode);
FILE *fdopen(int fd, const char *mode);
FILE *freopen(const char *path, const char *mode, FILE *f);
int fclose(FILE *f);
int fflush(FILE *f);
size_t fread(void *buf, size_t size, size_t n, FILE *f);
size_t fwrite(const void *buf, size_t size, size_t n, FILE *f);
int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
char *fgets(char *s, int n, FILE *f);
char *gets(char *s);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fputs(const char *s, FILE *f);
int puts(const char *s);
int ungetc(int c, FILE *f);
int fseek(FILE *f, long off, int whence);
long ftell(FILE *f);
void rewind(FILE *f);
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);
int fileno(FILE *f);
void setbuf(FILE *f, char *buf);
int setvbuf(FILE *f, char *buf, int mode, size_t size);
void setlinebuf(FILE *f);
void setbuffer(FILE *f, char *buf, int size);
int fgetpos(FILE *f, fpos_t *pos);
int fsetpos(FILE *f, const fpos_t *pos);

/* A command with its standard output (mode "r") or input ("w") on a pipe. */
FILE *popen(const char *command, const char *mode);
int pclose(FILE *f);

/* Temporary files: tmpfile is removed when closed (or the program ends);
 * tmpnam and tempnam make names that are not in use. */
FILE *tmpfile(void);
char *tmpnam(char *s);
char *tempnam(const char *dir, const char *prefix);

/* A line in a buffer of the library's, *len bytes with its newline and no
 * NUL, good until the next call (4.4BSD's fgetln). */
char *fgetln(FILE *f, size_t *len);
/* A whole line (with its newline) of any length into *line, grown with
 * malloc: its length, or -1 at the end (POSIX.1-2008's getline and
 * getdelim). Declared only when asked for, so that the many programs of
 * the time with a getline of their own (K&R's) still compile. */
#if defined(_GNU_SOURCE) || defined(_BSD_SOURCE) || (defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 200809L)
ssize_t getline(char **line, size_t *size, FILE *f);
ssize_t getdelim(char **line, size_t *size, int delim, FILE *f);
#endif

/* "/dev/tty", and the name of the effective user. */
char *ctermid(char *s);
char *cuserid(char *s);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sprintf(char *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *s, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vprintf(const char *fmt, va_list ap);
int vfprintf(FILE *f, const char *fmt, va_list ap);
int vsprintf(char *s, const char *fmt, va_list ap);
int vsnprintf(char *s, size_t n, const char *fmt, va_list ap);

int scanf(const char *fmt, ...) __attribute__((format(scanf, 1, 2)));
int fscanf(FILE *f, const char *fmt, ...) __attribute__((format(scanf, 2, 3)));
int sscanf(const char *s, const char *fmt, ...) __attribute__((format(scanf, 2, 3)));
int vscanf(const char *fmt, va_list ap);
int vfscanf(FILE *f, const char *fmt, va_list ap);
int vsscanf(const char *s, const char *fmt, va_list ap);

void perror(const char *s);
int remove(const char *path);
int rename(const char *from, const char *to);

#endif
