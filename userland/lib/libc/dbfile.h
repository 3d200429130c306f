/* What pwd.c and grp.c share: reading a colon-separated file a line at a time. */
#ifndef _DBFILE_H
#define _DBFILE_H
#include <stdio.h>
/* Reads the next whole line of f into buf, without its newline; a line longer than buf is skipped. 0 at the end. */
int __read_line(FILE *f, char *buf, int size);
/* Opens *f on path, or goes back to its start if it is open; 1 if it is. */
int __rewind_file(FILE **f, const char *path);
/* Closes *f if it is open. */
void __close_file(FILE **f);
/* Splits s into n fields at `sep` (in place); 1 if it has exactly n. */
int __split_fields(char *s, int sep, char **field, int n);
#endif
