/* Services from /etc/services (4.3BSD's getservent.c, getservbyname.c and
 * getservbyport.c): "name port/protocol aliases...", a line each. */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dbfile.h"

#define MAXALIASES 16

static FILE *servf;
static int stayopen;
static char line[512];
static char *words[MAXALIASES + 3];
static struct servent serv;

void setservent(int stay) {
  __rewind_file(&servf, _PATH_SERVICES);
  stayopen |= stay;
}

void endservent(void) {
  if (!stayopen) __close_file(&servf);
}

struct servent *getservent(void) {
  int n;
  while ((n = __next_words(&servf, _PATH_SERVICES, line, sizeof(line), words, MAXALIASES + 2)) > 0) {
    char *slash = n >= 2 ? strchr(words[1], '/') : NULL;
    if (slash == NULL) continue;
    *slash = 0;
    char *end;
    long port = strtol(words[1], &end, 10);
    if (*end != 0 || end == words[1] || port < 0 || port > 65535) continue;
    words[n] = NULL;
    serv.s_name = words[0];
    serv.s_port = (int)port;
    serv.s_proto = slash + 1;
    serv.s_aliases = &words[2];
    return &serv;
  }
  return NULL;
}

/* Whether entry s has this protocol (any, if proto is null). */
static int protomatch(struct servent *s, const char *proto) {
  return proto == NULL || strcmp(s->s_proto, proto) == 0;
}

struct servent *getservbyname(const char *name, const char *proto) {
  struct servent *s;
  setservent(0);
  while ((s = getservent()) != NULL) {
    if (!protomatch(s, proto)) continue;
    if (__is_named(s->s_name, s->s_aliases, name, 0)) break;
  }
  endservent();
  return s;
}

struct servent *getservbyport(int port, const char *proto) {
  struct servent *s;
  setservent(0);
  while ((s = getservent()) != NULL)
    if (s->s_port == port && protomatch(s, proto)) break;
  endservent();
  return s;
}
