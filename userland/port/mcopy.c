/* mcopy: copy a file with memory-mapped I/O (in the style of Stevens'
 * APUE, chapter 12): the input mapped read-only, the output given its
 * length by seeking past the end and writing a byte, then mapped
 * MAP_SHARED and filled with memcpy; the copy is on the disk when the
 * program ends. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static void fatal(const char *what) {
  perror(what);
  exit(1);
}

int main(int argc, char *argv[]) {
  int fdin, fdout;
  char *src, *dst;
  struct stat st;

  if (argc != 3) {
    fprintf(stderr, "usage: mcopy <fromfile> <tofile>\n");
    exit(2);
  }
  if ((fdin = open(argv[1], O_RDONLY)) < 0) fatal(argv[1]);
  if ((fdout = open(argv[2], O_RDWR | O_CREAT | O_TRUNC, 0644)) < 0) fatal(argv[2]);
  if (fstat(fdin, &st) < 0) fatal("fstat");

  /* Set the output's size: a mapping never makes a file longer. */
  if (lseek(fdout, st.st_size - 1, SEEK_SET) == -1) fatal("lseek");
  if (write(fdout, "", 1) != 1) fatal("write");

  if ((src = mmap(0, st.st_size, PROT_READ, MAP_SHARED, fdin, 0)) == MAP_FAILED) fatal("mmap of the input");
  if ((dst = mmap(0, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fdout, 0)) == MAP_FAILED)
    fatal("mmap of the output");

  memcpy(dst, src, st.st_size);
  printf("copied %ld bytes\n", (long)st.st_size);
  return 0;
}
