/* Protocols from /etc/protocols (4.3BSD's getprotoent.c, getprotoname.c
 * and getproto.c): "name number aliases...", a line each. */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dbfile.h"

#define MAXALIASES 16

static FILE *protof;
static int stayopen;
static char line[512];
static char *words[MAXALIASES + 3];
static struct protoent proto;

void setprotoent(int stay) {
  __rewind_file(&protof, _PATH_PROTOCOLS);
  stayopen |= stay;
}

void endprotoent(void) {
  if (!stayopen) __close_file(&protof);
}

struct protoent *getprotoent(void) {
  int n;
  while ((n = __next_words(&protof, _PATH_PROTOCOLS, line, sizeof(line), words, MAXALIASES + 2)) > 0) {
    if (n < 2) continue;
    char *end;
    long num = strtol(words[1], &end, 10);
    if (*end != 0 || end == words[1] || num < 0 || num > 255) continue;
    words[n] = NULL;
    proto.p_name = words[0];
    proto.p_proto = (int)num;
    proto.p_aliases = &words[2];
    return &proto;
  }
  return NULL;
}

struct protoent *getprotobyname(const char *name) {
  struct protoent *p;
  setprotoent(0);
  while ((p = getprotoent()) != NULL) {
    if (__is_named(p->p_name, p->p_aliases, name, 0)) break;
  }
  endprotoent();
  return p;
}

struct protoent *getprotobynumber(int num) {
  struct protoent *p;
  setprotoent(0);
  while ((p = getprotoent()) != NULL)
    if (p->p_proto == num) break;
  endprotoent();
  return p;
}
