/* Host names from /etc/hosts (4.3BSD's gethostnamadr.c without the name
 * server): one entry per line, "address official-name aliases...", a '#'
 * begins a comment. The result lives in static storage, overwritten by the
 * next call. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define MAXALIASES 16

static FILE *hostf;
static int stayopen;
static char line[512];
static struct hostent host;
static char *aliases[MAXALIASES + 1];
static char *addrs[2];
static struct in_addr addr;

void sethostent(int stay) {
  if (hostf == NULL) hostf = fopen(_PATH_HOSTS, "r");
  else rewind(hostf);
  stayopen |= stay;
}

void endhostent(void) {
  if (hostf != NULL && !stayopen) {
    fclose(hostf);
    hostf = NULL;
  }
}

static int blank(int c) { return c == ' ' || c == '\t'; }

/* The next word of *p (NUL-terminated in place), or NULL at the end of the line. */
static char *word(char **p) {
  char *s = *p;
  while (blank(*s)) s++;
  if (*s == 0) return NULL;
  char *w = s;
  while (*s && !blank(*s)) s++;
  if (*s) *s++ = 0;
  *p = s;
  return w;
}

struct hostent *gethostent(void) {
  if (hostf == NULL && (hostf = fopen(_PATH_HOSTS, "r")) == NULL) return NULL;
  while (fgets(line, sizeof(line), hostf) != NULL) {
    line[strcspn(line, "#\n")] = 0;
    char *p = line;
    char *a = word(&p);
    char *name = word(&p);
    if (a == NULL || name == NULL) continue;
    unsigned long x = inet_addr(a);
    if (x == INADDR_NONE && strcmp(a, "255.255.255.255") != 0) continue;
    addr.s_addr = x;
    addrs[0] = (char *)&addr;
    addrs[1] = NULL;
    int n = 0;
    char *al;
    while (n < MAXALIASES && (al = word(&p)) != NULL) aliases[n++] = al;
    aliases[n] = NULL;
    host.h_name = name;
    host.h_aliases = aliases;
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
    if (strcasecmp(h->h_name, name) == 0) break;
    char **a = h->h_aliases;
    while (*a != NULL && strcasecmp(*a, name) != 0) a++;
    if (*a != NULL) break;
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
