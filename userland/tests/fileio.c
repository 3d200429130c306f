/* File I/O round trips: system calls (open/read/write/lseek/stat/dup/pipe,
 * rename/link/unlink, mkdir/rmdir, getdirentries via readdir, getcwd) and
 * stdio (fopen/fprintf/fgets/fscanf/fread/fwrite/fseek/ungetc); a trailing
 * slash means "a directory" (ENOTDIR for a file, a new name only for
 * mkdir); lseek on a pipe is ESPIPE. Works in a scratch directory under
 * /tmp (or the directory given as argv[1]). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

/* The error for creating "name/": ENOTDIR here (Linux, under qemu, says EISDIR). */
#ifdef SUN3LAB_LINUX
#define NOT_A_FILE(e) ((e) == ENOTDIR || (e) == EISDIR)
#else
#define NOT_A_FILE(e) ((e) == ENOTDIR)
#endif

static char big[20000];
static char back[20000];

int main(int argc, char **argv) {
  char dir[MAXPATHLEN];
  char cwd[MAXPATHLEN];
  struct stat st;
  const char *base = argc > 1 ? argv[1] : "/tmp";

  snprintf(dir, sizeof(dir), "%s/fileio.%d", base, getpid());
  CHECK(mkdir(dir, 0755) == 0, "mkdir %s", dir);
  CHECK(chdir(dir) == 0, "chdir into it");
  CHECK(getcwd(cwd, sizeof(cwd)) != NULL && strcmp(cwd, dir) == 0, "getcwd gives %s", cwd);

  /* raw system calls */
  int fd = open("a", O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0, "open O_CREAT");
  for (int i = 0; i < (int)sizeof(big); i++) big[i] = (char)(i * 7 + (i >> 8));
  CHECK(write(fd, big, sizeof(big)) == (int)sizeof(big), "write %d bytes", (int)sizeof(big));
  CHECK(lseek(fd, 0, SEEK_CUR) == (long)sizeof(big), "lseek SEEK_CUR is at the end");
  CHECK(lseek(fd, 0, SEEK_SET) == 0, "lseek to 0");
  int got = 0;
  int n;
  while ((n = read(fd, back + got, sizeof(back) - got)) > 0) got += n;
  CHECK(got == (int)sizeof(big) && memcmp(big, back, sizeof(big)) == 0, "read back the same bytes");
  CHECK(read(fd, back, 10) == 0, "read at EOF gives 0");
  CHECK(lseek(fd, 5000, SEEK_SET) == 5000 && read(fd, back, 4) == 4 && memcmp(back, big + 5000, 4) == 0,
        "lseek into the middle and read");
  CHECK(fstat(fd, &st) == 0 && st.st_size == (long)sizeof(big) && S_ISREG(st.st_mode), "fstat size %ld",
        (long)st.st_size);
  CHECK(lseek(fd, 30000, SEEK_SET) == 30000 && write(fd, "z", 1) == 1, "write past the end (a hole)");
  CHECK(lseek(fd, 25000, SEEK_SET) == 25000 && read(fd, back, 4) == 4 && back[0] == 0 && back[3] == 0,
        "the hole reads as zeros");
  CHECK(stat("a", &st) == 0 && st.st_size == 30001, "stat size 30001");
  int fd2 = dup(fd);
  CHECK(fd2 > fd && lseek(fd2, 0, SEEK_CUR) == 25004, "dup shares the offset");
  CHECK(dup2(fd, 9) == 9 && lseek(9, 0, SEEK_SET) == 0 && lseek(fd, 0, SEEK_CUR) == 0, "dup2 to 9");
  close(9);
  close(fd2);
  CHECK(close(fd) == 0, "close");
  CHECK(close(fd) < 0 && errno == EBADF, "close again is EBADF");

  fd = open("a", O_WRONLY | O_APPEND, 0);
  CHECK(fd >= 0 && write(fd, "END", 3) == 3, "append");
  close(fd);
  CHECK(stat("a", &st) == 0 && st.st_size == 30004, "append grew the file to 30004");
  fd = open("a", O_WRONLY | O_TRUNC, 0);
  close(fd);
  CHECK(stat("a", &st) == 0 && st.st_size == 0, "O_TRUNC empties it");
  CHECK(open("a", O_RDWR | O_CREAT | O_EXCL, 0644) < 0 && errno == EEXIST, "O_EXCL on an existing file");
  CHECK(open("nothere", O_RDONLY, 0) < 0 && errno == ENOENT, "open a missing file is ENOENT");
  fd = creat("c", 0600);
  CHECK(fd >= 0 && write(fd, "creat", 5) == 5, "creat");
  close(fd);

  /* names */
  CHECK(link("c", "d") == 0 && stat("d", &st) == 0 && st.st_nlink == 2, "link: two links");
  CHECK(rename("d", "e") == 0 && access("d", F_OK) < 0 && access("e", F_OK) == 0, "rename");
  CHECK(unlink("e") == 0 && stat("c", &st) == 0 && st.st_nlink == 1, "unlink: one link left");
  CHECK(mkdir("sub", 0755) == 0 && stat("sub", &st) == 0 && S_ISDIR(st.st_mode), "mkdir sub");
  CHECK(mkdir("sub", 0755) < 0 && errno == EEXIST, "mkdir again is EEXIST");
  fd = open("sub/inner", O_WRONLY | O_CREAT, 0644);
  close(fd);
  CHECK(rmdir("sub") < 0 && errno == ENOTEMPTY, "rmdir of a non-empty directory is ENOTEMPTY");
  CHECK(chdir("sub") == 0 && getcwd(cwd, sizeof(cwd)) != NULL && strncmp(cwd, dir, strlen(dir)) == 0 &&
            strcmp(cwd + strlen(dir), "/sub") == 0,
        "getcwd in a subdirectory");
  CHECK(chdir("..") == 0, "chdir ..");

  /* directories */
  DIR *d = opendir(".");
  int seen = 0;
  struct dirent *e;
  CHECK(d != NULL, "opendir .");
  while (d != NULL && (e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0) seen |= 1;
    else if (strcmp(e->d_name, "..") == 0) seen |= 2;
    else if (strcmp(e->d_name, "a") == 0) seen |= 4;
    else if (strcmp(e->d_name, "c") == 0) seen |= 8;
    else if (strcmp(e->d_name, "sub") == 0) seen |= 16;
    else seen |= 32;
  }
  if (d != NULL) closedir(d);
  CHECK(seen == 31, "readdir finds . .. a c sub and nothing else (mask %d)", seen);

  /* pipes */
  int p[2];
  char buf[64];
  CHECK(pipe(p) == 0, "pipe");
  CHECK(write(p[1], "through the pipe", 16) == 16, "write into the pipe");
  close(p[1]);
  n = read(p[0], buf, sizeof(buf));
  CHECK(n == 16 && memcmp(buf, "through the pipe", 16) == 0, "read it back");
  CHECK(read(p[0], buf, sizeof(buf)) == 0, "EOF once the writer is closed");
  errno = 0;
  CHECK(lseek(p[0], 0, SEEK_SET) == -1 && errno == ESPIPE, "lseek on a pipe: ESPIPE (errno %d)", errno);
  close(p[0]);

  /* A trailing slash: the name must be a directory. */
  errno = 0;
  CHECK(open("a/", O_RDONLY, 0) == -1 && errno == ENOTDIR, "open(\"file/\"): ENOTDIR (errno %d)", errno);
  errno = 0;
  CHECK(stat("a/", &st) == -1 && errno == ENOTDIR, "stat(\"file/\"): ENOTDIR (errno %d)", errno);
  errno = 0;
  n = creat("newfile/", 0644);
  int err = errno;
  CHECK(n == -1 && NOT_A_FILE(err) && access("newfile", 0) == -1, "creat(\"newfile/\"): ENOTDIR, and no file made (errno %d)",
        err);
  errno = 0;
  CHECK(open("newfile/", O_WRONLY | O_CREAT, 0644) == -1 && NOT_A_FILE(errno), "open(\"newfile/\", O_CREAT): ENOTDIR");
  errno = 0;
  CHECK(unlink("a/") == -1 && errno == ENOTDIR && access("a", 0) == 0, "unlink(\"file/\"): ENOTDIR, file kept");
  CHECK(stat("sub/", &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR, "stat(\"dir/\") works");
  CHECK(mkdir("newdir/", 0755) == 0 && rmdir("newdir/") == 0, "mkdir(\"newdir/\") and rmdir(\"newdir/\") work");

  /* stdio */
  FILE *f = fopen("s", "w");
  CHECK(f != NULL, "fopen w");
  for (int i = 0; i < 500; i++) fprintf(f, "line %d %s\n", i, i % 2 ? "odd" : "even");
  CHECK(fclose(f) == 0, "fclose");
  f = fopen("s", "r");
  int lines = 0;
  int ok = 1;
  char line[80];
  while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
    int k;
    char word[8];
    if (sscanf(line, "line %d %7s", &k, word) != 2 || k != lines || strcmp(word, k % 2 ? "odd" : "even") != 0)
      ok = 0;
    lines++;
  }
  CHECK(ok && lines == 500, "fgets/sscanf read the 500 lines back");
  CHECK(f != NULL && feof(f) && !ferror(f), "feof set, ferror clear");
  rewind(f);
  int k1, k2;
  char w1[8], w2[8];
  CHECK(fscanf(f, "line %d %7s line %d %7s", &k1, w1, &k2, w2) == 4 && k1 == 0 && k2 == 1 &&
            strcmp(w2, "odd") == 0,
        "fscanf after rewind");
  CHECK(fseek(f, 5, SEEK_SET) == 0 && fgetc(f) == '0' && ftell(f) == 6, "fseek/fgetc/ftell");
  CHECK(ungetc('X', f) == 'X' && fgetc(f) == 'X' && fgetc(f) == ' ', "ungetc");
  fclose(f);

  f = fopen("bin", "w+");
  CHECK(f != NULL && fwrite(big, 1, sizeof(big), f) == sizeof(big), "fwrite 20000 bytes");
  CHECK(fseek(f, 0, SEEK_SET) == 0 && fread(back, 1, sizeof(back), f) == sizeof(big) &&
            memcmp(big, back, sizeof(big)) == 0,
        "fread them back (w+)");
  fclose(f);
  f = fopen("bin", "a");
  fputs("tail", f);
  fclose(f);
  CHECK(stat("bin", &st) == 0 && st.st_size == 20004, "fopen a appends");

  /* clean up */
  unlink("a");
  unlink("c");
  unlink("s");
  unlink("bin");
  unlink("sub/inner");
  rmdir("sub");
  chdir("/");
  CHECK(rmdir(dir) == 0, "remove the scratch directory");
  return DONE("fileio");
}
