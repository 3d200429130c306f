/* getline: getdelim up to a newline. (A file of its own: a program with its
 * own getline, as K&R's, must not pull this one in with getdelim.) */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>

ssize_t getline(char **line, size_t *size, FILE *f) { return getdelim(line, size, '\n', f); }
