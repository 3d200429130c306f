/* dirent.h - sun3lab libc. readdir() returns the getdirentries(2) records
 * themselves: d_fileno (4 bytes), d_reclen (2), d_namlen (2), then the name,
 * NUL-terminated and padded to a multiple of 4 bytes. */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <sys/types.h>

#define MAXNAMLEN 255

struct dirent {
  unsigned long d_fileno;
  unsigned short d_reclen;
  unsigned short d_namlen;
  char d_name[MAXNAMLEN + 1];
};
#define d_ino d_fileno

typedef struct _dirdesc {
  int dd_fd;
  long dd_loc;     /* offset of the next record in dd_buf */
  long dd_size;    /* bytes in dd_buf */
  long dd_bbase;   /* basep from getdirentries */
  char *dd_buf;
  int dd_bsize;
} DIR;

DIR *opendir(const char *name);
struct dirent *readdir(DIR *dirp);
void rewinddir(DIR *dirp);
int closedir(DIR *dirp);

#endif
