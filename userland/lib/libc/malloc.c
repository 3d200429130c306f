/* malloc, free, realloc, calloc on sbrk.
 *
 * Every block starts with a header holding its size in units of 8 bytes
 * (header included). Free blocks sit on a list kept in address order, so that
 * free() can merge a block with the free neighbours on either side. Allocation
 * takes the first block that is big enough and splits off the tail. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef union header {
  struct {
    union header *next; /* next free block (free blocks only) */
    size_t units;       /* block size in units, header included */
  } h;
  long long align;       /* 8 bytes */
} Header;

#define UNIT sizeof(Header)
/* The heap grows by at least a page (8 KB) at a time, as SunOS's malloc does. */
#define MIN_GROW_UNITS (8192 / UNIT)

static Header *freelist; /* lowest-addressed free block, or NULL */

static void insert_free(Header *b) {
  Header *prev = NULL;
  Header *cur = freelist;
  while (cur != NULL && cur < b) {
    prev = cur;
    cur = cur->h.next;
  }
  /* merge with the following block */
  if (cur != NULL && b + b->h.units == cur) {
    b->h.units += cur->h.units;
    b->h.next = cur->h.next;
  } else {
    b->h.next = cur;
  }
  /* merge with the preceding block */
  if (prev != NULL && prev + prev->h.units == b) {
    prev->h.units += b->h.units;
    prev->h.next = b->h.next;
  } else if (prev != NULL) {
    prev->h.next = b;
  } else {
    freelist = b;
  }
}

static int grow(size_t units) {
  if (units < MIN_GROW_UNITS) units = MIN_GROW_UNITS;
  if (units > 0x7fffffff / UNIT) return -1;
  char *p = sbrk((int)(units * UNIT));
  if (p == (char *)-1) return -1;
  Header *b = (Header *)p;
  b->h.units = units;
  insert_free(b);
  return 0;
}

void *malloc(size_t n) {
  if (n == 0) n = 1;
  if (n > 0x7ffffff0u) return NULL;
  size_t units = (n + UNIT - 1) / UNIT + 1;
  for (;;) {
    Header *prev = NULL;
    for (Header *b = freelist; b != NULL; prev = b, b = b->h.next) {
      if (b->h.units < units) continue;
      if (b->h.units == units) {
        if (prev != NULL) prev->h.next = b->h.next;
        else freelist = b->h.next;
      } else {
        /* hand out the tail, keep the head on the list */
        b->h.units -= units;
        b += b->h.units;
        b->h.units = units;
      }
      b->h.next = NULL;
      return b + 1;
    }
    if (grow(units) < 0) return NULL;
  }
}

void free(void *p) {
  if (p == NULL) return;
  insert_free((Header *)p - 1);
}

void *calloc(size_t n, size_t size) {
  if (size != 0 && n > 0xffffffffu / size) return NULL;
  void *p = malloc(n * size);
  if (p != NULL) memset(p, 0, n * size);
  return p;
}

void *realloc(void *p, size_t n) {
  if (p == NULL) return malloc(n);
  if (n == 0) {
    free(p);
    return NULL;
  }
  Header *b = (Header *)p - 1;
  size_t have = (b->h.units - 1) * UNIT;
  if (n <= have) return p;
  void *q = malloc(n);
  if (q == NULL) return NULL;
  memcpy(q, p, have);
  free(p);
  return q;
}
