/* arp - show and change the kernel's ARP table (Internet to Ethernet addresses).
 *
 *   arp hostname                       the entry for one host
 *   arp -a                             every entry
 *   arp -d hostname                    delete an entry (super-user)
 *   arp -s hostname ether_addr [temp] [pub]
 *                                      add one (super-user): permanent unless
 *                                      temp; pub answers ARP for that host
 *
 * Lines look like 4.3BSD's: "sun1 (192.9.200.2) at 8:0:20:0:0:2", with
 * "(incomplete)" for an address still being asked for, and "permanent",
 * "published" for such entries. Names come from /etc/hosts ("?" if none).
 * SunOS's arp -a read the table from /dev/kmem; this one asks the kernel
 * with SIOCGARPTAB. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if_arp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

static int s = -1;

static void usage(void) {
  fprintf(stderr, "usage: arp hostname\n"
                  "       arp -a\n"
                  "       arp -d hostname\n"
                  "       arp -s hostname ether_addr [temp] [pub]\n");
  exit(1);
}

/* Any Internet socket will do for the ioctls: a datagram one, or, while the
 * kernel has no UDP, a raw one (which needs root). */
static int getsock(void) {
  if (s < 0) s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s < 0) s = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
  if (s < 0) {
    perror("arp: socket");
    exit(1);
  }
  return s;
}

static int lookup(const char *host, unsigned long *a) {
  *a = inet_addr(host);
  if (*a != INADDR_NONE) return 0;
  struct hostent *h = gethostbyname(host);
  if (h == NULL) {
    fprintf(stderr, "arp: %s: unknown host\n", host);
    return -1;
  }
  memcpy(a, h->h_addr, sizeof(*a));
  return 0;
}

static void print(struct arpreq *ar) {
  struct sockaddr_in *sin = (struct sockaddr_in *)&ar->arp_pa;
  struct hostent *h = gethostbyaddr((char *)&sin->sin_addr, sizeof(sin->sin_addr), AF_INET);
  printf("%s (%s) at ", h != NULL ? h->h_name : "?", inet_ntoa(sin->sin_addr));
  if (ar->arp_flags & ATF_COM) {
    u_char *e = (u_char *)ar->arp_ha.sa_data;
    printf("%x:%x:%x:%x:%x:%x", e[0], e[1], e[2], e[3], e[4], e[5]);
  } else printf("(incomplete)");
  if (ar->arp_flags & ATF_PERM) printf(" permanent");
  if (ar->arp_flags & ATF_PUBL) printf(" published");
  if (ar->arp_flags & ATF_USETRAILERS) printf(" trailers");
  printf("\n");
}

static void setpa(struct arpreq *ar, unsigned long a) {
  struct sockaddr_in *sin = (struct sockaddr_in *)&ar->arp_pa;
  memset(ar, 0, sizeof(*ar));
  sin->sin_family = AF_INET;
  sin->sin_addr.s_addr = a;
}

static int get(const char *host) {
  struct arpreq ar;
  unsigned long a;
  if (lookup(host, &a) < 0) return 1;
  setpa(&ar, a);
  if (ioctl(getsock(), SIOCGARP, &ar) < 0) {
    if (errno == ENXIO) {
      printf("%s (%s) -- no entry\n", host, inet_ntoa(*(struct in_addr *)&a));
      return 1;
    }
    perror("arp: SIOCGARP");
    return 1;
  }
  print(&ar);
  return 0;
}

static int all(void) {
  static struct arpreq tab[256];
  struct arpconf ac;
  ac.arpc_len = sizeof(tab);
  ac.arpc_req = tab;
  if (ioctl(getsock(), SIOCGARPTAB, &ac) < 0) {
    perror("arp: SIOCGARPTAB");
    return 1;
  }
  for (int i = 0; i < ac.arpc_len / (int)sizeof(struct arpreq); i++) print(&tab[i]);
  return 0;
}

static int delete(const char *host) {
  struct arpreq ar;
  unsigned long a;
  if (lookup(host, &a) < 0) return 1;
  setpa(&ar, a);
  if (ioctl(getsock(), SIOCDARP, &ar) < 0) {
    if (errno == ENXIO) printf("%s (%s) -- no entry\n", host, inet_ntoa(*(struct in_addr *)&a));
    else perror("arp: SIOCDARP");
    return 1;
  }
  printf("%s (%s) deleted\n", host, inet_ntoa(*(struct in_addr *)&a));
  return 0;
}

static int set(int argc, char **argv) {
  struct arpreq ar;
  unsigned long a;
  unsigned e[6];
  if (argc < 2) usage();
  if (lookup(argv[0], &a) < 0) return 1;
  if (sscanf(argv[1], "%x:%x:%x:%x:%x:%x", &e[0], &e[1], &e[2], &e[3], &e[4], &e[5]) != 6) {
    fprintf(stderr, "arp: invalid Ethernet address '%s'\n", argv[1]);
    return 1;
  }
  setpa(&ar, a);
  ar.arp_ha.sa_family = AF_UNSPEC;
  for (int i = 0; i < 6; i++) ar.arp_ha.sa_data[i] = (char)e[i];
  ar.arp_flags = ATF_PERM;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "temp") == 0) ar.arp_flags &= ~ATF_PERM;
    else if (strcmp(argv[i], "pub") == 0) ar.arp_flags |= ATF_PUBL;
    else usage();
  }
  if (ioctl(getsock(), SIOCSARP, &ar) < 0) {
    perror("arp: SIOCSARP");
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "-a") == 0) return all();
  if (argc == 3 && strcmp(argv[1], "-d") == 0) return delete(argv[2]);
  if (argc >= 4 && strcmp(argv[1], "-s") == 0) return set(argc - 2, argv + 2);
  if (argc == 2 && argv[1][0] != '-') return get(argv[1]);
  usage();
  return 1;
}
