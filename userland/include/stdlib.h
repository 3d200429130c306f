/* stdlib.h - sun3lab libc */
#ifndef _STDLIB_H
#define _STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647

typedef struct {
  int quot;
  int rem;
} div_t;
typedef struct {
  long quot;
  long rem;
} ldiv_t;

void *malloc(size_t n);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);

void exit(int status) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));
int atexit(void (*fn)(void));

long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
int atoi(const char *s);
double atof(const char *s);
double strtod(const char *s, char **end);
float strtof(const char *s, char **end);
char *ecvt(double value, int ndigit, int *decpt, int *sign);
char *fcvt(double value, int ndigit, int *decpt, int *sign);
char *gcvt(double value, int ndigit, char *buf);
long atol(const char *s);

int abs(int x);
long labs(long x);
div_t div(int num, int den);
ldiv_t ldiv(long num, long den);

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t n, size_t size,
              int (*cmp)(const void *, const void *));

int rand(void);
void srand(unsigned seed);
/* 4.3BSD's better generator: random() gives 31 bits from a state of 8 to
 * 256 bytes (initstate; 128 by default), srandom seeds it, setstate
 * switches states. */
long random(void);
void srandom(unsigned seed);
char *initstate(unsigned seed, char *state, int n);
char *setstate(char *state);

/* Temporary files: template names ending in XXXXXX (the Xs replaced). */
char *mktemp(char *tmpl);
int mkstemp(char *tmpl);
/* The absolute path with no ".", ".." or symbolic links, into resolved (MAXPATHLEN bytes). */
char *realpath(const char *path, char *resolved);

char *getenv(const char *name);
int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);
int putenv(char *s);

int system(const char *cmd);

#endif
