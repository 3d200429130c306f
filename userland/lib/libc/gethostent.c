/* Host names from /etc/hosts (4.3BSD's gethostnamadr.c without the name
 * server): one entry per line, "address official-name aliases...", a '#'
 * begins a comment. The result lives in static storage, overwritten by the
 * next call. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include "dbfile.h"

#define MAXALIASES 16

static FILE *hostf;
static int stayopen;
static char line[512];
static struct hostent host;
static char *words[MAXALIASES + 3];
static char *addrs[2];
static struct in_addr addr;

void sethostent(int stay) {
  __rewind_file(&hostf, _PATH_HOSTS);
  stayopen |= stay;
}

void endhostent(void) {
  if (!stayopen) __close_file(&hostf);
}

struct hostent *gethostent(void) {
  int n;
  while ((n = __next_words(&hostf, _PATH_HOSTS, line, sizeof(line), words, MAXALIASES + 2)) > 0) {
    if (n < 2 || !inet_aton(words[0], &addr)) continue;
    addrs[0] = (char *)&addr;
    addrs[1] = NULL;
    words[n] = NULL;
    host.h_name = words[1];
    host.h_aliases = &words[2];
    host.h_addrtype = AF_INET;
    host.h_length = sizeof(addr);
    host.h_addr_list = addrs;
    return &host;
  }
  return NULL;
}

struct hostent *gethostbyname(const char *name) {
  struct hostent *h;
  sethostent(0);
  while ((h = gethostent()) != NULL) {
    if (__is_named(h->h_name, h->h_aliases, name, 1)) break;
  }
  endhostent();
  return h;
}

struct hostent *gethostbyaddr(const char *a, int len, int type) {
  struct hostent *h;
  if (type != AF_INET || len != (int)sizeof(struct in_addr)) return NULL;
  sethostent(0);
  while ((h = gethostent()) != NULL)
    if (memcmp(h->h_addr, a, (size_t)len) == 0) break;
  endhostent();
  return h;
}
