/* RPC program names from /etc/rpc (SunOS 4's getrpcent.c): "name number
 * aliases...", a line each; rpcinfo prints them beside the numbers. */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dbfile.h"

#define MAXALIASES 16

static FILE *rpcf;
static int stayopen;
static char line[512];
static char *words[MAXALIASES + 3];
static struct rpcent rpc;

void setrpcent(int stay) {
  __rewind_file(&rpcf, _PATH_RPC);
  stayopen |= stay;
}

void endrpcent(void) {
  if (!stayopen) __close_file(&rpcf);
}

struct rpcent *getrpcent(void) {
  int n;
  while ((n = __next_words(&rpcf, _PATH_RPC, line, sizeof(line), words, MAXALIASES + 2)) > 0) {
    if (n < 2) continue;
    char *end;
    long num = strtol(words[1], &end, 10);
    if (*end != 0 || end == words[1] || num < 0) continue;
    words[n] = NULL;
    rpc.r_name = words[0];
    rpc.r_number = (int)num;
    rpc.r_aliases = &words[2];
    return &rpc;
  }
  return NULL;
}

struct rpcent *getrpcbyname(const char *name) {
  struct rpcent *r;
  setrpcent(0);
  while ((r = getrpcent()) != NULL)
    if (__is_named(r->r_name, r->r_aliases, name, 0)) break;
  endrpcent();
  return r;
}

struct rpcent *getrpcbynumber(int number) {
  struct rpcent *r;
  setrpcent(0);
  while ((r = getrpcent()) != NULL)
    if (r->r_number == number) break;
  endrpcent();
  return r;
}
