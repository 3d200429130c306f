/* netdb.h - sun3lab libc: host names from /etc/hosts, services from
 * /etc/services, protocols from /etc/protocols, RPC programs from
 * /etc/rpc. There is no name server and no NIS: the files are read, a
 * line per entry ("192.9.200.1 sun0 alias ...", "telnet 23/tcp", "tcp 6
 * TCP", "mountd 100005 mount showmount"; # begins a comment), as SunOS
 * does on a machine of its own. Results live in static storage, overwritten
 * by the next call. */
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

struct servent {
  char *s_name;     /* official name */
  char **s_aliases; /* other names, null-terminated */
  int s_port;       /* the port, in network order */
  char *s_proto;    /* "tcp" or "udp" */
};

#define _PATH_SERVICES "/etc/services"

/* The entry for a name (or alias) or a port (network order) with protocol
 * proto ("tcp", "udp"; null: any); null if none. */
struct servent *getservbyname(const char *name, const char *proto);
struct servent *getservbyport(int port, const char *proto);
void setservent(int stayopen);
struct servent *getservent(void);
void endservent(void);

struct protoent {
  char *p_name;     /* official name */
  char **p_aliases;
  int p_proto;      /* the protocol number */
};

#define _PATH_PROTOCOLS "/etc/protocols"

struct protoent *getprotobyname(const char *name);
struct protoent *getprotobynumber(int proto);
void setprotoent(int stayopen);
struct protoent *getprotoent(void);
void endprotoent(void);

/* The remote command protocol (rcmd.c): rsh's and rlogin's connection from a
 * privileged port, with a second channel for standard error if fd2p is not
 * null; the privileged port itself; and the server's trust check
 * (/etc/hosts.equiv, ~/.rhosts): 0 if ruser on rhost may act as luser. */
int rcmd(char **ahost, int rport, const char *locuser, const char *remuser, const char *cmd, int *fd2p);
int rresvport(int *alport);
int ruserok(const char *rhost, int superuser, const char *ruser, const char *luser);

/* RPC program names from /etc/rpc ("portmapper 100000 portmap sunrpc"),
 * as SunOS 4's netdb.h has them: rpcinfo prints them. */
struct rpcent {
  char *r_name;      /* the program's name */
  char **r_aliases;
  int r_number;      /* its number */
};

#define _PATH_RPC "/etc/rpc"

struct rpcent *getrpcbyname(const char *name);
struct rpcent *getrpcbynumber(int number);
void setrpcent(int stayopen);
struct rpcent *getrpcent(void);
void endrpcent(void);

#endif
