/* What pwd.c, grp.c and the network databases (hosts, services, protocols)
 * share: reading a text file a line at a time. */
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
/* The next line of *f (opened on path if it is not open) that has words,
 * split at blanks in place into at most max words, a '#' beginning a
 * comment. Returns how many words (at least 1), 0 at the end. */
int __next_words(FILE **f, const char *path, char *buf, int size, char **word, int max);
/* Whether want is name or one of the null-terminated aliases; letters
 * compared without case if fold. */
int __is_named(const char *name, char **aliases, const char *want, int fold);
#endif
