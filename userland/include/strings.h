/* strings.h - sun3lab libc: the BSD names */
#ifndef _STRINGS_H
#define _STRINGS_H
#include <string.h>
char *index(const char *s, int c);
char *rindex(const char *s, int c);
void bcopy(const void *src, void *dst, size_t n);
void bzero(void *s, size_t n);
int bcmp(const void *a, const void *b, size_t n);
int ffs(int i);
#endif
