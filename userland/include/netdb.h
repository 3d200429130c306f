/* netdb.h - sun3lab libc: host names, from /etc/hosts.
 * There is no name server: the resolver reads the hosts file, a line per
 * address ("192.9.200.1 sun0 alias ...", # begins a comment), as SunOS
 * does without NIS. */
#ifndef _NETDB_H
#define _NETDB_H

struct hostent {
  char *h_name;        /* official name */
  char **h_aliases;    /* other names, null-terminated */
  int h_addrtype;      /* AF_INET */
  int h_length;        /* 4 */
  char **h_addr_list;  /* addresses, in network order, null-terminated */
#define h_addr h_addr_list[0]
};

#define _PATH_HOSTS "/etc/hosts"

/* The entry for a name (or alias, case ignored), or for an address; null if none. */
struct hostent *gethostbyname(const char *name);
struct hostent *gethostbyaddr(const char *addr, int len, int type);
/* Walk the file: open (or rewind) it, the next entry, close it. */
void sethostent(int stayopen);
struct hostent *gethostent(void);
void endhostent(void);

#endif
